import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DashboardView } from '../../electron/contract/dashboard.js';
import type { IntakeChosen } from '../../electron/contract/intake.js';
import { HarnessDesktop } from '../support/harness/harnessDesktop.js';
import { CONTENT_DIR } from '../support/paths.js';
import { createTestApp, signedIn, testDialects, valueOf } from '../support/testApp.js';

const FIXTURES = new URL('../fixtures/intake/', import.meta.url).pathname;

describe.each(testDialects())('the privacy dashboard trends what intake removed, on %s', (dialect) => {
  it('counts each kind in the month of the record’s own date, for Live Help and for correspondence apart', async () => {
    const desktop = new HarnessDesktop(mkdtempSync(join(tmpdir(), 'clearance-downloads-')));
    const a = await createTestApp({ contentDir: CONTENT_DIR, dialect, desktop });
    const ivy = await signedIn(a, 'ivy.nguyen');
    const priya = await signedIn(a, 'priya.shah');
    const november = async () => {
      const d = valueOf<DashboardView>(await priya('dashboard.privacy', {}));
      expect(d.intakeRedactions).toHaveLength(12);
      expect(d.intakeRedactions.at(-1)!.month).toBe(a.clock.now().toISOString().slice(0, 7));
      const month = d.intakeRedactions.find((m) => m.month === '2026-11');
      if (!month) throw new Error('November 2026 is not in the last 12 months');
      const of = (list: { kind: string; count: number }[], kind: string) => list.find((r) => r.kind === kind)?.count ?? 0;
      return {
        liveHelpCards: of(month.liveHelp, 'card_number'),
        liveHelpSsns: of(month.liveHelp, 'ssn'),
        liveHelpBirthDates: of(month.liveHelp, 'date_of_birth'),
        letterCards: of(month.correspondence, 'card_number'),
        letterBanks: of(month.correspondence, 'bank_account'),
      };
    };
    const importFile = async (name: string) => {
      desktop.filesToChoose.push(join(FIXTURES, name));
      const chosen = valueOf<IntakeChosen>(await ivy('intake.choose', {}, crypto.randomUUID()));
      if (chosen.status !== 'chosen') throw new Error('cancelled');
      valueOf(await ivy('intake.apply', { token: chosen.token }, crypto.randomUUID()));
    };

    const before = await november();
    await importFile('live-help-transcripts.jsonl');
    const afterTranscripts = await november();
    expect(afterTranscripts).toEqual({
      ...before,
      liveHelpCards: before.liveHelpCards + 1,
      liveHelpSsns: before.liveHelpSsns + 1,
      liveHelpBirthDates: before.liveHelpBirthDates + 1,
    });
    await importFile('correspondence.csv');
    const afterLetters = await november();
    expect(afterLetters).toEqual({
      ...afterTranscripts,
      letterCards: afterTranscripts.letterCards + 1,
      letterBanks: afterTranscripts.letterBanks + 1,
    });
  });
});
