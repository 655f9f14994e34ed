/** The app's own channels: the privacy statement under Help, and saving the page on screen as a PDF. */
import type { Caller } from './caller.js';
import type { ServiceContext } from './context.js';
import { formatDate } from './format.js';
import { actorOf, type Principal } from './staff/principal.js';

export class AppService {
  constructor(
    private readonly ctx: ServiceContext,
    /** The organization's privacy statement (Markdown) the training is built from, read at start-up. */
    private readonly statement: string,
  ) {}

  privacyStatement(): { markdown: string } {
    return { markdown: this.statement };
  }

  /** File › Save Page as PDF: what the window shows, to a file the person chooses. */
  async savePagePdf(principal: Principal, title: string, caller: Caller): Promise<{ saved: boolean; path: string | null }> {
    const name = `Clearance ${title.replace(/[^\w .-]+/g, ' ').trim()} ${formatDate(this.ctx.clock.now())}.pdf`;
    const path = await this.ctx.desktop.savePdf(caller.senderKey, name);
    await this.ctx.audit.record({
      actor: actorOf(principal),
      workstation: caller.workstation,
      event: 'app.page_saved',
      outcome: 'allowed',
      resource: { type: 'page', id: title },
      reason: path ? 'page saved as PDF' : 'save cancelled',
    });
    return { saved: path !== null, path };
  }
}
