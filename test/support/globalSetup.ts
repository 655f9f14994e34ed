/** Vitest global setup: one PostgreSQL server for the whole run, unless one is given or PostgreSQL is switched off. */
import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from './postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let server: PostgresServer | null = null;
  let url = process.env.CLEARANCE_TEST_PG_URL ?? '';
  if (!url && process.env.CLEARANCE_TEST_PG !== 'off') {
    server = await startPostgres();
    url = server.url;
    console.log(`PostgreSQL for tests: ${url}`);
  }
  if (!url) console.log('PostgreSQL tests are off (CLEARANCE_TEST_PG=off): only the SQLite half runs.');
  project.provide('pgUrl', url);
  return () => server?.stop();
}
