// After a move to another screen, focus goes to that screen's heading (its h1), so keyboard and screen
// reader users start at the top of what they just opened, as after a page load. The first screen of a
// start keeps whatever focus it gives itself (an autofocus field), as does any screen that focuses
// something of its own.
import { useEffect, useRef } from 'react';

/** A screen that loads its data shows its heading only when the data arrives; give up after this. */
const HEADING_WAIT_MS = 10_000;

/** `screen` names the screen on show (null until the app is ready); a change means a new screen. */
export function useScreenFocus(screen: string | null): void {
  // The screen whose focus is settled; it changes only once its heading was found (or waited for), so
  // an effect that is stopped and run again (React's strict mode) still finishes the job.
  const settled = useRef<string | null>(null);
  useEffect(() => {
    if (screen === null || settled.current === screen) return;
    if (settled.current === null) {
      settled.current = screen;
      return;
    }
    const main = document.getElementById('main');
    if (!main) return;
    // What had focus as the screen changed: a header link stays on the page; a button of the old
    // screen has gone, which leaves the focus on the body.
    const before = document.activeElement;
    const focusHeading = (): boolean => {
      const heading = main.querySelector('h1');
      if (!heading) return false;
      settled.current = screen;
      const active = document.activeElement;
      const untouched = active === null || active === document.body || active === before;
      if (untouched && !main.contains(active)) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus();
      }
      return true;
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) stop();
    });
    const timer = window.setTimeout(() => {
      settled.current = screen;
      stop();
    }, HEADING_WAIT_MS);
    function stop(): void {
      observer.disconnect();
      window.clearTimeout(timer);
    }
    observer.observe(main, { childList: true, subtree: true });
    return stop;
  }, [screen]);
}
