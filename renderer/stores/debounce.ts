// One pending call at a time, run after a pause: a search box applies what was typed once typing stops.
export interface Debounced {
  /** Runs `fn` after the pause, in place of any call still waiting. */
  schedule(fn: () => void): void;
  /** Drops the call still waiting, if any. */
  cancel(): void;
}

export function debounced(ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    schedule(fn) {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        fn();
      }, ms);
    },
    cancel,
  };
}
