/** Calls `tick` every `ms` while the component is mounted and the page is visible (live views). */
import { useEffect, useRef } from 'react';

export function usePolling(tick: () => void | Promise<void>, ms: number, enabled = true): void {
  const fn = useRef(tick);
  fn.current = tick;
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      if (stopped) return;
      if (typeof document === 'undefined' || document.visibilityState !== 'hidden') {
        try {
          await fn.current();
        } catch {
          // the view shows its own error state; polling just tries again
        }
      }
      if (!stopped) timer = setTimeout(loop, ms);
    };
    timer = setTimeout(loop, ms);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [ms, enabled]);
}
