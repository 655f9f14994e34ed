/**
 * The certification report's cells are computed from compact numbers (day numbers, expiries in ms),
 * not through trainingStatus objects: they must say exactly what trainingStatus says for the same
 * person, module and day, over a wide grid of hire dates, grants, completions and clocks.
 */
import { describe, expect, it } from 'vitest';
import { DAY } from '../../electron/services/clock.js';
import {
  cellText,
  foldCertificationFacts,
  presentRow,
  type CellFact,
  type FactSink,
} from '../../electron/services/reports/certificationReport.js';
import { addDays, dayNumber, dayString, trainingStatus } from '../../electron/services/training/status.js';

type Start = Parameters<FactSink['start']>;
type Chunk = Parameters<FactSink['chunk']>[0];

const modules: Start[0] = [
  { module_id: 'basics', number: 1, title: 'Basics', current_major: 1, major_published_at: '2025-01-10T08:00:00.000Z' },
  { module_id: 'records', number: 2, title: 'Records', current_major: 2, major_published_at: '2026-10-20T15:00:00.000Z' },
  { module_id: 'cards', number: 3, title: 'Cards', current_major: 3, major_published_at: '2026-11-30T23:59:59.999Z' },
];
const moduleRoles: Start[1] = [
  { module_id: 'basics', role_key: 'staff' },
  { module_id: 'records', role_key: 'records_clerk' },
  { module_id: 'records', role_key: 'supervisor' },
  { module_id: 'cards', role_key: 'card_processor' },
];

const hires = ['2020-02-29', '2026-10-01', '2026-11-15', '2026-12-31'];
const grantShifts = [null, -40, 0, 3, 25]; // days after hire the extra roles were granted (null: not held)
// Expiries around the clock: expired long ago, just expired, expiring (the window's edges), current, and odd shapes.
const expiryShifts = [
  -400 * DAY,
  -1,
  0,
  1,
  DAY - 1,
  29 * DAY,
  30 * DAY,
  30 * DAY + 1,
  59.5 * DAY,
  60 * DAY,
  89.9 * DAY,
  90 * DAY,
  400 * DAY,
];
const clocks = ['2026-12-01T00:00:00.000Z', '2026-12-01T23:59:59.999Z', '2027-01-31T12:00:00.000Z'];

/** Everyone of the grid, their roles and completions, for a clock. */
function grid(nowMs: number): Chunk {
  const chunk: Chunk = { people: [], roleRows: [], completions: [] };
  let id = 0;
  const completionVariants: ((staffId: number, moduleId: string, major: number) => Chunk['completions'])[] = [
    () => [],
    ...expiryShifts.map((shift) => (staffId: number, moduleId: string, major: number) => [
      {
        staff_id: staffId,
        module_id: moduleId,
        major,
        completed_at: new Date(nowMs + shift - 365 * DAY).toISOString(),
        expires_at: new Date(nowMs + shift).toISOString(),
        score: 80,
      },
    ]),
    // An earlier major version only (stale), then a later completion of it beside an older current one.
    (staffId, moduleId, major) => [
      {
        staff_id: staffId,
        module_id: moduleId,
        major: major - 1,
        completed_at: '2026-06-01T00:00:00.000Z',
        expires_at: '2027-06-01T00:00:00.000Z',
        score: 70,
      },
    ],
    (staffId, moduleId, major) => [
      {
        staff_id: staffId,
        module_id: moduleId,
        major,
        completed_at: '2026-01-01T00:00:00.000Z',
        expires_at: '2027-01-01T00:00:00.000Z',
        score: 90,
      },
      {
        staff_id: staffId,
        module_id: moduleId,
        major: major - 1,
        completed_at: '2026-03-01T00:00:00.000Z',
        expires_at: '2027-03-01T00:00:00.000Z',
        score: 60,
      },
    ],
    // Expiries not in the stored shape: read as Date.parse reads them, shown as stored.
    (staffId, moduleId, major) => [
      {
        staff_id: staffId,
        module_id: moduleId,
        major,
        completed_at: '2026-01-05T00:00:00.000Z',
        expires_at: '2026-12-20T09:30:00Z',
        score: 75,
      },
    ],
  ];
  for (const hire of hires)
    for (const shift of grantShifts)
      for (let v = 0; v < completionVariants.length; v++) {
        id += 1;
        chunk.people.push({ id, display_name: `P${id}`, employee_id: `E${id}`, hire_date: hire, department: `D${id % 3}` });
        chunk.roleRows.push({ staff_id: id, role_key: 'staff', granted_at: `${hire}T09:00:00.000Z` });
        if (shift !== null) {
          const granted = `${addDays(hire, shift)}T17:45:00.000Z`;
          chunk.roleRows.push({ staff_id: id, role_key: 'records_clerk', granted_at: granted });
          chunk.roleRows.push({ staff_id: id, role_key: 'card_processor', granted_at: granted });
          chunk.roleRows.push({ staff_id: id, role_key: 'supervisor', granted_at: `${addDays(hire, shift + 2)}T01:00:00.000Z` });
        }
        for (const m of modules)
          chunk.completions.push(...completionVariants[(v + m.number) % completionVariants.length]!(id, m.module_id, m.current_major));
      }
  return chunk;
}

