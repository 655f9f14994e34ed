import { describe, expect, it } from 'vitest';
import { addMonths, trainingStatus, type StatusInput } from '../../electron/services/training/status.js';

const base: StatusInput = {
  assignedOn: '2026-11-01',
  dueDays: 30,
  currentMajor: 1,
  majorPublishedAt: '2026-01-01T00:00:00.000Z',
  latest: null,
  started: false,
  now: new Date('2026-11-10T12:00:00Z'),
};
const completion = (completedAt: string, major = 1) => ({ major, completedAt, expiresAt: addMonths(completedAt, 12) });

describe('training status rules', () => {
  it('never started and not yet due: not started, due assignment + 30 days', () => {
    expect(trainingStatus(base)).toMatchObject({ status: 'not_started', dueDate: '2026-12-01', current: false });
  });
  it('started: in progress', () => {
    expect(trainingStatus({ ...base, started: true }).status).toBe('in_progress');
  });
  it('still due on the due date itself, overdue the day after', () => {
    expect(trainingStatus({ ...base, now: new Date('2026-12-01T23:59:00Z') }).status).toBe('not_started');
    expect(trainingStatus({ ...base, started: true, now: new Date('2026-12-02T00:00:00Z') }).status).toBe('overdue');
  });
  it('passed and current for 12 months, expiring in the last 30 days, expired after', () => {
    const latest = completion('2026-01-15T10:00:00.000Z');
    expect(trainingStatus({ ...base, latest, now: new Date('2026-06-01T00:00:00Z') })).toMatchObject({
      status: 'passed',
      current: true,
      expiresAt: '2027-01-15T10:00:00.000Z',
    });
    expect(trainingStatus({ ...base, latest, now: new Date('2026-12-20T00:00:00Z') })).toMatchObject({ status: 'expiring', current: true });
    expect(trainingStatus({ ...base, latest, now: new Date('2027-01-15T10:00:00Z') })).toMatchObject({
      status: 'expired',
      current: false,
      dueDate: '2027-01-15',
    });
  });
  it('a completion of an older major version is stale: retraining due from the new version', () => {
    const latest = completion('2026-06-01T00:00:00.000Z', 1);
    const r = trainingStatus({ ...base, currentMajor: 2, majorPublishedAt: '2026-11-05T08:00:00.000Z', latest });
    expect(r).toMatchObject({ status: 'not_started', stale: true, current: false, dueDate: '2026-12-05' });
    expect(
      trainingStatus({
        ...base,
        currentMajor: 2,
        majorPublishedAt: '2026-11-05T08:00:00.000Z',
        latest,
        now: new Date('2026-12-06T00:00:00Z'),
      }).status,
    ).toBe('overdue');
  });
  it('twelve calendar months later, clamped at month end', () => {
    expect(addMonths('2026-01-31T09:00:00.000Z', 1)).toBe('2026-02-28T09:00:00.000Z');
    expect(addMonths('2027-02-28T09:00:00.000Z', 12)).toBe('2028-02-28T09:00:00.000Z');
    expect(addMonths('2026-11-24T09:00:00.000Z', 12)).toBe('2027-11-24T09:00:00.000Z');
  });
});
