// Watches a pack folder and calls back once the author has stopped saving for a moment: an editor's
// save is several file events (write, rename, metadata), and one re-import per save is enough. A save
// that arrives while a re-import runs is imported again once it ends, so the last save always shows.
import { watch, type FSWatcher } from 'node:fs';

export interface PackWatcher {
  close(): void;
}

const IGNORED = /(^|[\\/])(\.git|\.hg|\.svn)([\\/]|$)|(~|\.swp|\.swx|\.tmp)$/;

export function watchPackFolder(dir: string, onChange: () => Promise<void>, options: { debounceMs?: number; onError?: (error: unknown) => void } = {}): PackWatcher {
  const debounceMs = options.debounceMs ?? 300;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let again = false;
  let closed = false;

  const run = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    onChange()
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = false;
        if (again && !closed) {
          again = false;
          run();
        }
      });
  };

  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    if (typeof file === 'string' && IGNORED.test(file)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      run();
    }, debounceMs);
  });
  watcher.on('error', (error) => options.onError?.(error));

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
