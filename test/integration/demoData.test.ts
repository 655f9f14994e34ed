/**
 * The demo organization holds together as a real office's data would: the person named on a
 * record is the person in it.
 */
import { describe, expect, it } from 'vitest';
import { CITIZEN_OF_INTEREST } from '../../demo/records.js';
import { DAY } from '../../electron/services/clock.js';
import { reviewsDue } from '../../electron/services/reviews/accessReviews.js';
import { createTestApp, signedIn, valueOf } from '../support/testApp.js';
import { CONTENT_DIR } from '../support/paths.js';

describe('the demo organization', () => {
  it("names each Live Help transcript's visitor as the person chatting in it, and sends it to their own address", async () => {
    const app = await createTestApp({ contentDir: CONTENT_DIR });
    const transcripts = await app.handle.db
      .selectFrom('live_help_transcripts')
      .select(['visitor_name', 'operator_name', 'transcript_text', 'transcript_email', 'messages'])
      .execute();
    expect(transcripts.length).toBeGreaterThan(10);
    for (const t of transcripts) {
      const speakers = new Set((JSON.parse(t.messages ?? '[]') as { name: string }[]).map((m) => m.name));
      expect(speakers, t.visitor_name).toEqual(new Set([t.visitor_name, t.operator_name]));
      const first = t.visitor_name.replace(/^(Mr|Mrs|Ms|Miss|Dr)\.? /, '').split(' ')[0]!;
      expect(t.transcript_text).toContain(`Happy to help, ${first}.`);
      if (t.transcript_email)
        expect(t.transcript_email.toLowerCase(), t.visitor_name).toContain(
          first
            .toLowerCase()
            .replace(/[^a-z]/g, '')
            .slice(0, 3),
        );
    }
    const evelyn = transcripts.filter((t) => t.visitor_name === CITIZEN_OF_INTEREST.name);
    expect(evelyn).toHaveLength(1);
    expect(evelyn[0]!.transcript_text).toContain(`${CITIZEN_OF_INTEREST.name}: Hi, I have a question about`);
    expect(evelyn[0]!.transcript_email).toBe(CITIZEN_OF_INTEREST.email);
  });
});

describe('the demo access reviews', () => {
  it('look like a working office: most current, a few due in the coming weeks, one overdue', async () => {
    const app = await createTestApp({ contentDir: CONTENT_DIR });
    const due = await reviewsDue(app.handle.db, { kind: 'organization' }, app.clock.now());
    const now = app.clock.now().getTime();
    const overdue = due.filter((d) => d.overdue);
    expect(overdue.map((d) => d.name)).toEqual(['Carl Patel']);
    // Overdue by weeks, not years.
    expect(now - new Date(overdue[0]!.dueAt).getTime()).toBeLessThan(30 * DAY);
    const soon = due.filter((d) => !d.overdue && new Date(d.dueAt).getTime() - now < 30 * DAY);
    expect(soon.length).toBeGreaterThanOrEqual(2);
    expect(soon.length).toBeLessThanOrEqual(4);
    expect(due.length - overdue.length - soon.length).toBeGreaterThan(due.length / 2);
    // The privacy officer's dashboard says the same.
    const priya = await signedIn(app, 'priya.shah');
    const dashboard = valueOf<{ overdueReviews: { count: number } }>(await priya('dashboard.privacy', {}));
    expect(dashboard.overdueReviews.count).toBe(1);
  });
});
