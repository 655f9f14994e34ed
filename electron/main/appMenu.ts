/**
 * The application menu: File (save as PDF, print, export, sign out), Edit, View, Help (About,
 * the privacy statement). Menu commands reach the page as a DOM event the renderer listens for,
 * so the preload still exposes only `invoke`.
 */
import type { MenuItemConstructorOptions } from 'electron';

export type MenuCommand = 'export' | 'sign-out' | 'privacy-statement' | 'save-pdf';

export interface MenuActions {
  command(command: MenuCommand): void;
  print(): void;
  about(): void;
}

export function menuTemplate(actions: MenuActions, isMac: boolean): MenuItemConstructorOptions[] {
  return [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.command('export') },
        { label: 'Save Page as PDF…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.command('save-pdf') },
        { label: 'Print…', accelerator: 'CmdOrCtrl+P', click: () => actions.print() },
        { type: 'separator' },
        { label: 'Sign Out', accelerator: 'CmdOrCtrl+Shift+Q', click: () => actions.command('sign-out') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    {
      label: '&Help',
      submenu: [
        { label: 'Privacy Statement', click: () => actions.command('privacy-statement') },
        { type: 'separator' },
        { label: 'About Clearance', click: () => actions.about() },
      ],
    },
  ];
}

/** The script main runs in the page to deliver a menu command (a fixed string, never user input). */
export function commandScript(command: MenuCommand): string {
  return `window.dispatchEvent(new CustomEvent('clearance:menu', { detail: ${JSON.stringify(command)} }))`;
}
