// The sections of the portfolio report, each a pure function of the report's data. Every text that
// came from a learner, a mentor or a pack is escaped or passes the safe Markdown subset.
import type { ReportData, ReportEvidence, ReportStage } from './report-data.ts';
import { formatScore } from './report-format.ts';
import { escapeHtml as esc, renderSafeMarkdown as md } from './safe-markdown.ts';

export function missionSection(data: ReportData): string {
  const { mission } = data;
  return `<section aria-labelledby="s-mission"><h2 id="s-mission">Mission</h2>
${mission.summary ? `<p>${esc(mission.summary)}</p>` : ''}
<h3>Objectives</h3>
<ul>${mission.objectives.map((o) => `<li>${esc(o)}</li>`).join('')}</ul>
<h3>Story</h3>
<div class="prose">${md(mission.story)}</div>
</section>`;
}

export function pathSection(data: ReportData): string {
  const items = data.path.map((entry) => `<li>${esc(entry.title)}${entry.kind === 'decision' ? ` <span class="meta">— decision: ${esc(entry.choice ?? 'not taken')}</span>` : ''}</li>`);
  return `<section aria-labelledby="s-path"><h2 id="s-path">Path taken</h2><ol>${items.join('')}</ol></section>`;
}

export function decisionsSection(data: ReportData): string {
  if (data.decisions.length === 0) return '';
  const blocks = data.decisions.map(
    (d) => `<div class="stage"><h3>${esc(d.title)}</h3>
<p>${esc(d.prompt)}</p>
<p><strong>Chosen:</strong> ${esc(d.chosen)}${d.scoreChange !== 0 ? ` <span class="meta">(${signed(d.scoreChange)} points)</span>` : ''}</p>
${d.notTaken.length > 0 ? `<p class="meta">Not taken: ${d.notTaken.map(esc).join('; ')}</p>` : ''}
${d.feedback ? `<div class="prose feedback">${md(d.feedback)}</div>` : ''}</div>`,
  );
  return `<section aria-labelledby="s-decisions"><h2 id="s-decisions">Decisions</h2>${blocks.join('\n')}</section>`;
}

export function stagesSection(data: ReportData): string {
  const tasks = data.stages.map(stageBlock);
  return `<section aria-labelledby="s-stages"><h2 id="s-stages">Stages, evidence and feedback</h2>${tasks.join('\n')}</section>`;
}

