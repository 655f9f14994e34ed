/** The certification report as a self-contained, printable HTML document (rendered to PDF by Chromium). */
import type { CertificationReport, ReportSummary } from './certificationReport.js';
import { certifiedText, recordAccessText, rolesText } from './certificationTable.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function reportHtml(
  report: CertificationReport,
  summary: ReportSummary,
  meta: { title: string; generatedAt: string; generatedBy: string; filterText: string },
): string {
  const head = report.modules.map((m) => `<th>M${m.number}</th>`).join('');
  const rows = report.rows
    .map((r) => {
      const cells = report.modules
        .map((m) => {
          const c = r.modules.find((x) => x.moduleId === m.moduleId);
          return `<td class="${c ? c.status : 'na'}">${c ? esc(c.text) : '—'}</td>`;
        })
        .join('');
      return `<tr><td>${esc(r.name)}<br><small>${esc(r.employeeId)}</small></td><td>${esc(r.department)}</td><td>${esc(rolesText(r))}</td>${cells}<td>${esc(certifiedText(r))}</td><td>${esc(recordAccessText(r))}</td></tr>`;
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
small{color:#555}</style></head><body>
<h1>${esc(meta.title)}</h1>
<p class="meta">Generated ${esc(meta.generatedAt)} by ${esc(meta.generatedBy)}. ${esc(meta.filterText)}</p>
<div class="summary"><div><strong>${summary.compliancePercent}%</strong> fully certified (${summary.fullyCertified} of ${summary.people})</div>
<div>Current ${summary.byStatus.current} · Expiring ${summary.byStatus.expiring} · Expired ${summary.byStatus.expired} · Overdue ${summary.byStatus.overdue} · Never ${summary.byStatus.never}</div></div>
<table><thead><tr><th>Name</th><th>Department</th><th>Roles</th>${head}<th>Fully certified</th><th>Record access</th></tr></thead><tbody>${rows}</tbody></table>
<p class="meta">Modules: ${legend}</p></body></html>`;
}
