import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingLog } from '../../electron/main/rotatingLog.js';
import { DEFAULT_BOUNDS, loadWindowState, restoreBounds, saveWindowState } from '../../electron/main/windowState.js';
import { commandScript, menuTemplate } from '../../electron/main/appMenu.js';

describe('the rotating log', () => {
  it('rotates at the size limit and keeps only the newest files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    const log = new RotatingLog({ dir, maxBytes: 200, keep: 2, now: () => new Date('2026-11-24T09:00:00Z') });
    for (let i = 0; i < 30; i++) log.info(`event ${i} happened`);
    expect(existsSync(join(dir, 'clearance.log'))).toBe(true);
    expect(existsSync(join(dir, 'clearance.log.1'))).toBe(true);
    expect(existsSync(join(dir, 'clearance.log.2'))).toBe(true);
    expect(existsSync(join(dir, 'clearance.log.3'))).toBe(false);
    const current = readFileSync(join(dir, 'clearance.log'), 'utf8');
    expect(current).toContain('event 29 happened');
    expect(current.length).toBeLessThanOrEqual(200);
  });
  it('keeps each entry on one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    new RotatingLog({ dir }).error('line one\nline two');
    expect(readFileSync(join(dir, 'clearance.log'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('the remembered window', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('restores a saved size and place that is on a screen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'win-'));
    saveWindowState(dir, { x: 100, y: 80, width: 1400, height: 900 });
    expect(restoreBounds(loadWindowState(dir), screen)).toEqual({ x: 100, y: 80, width: 1400, height: 900 });
  });
  it('keeps the size but not a place that is off every screen (a display was unplugged)', () => {
    expect(restoreBounds({ x: 4000, y: 100, width: 1400, height: 900 }, screen)).toEqual({ width: 1400, height: 900 });
  });
  it('falls back to the default for nothing, junk or a tiny window', () => {
    expect(restoreBounds(null, screen)).toEqual(DEFAULT_BOUNDS);
    expect(restoreBounds({ x: 'a' }, screen)).toEqual(DEFAULT_BOUNDS);
    expect(restoreBounds({ x: 0, y: 0, width: 10, height: 10 }, screen)).toEqual({ x: 0, y: 0, width: 960, height: 640 });
  });
});

describe('the application menu', () => {
  it('has File (export, save as PDF, print, sign out), Edit and Help (privacy statement, About)', () => {
    const calls: string[] = [];
    const template = menuTemplate(
      { command: (c) => calls.push(c), print: () => calls.push('print'), about: () => calls.push('about') },
      false,
    );
    const labels = template.map((m) => m.label);
    expect(labels).toEqual(['&File', '&Edit', '&View', '&Help']);
    const items = (label: string) =>
      (template.find((m) => m.label === label)!.submenu as { label?: string; click?: () => void }[]).filter((i) => i.label);
    for (const i of [...items('&File'), ...items('&Help')]) i.click?.();
    expect(calls).toEqual(['export', 'save-pdf', 'print', 'sign-out', 'privacy-statement', 'about']);
  });
  it('delivers commands as a fixed DOM event script', () => {
    expect(commandScript('sign-out')).toBe(`window.dispatchEvent(new CustomEvent('clearance:menu', { detail: "sign-out" }))`);
  });
});
