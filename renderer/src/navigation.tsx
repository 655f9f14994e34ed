/**
 * What each role sees in the navigation. A screen is listed only for the roles that can use
 * it; main enforces the same rules again on every call.
 */
import type { ReactNode } from 'react';
import type { RoleKey } from '../../electron/contract/roles';
import { HomeScreen } from './screens/HomeScreen';
import { AccountScreen } from './screens/AccountScreen';

export interface Screen {
  path: string;
  label: string;
  /** Roles that see this screen; absent means everyone. */
  roles?: readonly RoleKey[];
  render(): ReactNode;
}

export const SCREENS: readonly Screen[] = [
  { path: '/home', label: 'Home', render: () => <HomeScreen /> },
  { path: '/account', label: 'My account', render: () => <AccountScreen /> },
];

export function screensFor(roles: readonly RoleKey[]): Screen[] {
  return SCREENS.filter((s) => !s.roles || s.roles.some((r) => roles.includes(r)));
}
