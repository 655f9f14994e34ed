/** Pure checks main applies to navigation, new windows, permissions, external links and IPC senders. */
import { APP_ORIGIN } from './appProtocol.js';

/** In-app navigation is allowed only within the app's own origin (hash routes included). */
export function isAllowedNavigation(url: string): boolean {
  try {
    return new URL(url).origin === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

/** Links that may open in the person's own browser: https only, on these hosts. */
export const EXTERNAL_ALLOW_LIST = ['www.pcisecuritystandards.org', 'csrc.nist.gov', 'kentucky.gov'];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password && EXTERNAL_ALLOW_LIST.includes(u.hostname);
  } catch {
    return false;
  }
}

/** Every permission request from web content (camera, microphone, notifications, geolocation…) is refused. */
export function permissionDecision(_permission: string): false {
  return false;
}

/** IPC is answered only for the app's own top-level page. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  return isAllowedNavigation(frameUrl);
}
