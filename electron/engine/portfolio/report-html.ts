// The portfolio report as one self-contained HTML file: pure functions of the report's data. Nothing
// in it loads or runs: images are data: URIs, the file's own policy allows no script, no network and
// no style but its one stylesheet, and every text from a learner or a pack passes safe-markdown.ts.
import { createHash } from 'node:crypto';
import { formatTimeSpent } from '../../../shared/text.ts';
import type { ReportData } from './report-data.ts';
import { formatDate, formatScore } from './report-format.ts';
import { REPORT_CSS } from './report-style.ts';
import { decisionsSection, missionSection, pathSection, reflectionSection, reviewSection, scoreSection, stagesSection } from './report-sections.ts';
import { escapeHtml as esc } from './safe-markdown.ts';

/** The file's policy: only data: images and the one stylesheet, by its hash. */
export function reportContentSecurityPolicy(css: string): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; img-src data:; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`;
}

export function buildReportHtml(data: ReportData): string {
  const { mission } = data;
  const title = `${mission.code} · ${mission.title} — ${data.learnerName}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(reportContentSecurityPolicy(REPORT_CSS))}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Outpost ${esc(data.appVersion)}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${headerSection(data)}
${missionSection(data)}
${pathSection(data)}
${decisionsSection(data)}
${stagesSection(data)}
${scoreSection(data)}
${reflectionSection(data)}
${reviewSection(data)}
<footer>Portfolio report ${esc(data.reportId)} · run ${esc(data.run.id)} · written by Outpost ${esc(data.appVersion)} on ${esc(formatDate(data.generatedAt))}.
The evidence files are listed with their SHA-256, so anyone holding a file can check it is the one submitted.</footer>
</main>
</body>
</html>
`;
}

function headerSection(data: ReportData): string {
  const { breakdown, review, run } = data;
  const result = breakdown.passed === null ? 'Not scored' : breakdown.passed ? 'Passed' : 'Not passed';
  const resultClass = breakdown.passed ? 'result-pass' : 'result-fail';
  return `<header>
<p class="kicker">Outpost portfolio report · ${esc(data.mission.track)} · ${esc(data.mission.tier)}</p>
<h1>${esc(data.mission.code)} · ${esc(data.mission.title)}</h1>
<dl class="facts">
<div><dt>Learner</dt><dd>${esc(data.learnerName)}</dd></div>
<div><dt>Result</dt><dd class="${resultClass}">${result}${breakdown.final === null ? '' : ` · ${formatScore(breakdown.final)} / 100`}</dd></div>
<div><dt>Pass score</dt><dd>${formatScore(breakdown.passScore)}</dd></div>
<div><dt>Mentor</dt><dd>${review ? esc(review.mentorName) : '—'}</dd></div>
<div><dt>Reviewed</dt><dd>${review ? esc(formatDate(review.reviewedAt)) : '—'}</dd></div>
<div><dt>Started</dt><dd>${esc(formatDate(run.startedAt))}</dd></div>
<div><dt>Submitted</dt><dd>${run.submittedAt === null ? '—' : esc(formatDate(run.submittedAt))}${run.endedBy === 'deadline' ? ' (automatically, at the deadline)' : ''}</dd></div>
<div><dt>Time spent</dt><dd>${esc(formatTimeSpent(run.elapsedMs))}</dd></div>
<div><dt>Pack</dt><dd>${esc(data.mission.packTitle)} ${esc(data.mission.packVersion)}</dd></div>
</dl>
</header>`;
}
