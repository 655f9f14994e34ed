/** Who is calling: a window (sender) on a workstation. The router takes it from the sender, never from the payload. */
export interface Caller {
  /** Identifies the calling window: its webContents id in Electron, its page in the test harness. */
  senderKey: string;
  workstation: string;
}
