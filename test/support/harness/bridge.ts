/**
 * Stands in for the preload: `window.clearance.invoke` in the page calls the real router in
 * this Node process over a real database. Each page is its own sender, as each Electron window is.
 */
import type { Page } from '@playwright/test';
import type { Router } from '../../../electron/ipc/router.js';

let nextPage = 1;
const pageKeys = new WeakMap<Page, string>();

export function senderKeyOf(page: Page): string {
  let key = pageKeys.get(page);
  if (!key) {
    key = `page-${nextPage++}`;
    pageKeys.set(page, key);
  }
  return key;
}

export async function attachBridge(page: Page, router: Router, workstation = 'harness-ws'): Promise<void> {
  await page.exposeBinding('__clearanceInvoke', (source, channel: unknown, input: unknown, requestId: unknown) =>
    router.invoke({ senderKey: senderKeyOf(source.page), workstation }, channel, input, requestId),
  );
  // A string, not a function: transpilers may wrap functions in helpers the page does not have.
  await page.addInitScript({
    content: `Object.defineProperty(window, 'clearance', { value: Object.freeze({ invoke: (c, i, r) => window.__clearanceInvoke(c, i, r) }) });`,
  });
}
