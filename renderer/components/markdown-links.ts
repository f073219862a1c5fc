// What a link in pack Markdown may become on screen. Pure (no DOM), so the rule is tested on its own.
import { externalLinkOf } from '../../shared/links.ts';
import { resolvePackLink } from '../../shared/pack/pack-path.ts';

export type MarkdownLink =
  /** An https address: it may open outside Outpost (a new tab, or the system browser after a dialog). */
  | { kind: 'web'; url: string }
  /** Another file of the same pack, shown inside Outpost. */
  | { kind: 'pack'; path: string }
  /** Anything else (other schemes, addresses outside the pack, fragments): its words stay, nothing follows it. */
  | { kind: 'text'; address: string };

/**
 * Only https leaves Outpost, the same rule the engine applies when asked to open a link. Fragments are
 * text too: the app routes by the URL fragment, so `#…` from a pack would move the learner between
 * screens.
 */
export function markdownLinkOf(href: string, filePath: string): MarkdownLink {
  const url = externalLinkOf(href);
  if (url !== null) return { kind: 'web', url };
  const path = href.startsWith('#') ? null : resolvePackLink(filePath, href);
  return path === null ? { kind: 'text', address: href } : { kind: 'pack', path };
}
