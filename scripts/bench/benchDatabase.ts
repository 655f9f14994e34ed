/**
 * The bench's organization: 100,000 staff with roles and completions, 1,000,000 records of each
 * kind (30% in Records Management, where the bench's clerk works) and 1,000,000 hash-chained audit
 * entries. Built once with set-based SQL (the chain in JS, with the app's own hash) and kept in a
 * temp folder named after the schema and these sizes, so later runs start at once.
 */
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClearance } from '../../electron/app/bootstrap.js';
import { canonicalEntry, GENESIS_HASH, sha256Hex } from '../../electron/services/audit/canonical.js';
import { hashPassword } from '../../electron/services/auth/passwordHash.js';
import { DAY, ManualClock } from '../../electron/services/clock.js';
import { totpSealContext } from '../../electron/services/auth/totpFactors.js';
import { insertAccount } from '../../electron/services/staff/accounts.js';
import type { RoleKey } from '../../electron/contract/roles.js';
import { migrations } from '../../db/migrations/index.js';
import { testKeyCustody } from '../../test/support/testKeys.js';
import { buildTextIndexesBeside, type TextIndex } from './textIndexBuilder.js';
import { CONTENT_DIR } from '../../test/support/paths.js';

export interface BenchSizes {
  recordsPerKind: number;
  staff: number;
  auditEntries: number;
}

export const BENCH_NOW = '2026-11-24T09:00:00.000Z';
export const BENCH_PASSWORD = 'Bench-password-2026';
/** The authenticator secret of every named bench account (base32). */
export const BENCH_TOTP_SECRET = 'CLEARANCEBENCHAUTHENTICATORAAAAA';
/** The people the bench signs in as. */
export const BENCH_USERS = { clerk: 'bench.clerk', operator: 'bench.operator', cards: 'bench.cards', officer: 'bench.officer' } as const;
/** A surname in 10 rows of each kind, and one in 1 row of 40. */
export const RARE_NAME = 'Leffler';
export const COMMON_NAME = 'Smith';
/** The person the audit viewer and "who accessed" look for (a citizen in a few records of each kind). */
export const CITIZEN = { name: 'Wanda Quisling', email: 'wanda.quisling@example.org' };

/** Changes when what the builder writes changes, so an old cached database is not reused. */
const BUILDER_VERSION = 5;

export interface BenchDatabase {
  path: string;
  /** The folder kept between runs. */
  dir: string;
  built: boolean;
  buildSeconds: number;
}

function cacheKey(sizes: BenchSizes): string {
  const schema = migrations.map((m) => `${m.version}:${m.name}`).join('|');
  return createHash('sha256').update(JSON.stringify({ schema, sizes, BUILDER_VERSION })).digest('hex').slice(0, 16);
}

