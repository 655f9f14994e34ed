import { Suspense, type ReactNode } from 'react';
import { SessionProvider, useSession } from './session/SessionContext';
import { useHashRoute } from './session/useHashRoute';
import { useQuery } from './session/useQuery';
import { routableFor, route, screensFor } from './navigation';
import { AppShell } from './components/AppShell';
import { DemoBanner } from './components/DemoBanner';
import { ErrorNotice } from './components/ErrorNotice';
import { SignInScreen } from './screens/SignInScreen';
import { ForcedPasswordChangeScreen } from './screens/ForcedPasswordChangeScreen';
import { LockScreen } from './screens/LockScreen';
import { CodePromptScreen } from './screens/secondFactor/CodePromptScreen';
import { EnrolmentScreen } from './screens/secondFactor/EnrolmentScreen';
import { RecoveryCodesScreen } from './screens/secondFactor/RecoveryCodesScreen';
import { StepUpProvider } from './session/StepUpContext';
import { SetupScreen } from './screens/setup/SetupScreen';

function Routed({ demo }: { demo: boolean }) {
  const { state, recoveryCodes } = useSession();
  const path = useHashRoute('/home');
  const withBanner = (screen: ReactNode) => (
    <>
      {demo && <DemoBanner />}
      {screen}
    </>
  );
  if (state.status === 'loading') return <p className="loading">Loading…</p>;
  if (state.status === 'signed-out') return withBanner(<SignInScreen notice={state.notice} />);
  if (state.view.state === 'needs_code') return withBanner(<CodePromptScreen />);
  if (state.view.state === 'must_change') return withBanner(<ForcedPasswordChangeScreen />);
  if (state.view.state === 'must_enrol') return withBanner(<EnrolmentScreen />);
  if (state.view.state === 'locked') return withBanner(<LockScreen />);
  // New recovery codes stay on screen until the person says they kept them.
  if (recoveryCodes) return withBanner(<RecoveryCodesScreen codes={recoveryCodes} />);
  const roles = state.view.user.roles.map((r) => r.key);
  const screens = screensFor(roles);
  const found = route(routableFor(roles), path) ?? { screen: screens[0]!, subPath: [], query: new URLSearchParams() };
  return withBanner(
    <AppShell screens={screens} current={found.screen.path} path={path}>
      <Suspense
        fallback={
          <p className="loading" role="status">
            Loading…
          </p>
        }
      >
        {found.screen.render(found.subPath, found.query)}
      </Suspense>
    </AppShell>,
  );
}

/**
 * A database that is not set up opens on the first-run setup, which stays on screen until the
 * first administrator continues (its status is read again only then).
 */
function SetupGate() {
  const setup = useQuery('setup.status', {});
  if (setup.error) return <ErrorNotice error={setup.error} title="Clearance could not read its database" />;
  if (!setup.data) return <p className="loading">Loading…</p>;
  if (!setup.data.setUp) return <SetupScreen onDone={setup.reload} />;
  return <Routed demo={setup.data.demo} />;
}

export function App() {
  return (
    <SessionProvider>
      <StepUpProvider>
        <SetupGate />
      </StepUpProvider>
    </SessionProvider>
  );
}
