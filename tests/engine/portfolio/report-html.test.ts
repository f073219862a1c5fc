// The portfolio report's HTML builder: every section there, hostile Markdown from a learner or a
// mentor inert, no web address anywhere, and the file's own policy naming its one stylesheet.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../../electron/engine/portfolio/report-data.ts';
import { buildReportHtml, reportContentSecurityPolicy } from '../../../electron/engine/portfolio/report-html.ts';
import { REPORT_CSS } from '../../../electron/engine/portfolio/report-style.ts';
import { defangUrls, renderSafeMarkdown } from '../../../electron/engine/portfolio/safe-markdown.ts';
import { inlineImage } from '../../../electron/engine/portfolio/inline-image.ts';
import { solidPng } from '../../support/passed-run.ts';

const HOSTILE = [
  '# Findings <script>alert("x")</script>',
  '<img src=x onerror="alert(1)"> and <IMG SRC="javascript:alert(2)">',
  '[click me](javascript:alert(3)) and [mail](https://evil.example/steal?c=1) and <https://auto.example/a>',
  '![tracker](https://evil.example/pixel.png) ![local](assets/x.png)',
  '<style>body { display: none }</style>',
  '<iframe src="https://evil.example/frame"></iframe><object data="http://evil.example/o"></object>',
  '<a href="http://evil.example" onclick="steal()">plain anchor</a>',
  '<svg onload="alert(4)"><use href="https://evil.example/s.svg#x"/></svg>',
  '```html\n<script src="https://evil.example/s.js"></script>\n```',
  '`<b onmouseover=alert(5)>inline</b>` and www.evil.example and HTTP://UPPER.example',
  '[ref link][r]\n\n[r]: https://evil.example/ref "title"',
].join('\n\n');

function reportData(text: string): ReportData {
  return {
    reportId: 'report-1',
    generatedAt: Date.UTC(2026, 10, 30, 9, 30),
    appVersion: '0.1.0',
    learnerName: 'Ada <b>Lovelace</b>',
    mission: { code: 'SOC-01', title: 'First shift: triage the alert queue', summary: 'Summary', tier: 'beginner', track: 'defender', objectives: ['Sort the queue'], story: text, packTitle: 'Sample', packVersion: '1.0.0' },
    run: { id: 'run-1', startedAt: Date.UTC(2026, 10, 30, 8, 0), submittedAt: Date.UTC(2026, 10, 30, 9, 0), elapsedMs: 45 * 60_000, endedBy: 'learner' },
    path: [
      { title: 'Work the overnight queue', kind: 'task', choice: null },
      { title: 'Disposition of the alert cluster', kind: 'decision', choice: 'Escalate' },
    ],
    decisions: [{ title: 'Disposition of the alert cluster', prompt: 'What now?', chosen: 'Escalate', feedback: text, scoreChange: -5, notTaken: ['Close as benign'] }],
    stages: [
      {
        id: 'triage',
        title: 'Work the overnight queue',
        weight: 30,
        required: true,
        completed: true,
        evidence: [
          { fileName: 'shot.png', size: 120, mediaType: 'image/png', sha256: 'a'.repeat(64), dataUri: inlineImage(solidPng(8, 8, [1, 2, 3])) },
          { fileName: 'notes<script>.txt', size: 12, mediaType: 'text/plain', sha256: 'b'.repeat(64), dataUri: null },
        ],
        answer: { correct: true, attemptsUsed: 2, attemptsAllowed: 5 },
        quiz: { earned: 3, possible: 4, right: 1, questions: 2 },
        hints: [{ index: 0, penalty: 5 }],
        tools: ['splunk', '<script>'],
        response: { prompt: 'Write the ticket', text },
        review: { points: 6, maxPoints: 8, criteria: [{ title: 'Findings are correct', points: 4, maxPoints: 4 }], feedback: text, recipes: ['Triage an alert queue'] },
      },
    ],
    breakdown: {
      stages: [{ label: 'Work the overnight queue', weight: 30, fraction: 0.75, source: 'review', points: 75 }],
      decisions: [{ label: 'Disposition: Escalate', change: -5 }],
      hints: [{ label: 'Work the overnight queue, hint 1', penalty: 5 }],
      final: 65,
      passScore: 60,
      passed: true,
    },
    reflection: { prompt: 'What would you do differently?', text },
    review: { mentorName: 'Grace Hopper', reviewedAt: Date.UTC(2026, 10, 30, 10, 0), feedback: text },
  };
}

