"use client";

import { useRouter } from "next/navigation";
import { useShortcuts } from "./useShortcuts";

/**
 * The `/` key, from any page: focuses the search box where there is one (the search page),
 * else opens the search page, whose empty box takes the focus itself.
 */
export function SearchShortcut() {
  const router = useRouter();
  useShortcuts({
    "/": () => {
      const box = document.getElementById("search-q");
      if (box instanceof HTMLInputElement) {
        box.focus();
        box.select();
        return;
      }
      router.push("/search");
    },
  });
  return null;
}
