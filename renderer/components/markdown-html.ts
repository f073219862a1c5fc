// Turns a pack's Markdown into HTML that cannot run anything: marked renders, DOMPurify removes
// scripts, event handlers, styles and dangerous URLs, and our hook rewrites links and images so that
// nothing outside the pack is loaded (DESIGN.md: pack content is untrusted).
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { resolvePackLink } from '../../shared/pack/pack-path.ts';

const SAFE_EXTERNAL = /^(https?:|mailto:)/i;

export function renderMarkdown(markdown: string, filePath: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  DOMPurify.addHook('afterSanitizeAttributes', (node) => rewriteNode(node, filePath));
  try {
    return DOMPurify.sanitize(html, {
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math', 'video', 'audio', 'source'],
      FORBID_ATTR: ['style', 'srcset', 'formaction', 'action', 'ping'],
      ALLOW_DATA_ATTR: false,
    });
  } finally {
    DOMPurify.removeHook('afterSanitizeAttributes');
  }
}

function rewriteNode(node: Element, filePath: string): void {
  if (node.tagName === 'A') {
    const href = node.getAttribute('href') ?? '';
    node.removeAttribute('target');
    if (href.startsWith('#')) return;
    if (SAFE_EXTERNAL.test(href)) {
      node.setAttribute('data-external', href);
      node.setAttribute('rel', 'noopener noreferrer');
      return;
    }
    const path = resolvePackLink(filePath, href);
    node.removeAttribute('href');
    if (path) {
      node.setAttribute('href', '#');
      node.setAttribute('data-pack-path', path);
    }
  } else if (node.tagName === 'IMG') {
    const src = node.getAttribute('src') ?? '';
    const path = resolvePackLink(filePath, src);
    node.removeAttribute('src');
    if (path) {
      node.setAttribute('data-pack-src', path);
      node.setAttribute('alt', node.getAttribute('alt') ?? '');
    } else {
      node.setAttribute('data-remote', 'true');
    }
  }
}
