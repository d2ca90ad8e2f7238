"use client";

import { useCallback, useEffect, useRef } from "react";

/**
 * A function that runs `work` `delayMs` after the first of a burst of calls; the calls in
 * between join it. A steady stream of events thus becomes one request per `delayMs`, never
 * none. Pending work is dropped when the component goes away.
 */
export function useDebounced(work: () => void, delayMs: number): () => void {
  const latest = useRef(work);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = work;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, delayMs);
  }, [delayMs]);
}
