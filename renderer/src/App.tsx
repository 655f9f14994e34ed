import { SessionProvider, useSession } from './session/SessionContext';
import { useHashRoute } from './session/useHashRoute';
import { routableFor, route, screensFor } from './navigation';
import { AppShell } from './components/AppShell';
import { SignInScreen } from './screens/SignInScreen';
import { ForcedPasswordChangeScreen } from './screens/ForcedPasswordChangeScreen';
import { LockScreen } from './screens/LockScreen';

function Routed() {
  const { state } = useSession();
  const path = useHashRoute('/home');
  if (state.status === 'loading') return <p className="loading">Loading…</p>;
  if (state.status === 'signed-out') return <SignInScreen notice={state.notice} />;
  if (state.view.state === 'must_change') return <ForcedPasswordChangeScreen />;
  if (state.view.state === 'locked') return <LockScreen />;
  const roles = state.view.user.roles.map((r) => r.key);
  const screens = screensFor(roles);
  const found = route(routableFor(roles), path) ?? { screen: screens[0]!, subPath: [], query: new URLSearchParams() };
  return (
    <AppShell screens={screens} current={found.screen.path} path={path}>
      {found.screen.render(found.subPath, found.query)}
    </AppShell>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routed />
    </SessionProvider>
  );
}
