/** Medians of repeated runs, and two things timed in alternation so load from elsewhere falls on both alike. */
import { performance } from 'node:perf_hooks';

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function timeOnce(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Milliseconds of each run, after one warm-up run. */
export async function sample(fn: (run: number) => unknown, runs: number): Promise<number[]> {
  await fn(-1);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await timeOnce(() => fn(i)));
  return out;
}

/**
 * Runs a and b alternately (a, b, b, a, …) after `warmup` untimed runs of each; returns the medians.
 * Warm-up runs get the run numbers after the timed ones, so each run number is used once.
 */
export async function paired(
  a: (run: number) => unknown,
  b: (run: number) => unknown,
  runs: number,
  warmup = 1,
): Promise<{ a: number; b: number; ratio: number }> {
  for (let w = 0; w < warmup; w++) {
    await a(runs + w);
    await b(runs + w);
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      ta.push(await timeOnce(() => a(i)));
      tb.push(await timeOnce(() => b(i)));
    } else {
      tb.push(await timeOnce(() => b(i)));
      ta.push(await timeOnce(() => a(i)));
    }
  }
  const ma = median(ta);
  const mb = median(tb);
  return { a: ma, b: mb, ratio: ma / mb };
}

export const ms = (x: number): string => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
export const times = (x: number): string => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
export const perSecond = (x: number): string => `${Math.round(x / 1000).toLocaleString('en-US')}k/s`;
