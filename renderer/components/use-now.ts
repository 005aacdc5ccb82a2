/**
 * The current time, advancing every `intervalMs` while `ticking`: a running
 * step's clock must visibly move, and "valid until about 14:32 if you start
 * now" must follow the wall clock while the admin reads.
 */
import { useEffect, useState } from 'react';

export function useNow(ticking: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [ticking, intervalMs]);
  return now;
}
