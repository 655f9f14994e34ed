/**
 * Which session each window holds. The renderer never sees or sends a session id: the main
 * process looks it up from the sender of each call.
 */
export class SessionBindings {
  private readonly bySender = new Map<string, string>();
  get(senderKey: string): string | undefined {
    return this.bySender.get(senderKey);
  }
  bind(senderKey: string, sessionId: string): void {
    this.bySender.set(senderKey, sessionId);
  }
  unbind(senderKey: string): void {
    this.bySender.delete(senderKey);
  }
}
