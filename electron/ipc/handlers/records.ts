import { AppError } from '../../services/errors.js';
import { decideRecordAccess } from '../../services/policy/recordAbility.js';
import { BREAK_GLASS_ROLES, PURPOSES, RECORD_SUBJECTS, SUBJECT_NAMES } from '../../services/policy/recordRules.js';
import { PURPOSE_LIST } from '../../services/records/recordsService.js';
import { toCsv } from '../../services/export/csv.js';
import type { Handler } from '../router.js';

export const recordsHandlers: {
  'records.myAccess': Handler<'records.myAccess'>;
  'records.list': Handler<'records.list'>;
  'records.open': Handler<'records.open'>;
  'records.reveal': Handler<'records.reveal'>;
  'records.process': Handler<'records.process'>;
  'records.breakGlass': Handler<'records.breakGlass'>;
  'records.export': Handler<'records.export'>;
} = {
  'records.myAccess': async (_input, ctx) => {
    const facts = await ctx.services.records.facts(ctx.session.principal);
    return {
      subjects: RECORD_SUBJECTS.map((subject) => {
        const d = decideRecordAccess(facts, 'list', subject);
        return { subject, name: SUBJECT_NAMES[subject], allowed: d.allowed, reason: d.reason };
      }),
      breakGlass: ctx.session.principal.roles.some((r) => BREAK_GLASS_ROLES.includes(r)),
    };
  },

  'records.list': async (input, ctx) => {
    const r = await ctx.services.records.list(
      ctx.session.principal,
      input.subject,
      { search: input.search, page: input.page, pageSize: input.pageSize },
      ctx.caller.workstation,
    );
    return { items: r.items, total: r.total, page: input.page, pageSize: input.pageSize };
  },

  'records.open': async (input, ctx) => {
    const r = await ctx.services.records.open(ctx.session.principal, input.subject, input.id, input.purpose, ctx.caller.workstation);
    if (r.status === 'purpose_required') return { status: 'purpose_required', purposes: PURPOSE_LIST };
    if (r.status === 'denied') return r;
    return { ...r, purposeLabel: PURPOSES[r.purpose] };
  },

  'records.reveal': async (input, ctx) => {
    const r = await ctx.services.records.reveal(ctx.session.principal, input.subject, input.id, input.field, ctx.caller.workstation);
    return { field: input.field, ...r };
  },

  'records.process': async (input, ctx) => ctx.services.records.process(ctx.session.principal, input.id, ctx.caller.workstation),

  'records.breakGlass': async (input, ctx) =>
    ctx.services.records.breakGlass(ctx.session.principal, input.subject, input.id, input.reason, input.password, ctx.caller.workstation),

  'records.export': async (input, ctx) => {
    const { principal } = ctx.session;
    const { headers, rows } = await ctx.services.records.exportRows(principal, input.subject, input.search, ctx.caller.workstation);
    const now = ctx.services.ctx.clock.now().toISOString();
    const stamp = `Generated ${now} by ${principal.displayName} (${principal.username}); protected fields masked`;
    const name = `clearance-${input.subject}-${now.slice(0, 10)}.${input.format}`;
    const content =
      input.format === 'csv'
        ? toCsv(headers, rows, [stamp])
        : JSON.stringify({ generatedAt: now, generatedBy: principal.username, columns: headers, rows }, null, 2);
    const path = await ctx.desktop.saveFile(ctx.caller.senderKey, name, content);
    if (!path) throw new AppError('CONFLICT', 'The export was cancelled; nothing was saved.');
    return { saved: true, path, rows: rows.length };
  },
};
