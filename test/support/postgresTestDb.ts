/**
 * Fresh PostgreSQL databases for tests: one seeded template per content set per test process,
 * copied with CREATE DATABASE … TEMPLATE for each test (a file copy on the server: fast).
 */
import pg from 'pg';
import { createHash } from 'node:crypto';
import { startClearance } from '../../electron/app/bootstrap.js';
import { ManualClock } from '../../electron/services/clock.js';
import { testKeyCustody } from './testKeys.js';

const templates = new Map<string, Promise<string>>();
let counter = 0;

export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(serverUrl: string, sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

async function buildTemplate(serverUrl: string, contentDir: string, start: string): Promise<string> {
  const name = `tpl_${process.pid}_${createHash('sha1')
    .update(contentDir + start)
    .digest('hex')
    .slice(0, 8)}`;
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const app = await startClearance({
    url: databaseUrl(serverUrl, name),
    workstation: 'seed',
    clock: new ManualClock(start),
    contentDir,
    keyCustody: testKeyCustody(),
    seedDemoIfEmpty: true,
  });
  await app.stop();
  return name;
}

/** A new database holding the seeded demo organization; returns its URL. */
export async function freshPostgresDatabase(serverUrl: string, contentDir: string, start: string): Promise<string> {
  const key = `${contentDir}|${start}`;
  if (!templates.has(key)) templates.set(key, buildTemplate(serverUrl, contentDir, start));
  const template = await templates.get(key)!;
  const name = `t_${process.pid}_${++counter}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return databaseUrl(serverUrl, name);
}

/** A new empty database; returns its URL. */
export async function emptyPostgresDatabase(serverUrl: string): Promise<string> {
  const name = `e_${process.pid}_${++counter}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  return databaseUrl(serverUrl, name);
}
