import { z } from 'zod';
import { defineChannel } from './channel.js';

export const appContract = {
  'app.privacyStatement': defineChannel({
    access: 'public',
    summary: "The organization's privacy statement (Markdown) that the training is built from.",
    input: z.object({}).strict(),
    output: z.object({ markdown: z.string() }),
  }),
  'app.savePagePdf': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Save what the window shows as a PDF file the person chooses (File › Save Page as PDF).',
    input: z.object({ title: z.string().trim().min(1).max(80) }).strict(),
    output: z.object({ saved: z.boolean(), path: z.string().nullable() }),
  }),
};
