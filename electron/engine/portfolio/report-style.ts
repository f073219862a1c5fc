// The report's one stylesheet. It sits in a single <style> block whose SHA-256 the file's own
// Content-Security-Policy names, so the file needs no 'unsafe-inline' and nothing else can style it.
export const REPORT_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b2430; --muted: #5b6675; --line: #d6dce4; --panel: #f4f6f9; --accent: #1f5fa8; --ok: #1d7a46; --bad: #b3261e; }
@media (prefers-color-scheme: dark) { :root { --bg: #12171e; --fg: #e4e9f0; --muted: #9aa6b5; --line: #2c3642; --panel: #1a212b; --accent: #7fb2ee; --ok: #6fd19b; --bad: #f28b82; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 920px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 1.8rem; margin: 0 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 20px 0 8px; }
.kicker { color: var(--muted); margin: 0 0 12px; text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 8px 24px; margin: 16px 0; padding: 16px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
.facts dt { color: var(--muted); font-size: .8rem; }
.facts dd { margin: 0; font-weight: 600; }
.result-pass { color: var(--ok); }
.result-fail { color: var(--bad); }
.stage { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 12px; margin: 12px 0; break-inside: avoid-page; }
.stage h3 { margin-top: 12px; }
.meta { color: var(--muted); font-size: .85rem; }
.prose { overflow-wrap: anywhere; }
.prose h4, .prose h5, .prose h6 { font-size: 1rem; margin: 14px 0 4px; }
.prose pre { background: var(--panel); padding: 8px; border-radius: 4px; white-space: pre-wrap; }
.prose code { font-family: ui-monospace, "Cascadia Mono", Menlo, monospace; font-size: .9em; }
.prose table, table.data { border-collapse: collapse; width: 100%; margin: 8px 0; }
.prose th, .prose td, table.data th, table.data td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data tfoot td { font-weight: 700; }
.link-text { text-decoration: underline dotted; }
.image-text { color: var(--muted); font-style: italic; }
.thumbs { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; }
.thumbs figure { margin: 0; width: 200px; }
.thumbs img { display: block; max-width: 200px; max-height: 150px; border: 1px solid var(--line); border-radius: 4px; background: var(--panel); }
.thumbs figcaption { font-size: .8rem; color: var(--muted); overflow-wrap: anywhere; }
.hash { font-family: ui-monospace, "Cascadia Mono", Menlo, monospace; font-size: .75rem; overflow-wrap: anywhere; }
.feedback { border-left: 4px solid var(--accent); padding: 4px 12px; background: var(--panel); margin: 8px 0; }
footer { margin-top: 40px; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); padding-top: 8px; }
@media print { body { font-size: 11pt; } main { max-width: none; padding: 0; } h2 { break-after: avoid-page; } }
`;
