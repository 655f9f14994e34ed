/**
 * What each role sees in the navigation. A screen is listed only for the roles that can use
 * it; main enforces the same rules again on every call. A screen owns its path and every path
 * below it (/training/<module>/quiz belongs to /training).
 */
import type { ReactNode } from 'react';
import type { RoleKey } from '@contract/roles';
import { HomeScreen } from './screens/HomeScreen';
import { AccountScreen } from './screens/AccountScreen';
import { MyTrainingScreen } from './screens/training/MyTrainingScreen';
import { ModuleReaderScreen } from './screens/training/ModuleReaderScreen';
import { QuizScreen } from './screens/training/QuizScreen';
import { CertificateScreen } from './screens/training/CertificateScreen';
import { TrainingContentScreen } from './screens/admin/TrainingContentScreen';
import { VerifyCertificateScreen } from './screens/admin/VerifyCertificateScreen';
import { DatabaseScreen } from './screens/admin/DatabaseScreen';
import { RosterImportScreen } from './screens/admin/RosterImportScreen';
import { PrivacyStatementScreen } from './screens/PrivacyStatementScreen';
import { CertificationReportScreen } from './screens/reports/CertificationReportScreen';
import { AccessReviewScreen } from './screens/reports/AccessReviewScreen';
import { RecordsScreen } from './screens/records/RecordsScreen';
import { RecordScreen } from './screens/records/RecordScreen';
import { isSubject } from './screens/records/subjects';
import { AuditTrailScreen } from './screens/privacy/AuditTrailScreen';
import { WhoAccessedScreen } from './screens/privacy/WhoAccessedScreen';
import { ReviewQueueScreen } from './screens/privacy/ReviewQueueScreen';
import { DashboardScreen } from './screens/privacy/DashboardScreen';

export interface Screen {
  path: string;
  label: string;
  /** Navigation group heading. */
  group?: string;
  /** Roles that see this screen in the navigation; absent means everyone. */
  roles?: readonly RoleKey[];
  /** Reachable by link for everyone even when not in their navigation (main still decides and explains). */
  linkableByAll?: boolean;
  /** `query`: what follows "?" in the path, e.g. the audit trail's filter in a link from the dashboard. */
  render(subPath: string[], query: URLSearchParams): ReactNode;
}

function trainingRoute([first, second]: string[]): ReactNode {
  if (!first) return <MyTrainingScreen />;
  if (first === 'certificate' && second) return <CertificateScreen key={second} certificateId={second} />;
  if (second === 'quiz') return <QuizScreen key={`${first}-quiz`} moduleId={first} />;
  return <ModuleReaderScreen key={first} moduleId={first} />;
}

function recordsRoute([subject, id]: string[]): ReactNode {
  if (isSubject(subject) && id && /^\d+$/.test(id)) return <RecordScreen key={`${subject}-${id}`} subject={subject} id={Number(id)} />;
  return <RecordsScreen key={subject ?? 'all'} subject={isSubject(subject) ? subject : undefined} />;
}

export const SCREENS: readonly Screen[] = [
  { path: '/home', label: 'Home', render: () => <HomeScreen /> },
  { path: '/training', label: 'My training', render: trainingRoute },
  {
    path: '/records',
    label: 'Records',
    roles: ['live_help_operator', 'records_clerk', 'card_processor', 'privacy_officer'],
    linkableByAll: true,
    render: recordsRoute,
  },
  {
    path: '/reports/certification',
    label: 'Certification report',
    group: 'Oversight',
    roles: ['supervisor', 'administrator', 'privacy_officer'],
    render: () => <CertificationReportScreen />,
  },
  { path: '/reports/reviews', label: 'Access reviews', group: 'Oversight', roles: ['supervisor'], render: () => <AccessReviewScreen /> },
  {
    path: '/privacy/dashboard',
    label: 'Dashboard',
    group: 'Privacy office',
    roles: ['privacy_officer'],
    render: () => <DashboardScreen />,
  },
  {
    path: '/privacy/audit',
    label: 'Audit trail',
    group: 'Privacy office',
    roles: ['privacy_officer'],
    render: (_sub, query) => <AuditTrailScreen key={query.toString()} query={query} />,
  },
  {
    path: '/privacy/person',
    label: 'Who accessed a person',
    group: 'Privacy office',
    roles: ['privacy_officer'],
    render: () => <WhoAccessedScreen />,
  },
  {
    path: '/privacy/reviews',
    label: 'Break-glass reviews',
    group: 'Privacy office',
    roles: ['privacy_officer'],
    render: () => <ReviewQueueScreen />,
  },
  {
    path: '/admin/content',
    label: 'Training content',
    group: 'Administration',
    roles: ['administrator', 'privacy_officer'],
    render: () => <TrainingContentScreen />,
  },
  {
    path: '/admin/certificates',
    label: 'Verify certificate',
    group: 'Administration',
    roles: ['administrator'],
    render: () => <VerifyCertificateScreen />,
  },
  {
    path: '/admin/roster',
    label: 'Roster import',
    group: 'Administration',
    roles: ['administrator'],
    render: () => <RosterImportScreen />,
  },
  { path: '/admin/database', label: 'Database', group: 'Administration', roles: ['administrator'], render: () => <DatabaseScreen /> },
  { path: '/account', label: 'My account', render: () => <AccountScreen /> },
  { path: '/privacy-statement', label: 'Privacy statement', render: () => <PrivacyStatementScreen /> },
];

export function screensFor(roles: readonly RoleKey[]): Screen[] {
  return SCREENS.filter((s) => !s.roles || s.roles.some((r) => roles.includes(r)));
}

/** Screens a person may open by link: their own, plus those open to everyone. */
export function routableFor(roles: readonly RoleKey[]): Screen[] {
  const own = screensFor(roles);
  return SCREENS.filter((s) => own.includes(s) || s.linkableByAll);
}

/** The screen that owns a path, the path segments below it, and its query ("?a=b", for links that carry a filter). */
export function route(
  screens: readonly Screen[],
  pathAndQuery: string,
): { screen: Screen; subPath: string[]; query: URLSearchParams } | null {
  const [path = '', query = ''] = pathAndQuery.split(/\?(.*)/s);
  for (const screen of screens) {
    if (path === screen.path || path.startsWith(`${screen.path}/`)) {
      return {
        screen,
        subPath: path.slice(screen.path.length).split('/').filter(Boolean).map(decodeURIComponent),
        query: new URLSearchParams(query),
      };
    }
  }
  return null;
}
