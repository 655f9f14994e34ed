import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../electron/services/training/contentLoader.js';
import { CONTENT_DIR, POLICY_PATH } from '../support/paths.js';

const loaded = loadContent(CONTENT_DIR);
const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('the shipped training content', () => {
  it('loads every module file without a problem', () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.modules.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it.each(loaded.modules.map((m) => [m.id, m] as const))(
    '%s: at least 10 questions of every type, each with a valid answer, an explanation and a clause',
    (_id, m) => {
      expect(m.questions.length).toBeGreaterThanOrEqual(10);
      for (const type of ['single', 'multiple', 'truefalse'] as const)
        expect(m.questions.filter((q) => q.type === type).length).toBeGreaterThanOrEqual(2);
      for (const q of m.questions) {
        const ids = q.options.map((o) => o.id);
        expect(
          q.correct.every((c) => ids.includes(c)),
          q.id,
        ).toBe(true);
        expect(q.explanation.length, q.id).toBeGreaterThan(10);
        expect(m.clauses[q.clause], q.id).toBeDefined();
      }
      for (const l of m.lessons) expect(m.clauses[l.clause], l.id).toBeDefined();
      expect(m.passMark).toBe(80);
      expect(m.validityMonths).toBe(12);
    },
  );

  it('follows the curriculum: everyone 1-4, Live Help adds 5, clerks add 7, card processors add 6 and 7', () => {
    const byRole = (role: string) => loaded.modules.filter((m) => m.requiredFor.includes(role as never)).map((m) => m.number);
    expect(byRole('staff')).toEqual([1, 2, 3, 4]);
    expect(byRole('live_help_operator')).toEqual([5]);
    expect(byRole('records_clerk')).toEqual([7]);
    expect(byRole('card_processor')).toEqual([6, 7]);
  });

  it('quotes the privacy statement word for word', () => {
    const statement = normalize(readFileSync(POLICY_PATH, 'utf8').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
    const clauses = parse(readFileSync(join(CONTENT_DIR, 'clauses.yaml'), 'utf8')) as { id: string; quote?: string; source?: string }[];
    for (const c of clauses) {
      if (c.source === 'organization policy') continue;
      expect(c.quote, c.id).toBeDefined();
      expect(statement.includes(normalize(c.quote!)), c.id).toBe(true);
    }
  });

  it('teaches the exact contents of a Live Help transcript', () => {
    const lesson = loaded.modules.find((m) => m.id === 'live-help-operations')!.lessons.find((l) => l.id === 'transcript-contents')!;
    for (const item of [
      'Session date',
      'start and end time',
      'Operator name',
      'Visitor name',
      'Browser type and version',
      'Host IP number',
      'text of the discussion',
      'Exit interview responses',
      'Topic',
      'e-mail address',
    ]) {
      expect(lesson.body.toLowerCase()).toContain(item.toLowerCase());
    }
  });
});
