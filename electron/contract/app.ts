import { z } from 'zod';
import { defineChannel } from './channel.js';

export const appContract = {
  'app.savePagePdf': defineChannel({
    access: 'session',
    summary: 'Save what the window shows as a PDF file the person chooses (File › Save Page as PDF).',
    input: z.object({ title: z.string().trim().min(1).max(80) }).strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable() }),
  }),
};
