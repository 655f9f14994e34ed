/**
 * The evidence pack for an assessor: the organization's certification report (CSV and PDF), a
 * year of access reviews and break-glass reviews, the audit-chain check and the training content
 * versions, with a manifest of SHA-256 hashes. Built here, written through the desktop.
 */
import { createHash } from 'node:crypto';
import type { EvidencePackResult } from '../../contract/dashboard.js';
import type { Caller } from '../caller.js';
import { DAY } from '../clock.js';
import type { ServiceContext } from '../context.js';
import type { FolderFile } from '../desktop.js';
import { AppError } from '../errors.js';
import { toCsv } from '../export/csv.js';
import { formatDate } from '../format.js';
import { authorize } from '../policy/authorize.js';
import { actorOf, type Principal } from '../staff/principal.js';
import { certificationCsv } from './certificationTable.js';
import { reportHtml } from './reportDocument.js';
import { generatedStamp, type ReportsService } from './reportsService.js';
import type { AuditIntegrityService } from '../audit/auditIntegrityService.js';
import { witnessLine } from '../audit/checkpoint.js';
import { fromCheckpointRow } from '../audit/trailVerifier.js';

const REPORT_TITLE = 'Certification report: whole organization';

const utf8 = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => utf8(JSON.stringify(value, null, 2));

export class EvidencePackService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly reports: ReportsService,
    private readonly integrity: AuditIntegrityService,
  ) {}

  /** Privacy officer: builds the pack and writes it to a folder they choose; the files' hashes go in the audit entry. */
  async write(principal: Principal, caller: Caller): Promise<EvidencePackResult> {
    const { audit, desktop } = this.ctx;
    await authorize(this.ctx, principal, caller.workstation, 'export', 'Dashboard');
    const { files, now, auditHeadHash } = await this.build(principal);
    const manifest = files.map((f) => ({
      name: f.name,
      sha256: createHash('sha256').update(f.content).digest('hex'),
      bytes: f.content.length,
    }));
    const all = [
      ...files,
      {
        name: 'manifest.json',
        content: json({ generatedAt: now.toISOString(), generatedBy: principal.username, auditHeadHash, files: manifest }),
      },
    ];
    const folder = await desktop.writeFolder(caller.senderKey, `clearance-evidence-${formatDate(now)}`, all);
    if (!folder) throw new AppError('CONFLICT', 'No folder was chosen; nothing was written.');
    await audit.record({
      actor: actorOf(principal),
      workstation: caller.workstation,
      event: 'evidence.pack',
      outcome: 'allowed',
      resource: { type: 'EvidencePack', id: formatDate(now) },
      reason: `evidence pack written (${manifest.length} files)`,
      details: { files: manifest.map((m) => ({ name: m.name, sha256: m.sha256 })) },
    });
    return { saved: true, path: folder, files: manifest };
  }

  private async build(principal: Principal): Promise<{ files: FolderFile[]; now: Date; auditHeadHash: string | null }> {
    const { db, desktop } = this.ctx;
    const { report, summary, now } = await this.reports.build({ kind: 'organization' });
    const stamp = generatedStamp(principal, now);
    const yearAgo = new Date(now.getTime() - 365 * DAY).toISOString();
    const files: FolderFile[] = [];

    files.push({ name: 'certification-report.csv', content: utf8(certificationCsv(report, [REPORT_TITLE, stamp, 'No filter.'])) });
    files.push({
      name: 'certification-report.pdf',
      content: await desktop.htmlToPdf(
        reportHtml(report, summary, {
          title: REPORT_TITLE,
          generatedAt: now.toISOString(),
          generatedBy: `${principal.displayName} (${principal.username})`,
          filterText: 'No filter.',
        }),
      ),
    });

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
      content: utf8(
        toCsv(
          ['Review', 'Person', 'Reviewer', 'Completed', 'Role', 'Decision', 'Note'],
          reviews.map((r) => [String(r.id), r.person, r.reviewer, r.completed_at, r.role_key ?? '', r.decision ?? '', r.note ?? '']),
          [stamp],
        ),
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
      content: utf8(
        toCsv(
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
      ),
    });

    // The verification, and every signed checkpoint as the witness files hold them: a witness the assessor keeps.
    const verify = await this.integrity.verify();
    files.push({
      name: 'audit-chain-verification.json',
      content: json({ verifiedAt: now.toISOString(), verifiedBy: principal.username, ...verify }),
    });
    const checkpoints = await db.selectFrom('audit_checkpoints').selectAll().orderBy('seq').orderBy('at').orderBy('id').execute();
    files.push({ name: 'audit-checkpoints.jsonl', content: utf8(checkpoints.map((c) => witnessLine(fromCheckpointRow(c))).join('')) });

    const versions = await db
      .selectFrom('training_module_versions as v')
      .innerJoin('training_modules as m', 'm.module_id', 'v.module_id')
      .select(['v.module_id', 'v.version', 'v.title', 'v.content_hash', 'v.published_at', 'm.current_version'])
      .orderBy('v.module_id')
      .orderBy('v.published_at')
      .execute();
    files.push({
      name: 'training-content-versions.json',
      content: json(
        versions.map((v) => ({
          module: v.module_id,
          version: v.version,
          title: v.title,
          inForce: v.version === v.current_version,
          publishedAt: v.published_at,
          contentSha256: v.content_hash,
        })),
      ),
    });
    return { files, now, auditHeadHash: verify.ok && verify.head ? verify.head.hash : null };
  }
}