describe('the portfolio report HTML', () => {
  const html = buildReportHtml(reportData(HOSTILE));

  it('has every section: mission, path, decisions, stages with evidence, score breakdown, reflection, mentor', () => {
    for (const heading of ['Mission', 'Path taken', 'Decisions', 'Stages, evidence and feedback', 'Score breakdown', 'Reflection', "Mentor's feedback"]) {
      expect(html).toContain(`>${heading}</h2>`);
    }
    expect(html).toContain('Grace Hopper');
    expect(html).toContain('2026-11-30 10:00 UTC');
    expect(html).toContain('a'.repeat(64));
    expect(html).toContain('b'.repeat(64));
    expect(html).toContain('Not taken: Close as benign');
    expect(html).toContain('hint 1 (−5)');
    expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="shot.png">/);
    expect(html).toContain('Final score (pass score 60)</td><td class="num">65</td>');
    expect(html).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
  });

  it('carries a strict policy of its own that names the one stylesheet by its hash', () => {
    const hash = createHash('sha256').update(REPORT_CSS, 'utf8').digest('base64');
    const policy = reportContentSecurityPolicy(REPORT_CSS);
    expect(policy).toBe(`default-src 'none'; img-src data:; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${policy.replaceAll("'", '&#39;')}">`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toContain(`<style>${REPORT_CSS}</style>`);
  });

  it('turns hostile Markdown into inert text: no script, handler, style, frame, object or link target', () => {
    const body = html.slice(html.indexOf('<body>'));
    expect(body).not.toMatch(/<script|<style|<iframe|<object|<svg|<use|<a\b|<img(?![^>]*src="data:image\/png)/i);
    expect(body).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
    expect(body).not.toMatch(/<[^>]+\s(href|style|srcset|data)\s*=/i);
    expect(body).not.toMatch(/javascript:\s*alert\(\d\)"?>/i);
    // The learner's words are still there to read, as text.
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(body).toContain('<span class="link-text">click me</span>');
    expect(body).toContain('[image: tracker]');
  });

  it('holds no http or https address anywhere, not even in text', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).toContain('hxxps://auto.example/a');
    expect(html).not.toContain('evil.example/steal');
  });

  it('escapes the file names and tools a learner chose', () => {
    expect(html).toContain('notes&lt;script&gt;.txt');
    expect(html).not.toContain('<script>');
  });
});

describe('the safe Markdown subset', () => {
  it('keeps headings (under the report\'s own), lists, emphasis, tables and code', () => {
    const out = renderSafeMarkdown('## Timeline\n- **06:12** mail\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx < y\n```');
    expect(out).toContain('<h5>Timeline</h5>');
    expect(out).toContain('<li><strong>06:12</strong> mail</li>');
    expect(out).toContain('<td>1</td>');
    expect(out).toContain('<pre><code>x &lt; y</code></pre>');
  });

  it('escapes each character once', () => {
    expect(renderSafeMarkdown('a & b < c "d"')).toBe('<p>a &amp; b &lt; c &quot;d&quot;</p>\n');
  });

  it('defangs web addresses whatever their case', () => {
    expect(defangUrls('see https://a.example and HTTP://B.example')).toBe('see hxxps://a.example and hxxp://B.example');
  });
});

describe('inlined evidence images', () => {
  it('inlines PNG by its bytes and refuses what only claims to be an image', () => {
    expect(inlineImage(solidPng(2, 2, [0, 0, 0]))).toMatch(/^data:image\/png;base64,/);
    expect(inlineImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(inlineImage(Buffer.from('<html><script>alert(1)</script></html>'))).toBeNull();
  });

  it('leaves out an image past the cap', () => {
    const big = Buffer.concat([solidPng(1, 1, [0, 0, 0]), Buffer.alloc(3 * 1024 * 1024)]);
    expect(inlineImage(big)).toBeNull();
  });
});
