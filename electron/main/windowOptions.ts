/** The hardened options of every Clearance window (Electron's security checklist). */
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowBounds {
  width: number;
  height: number;
  x?: number | undefined;
  y?: number | undefined;
}

export function mainWindowOptions(
  preloadPath: string,
  bounds: WindowBounds = { width: 1280, height: 860 },
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 960,
    minHeight: 640,
    title: 'Clearance',
    show: false,
    backgroundColor: '#f3f5f7',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: process.env.CLEARANCE_DEVTOOLS === '1',
    },
  };
}
