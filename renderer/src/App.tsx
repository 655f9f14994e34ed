import { SessionProvider, useSession } from './session/SessionContext';
import { useHashRoute } from './session/useHashRoute';
import { routableFor, route, screensFor } from './navigation';
import { AppShell } from './components/AppShell';
import { SignInScreen } from './screens/SignInScreen';
import { ForcedPasswordChangeScreen } from './screens/ForcedPasswordChangeScreen';
import { LockScreen } from './screens/LockScreen';
import { CodePromptScreen } from './screens/secondFactor/CodePromptScreen';
import { EnrolmentScreen } from './screens/secondFactor/EnrolmentScreen';
import { RecoveryCodesScreen } from './screens/secondFactor/RecoveryCodesScreen';
import { StepUpProvider } from './session/StepUpContext';

function Routed() {
  const { state, recoveryCodes } = useSession();
  const path = useHashRoute('/home');
  if (state.status === 'loading') return <p className="loading">Loading…</p>;
  if (state.status === 'signed-out') return <SignInScreen notice={state.notice} />;
  if (state.view.state === 'needs_code') return <CodePromptScreen />;
  if (state.view.state === 'must_change') return <ForcedPasswordChangeScreen />;
  if (state.view.state === 'must_enrol') return <EnrolmentScreen />;
  if (state.view.state === 'locked') return <LockScreen />;
  // New recovery codes stay on screen until the person says they kept them.
  if (recoveryCodes) return <RecoveryCodesScreen codes={recoveryCodes} />;
  const roles = state.view.user.roles.map((r) => r.key);
  const screens = screensFor(roles);
  const found = route(routableFor(roles), path) ?? { screen: screens[0]!, subPath: [] };
  return (
    <AppShell screens={screens} current={found.screen.path} path={path}>
      {found.screen.render(found.subPath)}
    </AppShell>
  );
}

export function App() {
  return (
    <SessionProvider>
      <StepUpProvider>
        <Routed />
      </StepUpProvider>
    </SessionProvider>
  );
}
