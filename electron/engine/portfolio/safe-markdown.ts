// Markdown written by a learner or a pack, rendered for the portfolio report where no DOM exists to
// sanitise with: marked renders a safe subset and every way out of it is closed at the renderer. Raw
// HTML comes out as visible text, links keep their words and lose their target, images become their
// alt text, and web addresses in text are written defanged (hxxps://), as threat reports write
// indicators, so that nothing in the file can load, run or lead anywhere.
import { Marked, type Tokens } from 'marked';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** `https://host` → `hxxps://host`: still readable, no longer an address any program follows. */
export function defangUrls(text: string): string {
  return text.replace(/\bhttp(s?):\/\//gi, (_match, secure: string) => `hxxp${secure.toLowerCase()}://`);
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Markdown in the report sits under the report's own h1–h3: its headings start at h4.
    heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, { tokens, depth }: Tokens.Heading): string {
      const level = Math.min(6, depth + 3);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(defangUrls(text));
    },
    link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, { tokens }: Tokens.Link): string {
      return `<span class="link-text">${this.parser.parseInline(tokens)}</span>`;
    },
    image({ text }: Tokens.Image): string {
      return `<span class="image-text">[image: ${escapeHtml(defangUrls(text))}]</span>`;
    },
    text(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Text | Tokens.Escape): string {
      return 'tokens' in token && token.tokens ? this.parser.parseInline(token.tokens) : escapeHtml(defangUrls(decodeEntities(token.text)));
    },
    codespan({ text }: Tokens.Codespan): string {
      return `<code>${escapeHtml(defangUrls(decodeEntities(text)))}</code>`;
    },
    code({ text }: Tokens.Code): string {
      return `<pre><code>${escapeHtml(defangUrls(text))}</code></pre>`;
    },
  },
});

/** marked hands text on already escaped; decoded here so that it is escaped exactly once, by us. */
function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] ?? '');
}

/** Markdown to inert HTML: no element from the text, no attribute, no address. */
export function renderSafeMarkdown(markdown: string): string {
  return marked.parse(markdown) as string;
}
