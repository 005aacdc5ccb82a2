/**
 * Where focus goes when an asynchronous button finishes. The button is
 * disabled while its work runs, which drops keyboard focus to the page body;
 * a keyboard or screen-reader user would then have to find the result by
 * hand. Put `controlsRef` on the button (or on the element holding a row of
 * buttons that are all disabled together) and `resultRef` on the region that
 * shows the outcome, and call `finished()` when the work ends: the result
 * region gets focus (and is read out), unless the user has moved focus
 * elsewhere in the meantime.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';

export function useFocusResult<C extends HTMLElement, R extends HTMLElement>(): {
  controlsRef: RefObject<C | null>;
  resultRef: RefObject<R | null>;
  finished: () => void;
} {
  const controlsRef = useRef<C>(null);
  const resultRef = useRef<R>(null);
  // A counter, so the effect runs after the render that shows the outcome, once per finished run.
  const [runs, setRuns] = useState(0);
  useEffect(() => {
    if (runs === 0) return;
    const active = document.activeElement;
    // Left on the body, or still on the (re-enabled) button that started the work: nobody moved it on purpose.
    if (!active || active === document.body || controlsRef.current?.contains(active)) resultRef.current?.focus();
  }, [runs]);
  return { controlsRef, resultRef, finished: () => setRuns((n) => n + 1) };
}
