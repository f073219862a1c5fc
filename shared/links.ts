// Which addresses in pack Markdown may leave Outpost: https only, with no credentials in them. Shared
// so the screens show the same links as clickable that the engine agrees to open.

/** The normalised address when it may be opened outside Outpost; null otherwise. */
export function externalLinkOf(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.href;
}
