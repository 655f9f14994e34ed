/**
 * The audit trail reads in words on screen and in exports: every event the app writes has its
 * words, and a code nobody has worded yet still reads as words, never as `record.break_glass`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_EVENTS, auditEventInWords, auditResourceInWords } from '../../electron/contract/auditWords.js';
import { REPO_ROOT } from '../support/paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('audit events in words', () => {
  it('has words for every event code the main process writes', () => {
    const written = new Set<string>();
    for (const file of sources(join(REPO_ROOT, 'electron'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bevent: (?:passed \? )?'([a-z_]+\.[a-z_]+)'(?: : '([a-z_]+\.[a-z_]+)')?/g)) {
        written.add(m[1]!);
        if (m[2]) written.add(m[2]);
      }
    }
    expect(written.size).toBeGreaterThan(30);
    const missing = [...written].filter((code) => !AUDIT_EVENTS[code]);
    expect(missing, 'add their words to electron/contract/auditWords.ts').toEqual([]);
  });

  it('reads known events as written, and unknown ones as words from their code', () => {
    expect(auditEventInWords('record.open')).toBe('Opened a record');
    expect(auditEventInWords('record.break_glass')).toBe('Emergency access (break-glass)');
    expect(auditEventInWords('keys.rotate_batch')).toBe('Keys: rotate batch');
    expect(auditEventInWords('AuditTrail.read')).toBe('Audit trail: read');
    expect(auditEventInWords('training.new_thing')).toBe('Training: new thing');
  });

  it('names a resource by its kind and number', () => {
    expect(auditResourceInWords('PersonalRecord', '41')).toBe('Personal-information record No. 41');
    expect(auditResourceInWords('CardTransaction', '*')).toBe('Card transaction');
    expect(auditResourceInWords('module', 'privacy-foundations@1.0')).toBe('Training module privacy-foundations, version 1.0');
    expect(auditResourceInWords('SigningKey', 'k-7')).toBe('Signing key k-7');
    expect(auditResourceInWords(null, null)).toBe('');
  });
});
