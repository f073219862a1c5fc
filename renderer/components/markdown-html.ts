// Turns a pack's Markdown into HTML that cannot run anything: marked renders, DOMPurify removes
// scripts, event handlers, styles and dangerous URLs, and our hook rewrites links and images so that
// nothing outside the pack is loaded and only https links lead out of Outpost; any other link keeps
// its words and loses its target (DESIGN.md: pack content is untrusted).
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { resolvePackLink } from '../../shared/pack/pack-path.ts';
import { markdownLinkOf, type MarkdownLink } from './markdown-links.ts';

// Marks, between sanitising and output, the anchors that must become plain text. Pack HTML cannot
// carry it in: data attributes are stripped before our hook runs.
const TEXT_LINK = 'data-outpost-text-link';

/** `breaks`: every line break as typed becomes a line break (a learner's response), not only blank lines. */
export function renderMarkdown(markdown: string, filePath: string, options: { breaks?: boolean } = {}): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: options.breaks ?? false });
  // DOMPurify drops a javascript:, data: or file: href before our rewrite sees it; the learner still
  // gets to see which address the pack named.
  const namedAddress = new WeakMap<Element, string>();
  DOMPurify.addHook('beforeSanitizeAttributes', (node) => {
    if (node.tagName === 'A') namedAddress.set(node, node.getAttribute('href') ?? '');
  });
  DOMPurify.addHook('afterSanitizeAttributes', (node) => rewriteNode(node, filePath, namedAddress.get(node) ?? ''));
  let fragment: DocumentFragment;
  try {
    fragment = DOMPurify.sanitize(html, {
      // <area> in a <map> is a link of its own that the rules below would not see.
      FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed', 'svg', 'math', 'video', 'audio', 'source', 'map', 'area'],
      FORBID_ATTR: ['style', 'srcset', 'formaction', 'action', 'ping', 'usemap', 'background'],
      ALLOW_DATA_ATTR: false,
      RETURN_DOM_FRAGMENT: true,
    });
  } finally {
    DOMPurify.removeHook('beforeSanitizeAttributes');
    DOMPurify.removeHook('afterSanitizeAttributes');
  }
  // Replaced only now: swapping elements while DOMPurify walks the tree could let the moved children
  // escape its walk. Everything stays in DOMPurify's inert document, where nothing loads.
  for (const anchor of fragment.querySelectorAll(`a[${TEXT_LINK}]`)) anchor.replaceWith(plainText(anchor));
  for (const table of fragment.querySelectorAll('table')) wrapInScrollBox(table);
  const container = fragment.ownerDocument.createElement('div');
  container.append(fragment);
  return container.innerHTML;
}

function rewriteNode(node: Element, filePath: string, namedAddress: string): void {
  if (node.tagName === 'A') {
    const kept = node.getAttribute('href');
    const link: MarkdownLink = kept === null ? { kind: 'text', address: namedAddress } : markdownLinkOf(kept, filePath);
    node.removeAttribute('target');
    node.removeAttribute('rel');
    if (link.kind === 'web') {
      // Browser mode opens the new tab itself; the desktop app's click handler asks the main process
      // instead. Its title shows, on hover, the very address that will be opened.
      node.setAttribute('href', link.url);
      node.setAttribute('data-external', link.url);
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
      node.setAttribute('title', link.url);
    } else if (link.kind === 'pack') {
      node.setAttribute('href', '#');
      node.setAttribute('data-pack-path', link.path);
    } else {
      node.removeAttribute('href');
      node.setAttribute(TEXT_LINK, link.address);
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

/**
 * A wide table scrolls sideways in its own box rather than squeezing its cells a word per line. The
 * box takes the keyboard focus so that it can be scrolled without a mouse.
 */
function wrapInScrollBox(table: Element): void {
  const box = table.ownerDocument.createElement('div');
  box.className = 'table-scroll';
  box.tabIndex = 0;
  box.setAttribute('role', 'group');
  box.setAttribute('aria-label', 'Table, scrolls sideways');
  table.replaceWith(box);
  box.append(table);
}

/** The link's words, with the address it named shown on hover but never followed. */
function plainText(anchor: Element): HTMLElement {
  const span = anchor.ownerDocument.createElement('span');
  span.className = 'link-text';
  const address = anchor.getAttribute(TEXT_LINK) ?? '';
  if (address !== '') span.title = address;
  span.append(...anchor.childNodes);
  return span;
}
