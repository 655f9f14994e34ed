/**
 * The Debian/Ubuntu packages `npm test` needs beyond npm's: Chromium for the browser suite,
 * poppler-utils (pdftotext) to read exported PDFs, PostgreSQL for the second dialect.
 */
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const INSTALL_LINE = 'sudo apt-get install -y chromium poppler-utils postgresql openssl';

function onPath(command, env) {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

/** The test setup runs initdb from /usr/lib/postgresql/<version>/bin, where Debian puts it. */
function postgresBinaries() {
  try {
    return readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')));
  } catch {
    return false;
  }
}

/** What is missing, as { package, why }. PostgreSQL is not needed when tests use a given server or skip it. */
export function missingSystemPackages(env = process.env) {
  const missing = [];
  if (!existsSync(env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push({ package: 'chromium', why: 'the browser end-to-end suite' });
  if (!onPath('pdftotext', env)) missing.push({ package: 'poppler-utils', why: 'pdftotext, to check exported PDFs' });
  if (!onPath('openssl', env)) missing.push({ package: 'openssl', why: 'certificates for the SIEM TLS test' });
  const pgNeeded = !env.CLEARANCE_TEST_PG_URL && env.CLEARANCE_TEST_PG !== 'off';
  if (pgNeeded && !postgresBinaries()) missing.push({ package: 'postgresql', why: 'the PostgreSQL half of the integration suites' });
  return missing;
}
