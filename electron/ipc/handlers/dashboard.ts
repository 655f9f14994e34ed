import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_NAMES } from '../../contract/roles.js';
import { authorize } from '../../services/policy/authorize.js';
import { privacyDashboard } from '../../services/reports/dashboard.js';
import { certificationReport, summarize } from '../../services/reports/certificationReport.js';
import { reportHtml } from '../../services/reports/reportDocument.js';
import { toCsv } from '../../services/export/csv.js';
import { AppError } from '../../services/errors.js';
import type { Handler } from '../router.js';

export const dashboardHandlers: {
  'dashboard.privacy': Handler<'dashboard.privacy'>;
  'dashboard.evidencePack': Handler<'dashboard.evidencePack'>;
} = {
  'dashboard.privacy': async (_input, ctx) => {
    const { db, clock } = ctx.services.ctx;
    await authorize(db, ctx.services.audit, ctx.session.principal, ctx.caller.workstation, 'read', 'Dashboard');
    return privacyDashboard(db, await ctx.services.training.dueDays(), clock.now());
  },

  'dashboard.evidencePack': async (_input, ctx) => {
    const { db, clock } = ctx.services.ctx;
    const { principal } = ctx.session;
    await authorize(db, ctx.services.audit, principal, ctx.caller.workstation, 'export', 'Dashboard');
    const now = clock.now();
    const stamp = `Generated ${now.toISOString()} by ${principal.displayName} (${principal.username})`;
    const folder = await ctx.desktop.chooseFolder(ctx.caller.senderKey, `clearance-evidence-${now.toISOString().slice(0, 10)}`);
    if (!folder) throw new AppError('CONFLICT', 'No folder was chosen; nothing was written.');
    const files: { name: string; content: string | Uint8Array }[] = [];

    const report = await certificationReport(db, { kind: 'organization' }, await ctx.services.training.dueDays(), now);
    const summary = summarize(report, now);
    files.push({
      name: 'certification-report.csv',
      content: toCsv(
        [
          'Name',
          'Employee ID',
          'Department',
          'Roles',
          ...report.modules.map((m) => `${m.number}. ${m.title}`),
          'Fully certified',
          'Record access',
        ],
        report.rows.map((r) => [
          r.name,
          r.employeeId,
          r.department,
          r.roles.map((x) => ROLE_NAMES[x]).join('; '),
          ...report.modules.map((m) => r.modules.find((c) => c.moduleId === m.moduleId)?.text ?? 'not required'),
          r.fullyCertified ? 'yes' : 'no',
          r.recordAccessActive ? 'active' : 'inactive',
        ]),
        ['Certification report: whole organization', stamp],
      ),
    });
    files.push({
      name: 'certification-report.pdf',
      content: await ctx.desktop.htmlToPdf(
        reportHtml(report, summary, {
          title: 'Certification report: whole organization',
          generatedAt: now.toISOString(),
          generatedBy: `${principal.displayName} (${principal.username})`,
          filterText: 'No filter.',
        }),
      ),
    });

    const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString();
    const reviews = await db
      .selectFrom('access_reviews as r')
      .innerJoin('staff as s', 's.id', 'r.staff_id')
      .innerJoin('staff as v', 'v.id', 'r.reviewer_id')
      .leftJoin('access_review_decisions as d', 'd.review_id', 'r.id')
      .select(['r.id', 's.display_name as person', 'v.display_name as reviewer', 'r.completed_at', 'd.role_key', 'd.decision', 'd.note'])
      .where('r.completed_at', '>=', yearAgo)
      .orderBy('r.completed_at')
      .execute();
    files.push({
      name: 'access-reviews.csv',
      content: toCsv(
        ['Review', 'Person', 'Reviewer', 'Completed', 'Role', 'Decision', 'Note'],
        reviews.map((r) => [String(r.id), r.person, r.reviewer, r.completed_at, r.role_key ?? '', r.decision ?? '', r.note ?? '']),
        [stamp],
      ),
    });

    const grants = await db
      .selectFrom('break_glass_grants as g')
      .innerJoin('staff as s', 's.id', 'g.staff_id')
      .leftJoin('staff as v', 'v.id', 'g.reviewer_id')
      .select([
        'g.id',
        's.display_name as person',
        'g.record_type',
        'g.record_id',
        'g.reason',
        'g.denied_because',
        'g.granted_at',
        'g.review_status',
        'v.display_name as reviewer',
        'g.reviewed_at',
        'g.review_note',
      ])
      .where('g.granted_at', '>=', yearAgo)
      .orderBy('g.granted_at')
      .execute();
    files.push({
      name: 'break-glass-reviews.csv',
      content: toCsv(
        [
          'Grant',
          'Person',
          'Record type',
          'Record',
          'Reason',
          'Normal access refused because',
          'Granted',
          'Review',
          'Reviewer',
          'Reviewed',
          'Note',
        ],
        grants.map((g) => [
          String(g.id),
          g.person,
          g.record_type,
          String(g.record_id),
          g.reason,
          g.denied_because,
          g.granted_at,
          g.review_status,
          g.reviewer ?? '',
          g.reviewed_at ?? '',
          g.review_note ?? '',
        ]),
        [stamp],
      ),
    });

    const verify = await ctx.services.audit.verify(db);
    files.push({
      name: 'audit-chain-verification.json',
      content: JSON.stringify({ verifiedAt: now.toISOString(), verifiedBy: principal.username, ...verify }, null, 2),
    });
    const versions = await db
      .selectFrom('training_module_versions as v')
      .innerJoin('training_modules as m', 'm.module_id', 'v.module_id')
      .select(['v.module_id', 'v.version', 'v.title', 'v.content_hash', 'v.published_at', 'm.current_version'])
      .orderBy('v.module_id')
      .orderBy('v.published_at')
      .execute();
    files.push({
      name: 'training-content-versions.json',
      content: JSON.stringify(
        versions.map((v) => ({
          module: v.module_id,
          version: v.version,
          title: v.title,
          inForce: v.version === v.current_version,
          publishedAt: v.published_at,
          contentSha256: v.content_hash,
        })),
        null,
        2,
      ),
    });

    const manifest = files.map((f) => {
      const bytes = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : Buffer.from(f.content);
      writeFileSync(join(folder, f.name), bytes);
      return { name: f.name, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    });
    writeFileSync(
      join(folder, 'manifest.json'),
      JSON.stringify(
        {
          generatedAt: now.toISOString(),
          generatedBy: principal.username,
          auditHeadHash: verify.ok ? verify.headHash : null,
          files: manifest,
        },
        null,
        2,
      ),
    );
    await ctx.services.audit.append(db, {
      actor: { id: principal.id, username: principal.username },
      workstation: ctx.caller.workstation,
      event: 'evidence.pack',
      outcome: 'allowed',
      resource: { type: 'EvidencePack', id: now.toISOString().slice(0, 10) },
      reason: `evidence pack written (${manifest.length} files)`,
      details: { files: manifest.map((m) => ({ name: m.name, sha256: m.sha256 })) },
    });
    return { saved: true, path: folder, files: manifest };
  },
};