export async function benchDatabase(sizes: BenchSizes, log: (line: string) => void): Promise<BenchDatabase> {
  const dir = join(tmpdir(), 'clearance-bench', cacheKey(sizes));
  const path = join(dir, 'bench.db');
  if (existsSync(join(dir, 'ready'))) return { path, dir, built: false, buildSeconds: 0 };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  log(`building the bench database in ${dir} …`);
  await createSchemaAndAccounts(path);
  const sqlite = new BetterSqlite3(path);
  // A throwaway file: no fsync while it is built (the app itself runs with synchronous=FULL).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  const step = async (label: string, fn: () => unknown) => {
    const t = performance.now();
    await fn();
    log(`  ${label}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  const restore = setAsideIndexesAndTriggers(sqlite);
  await step(`${sizes.staff.toLocaleString('en-US')} staff, roles and completions`, () => seedStaff(sqlite, sizes.staff));
  // Each text index is built from its committed records in a worker while this thread goes on: the
  // largest (correspondence) starts first, as soon as its rows are in; the other two share a worker.
  const textIndexFor = (...kinds: RecordKind[]) => restore.textIndexes.filter((t) => kinds.some((k) => t.name === `${k}_search`));
  const rows = sizes.recordsPerKind.toLocaleString('en-US');
  await step(`${rows} personal-information records`, () => seedRecords(sqlite, sizes.recordsPerKind, 'personal_records'));
  const textIndexes = [buildTextIndexesBeside(path, dir, textIndexFor('personal_records'))];
  await step(`${rows} Live Help transcripts and ${rows} card transactions`, () => {
    seedRecords(sqlite, sizes.recordsPerKind, 'live_help_transcripts');
    seedRecords(sqlite, sizes.recordsPerKind, 'card_transactions');
  });
  textIndexes.push(buildTextIndexesBeside(path, dir, textIndexFor('live_help_transcripts', 'card_transactions')));
  for (const t of textIndexes) t.catch(() => undefined); // awaited below; a failure is reported there
  await step(`${sizes.auditEntries.toLocaleString('en-US')} audit entries`, () => seedAudit(sqlite, sizes));
  await step('indexes', restore.indexes);
  await step('text indexes (built beside, then copied in)', async () => {
    for (const copyIn of await Promise.all(textIndexes)) copyIn(sqlite);
  });
  restore.triggers();
  // No ANALYZE: the plans are those a deployment gets, which never gathers statistics.
  // The floor of a durable call writes here: a row the size of an audit entry.
  sqlite.exec('create table bench_floor (id integer primary key, at text not null, payload text not null)');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
  const t = performance.now();
  await sealCarriedOver(path);
  log(
    `  ${SEALED_ROWS.toLocaleString('en-US')} SSNs and dates of birth sealed by an app start: ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  writeFileSync(join(dir, 'ready'), new Date().toISOString());
  return { path, dir, built: true, buildSeconds: (performance.now() - started) / 1000 };
}

/** The schema and content through the app itself, then the bench's departments and named accounts. */
async function createSchemaAndAccounts(path: string): Promise<void> {
  const clock = new ManualClock(BENCH_NOW);
  const app = await startClearance({
    sqlitePath: path,
    workstation: 'bench',
    contentDir: CONTENT_DIR,
    keyCustody: testKeyCustody(),
    clock,
    logger: { info() {}, error: (m: string) => console.error(m) },
  });
  const db = app.handle.db;
  const at = clock.now().toISOString();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  // A real organization with its master key, as the first-run setup leaves it: sealed SSNs need the key.
  await db.insertInto('organization').values({ id: 1, name: 'Bench agency', kind: 'real', set_up_at: at, set_up_by: null }).execute();
  await app.services.keys.ensureMasterKey(null);
  const ring = await app.services.keys.ring();
  await db.transaction().execute(async (trx) => {
    const departments = [
      { code: 'RM', name: 'Records Management' },
      { code: 'CS', name: 'Constituent Services' },
      { code: 'FP', name: 'Finance & Payments' },
      { code: 'PT', name: 'Privacy & Technology Office' },
      ...Array.from({ length: 16 }, (_, i) => ({ code: `D${i + 1}`, name: `Department ${i + 1}` })),
    ];
    await trx.insertInto('departments').values(departments).execute();
    const dept = async (code: string) =>
      Number((await trx.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id);
    const account = async (username: string, deptCode: string, roles: RoleKey[]) =>
      insertAccount(trx, {
        employeeId: username,
        username,
        displayName: username.replace('.', ' '),
        email: `${username}@bench.gov`,
        departmentId: await dept(deptCode),
        supervisorId: null,
        hireDate: '2020-01-01',
        passwordHash,
        mustChange: false,
        roles: ['staff', ...roles],
        rolesGrantedOn: '2020-01-01',
        grantedBy: null,
        at,
      });
    await account(BENCH_USERS.clerk, 'RM', ['records_clerk']);
    await account(BENCH_USERS.operator, 'CS', ['live_help_operator']);
    await account(BENCH_USERS.cards, 'FP', ['card_processor']);
    await account(BENCH_USERS.officer, 'PT', ['privacy_officer']);
    // Each named account has an authenticator (the bench's secret), as these roles require.
    for (const s of await trx.selectFrom('staff').select('id').execute()) {
      const id = Number(s.id);
      await trx
        .insertInto('totp_factors')
        .values({
          staff_id: id,
          secret_sealed: ring.seal('mfa-secrets', BENCH_TOTP_SECRET, totpSealContext(id)),
          status: 'active',
          last_used_step: null,
          recovery_salt: null,
          created_at: at,
          confirmed_at: at,
          last_used_at: null,
        })
        .execute();
    }
    // The named accounts' training is current: completed a month ago.
    const modules = await trx.selectFrom('training_modules').select(['module_id', 'current_version', 'current_major']).execute();
    const named = await trx.selectFrom('staff').select('id').execute();
    const completed = new Date(clock.now().getTime() - 30 * DAY).toISOString();
    const expires = new Date(clock.now().getTime() + 335 * DAY).toISOString();
    await trx
      .insertInto('training_completions')
      .values(
        named.flatMap((s) =>
          modules.map((m) => ({
            certificate_id: `CLR-BENCH-${s.id}-${m.module_id}`,
            staff_id: Number(s.id),
            module_id: m.module_id,
            version: m.current_version,
            major: Number(m.current_major),
            score: 100,
            attempt_no: 1,
            completed_at: completed,
            expires_at: expires,
            acknowledgement_hash: 'bench',
          })),
        ),
      )
      .execute();
  });
  await app.stop();
}

/** One start of the app seals the values written in clear (sealCarriedOverFields runs at every start). */
async function sealCarriedOver(path: string): Promise<void> {
  const app = await startClearance({
    sqlitePath: path,
    workstation: 'bench',
    contentDir: CONTENT_DIR,
    keyCustody: testKeyCustody(),
    clock: new ManualClock(BENCH_NOW),
    logger: { info() {}, error: (m: string) => console.error(m) },
  });
  await app.stop();
}

/**
 * Drops the secondary indexes and the triggers of every table (saving their SQL) and returns what
 * puts them back: the indexes built in one pass each, the triggers as they were, and every FTS5
 * table rebuilt from its content table.
 */
/**
 * Drops every index and trigger while rows go in (each is rebuilt once at the end, a sort instead
 * of a million B-tree inserts); names the text indexes, which are built beside (textIndexBuilder.ts).
 */
function setAsideIndexesAndTriggers(sqlite: BetterSqlite3.Database): {
  indexes(): void;
  triggers(): void;
  textIndexes: TextIndex[];
} {
  const saved = sqlite
    .prepare(
      `select type, name, sql from sqlite_master where type in ('index', 'trigger') and sql is not null and name not like 'sqlite_%'`,
    )
    .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
  for (const o of saved) sqlite.exec(`drop ${o.type} "${o.name}"`);
  const textIndexes = sqlite
    .prepare(`select name, sql from sqlite_master where type = 'table' and sql like '%using fts5%'`)
    .all() as TextIndex[];
  return {
    indexes: () => {
      for (const o of saved.filter((x) => x.type === 'index')) sqlite.exec(o.sql);
    },
    triggers: () => {
      for (const o of saved.filter((x) => x.type === 'trigger')) sqlite.exec(o.sql);
    },
    textIndexes,
  };
}

/** Generates rows 0..n-1 for an INSERT … SELECT. */
const numbers = (n: number) => `with recursive n(i) as (select 0 union all select i + 1 from n where i < ${n - 1})`;

const FIRST = ['Ada', 'Ben', 'Cora', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lena', 'Milo', 'Nia', 'Omar', 'Pia'];
const FIRST_MORE = ['Quinn', 'Ravi', 'Sara', 'Tom', 'Uma', 'Vik', 'Wes', 'Xena', 'Yuki', 'Zoe', 'Abel', 'Bea', 'Cal', 'Dora'];
const SYLLABLES = ['bar', 'cor', 'den', 'fal', 'gri', 'hol', 'kes', 'lun', 'mor', 'nev', 'ost', 'pra', 'quel', 'ros', 'sta', 'tev'];

/** 4,096 surnames from two syllables and an ending; none of them contains the rare or the common name. */
function surnames(): string[] {
  const endings = ['by', 'ton', 'well', 'er', 'man', 'ford', 'ley', 'son', 'ward', 'lin', 'dale', 'ham', 'mont', 'wick', 'vel', 'rik'];
  const out: string[] = [];
  for (const a of SYLLABLES) for (const b of SYLLABLES) for (const e of endings) out.push(`${a[0]!.toUpperCase()}${a.slice(1)}${b}${e}`);
  return out.filter((s) => !/leffler|smith|quisling/i.test(s));
}

function nameTables(sqlite: BetterSqlite3.Database): { first: number; last: number } {
  const first = [...FIRST, ...FIRST_MORE];
  const last = [COMMON_NAME, ...surnames()];
  sqlite.exec('create temp table if not exists bench_first (k integer primary key, name text not null)');
  sqlite.exec('create temp table if not exists bench_last (k integer primary key, name text not null)');
  sqlite.exec('delete from bench_first; delete from bench_last;');
  const f = sqlite.prepare('insert into bench_first (k, name) values (?, ?)');
  const l = sqlite.prepare('insert into bench_last (k, name) values (?, ?)');
  sqlite.transaction(() => {
    first.forEach((n, k) => f.run(k, n));
    last.forEach((n, k) => l.run(k, n));
  })();
  return { first: first.length, last: last.length };
}

/**
 * A name for row i: the common surname for 1 row in 40, else one of ~4,000 surnames, spread by a
 * multiplicative hash so neighbouring rows differ.
 */
const nameSql = (names: { first: number; last: number }) => ({
  join: `join bench_first f on f.k = (i * 7 + 3) % ${names.first}
         join bench_last l on l.k = case when i % 40 = 0 then 0 else 1 + (i * 2654435761) % ${names.last - 1} end`,
  full: `f.name || ' ' || l.name`,
  email: `lower(f.name || '.' || l.name || (i % 97)) || '@example.org'`,
});

function seedStaff(sqlite: BetterSqlite3.Database, staff: number): void {
  const dept = sqlite.prepare('select min(id) as lo, max(id) as hi from departments').get() as { lo: number; hi: number };
  const names = nameTables(sqlite);
  const n = nameSql(names);
  const now = Date.parse(BENCH_NOW) / 1000;
  sqlite.transaction(() => {
    // Ten heads, then everyone reporting to one of them or to someone hired before them.
    sqlite.exec(`${numbers(staff)}
      insert into staff (employee_id, username, display_name, email, department_id, supervisor_id, hire_date, status,
                         disabled_reason, last_sign_in_at, created_at)
      select 'E' || i, 'staff.' || i, ${n.full}, 'staff.' || i || '@bench.gov', ${dept.lo} + i % ${dept.hi - dept.lo + 1},
             null, date(${now} - (i % 3000) * 86400, 'unixepoch'),
             case when i % 50 = 49 then 'disabled' else 'active' end, null, null, '${BENCH_NOW}'
      from n ${n.join}`);
    const first = (sqlite.prepare(`select min(id) as id from staff where employee_id like 'E%'`).get() as { id: number }).id;
    sqlite.exec(`update staff set supervisor_id = ${first} + ((id - ${first} - 1) / 8) where id > ${first} + 9`);
    sqlite.exec(`insert into staff_roles (staff_id, role_key, granted_at, granted_by)
      select id, 'staff', hire_date, null from staff where employee_id like 'E%'`);
    sqlite.exec(`insert into staff_roles (staff_id, role_key, granted_at, granted_by)
      select id, case id % 5 when 0 then 'live_help_operator' when 1 then 'records_clerk' when 2 then 'card_processor'
                             when 3 then 'supervisor' else 'staff' end, hire_date, null
      from staff where employee_id like 'E%' and id % 5 < 4`);
    // Most modules completed, at spread-out times (some expired, some expiring); one in seven never done.
    sqlite.exec(`insert into training_completions (certificate_id, staff_id, module_id, version, major, score, attempt_no,
                                                   completed_at, expires_at, acknowledgement_hash)
      select 'CLR-E' || s.id || '-' || m.number, s.id, m.module_id, m.current_version, m.current_major, 80 + (s.id % 21), 1,
             strftime('%Y-%m-%dT%H:%M:%S.000Z', ${now} - ((s.id * 13 + m.number * 29) % 420) * 86400, 'unixepoch'),
             strftime('%Y-%m-%dT%H:%M:%S.000Z', ${now} - ((s.id * 13 + m.number * 29) % 420) * 86400 + 365 * 86400, 'unixepoch'),
             'bench'
      from staff s cross join training_modules m
      where s.employee_id like 'E%' and (s.id + m.number) % 7 <> 0`);
  })();
}

/**
 * The first rows carry an SSN and a date of birth, written in clear as an older database held them
 * and sealed by the app's own start that ends the build (sealing a million values one by one would
 * take minutes); every row keeps the last four digits the masked list shows.
 */
const SEALED_ROWS = 3000;

/** The record kinds, seeded one table at a time so each table's text index can start as soon as its rows are in. */
export type RecordKind = 'personal_records' | 'live_help_transcripts' | 'card_transactions';

function seedRecords(sqlite: BetterSqlite3.Database, count: number, kind: RecordKind): void {
  const rm = (sqlite.prepare(`select id from departments where code = 'RM'`).get() as { id: number }).id;
  const cs = (sqlite.prepare(`select id from departments where code = 'CS'`).get() as { id: number }).id;
  const fp = (sqlite.prepare(`select id from departments where code = 'FP'`).get() as { id: number }).id;
  const others = sqlite.prepare(`select id from departments where code like 'D%' order by id`).all() as { id: number }[];
  const lo = others[0]!.id;
  const spread = others.length;
  const names = nameTables(sqlite);
  const n = nameSql(names);
  const now = Date.parse(BENCH_NOW) / 1000;
  // 30% in the department the bench's person works in; the rest spread over the others. Two rows
  // share each timestamp, so paging must break ties.
  const dept = (own: number) => `case when i % 10 < 3 then ${own} else ${lo} + i % ${spread} end`;
  const at = `strftime('%Y-%m-%dT%H:%M:%S.000Z', ${now} - (i / 2) * 61, 'unixepoch')`;
  const rare = Array.from({ length: 10 }, (_, k) => 1 + Math.floor(((k + 0.5) * count) / 10));
  const citizen = [3, Math.floor(count / 2) + 3, count - 7];
  sqlite.transaction(() => {
    if (kind === 'personal_records') {
      sqlite.exec(`${numbers(count)}
        insert into personal_records (department_id, received_at, source, agency, full_name, mailing_address, email, phone,
                                      ssn_last4, unsealed_ssn, unsealed_date_of_birth, message)
        select ${dept(rm)}, ${at}, case when i % 3 = 0 then 'web_form' else 'email' end, 'Agency ' || (i % 12), ${n.full},
               (i % 9000 + 10) || ' Main Street, Frankfort, KY 406' || (10 + i % 80), ${n.email},
               '(502) 555-' || substr('0000' || (i % 10000), -4), substr('0000' || (i % 9973), -4),
               case when i < ${SEALED_ROWS} then '9' || substr('00' || (i % 100), -2) || '-' || substr('00' || (i % 97), -2) || '-'
                 || substr('0000' || (i % 9973), -4) end,
               case when i < ${SEALED_ROWS} then date(${now} - (6570 + i % 20000) * 86400, 'unixepoch') end,
               case i % 4 when 0 then 'Please update my mailing address on file for renewal notices.'
                          when 1 then 'I am writing to request a copy of my records.'
                          when 2 then 'I did not receive the refund I was told to expect. Please look into it.'
                          else 'Can you confirm that my application was received?' end
        from n ${n.join}`);
      // The rare surname in ten rows of each kind, and the citizen of interest in three.
      sqlite.exec(`update personal_records set full_name = 'Mara ${RARE_NAME}' where id in (${rare.join(',')})`);
      sqlite
        .prepare(`update personal_records set full_name = ?, email = ? where id in (${citizen.join(',')})`)
        .run(CITIZEN.name, CITIZEN.email);
    } else if (kind === 'live_help_transcripts') {
      sqlite.exec(`${numbers(count)}
        insert into live_help_transcripts (department_id, session_date, started_at, ended_at, operator_name, visitor_name, browser,
                                           browser_version, host_ip, transcript_text, exit_interview, topic, transcript_email)
        select ${dept(cs)}, date(${now} - (i / 2) * 61, 'unixepoch'), ${at},
               strftime('%Y-%m-%dT%H:%M:%S.000Z', ${now} - (i / 2) * 61 + 600, 'unixepoch'), 'Operator ' || (i % 40), ${n.full},
               'Firefox', '128.0', '10.' || (i % 250) || '.' || (i / 250 % 250) || '.' || (i % 7 + 1),
               'Operator ' || (i % 40) || ': Welcome to Live Help. How can I help you today?' || char(10) || ${n.full}
                 || ': Hi, I have a question about my renewal.',
               null, case i % 3 when 0 then 'Vehicle registration renewal' when 1 then 'Property tax payment' else 'Park reservation' end,
               case when i % 2 = 0 then ${n.email} else null end
        from n ${n.join}`);
      sqlite.exec(`update live_help_transcripts set visitor_name = 'Mara ${RARE_NAME}' where id in (${rare.join(',')})`);
      sqlite
        .prepare(`update live_help_transcripts set visitor_name = ?, transcript_email = ? where id in (${citizen.join(',')})`)
        .run(CITIZEN.name, CITIZEN.email);
    } else {
      sqlite.exec(`${numbers(count)}
        insert into card_transactions (department_id, order_id, cardholder_name, amount_cents, agency, status, created_at,
                                       processed_at, pan_first6, pan_last4, pan_ciphertext)
        select ${dept(fp)}, 'ORD-' || (1000000 + i), ${n.full}, 1500 + (i * 37) % 43500, 'Agency ' || (i % 12), 'processed', ${at},
               ${at}, '411111', substr('0000' || (i % 10000), -4), null
        from n ${n.join}`);
      sqlite.exec(`update card_transactions set cardholder_name = 'Mara ${RARE_NAME}' where id in (${rare.join(',')})`);
      sqlite.prepare(`update card_transactions set cardholder_name = ? where id in (${citizen.join(',')})`).run(CITIZEN.name);
    }
  })();
}

const EVENTS = [
  'record.open',
  'record.open',
  'record.list',
  'auth.sign_in',
  'record.open',
  'record.reveal',
  'auth.sign_out',
  'record.list',
];
const SUBJECTS = ['PersonalRecord', 'LiveHelpTranscript', 'CardTransaction'];

/** The chain continues from the entries the app wrote; each entry hashed exactly as the app hashes it. */
function seedAudit(sqlite: BetterSqlite3.Database, sizes: BenchSizes): void {
  const head = sqlite.prepare('select seq, hash from audit_log order by seq desc limit 1').get() as
    { seq: number; hash: string } | undefined;
  const staff = sqlite.prepare(`select min(id) as lo, count(*) as n from staff where employee_id like 'E%'`).get() as {
    lo: number;
    n: number;
  };
  // As the app writes an entry: its canonical bytes and their hash (the database computes the fields).
  const insert = sqlite.prepare('insert into audit_log (seq, entry, hash) values (?, ?, ?)');
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const start = Date.parse(BENCH_NOW) - 365 * DAY;
  const step = (365 * DAY) / sizes.auditEntries;
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const event = EVENTS[i % EVENTS.length]!;
      const onRecord = event.startsWith('record.');
      const actor = staff.lo + ((i * 7919) % staff.n);
      const subject = SUBJECTS[i % 3]!;
      const recordId = 1 + ((i * 104729) % sizes.recordsPerKind);
      const denied = i % 37 === 0;
      const unhashed = {
        seq: ++seq,
        at: new Date(start + i * step).toISOString(),
        actor_id: actor,
        actor_username: `staff.${actor - staff.lo}`,
        workstation: `ws-${i % 25}`,
        event,
        resource_type: onRecord ? subject : 'staff',
        resource_id: onRecord ? (event === 'record.list' ? '*' : String(recordId)) : String(actor),
        outcome: denied ? ('denied' as const) : ('allowed' as const),
        reason: denied ? 'Your role does not include this kind of record.' : 'role rule: records clerk with current training',
        details: onRecord ? `{"certificates":["CLR-E${actor}-1"],"purpose":"request"}` : '{}',
        prev_hash: prev,
      };
      const bytes = canonicalEntry(unhashed);
      const hash = sha256Hex(bytes);
      insert.run(unhashed.seq, bytes, hash);
      prev = hash;
    }
  });
  for (let i = 0; i < sizes.auditEntries; i += 50_000) batch(i, Math.min(sizes.auditEntries, i + 50_000));
}
