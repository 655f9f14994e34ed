/**
 * The router's memory of recent request ids: bounded in count and time, per scope, and it never
 * keeps a failure that a retry could fix.
 */
import { describe, expect, it } from 'vitest';
import type { Result } from '../../electron/contract/result.js';
import { RecentRequests } from '../../electron/ipc/recentRequests.js';

function counter() {
  let runs = 0;
  const work = (result: Result<unknown> = { ok: true, value: { run: runs + 1 } }) => {
    return () => {
      runs++;
      return Promise.resolve(result);
    };
  };
  return { work, runs: () => runs };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('recent requests', () => {
  it('runs the work once per id; a duplicate waits for the first and gets its result', async () => {
    let release!: (r: Result<unknown>) => void;
    let runs = 0;
    const slow = () => {
      runs++;
      return new Promise<Result<unknown>>((r) => (release = r));
    };
    const recent = new RecentRequests(() => 0);
    const first = recent.once('s', 'id-1', 'records.process', { id: 1 }, slow);
    const second = recent.once('s', 'id-1', 'records.process', { id: 1 }, slow);
    expect(first.kind).toBe('first');
    expect(second.kind).toBe('repeat');
    release({ ok: true, value: 'done' });
    if (first.kind === 'mismatch' || second.kind === 'mismatch') throw new Error('unexpected mismatch');
    expect(await first.result).toEqual({ ok: true, value: 'done' });
    expect(await second.result).toEqual({ ok: true, value: 'done' });
    expect(runs).toBe(1);
  });

  it('tells a reuse of the id for another channel or input apart', () => {
    const { work } = counter();
    const recent = new RecentRequests(() => 0);
    recent.once('s', 'id-1', 'records.open', { id: 1 }, work());
    expect(recent.once('s', 'id-1', 'records.open', { id: 2 }, work()).kind).toBe('mismatch');
    expect(recent.once('s', 'id-1', 'records.reveal', { id: 1 }, work()).kind).toBe('mismatch');
    expect(recent.once('other', 'id-1', 'records.open', { id: 2 }, work()).kind).toBe('first');
  });

  it('keeps a refusal, but forgets an internal or connection failure so that a retry runs', async () => {
    const c = counter();
    const recent = new RecentRequests(() => 0);
    recent.once('s', 'refused', 'x.y', {}, c.work({ ok: false, code: 'CONFLICT', message: 'no' }));
    recent.once('s', 'internal', 'x.y', {}, c.work({ ok: false, code: 'INTERNAL', message: 'oops' }));
    recent.once('s', 'offline', 'x.y', {}, c.work({ ok: false, code: 'UNAVAILABLE', message: 'offline' }));
    await settle();
    expect(recent.once('s', 'refused', 'x.y', {}, c.work()).kind).toBe('repeat');
    expect(recent.once('s', 'internal', 'x.y', {}, c.work()).kind).toBe('first');
    expect(recent.once('s', 'offline', 'x.y', {}, c.work()).kind).toBe('first');
    expect(c.runs()).toBe(5);
  });

  it('forgets after the time limit, keeps at most the count limit per scope, and forgets a scope on request', async () => {
    let now = 0;
    const c = counter();
    const recent = new RecentRequests(() => now, { perScope: 3, keepMs: 1000 });
    for (const id of ['a', 'b', 'c', 'd']) recent.once('s', id, 'x.y', {}, c.work());
    await settle();
    recent.once('t', 'a', 'x.y', {}, c.work());
    await settle();
    // The oldest settled one made room: 3 in scope s, 1 in t.
    expect(recent.size).toBe(4);
    expect(recent.once('s', 'a', 'x.y', {}, c.work()).kind).toBe('first');
    expect(recent.once('s', 'd', 'x.y', {}, c.work()).kind).toBe('repeat');
    recent.forget('t');
    expect(recent.once('t', 'a', 'x.y', {}, c.work()).kind).toBe('first');
    await settle();
    now = 1001;
    expect(recent.once('s', 'd', 'x.y', {}, c.work()).kind).toBe('first');
    await settle();
    expect(recent.size).toBe(1);
  });

  it('never forgets a request that is still running, whatever its age or the count', () => {
    let now = 0;
    const recent = new RecentRequests(() => now, { perScope: 1, keepMs: 10 });
    const never = () => new Promise<Result<unknown>>(() => {});
    recent.once('s', 'running', 'x.y', {}, never);
    recent.once('s', 'also-running', 'x.y', {}, never);
    now = 1000;
    expect(recent.once('s', 'running', 'x.y', {}, never).kind).toBe('repeat');
    expect(recent.once('s', 'also-running', 'x.y', {}, never).kind).toBe('repeat');
  });
});
