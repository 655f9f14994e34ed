/** Types for scripts/electron-binary.mjs, for the tests that import it. */
import type { Writable } from 'node:stream';

export function findElectronBinary(root?: string): string | null;
export const NO_ELECTRON_MESSAGE: string;
export function installTimeoutMs(env?: Record<string, string | undefined>): number;
export function installElectronBinary(options?: {
  root?: string;
  timeoutMs?: number;
  out?: Writable & { isTTY?: boolean };
  tickMs?: number;
}): Promise<{ ok: true } | { ok: false; why: string }>;
