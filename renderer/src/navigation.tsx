/**
 * What each role sees in the navigation. A screen is listed only for the roles that can use
 * it; main enforces the same rules again on every call. A screen owns its path and every path
 * below it (/training/<module>/quiz belongs to /training).
 */
import { lazy, type ComponentType, type ReactNode } from 'react';
import type { RoleKey } from '@contract/roles';
import { HomeScreen } from './screens/HomeScreen';
import { AccountScreen } from './screens/AccountScreen';
import { MyTrainingScreen } from './screens/training/MyTrainingScreen';
import { ModuleReaderScreen } from './screens/training/ModuleReaderScreen';
import { QuizScreen } from './screens/training/QuizScreen';
import { CertificateScreen } from './screens/training/CertificateScreen';
import { PrivacyStatementScreen } from './screens/PrivacyStatementScreen';
import { RecordsScreen } from './screens/records/RecordsScreen';
import { RecordScreen } from './screens/records/RecordScreen';
import { isSubject } from './screens/records/subjects';
import { PhonePaymentScreen } from './screens/records/PhonePaymentScreen';

/**
 * The oversight, privacy-office and administration screens (and the charts they draw) load on
 * demand, so the first screen every member of staff sees does not wait for them.
 */
function onDemand<P extends object, M>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>) {
  return lazy(async () => ({ default: pick(await load()) }));
}
const TrainingContentScreen = onDemand(
  () => import('./screens/admin/TrainingContentScreen'),
  (m) => m.TrainingContentScreen,
);
const VerifyCertificateScreen = onDemand(
  () => import('./screens/admin/VerifyCertificateScreen'),
  (m) => m.VerifyCertificateScreen,
);
const DatabaseScreen = onDemand(
  () => import('./screens/admin/DatabaseScreen'),
  (m) => m.DatabaseScreen,
);
const RosterImportScreen = onDemand(
  () => import('./screens/admin/RosterImportScreen'),
  (m) => m.RosterImportScreen,
);
const CertificationReportScreen = onDemand(
  () => import('./screens/reports/CertificationReportScreen'),
  (m) => m.CertificationReportScreen,
);
const AccessReviewScreen = onDemand(
  () => import('./screens/reports/AccessReviewScreen'),
  (m) => m.AccessReviewScreen,
);
const AuditTrailScreen = onDemand(
  () => import('./screens/privacy/AuditTrailScreen'),
  (m) => m.AuditTrailScreen,
);
const WhoAccessedScreen = onDemand(
  () => import('./screens/privacy/WhoAccessedScreen'),
  (m) => m.WhoAccessedScreen,
);
const ReviewQueueScreen = onDemand(
  () => import('./screens/privacy/ReviewQueueScreen'),
  (m) => m.ReviewQueueScreen,
);
const DashboardScreen = onDemand(
  () => import('./screens/privacy/DashboardScreen'),
  (m) => m.DashboardScreen,
);
const AlertsScreen = onDemand(
  () => import('./screens/monitoring/AlertsScreen'),
  (m) => m.AlertsScreen,
);
const AlertScreen = onDemand(
  () => import('./screens/monitoring/AlertScreen'),
  (m) => m.AlertScreen,
);
const MonitoringScreen = onDemand(
  () => import('./screens/monitoring/MonitoringScreen'),
  (m) => m.MonitoringScreen,
);
const KeysScreen = onDemand(
  () => import('./screens/admin/KeysScreen'),
  (m) => m.KeysScreen,
);
const AuditProtectionScreen = onDemand(
  () => import('./screens/admin/AuditProtectionScreen'),
  (m) => m.AuditProtectionScreen,
);
const StaffAccountsScreen = onDemand(
  () => import('./screens/admin/accounts/StaffAccountsScreen'),
  (m) => m.StaffAccountsScreen,
);
const NewAccountScreen = onDemand(
  () => import('./screens/admin/accounts/NewAccountScreen'),
  (m) => m.NewAccountScreen,
);
const PersonAccountScreen = onDemand(
  () => import('./screens/admin/accounts/PersonAccountScreen'),
  (m) => m.PersonAccountScreen,
);
const RecordsIntakeScreen = onDemand(
  () => import('./screens/intake/RecordsIntakeScreen'),
  (m) => m.RecordsIntakeScreen,
);
const RetentionScreen = onDemand(
  () => import('./screens/admin/RetentionScreen'),
  (m) => m.RetentionScreen,
);

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

function alertsRoute([id]: string[]): ReactNode {
  if (id && /^\d+$/.test(id)) return <AlertScreen key={id} alertId={Number(id)} />;
  return <AlertsScreen />;
}

function recordsRoute([subject, id]: string[]): ReactNode {
  if (isSubject(subject) && id && /^\d+$/.test(id)) return <RecordScreen key={`${subject}-${id}`} subject={subject} id={Number(id)} />;
  return <RecordsScreen key={subject ?? 'all'} subject={isSubject(subject) ? subject : undefined} />;
}

function accountsRoute([first]: string[]): ReactNode {
  if (first === 'new') return <NewAccountScreen />;
  if (first) return <PersonAccountScreen key={first} username={first} />;
  return <StaffAccountsScreen />;
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
  { path: '/payments/new', label: 'Phone payment', roles: ['card_processor'], render: () => <PhonePaymentScreen /> },
  {
    path: '/intake',
    label: 'Records intake',
    group: 'Intake',
    roles: ['records_intake'],
    render: () => <RecordsIntakeScreen />,
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
    path: '/privacy/alerts',
    label: 'Privacy alerts',
    group: 'Privacy office',
    roles: ['privacy_officer'],
    render: alertsRoute,
  },
  {
    path: '/privacy/monitoring',
    label: 'Monitoring rules',
    group: 'Privacy office',
    roles: ['privacy_officer'],
    render: () => <MonitoringScreen />,
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
    path: '/admin/accounts',
    label: 'Staff accounts',
    group: 'Administration',
    roles: ['administrator'],
    render: accountsRoute,
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
  {
    path: '/admin/keys',
    label: 'Keys and workstations',
    group: 'Administration',
    roles: ['administrator'],
    render: () => <KeysScreen />,
  },
  {
    path: '/admin/retention',
    label: 'Retention and legal holds',
    group: 'Administration',
    roles: ['administrator', 'privacy_officer'],
    render: () => <RetentionScreen />,
  },
  {
    path: '/admin/audit-protection',
    label: 'Audit protection',
    group: 'Administration',
    roles: ['administrator'],
    render: () => <AuditProtectionScreen />,
  },
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
