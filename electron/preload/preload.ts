/**
 * The preload exposes exactly one function to the page. The page never sees ipcRenderer,
 * Node, or any session id: main knows the session from which window is calling.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ClearanceBridge } from '../contract/client.js';

const bridge: ClearanceBridge = {
  invoke: (channel: string, input: unknown, requestId?: string) => ipcRenderer.invoke('clearance:invoke', channel, input, requestId),
};

contextBridge.exposeInMainWorld('clearance', bridge);
