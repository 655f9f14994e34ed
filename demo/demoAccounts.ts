/**
 * The demo organization's named accounts: one per role, printed in the README.
 * Passwords here are demo-only; a real deployment imports its roster instead.
 */
import type { RoleKey } from '../electron/contract/roles.js';

export const DEMO_PASSWORD = 'Clearance-demo-2026';
export const NEW_HIRE_FIRST_PASSWORD = 'Welcome-first-day-1';

export interface DemoAccount {
  username: string;
  displayName: string;
  employeeId: string;
  department: DemoDepartmentCode;
  supervisor: string | null;
  roles: RoleKey[];
  /** Days before the demo's first start. */
  hiredDaysAgo: number;
  password: string;
  mustChange: boolean;
  /**
   * The demo's authenticator secret (base32), for accounts whose role requires a second factor.
   * Printed in the README so people trying the demo can add it to an authenticator app. Demo only.
   */
  totpSecret: string | null;
  /**
   * Added after the first demo release: seeded after the synthetic teams, so everyone else keeps
   * their id and their training history (which staff let a module lapse follows the seeding order).
   */
  seededAfterTeams?: true;
}

export type DemoDepartmentCode = 'PTO' | 'CS' | 'REC' | 'FIN';

export const DEMO_DEPARTMENTS: Record<DemoDepartmentCode, string> = {
  PTO: 'Privacy & Technology Office',
  CS: 'Constituent Services',
  REC: 'Records Management',
  FIN: 'Finance & Payments',
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'jordan.blake',
    displayName: 'Jordan Blake',
    employeeId: 'E1001',
    department: 'PTO',
    supervisor: null,
    roles: ['staff', 'supervisor'],
    hiredDaysAgo: 3200,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: null,
  },
  {
    username: 'alex.morgan',
    displayName: 'Alex Morgan',
    employeeId: 'E1002',
    department: 'PTO',
    supervisor: 'jordan.blake',
    roles: ['staff', 'administrator'],
    hiredDaysAgo: 2100,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: 'CLEARANCEDEMOALEXMORGANAAAAAAAAA',
  },
  {
    username: 'priya.shah',
    displayName: 'Priya Shah',
    employeeId: 'E1003',
    department: 'PTO',
    supervisor: 'jordan.blake',
    roles: ['staff', 'privacy_officer'],
    hiredDaysAgo: 1500,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: 'CLEARANCEDEMOPRIYASHAHAAAAAAAAAA',
  },
  {
    username: 'sam.okafor',
    displayName: 'Sam Okafor',
    employeeId: 'E1004',
    department: 'CS',
    supervisor: 'jordan.blake',
    roles: ['staff', 'supervisor'],
    hiredDaysAgo: 1800,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: null,
  },
  {
    username: 'maria.lopez',
    displayName: 'Maria Lopez',
    employeeId: 'E1005',
    department: 'REC',
    supervisor: 'jordan.blake',
    roles: ['staff', 'supervisor'],
    hiredDaysAgo: 1700,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: null,
  },
  {
    username: 'ken.ito',
    displayName: 'Ken Ito',
    employeeId: 'E1006',
    department: 'FIN',
    supervisor: 'jordan.blake',
    roles: ['staff', 'supervisor'],
    hiredDaysAgo: 1600,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: null,
  },
  {
    username: 'liam.chen',
    displayName: 'Liam Chen',
    employeeId: 'E1101',
    department: 'CS',
    supervisor: 'sam.okafor',
    roles: ['staff', 'live_help_operator'],
    hiredDaysAgo: 600,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: 'CLEARANCEDEMOLIAMCHENAAAAAAAAAAA',
  },
  {
    username: 'rosa.diaz',
    displayName: 'Rosa Diaz',
    employeeId: 'E1201',
    department: 'REC',
    supervisor: 'maria.lopez',
    roles: ['staff', 'records_clerk'],
    hiredDaysAgo: 500,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: 'CLEARANCEDEMOROSADIAZAAAAAAAAAAA',
  },
  {
    username: 'carl.patel',
    displayName: 'Carl Patel',
    employeeId: 'E1301',
    department: 'FIN',
    supervisor: 'ken.ito',
    roles: ['staff', 'card_processor'],
    hiredDaysAgo: 400,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: 'CLEARANCEDEMOCARLPATELAAAAAAAAAA',
  },
  {
    username: 'nora.hill',
    displayName: 'Nora Hill',
    employeeId: 'E1401',
    department: 'CS',
    supervisor: 'sam.okafor',
    roles: ['staff'],
    hiredDaysAgo: 2,
    password: NEW_HIRE_FIRST_PASSWORD,
    mustChange: true,
    totpSecret: null,
  },
  {
    username: 'ivy.nguyen',
    displayName: 'Ivy Nguyen',
    employeeId: 'E1202',
    department: 'REC',
    supervisor: 'maria.lopez',
    roles: ['staff', 'records_intake'],
    hiredDaysAgo: 450,
    password: DEMO_PASSWORD,
    mustChange: false,
    totpSecret: 'CLEARANCEDEMOIVYNGUYENAAAAAAAAAA',
    seededAfterTeams: true,
  },
];

/**
 * Demo training: the named accounts completed everything 200 days ago (current for about five
 * more months); the new hire has none; among the other staff some let a module lapse or never did one.
 */
export const DEMO_TRAINING_PLAN = {
  untrained: ['nora.hill'],
  completedDaysAgo: Object.fromEntries(DEMO_ACCOUNTS.filter((a) => !a.mustChange).map((a) => [a.username, 200])),
  lapseEvery: 4,
  skipEvery: 5,
};