function stageBlock(stage: ReportStage): string {
  const facts = [`weight ${formatScore(stage.weight)}`, stage.required ? 'required' : 'optional', stage.completed ? 'completed' : 'not completed'];
  const parts: string[] = [`<div class="stage"><h3>${esc(stage.title)}</h3><p class="meta">${facts.join(' · ')}</p>`];
  if (stage.answer) {
    const tries = stage.answer.attemptsAllowed === null ? `${stage.answer.attemptsUsed} tries` : `${stage.answer.attemptsUsed} of ${stage.answer.attemptsAllowed} tries`;
    parts.push(`<p><strong>Answer check:</strong> ${stage.answer.correct ? 'right' : 'not right'} (${tries})</p>`);
  }
  if (stage.quiz) parts.push(`<p><strong>Quiz:</strong> ${formatScore(stage.quiz.earned)} of ${formatScore(stage.quiz.possible)} points; ${stage.quiz.right} of ${stage.quiz.questions} questions right</p>`);
  if (stage.hints.length > 0) parts.push(`<p><strong>Hints revealed:</strong> ${stage.hints.map((h) => `hint ${h.index + 1} (−${formatScore(h.penalty)})`).join(', ')}</p>`);
  if (stage.tools.length > 0) parts.push(`<p><strong>Tools used:</strong> ${stage.tools.map(esc).join(', ')}</p>`);
  if (stage.evidence.length > 0) parts.push(evidenceBlock(stage.evidence));
  if (stage.response) parts.push(`<h4>Written response</h4><p class="meta">${esc(stage.response.prompt)}</p><div class="prose">${md(stage.response.text)}</div>`);
  if (stage.review) {
    const r = stage.review;
    const points = r.points === null ? 'not scored' : `${formatScore(r.points)} of ${r.maxPoints === null ? '?' : formatScore(r.maxPoints)} points`;
    parts.push(`<h4>Mentor's score: ${points}</h4>`);
    if (r.criteria.length > 0) {
      const rows = r.criteria.map((c) => `<tr><td>${esc(c.title)}</td><td class="num">${formatScore(c.points)} of ${formatScore(c.maxPoints)}</td></tr>`);
      parts.push(`<table class="data"><thead><tr><th>Criterion</th><th class="num">Points</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
    }
    if (r.feedback.trim()) parts.push(`<div class="prose feedback">${md(r.feedback)}</div>`);
    if (r.recipes.length > 0) parts.push(`<p><strong>Recommended recipes:</strong> ${r.recipes.map(esc).join('; ')}</p>`);
  }
  parts.push('</div>');
  return parts.join('\n');
}

function evidenceBlock(files: ReportEvidence[]): string {
  const images = files.filter((f) => f.dataUri !== null);
  const thumbs = images.length === 0 ? '' : `<div class="thumbs">${images.map((f) => `<figure><img src="${esc(f.dataUri ?? '')}" alt="${esc(f.fileName)}"><figcaption>${esc(f.fileName)}</figcaption></figure>`).join('')}</div>`;
  const rows = files.map((f) => `<tr><td>${esc(f.fileName)}</td><td class="num">${formatBytes(f.size)}</td><td class="hash">${esc(f.sha256)}</td></tr>`);
  return `<h4>Evidence</h4>${thumbs}<table class="data"><thead><tr><th>File</th><th class="num">Size</th><th>SHA-256</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function scoreSection(data: ReportData): string {
  const b = data.breakdown;
  const stageRows = b.stages.map(
    (l) => `<tr><td>${esc(l.label)}</td><td class="num">${formatScore(l.weight)}</td><td class="num">${l.fraction === null ? '—' : `${Math.round(l.fraction * 100)} %`}</td><td>${SOURCE_WORDS[l.source]}</td><td class="num">${formatScore(round1(l.points))}</td></tr>`,
  );
  const changeRows = [
    ...b.decisions.map((d) => `<tr><td colspan="4">Decision: ${esc(d.label)}</td><td class="num">${signed(d.change)}</td></tr>`),
    ...b.hints.map((h) => `<tr><td colspan="4">Hint: ${esc(h.label)}</td><td class="num">−${formatScore(h.penalty)}</td></tr>`),
  ];
  return `<section aria-labelledby="s-score"><h2 id="s-score">Score breakdown</h2>
<p class="meta">Each task stage on the path counts by its weight: weight × fraction ÷ total weight × 100; decision score changes are added and hint penalties taken off, and the result is kept between 0 and 100.</p>
<table class="data"><thead><tr><th>Stage</th><th class="num">Weight</th><th class="num">Fraction</th><th>Scored by</th><th class="num">Points</th></tr></thead>
<tbody>${stageRows.join('')}${changeRows.join('')}</tbody>
<tfoot><tr><td colspan="4">Final score (pass score ${formatScore(b.passScore)})</td><td class="num">${b.final === null ? '—' : formatScore(b.final)}</td></tr></tfoot></table>
</section>`;
}

const SOURCE_WORDS = { review: 'mentor (rubric)', check: 'answer check or quiz', none: 'not scored' } as const;

export function reflectionSection(data: ReportData): string {
  if (!data.reflection) return '';
  return `<section aria-labelledby="s-reflection"><h2 id="s-reflection">Reflection</h2><p class="meta">${esc(data.reflection.prompt)}</p><div class="prose">${md(data.reflection.text)}</div></section>`;
}

export function reviewSection(data: ReportData): string {
  if (!data.review) return '';
  return `<section aria-labelledby="s-review"><h2 id="s-review">Mentor's feedback</h2>
<p>${esc(data.review.mentorName)}, ${esc(formatDateShort(data.review.reviewedAt))}</p>
<div class="prose feedback">${md(data.review.feedback)}</div></section>`;
}

function formatDateShort(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function signed(n: number): string {
  return n > 0 ? `+${formatScore(n)}` : `−${formatScore(Math.abs(n))}`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
