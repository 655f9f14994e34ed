/**
 * Creates the demo organization on first start: departments, a supervisor hierarchy, one
 * account per role (see demoAccounts.ts), more synthetic staff, and synthetic records made
 * with @faker-js/faker. No real people. Card numbers are kept only as first 6 + last 4.
 */
import { faker } from '@faker-js/faker';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RoleKey } from '../electron/contract/roles.js';
import { hashPassword } from '../electron/services/auth/passwordHash.js';
import { DAY } from '../electron/services/clock.js';
import { formatDate } from '../electron/services/format.js';
import { insertAccount } from '../electron/services/staff/accounts.js';
import { DEMO_ACCOUNTS, DEMO_DEPARTMENTS, DEMO_PASSWORD, type DemoAccount, type DemoDepartmentCode } from './demoAccounts.js';
import { seedAccessReviews } from './accessReviews.js';
import { buildCardTransaction, buildLiveHelpTranscript, buildPersonalRecord, CITIZEN_OF_INTEREST, type DemoProtection } from './records.js';

/** More team members under the demo supervisors, so reports have people in them. */
function extraStaff(): DemoAccount[] {
  const teams: { department: DemoDepartmentCode; supervisor: string; role: RoleKey }[] = [
    { department: 'CS', supervisor: 'sam.okafor', role: 'live_help_operator' },
    { department: 'REC', supervisor: 'maria.lopez', role: 'records_clerk' },
    { department: 'FIN', supervisor: 'ken.ito', role: 'card_processor' },
  ];
  const out: DemoAccount[] = [];
  let n = 0;
  for (const team of teams) {
    for (let i = 0; i < 5; i++) {
      n += 1;
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      out.push({
        username: `${first}.${last}${n}`.toLowerCase().replace(/[^a-z0-9.]/g, ''),
        displayName: `${first} ${last}`,
        employeeId: `E2${String(n).padStart(3, '0')}`,
        department: team.department,
        supervisor: team.supervisor,
        roles: i === 4 ? ['staff'] : ['staff', team.role],
        hiredDaysAgo: faker.number.int({ min: 20, max: 2500 }),
        password: DEMO_PASSWORD,
        mustChange: false,
        // Their roles require a second factor: they set one up at their first sign-in.
        totpSecret: null,
      });
    }
  }
  return out;
}

export interface SeedOptions {
  now: Date;
  /** Fewer synthetic records, for quick tests. */
  recordsPerKind?: number;
  /** Seals full card numbers, SSNs and dates of birth; without it none of them is kept at all. */
  protect?: DemoProtection | undefined;
  /** Seals a demo authenticator secret for its row; without it no demo account gets an authenticator. */
  sealTotpSecret?: ((secret: string, staffId: number) => string) | undefined;
}

export async function seedDemo(db: Kysely<Database>, options: SeedOptions): Promise<void> {
  faker.seed(20261124);
  const now = options.now;
  const perKind = options.recordsPerKind ?? 40;
  const staffSeeds: DemoAccount[] = [
    ...DEMO_ACCOUNTS.filter((a) => !a.seededAfterTeams),
    ...extraStaff(),
    ...DEMO_ACCOUNTS.filter((a) => a.seededAfterTeams),
  ];
  const hashes = await Promise.all(staffSeeds.map((s) => hashPassword(s.password)));

  await db.transaction().execute(async (trx) => {
    const deptIds = new Map<DemoDepartmentCode, number>();
    for (const [code, name] of Object.entries(DEMO_DEPARTMENTS) as [DemoDepartmentCode, string][]) {
      const row = await trx.insertInto('departments').values({ code, name }).returning('id').executeTakeFirstOrThrow();
      deptIds.set(code, Number(row.id));
    }
    const staffIds = new Map<string, number>();
    for (const [i, s] of staffSeeds.entries()) {
      const hired = new Date(now.getTime() - s.hiredDaysAgo * DAY);
      const hireDate = formatDate(hired);
      const id = await insertAccount(trx, {
        employeeId: s.employeeId,
        username: s.username,
        displayName: s.displayName,
        email: `${s.username}@agency.example.gov`,
        departmentId: deptIds.get(s.department)!,
        supervisorId: s.supervisor ? staffIds.get(s.supervisor)! : null,
        hireDate,
        passwordHash: hashes[i]!,
        mustChange: s.mustChange,
        roles: s.roles,
        rolesGrantedOn: hireDate,
        grantedBy: null,
        at: now.toISOString(),
      });
      staffIds.set(s.username, id);
      if (s.totpSecret && options.sealTotpSecret) {
        await trx
          .insertInto('totp_factors')
          .values({
            staff_id: id,
            secret_sealed: options.sealTotpSecret(s.totpSecret, id),
            status: 'active',
            last_used_step: null,
            recovery_salt: null,
            created_at: now.toISOString(),
            confirmed_at: now.toISOString(),
            last_used_at: null,
          })
          .execute();
      }
    }
    await seedAccessReviews(trx, staffSeeds, staffIds, now);

    const operators = staffSeeds.filter((s) => s.roles.includes('live_help_operator')).map((s) => s.displayName);
    // One citizen appears in every kind of record, so "who accessed this person's data" has an answer: the first transcript is hers.
    const lh = (dept: DemoDepartmentCode, i: number) =>
      buildLiveHelpTranscript(deptIds.get(dept)!, operators, now, i, i === 0 ? CITIZEN_OF_INTEREST : undefined);
    const transcripts = [
      ...Array.from({ length: perKind }, (_, i) => lh('CS', i)),
      ...Array.from({ length: Math.ceil(perKind / 4) }, (_, i) => lh('FIN', perKind + i)),
    ];
    const personal = [
      ...Array.from({ length: perKind }, (_, i) => buildPersonalRecord(deptIds.get('REC')!, DEMO_DEPARTMENTS.REC, now, i)),
      ...Array.from({ length: Math.ceil(perKind / 4) }, (_, i) =>
        buildPersonalRecord(deptIds.get('CS')!, DEMO_DEPARTMENTS.CS, now, perKind + i),
      ),
    ];
    const cards = [
      ...Array.from({ length: perKind }, (_, i) =>
        buildCardTransaction(deptIds.get('FIN')!, DEMO_DEPARTMENTS.FIN, now, i, options.protect?.cardNumber),
      ),
      ...Array.from({ length: Math.ceil(perKind / 4) }, (_, i) =>
        buildCardTransaction(deptIds.get('CS')!, DEMO_DEPARTMENTS.CS, now, perKind + i, options.protect?.cardNumber),
      ),
    ];
    // One citizen appears in every kind of record, so "who accessed this person's data" has an answer.
    personal[0] = { ...personal[0]!, row: { ...personal[0]!.row, full_name: CITIZEN_OF_INTEREST.name, email: CITIZEN_OF_INTEREST.email } };
    cards[0] = { ...cards[0]!, cardholder_name: CITIZEN_OF_INTEREST.name };

    for (const chunk of chunks(transcripts, 50)) await trx.insertInto('live_help_transcripts').values(chunk).execute();
    // SSN and date of birth are sealed bound to the record's id, so each record is written, then sealed.
    for (const record of personal) {
      const { id } = await trx.insertInto('personal_records').values(record.row).returning('id').executeTakeFirstOrThrow();
      const sealed = options.protect ? options.protect.personal(Number(id), record) : { ssn_last4: record.ssn.slice(-4) };
      await trx.updateTable('personal_records').set(sealed).where('id', '=', Number(id)).execute();
    }
    for (const chunk of chunks(cards, 50)) await trx.insertInto('card_transactions').values(chunk).execute();
  });
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
