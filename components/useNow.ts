"use client";

import { useEffect, useState } from "react";

/**
 * The current time, renewed every `intervalMs`. It starts at `initial` — the time the server
 * rendered at — so that the first client render matches the server's HTML; the real clock
 * takes over right after.
 */
export function useNow(initial: number, intervalMs = 30_000): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}
