#!/usr/bin/env node
/**
 * `npm run security`: Electronegativity over the main-process and preload code as built (each
 * module transpiled on its own, so the analyser can parse it) plus the renderer's HTML. The tool
 * does not fail on findings, so this script takes its findings and fails on any of MEDIUM severity
 * or higher that build/security-review.json does not accept with a reason.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { join, basename, resolve } from 'node:path';
import { transformSync } from 'esbuild';

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
// Called as a library, not through its CLI: the CLI writes its CSV header and rows with two writes that race,
// and about one run in three the header lands over the first row. The library hands back the findings.
const require = createRequire(import.meta.url);
const electronegativity = require('@doyensec/electronegativity');
const { issues } = await electronegativity({
  input: resolve(out),
  isSarif: false,
  customScan: [],
  // AvailableSecurityFixesGlobalCheck downloads Electron's release list; it cannot work offline.
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});
const rows = issues.map((i) => ({
  issue: i.id,
  severity: i.severity.name,
  filename: i.file,
  location: `${i.location.line}:${i.location.column}`,
}));
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
