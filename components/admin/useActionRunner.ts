"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/server/api/action-result";
import { useHydrated } from "../useHydrated";

export interface ActionRunner<T> {
  pending: boolean;
  /** Pending, or not hydrated yet: the form's controls are disabled while this is true. */
  busy: boolean;
  /** The last refusal (its message names the field), or null. */
  error: { message: string; field?: string } | null;
  /** The value of the last success, or null. */
  value: T | null;
  /** Runs a server action; on success refreshes the page's server data unless `refresh` is false. */
  run(work: () => Promise<ActionResult<T>>, options?: { refresh?: boolean; onSuccess?: (value: T) => void }): void;
}

/** The state of a form that calls a server action: pending, the refusal to show, the last result. */
export function useActionRunner<T>(): ActionRunner<T> {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionRunner<T>["error"]>(null);
  const [value, setValue] = useState<T | null>(null);
  const hydrated = useHydrated();
  return {
    pending,
    busy: pending || !hydrated,
    error,
    value,
    run(work, options = {}) {
      startTransition(async () => {
        const result = await work();
        if (!result.ok) {
          setError(result.error);
          setValue(null);
          return;
        }
        setError(null);
        setValue(result.value);
        options.onSuccess?.(result.value);
        if (options.refresh !== false) router.refresh();
      });
    },
  };
}
