import { z } from 'zod';
import { defineChannel } from './channel.js';
import { Empty, IsoTime, RoleKeySchema } from './common.js';

export const ReviewItem = z.object({
  staffId: z.number(),
  name: z.string(),
  department: z.string(),
  roles: z.array(z.object({ key: RoleKeySchema, name: z.string(), grants: z.string() })),
  fullyCertified: z.boolean(),
  recordAccessActive: z.boolean(),
  uncertifiedRoles: z.array(RoleKeySchema),
  lastReviewedAt: IsoTime.nullable(),
  dueAt: IsoTime,
  overdue: z.boolean(),
  activity: z.object({ since: IsoTime, opens: z.number(), reveals: z.number(), breakGlass: z.number(), denials: z.number() }),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewDecision = z
  .object({ role: RoleKeySchema, decision: z.enum(['keep', 'revoke']), note: z.string().trim().max(500).optional() })
  .strict();
export type ReviewDecision = z.output<typeof ReviewDecision>;

export const reviewsContract = {
  'reviews.team': defineChannel({
    access: 'session',
    summary: "Supervisors: each team member's roles, record access, training, activity and review due date.",
    input: Empty,
    output: z.object({ items: z.array(ReviewItem) }),
  }),
  'reviews.complete': defineChannel({
    access: 'session',
    mutation: true,
    summary: 'Supervisors: keep or revoke each role of a team member; a revoke takes effect at once.',
    input: z
      .object({
        staffId: z.number().int().positive(),
        decisions: z.array(ReviewDecision).max(10),
        note: z.string().trim().max(1000).optional(),
      })
      .strict(),
    output: z.object({ reviewId: z.number(), revoked: z.array(RoleKeySchema) }),
  }),
};
