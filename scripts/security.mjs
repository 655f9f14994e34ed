#!/usr/bin/env node
/**
 * `npm run security`: Electronegativity over the main-process and preload code as built (each
 * module transpiled on its own, so the analyser can parse it) plus the renderer's HTML. The tool
 * exits 0 even with findings, so this script reads its CSV report and fails on any finding of
 * MEDIUM severity or higher that build/security-review.json does not accept with a reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { transformSync } from 'esbuild';
import { parse } from 'csv-parse/sync';

const out = 'dist/security';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const sources = [
  ...readdirSync('electron/main')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join('electron/main', f)),
  'electron/preload/preload.ts',
];
for (const file of sources) {
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'cjs', target: 'es2018', sourcefile: file });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(out, basename(file).replace(/\.ts$/, '.js')), code);
}
if (!existsSync('dist/renderer/index.html')) {
  console.error('Build the renderer first (npm run build:renderer): its index.html carries the Content-Security-Policy.');
  process.exit(1);
}
copyFileSync('dist/renderer/index.html', join(out, 'index.html'));

const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const report = join('dist', 'electronegativity.csv');
rmSync(report, { force: true });
// AvailableSecurityFixesGlobalCheck downloads Electron's release list; it cannot work offline.
const run = spawnSync(
  'npx',
  ['electronegativity', '-i', out, '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', report, '-r', '-v', 'false'],
  { encoding: 'utf8' },
);
if (!existsSync(report)) {
  console.error(run.stdout, run.stderr);
  console.error('Electronegativity did not write its report; the security gate cannot pass without it.');
  process.exit(1);
}

const rows = parse(readFileSync(report, 'utf8'), { columns: true, trim: true, skip_empty_lines: true });
const review = JSON.parse(readFileSync('build/security-review.json', 'utf8'));
const SEVERE = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);
const accepted = (row) => review.accepted.find((a) => a.check === row.issue && (!a.file || a.file === row.filename));
let failures = 0;
for (const row of rows) {
  const acceptance = accepted(row);
  const severe = SEVERE.has(row.severity);
  const tag = !severe ? 'below gate' : acceptance ? 'accepted' : 'FAIL';
  if (severe && !acceptance) failures += 1;
  console.log(
    `${tag.padEnd(10)} ${row.severity.padEnd(8)} ${row.issue} ${row.filename} ${row.location}${acceptance ? ` (${acceptance.reason})` : ''}`,
  );
}
console.log(
  `Electronegativity ${electronVersion}: ${rows.length} finding(s), ${failures} failing the gate (MEDIUM or higher, not accepted in build/security-review.json).`,
);
process.exit(failures > 0 ? 1 : 0);
