"use client";

import { useEffect, useRef } from "react";

/** The search page's text box (`#search-q`, which the `/` key focuses); it takes the focus on an empty search page. */
export function SearchQueryInput({ defaultValue, focusOnMount, invalid, className }: { defaultValue: string; focusOnMount: boolean; invalid?: boolean; className?: string }) {
  const box = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusOnMount) box.current?.focus();
  }, [focusOnMount]);
  return (
    <input
      ref={box}
      id="search-q"
      name="q"
      type="search"
      defaultValue={defaultValue}
      aria-label="Search text"
      aria-invalid={invalid || undefined}
      aria-describedby={invalid ? "q-error" : undefined}
      placeholder={'Words in titles and articles: printer "paper jam" -toner'}
      className={className}
    />
  );
}