/** The cell as trainingStatus says it, mapped to the report's words as the report has always done. */
function expectedCell(chunk: Chunk, staffId: number, m: Start[0][number], dueDays: number, now: Date): CellFact | null {
  const person = chunk.people.find((p) => p.id === staffId)!;
  const requiring = moduleRoles.filter((mr) => mr.module_id === m.module_id).map((mr) => mr.role_key);
  const grants = chunk.roleRows.filter((r) => r.staff_id === staffId && requiring.includes(r.role_key));
  if (grants.length === 0) return null;
  const assignedOn = grants
    .map((g) => (g.granted_at.slice(0, 10) < person.hire_date ? person.hire_date : g.granted_at.slice(0, 10)))
    .sort()[0]!;
  const latest = chunk.completions
    .filter((c) => c.staff_id === staffId && c.module_id === m.module_id)
    .sort((a, b) => (a.completed_at < b.completed_at ? 1 : -1))[0];
  const s = trainingStatus({
    assignedOn,
    dueDays,
    currentMajor: m.current_major,
    majorPublishedAt: m.major_published_at,
    latest: latest ? { major: latest.major, completedAt: latest.completed_at, expiresAt: latest.expires_at } : null,
    started: false,
    now,
  });
  const base = { moduleId: m.module_id, days: null, expiresAt: null, dueDate: s.dueDate };
  switch (s.status) {
    case 'passed':
      return { ...base, status: 'current', expiresAt: s.expiresAt };
    case 'expiring':
      return { ...base, status: 'expiring', days: Math.ceil((Date.parse(s.expiresAt!) - now.getTime()) / DAY), expiresAt: s.expiresAt };
    case 'expired':
      return { ...base, status: 'expired', expiresAt: s.expiresAt };
    case 'overdue':
      return {
        ...base,
        status: 'overdue',
        days: Math.max(1, -Math.ceil((Date.parse(`${s.dueDate}T00:00:00.000Z`) + DAY - 1 - now.getTime()) / DAY)),
      };
    default:
      return { ...base, status: latest ? 'expired' : 'never' };
  }
}

