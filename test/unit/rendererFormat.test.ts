/**
 * Dates on screen are the person's local dates and times, in words: here in Los Angeles, where
 * the UTC day is often already tomorrow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Format from '../../renderer/src/format.js';

let format: typeof Format;
const zone = process.env.TZ;

beforeAll(async () => {
  // Before the module builds its formatters, which take the zone they are made in.
  process.env.TZ = 'America/Los_Angeles';
  format = await import('../../renderer/src/format.js');
});

afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('renderer dates', () => {
  it('shows a calendar date (a hire or due date) as that same day', () => {
    expect(format.formatDate('2026-11-24')).toBe('Nov 24, 2026');
    expect(format.formatDate('2027-01-01')).toBe('Jan 1, 2027');
  });

  it('shows an instant as the day it falls on here, not the UTC day', () => {
    expect(format.formatDate('2026-11-25T03:00:00.000Z')).toBe('Nov 24, 2026');
    expect(format.formatDate('2026-11-24T09:00:00.000Z')).toBe('Nov 24, 2026');
  });

  it('shows an instant with its local time', () => {
    expect(format.formatDateTime('2026-11-25T03:00:00.000Z')).toBe('Nov 24, 2026, 7:00 PM');
  });

  it('says how long ago something was, in words', () => {
    const now = '2026-11-24T12:00:00.000Z';
    expect(format.formatAge('2026-11-24T11:59:40.000Z', now)).toBe('just now');
    expect(format.formatAge('2026-11-24T11:59:00.000Z', now)).toBe('1 minute ago');
    expect(format.formatAge('2026-11-24T11:15:00.000Z', now)).toBe('45 minutes ago');
    expect(format.formatAge('2026-11-24T09:00:00.000Z', now)).toBe('3 hours ago');
    expect(format.formatAge('2026-11-21T12:00:00.000Z', now)).toBe('3 days ago');
  });

  it('names a month in words', () => {
    expect(format.formatMonth('2026-11')).toBe('Nov 2026');
    expect(format.formatMonth('2027-01')).toBe('Jan 2027');
  });
});
