// Sanitised Markdown from a pack, with its images loaded from the pack itself and its links opened
// inside the app (pack files) or outside it (https only): in the desktop app through the main
// process, which shows the whole address in its own dialog before the system browser opens it; in
// browser mode in a new tab of the browser itself.
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorMessage } from '../api/client.ts';
import { api, useSession } from '../stores/session-store.ts';
import { FileViewer } from './FileViewer.tsx';
import { renderMarkdown } from './markdown-html.ts';

interface Props {
  markdown: string;
  /** The Markdown file's path in the pack: relative links resolve from it. */
  filePath: string;
  packVersionId: number;
  className?: string;
  /** Keep single line breaks as typed: for text a learner wrote, where "Host:" and "User:" are two lines. */
  lineBreaks?: boolean;
}

const imageCache = new Map<string, Promise<string>>();

export function packFileUrl(packVersionId: number, path: string): Promise<string> {
  const key = `${packVersionId}:${path}`;
  let url = imageCache.get(key);
  if (!url) {
    url = api()
      .call('files.get', { packVersionId, path })
      .then((file) => URL.createObjectURL(new Blob([Uint8Array.from(atob(file.dataBase64), (c) => c.charCodeAt(0))], { type: file.mediaType })));
    imageCache.set(key, url);
    url.catch(() => imageCache.delete(key));
  }
  return url;
}

export function Markdown({ markdown, filePath, packVersionId, className, lineBreaks = false }: Props) {
  const html = useMemo(() => renderMarkdown(markdown, filePath, { breaks: lineBreaks }), [markdown, filePath, lineBreaks]);
  const ref = useRef<HTMLDivElement>(null);
  const [viewing, setViewing] = useState<string | null>(null);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    root.querySelectorAll<HTMLImageElement>('img[data-pack-src]').forEach((img) => {
      const path = img.dataset.packSrc as string;
      packFileUrl(packVersionId, path).then((url) => (img.src = url), () => img.replaceWith(notice(`image ${path} could not be loaded`)));
    });
    root.querySelectorAll<HTMLImageElement>('img[data-remote]').forEach((img) => img.replaceWith(notice('remote image not loaded')));
  }, [html, packVersionId]);

  const onClick = (event: React.MouseEvent<HTMLDivElement>): void => {
    const link = (event.target as Element).closest('a');
    if (!link) return;
    if (link.dataset.packPath) {
      event.preventDefault();
      setViewing(link.dataset.packPath);
    } else if (link.dataset.external) {
      // Browser mode lets the anchor open its new tab; the desktop window never opens one itself.
      if (api().transport.kind === 'electron') {
        event.preventDefault();
        openInSystemBrowser(link.dataset.external);
      }
    } else {
      event.preventDefault();
    }
  };

  // A middle click does not fire `click`, and the desktop window refuses the new window it asks for.
  const onAuxClick = (event: React.MouseEvent<HTMLDivElement>): void => {
    const link = (event.target as Element).closest('a');
    if (event.button !== 1 || !link?.dataset.external || api().transport.kind !== 'electron') return;
    event.preventDefault();
    openInSystemBrowser(link.dataset.external);
  };

  return (
    <>
      <div ref={ref} className={`markdown ${className ?? ''}`} onClick={onClick} onAuxClick={onAuxClick} dangerouslySetInnerHTML={{ __html: html }} />
      {viewing && <FileViewer packVersionId={packVersionId} path={viewing} onClose={() => setViewing(null)} />}
    </>
  );
}

function openInSystemBrowser(url: string): void {
  api()
    .call('links.open', { url })
    .catch((error: unknown) => useSession.getState().notify('error', errorMessage(error)));
}

function notice(text: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'remote-image';
  span.textContent = text;
  return span;
}