describe('the certification report cells', () => {
  const reached = new Set<string>();
  for (const clock of clocks)
    for (const dueDays of [0, 30, 90])
      it(`say what trainingStatus says, at ${clock} with ${dueDays} days to train`, async () => {
        const now = new Date(clock);
        const chunk = grid(now.getTime());
        const { rows, summary } = await foldCertificationFacts(
          async (sink) => {
            sink.start(modules, moduleRoles);
            sink.chunk(chunk);
          },
          dueDays,
          now,
        );
        expect(rows).toHaveLength(chunk.people.length);
        const counts = { current: 0, expiring: 0, expired: 0, overdue: 0, never: 0 };
        const soon = [0, 0, 0];
        for (const row of rows) {
          const expected = modules.map((m) => expectedCell(chunk, row.staffId, m, dueDays, now)).filter((c) => c !== null);
          expect(row.modules, row.name).toEqual(expected);
          expect(presentRow(row).modules).toEqual(expected.map((c) => ({ ...c, text: cellText(c) })));
          for (const c of expected) {
            counts[c.status] += 1;
            const left = c.expiresAt ? (Date.parse(c.expiresAt) - now.getTime()) / DAY : -1;
            if (left >= 0 && left < 90) soon[Math.floor(left / 30)]! += 1;
            expect(row.cellOf(c.moduleId)).toEqual({ status: c.status, days: c.days });
            expect(row.has(c.status, c.moduleId)).toBe(true);
          }
          expect(row.fullyCertified).toBe(expected.every((c) => c.status === 'current' || c.status === 'expiring'));
          // Certified for a role: every module it (or everyone's "staff") requires is current.
          const ok = new Set(expected.filter((c) => c.status === 'current' || c.status === 'expiring').map((c) => c.moduleId));
          const held = chunk.roleRows.filter((r) => r.staff_id === row.staffId).map((r) => r.role_key);
          const certified = held.filter((role) =>
            moduleRoles.filter((mr) => mr.role_key === role || mr.role_key === 'staff').every((mr) => ok.has(mr.module_id)),
          );
          expect([...row.certifiedRoles].sort()).toEqual(certified.sort());
          expect([...row.uncertifiedRoles].sort()).toEqual(held.filter((r) => !certified.includes(r)).sort());
        }
        expect(summary.byStatus).toEqual(counts);
        expect(summary.expiringSoon.map((b) => b.count)).toEqual(soon);
        for (const [status, n] of Object.entries(counts)) if (n > 0) reached.add(status);
      });

  it('(the grid reaches every status)', () => {
    expect([...reached].sort()).toEqual(['current', 'expired', 'expiring', 'never', 'overdue']);
  });

  it('keeps an expiry it cannot read as stored (expired, due that day), as before', async () => {
    const now = new Date(clocks[0]!);
    const chunk: Chunk = {
      people: [{ id: 1, display_name: 'Odd', employee_id: 'E1', hire_date: '2026-01-01', department: 'D' }],
      roleRows: [{ staff_id: 1, role_key: 'staff', granted_at: '2026-01-01T00:00:00.000Z' }],
      completions: [
        { staff_id: 1, module_id: 'basics', major: 1, completed_at: '2026-01-02T00:00:00.000Z', expires_at: 'not a time', score: 1 },
      ],
    };
    const { rows } = await foldCertificationFacts(
      async (sink) => {
        sink.start(modules, moduleRoles);
        sink.chunk(chunk);
      },
      30,
      now,
    );
    expect(rows[0]!.modules).toEqual([
      { moduleId: 'basics', status: 'expired', days: null, expiresAt: 'not a time', dueDate: 'not a time' },
    ]);
  });
});

describe('day numbers', () => {
  it('read a day as Date.parse does, and write it back', () => {
    const wrong: string[] = [];
    for (let day = dayNumber('1000-01-01'); day < dayNumber('3000-01-01'); day += 3) {
      const iso = new Date(day * DAY + (((day % 86) + 86) % 86) * 1_000_003).toISOString();
      if (dayNumber(iso.slice(0, 10)) !== day || dayNumber(iso) !== day || dayString(day) !== iso.slice(0, 10)) wrong.push(iso);
    }
    expect(wrong).toEqual([]);
    for (const odd of ['2026-02-29', '2024-02-29', '2026-04-31', '2026-13-01', '2026-1a-01', '0999-12-31', '', '2026-11-24T09:30:00+05:00'])
      expect(Object.is(dayNumber(odd), Math.floor(new Date(`${odd.slice(0, 10)}T00:00:00Z`).getTime() / DAY)), odd).toBe(true);
  });
  it('add days as the calendar does', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31T23:00:00.000Z', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(() => addDays('nonsense', 1)).toThrow(RangeError);
  });
});
