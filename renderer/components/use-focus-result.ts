/**
 * Where focus goes when an asynchronous button finishes. The button is
 * disabled while its work runs, which drops keyboard focus to the page body;
 * a keyboard or screen-reader user would then have to find the result by
 * hand. Put `triggerRef` on the button and `resultRef` on the region that shows
 * the outcome, and call `finished()` when the work ends: the result region
 * gets focus (and is read out), unless the user has moved focus elsewhere
 * in the meantime.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';

export function useFocusResult<R extends HTMLElement>(): {
  triggerRef: RefObject<HTMLButtonElement | null>;
  resultRef: RefObject<R | null>;
  finished: () => void;
} {
  const triggerRef = useRef<HTMLButtonElement>(null);
  const resultRef = useRef<R>(null);
  // A counter, so the effect runs after the render that shows the outcome, once per finished run.
  const [runs, setRuns] = useState(0);
  useEffect(() => {
    if (runs === 0) return;
    const active = document.activeElement;
    if (!active || active === document.body || active === triggerRef.current) resultRef.current?.focus();
  }, [runs]);
  return { triggerRef, resultRef, finished: () => setRuns((n) => n + 1) };
}
