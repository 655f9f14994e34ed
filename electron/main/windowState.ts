/** Remembers the window's size and position between runs, and ignores a saved place that is off every screen. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WindowBounds } from './windowOptions.js';

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 860 };

/** Saved bounds, if they are sane and at least partly on one of the displays. */
export function restoreBounds(saved: unknown, displays: readonly Area[]): WindowBounds {
  if (!saved || typeof saved !== 'object') return DEFAULT_BOUNDS;
  const b = saved as Record<string, unknown>;
  const nums = ['x', 'y', 'width', 'height'].every((k) => typeof b[k] === 'number' && Number.isFinite(b[k]));
  if (!nums) return DEFAULT_BOUNDS;
  const r = { x: b.x as number, y: b.y as number, width: Math.max(960, b.width as number), height: Math.max(640, b.height as number) };
  const visible = displays.some(
    (d) => r.x < d.x + d.width - 100 && r.x + r.width > d.x + 100 && r.y >= d.y - 10 && r.y < d.y + d.height - 100,
  );
  return visible ? r : { width: r.width, height: r.height };
}

export function loadWindowState(dir: string): unknown {
  const file = join(dir, 'window-state.json');
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  } catch {
    return null;
  }
}

export function saveWindowState(dir: string, bounds: Area): void {
  writeFileSync(join(dir, 'window-state.json'), JSON.stringify(bounds));
}
