import type { Handler } from '../router.js';

export const reviewsHandlers: { 'reviews.team': Handler<'reviews.team'>; 'reviews.complete': Handler<'reviews.complete'> } = {
  'reviews.team': async (_input, ctx) => ctx.services.accessReviews.team(ctx.session.principal, ctx.caller),
  'reviews.complete': async (input, ctx) => ctx.services.accessReviews.complete(ctx.session.principal, input, ctx.caller),
};
