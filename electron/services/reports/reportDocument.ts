/** The certification report as a self-contained, printable HTML document (rendered to PDF by Chromium). */
import type { CertificationReport, ReportSummary } from './certificationReport.js';
import { CARD_STATUSES, PEOPLE_BY_STATUS_WORDS } from '../../contract/reports.js';
import { reportColumns } from './certificationTable.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function reportHtml(
  report: CertificationReport,
  summary: ReportSummary,
  meta: { title: string; generatedAt: string; generatedBy: string; filterText: string },
): string {
  const columns = reportColumns(report);
  const moduleIds = new Map(report.modules.map((m) => [`M${m.number} ${m.title}`, m.moduleId]));
  // Module columns are headed M1, M2… (the legend below names them) and shaded by status.
  const head = columns.map((c) => `<th>${esc(moduleIds.has(c.header) ? c.header.split(' ')[0]! : c.header)}</th>`).join('');
  const rows = report.rows
    .map((r) => {
      const cells = columns
        .map((c) => {
          const moduleId = moduleIds.get(c.header);
          const status = moduleId ? (r.modules.find((x) => x.moduleId === moduleId)?.status ?? 'na') : '';
          return `<td${status ? ` class="${status}"` : ''}>${esc(c.cell(r))}</td>`;
        })
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('');
  const legend = report.modules.map((m) => `M${m.number} ${esc(m.title)}`).join(' · ');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(meta.title)}</title><style>
body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:9pt;color:#1b1b1b;margin:0}
h1{font-size:15pt;color:#162e51;margin:0 0 4pt}
.meta{color:#444;margin-bottom:8pt}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:3pt 4pt;text-align:left;vertical-align:top}
th{background:#e1e7f1}.current{background:#ecf3ec}.expiring{background:#faf3d1}.expired,.overdue{background:#f4e3db}.never{background:#f0f0f0}
.summary{display:flex;gap:18pt;margin:6pt 0 10pt}.summary div{border:1px solid #ccc;padding:4pt 8pt}
small{color:#555}td:first-child{white-space:nowrap}</style></head><body>
<h1>${esc(meta.title)}</h1>
<p class="meta">Generated ${esc(meta.generatedAt)} by ${esc(meta.generatedBy)}. ${esc(meta.filterText)}</p>
<div class="summary"><div><strong>${summary.fullyCertified} of ${summary.people}</strong> people fully certified (${summary.compliancePercent}%)</div>
${CARD_STATUSES.map((st) => `<div><strong>${summary.peopleByStatus[st]}</strong> ${summary.peopleByStatus[st] === 1 ? 'person' : 'people'} ${PEOPLE_BY_STATUS_WORDS[st].card}</div>`).join('')}</div>
<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>
<p class="meta">Modules: ${legend}</p></body></html>`;
}
