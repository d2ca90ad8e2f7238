"use client";

import Link from "next/link";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

export interface Toast {
  id: number;
  text: string;
  href?: string;
  tone?: "info" | "warning" | "error";
}

type ShowToast = (toast: Omit<Toast, "id">) => void;
const ToastContext = createContext<ShowToast>(() => {});

const LIFETIME_MS = 6_000;
const TONES = {
  info: "border-sky-300 bg-white dark:border-sky-800 dark:bg-zinc-900",
  warning: "border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950",
  error: "border-red-400 bg-red-50 dark:border-red-800 dark:bg-red-950",
};

/** Short messages in the corner, for what happens elsewhere while the agent works (a new article, a takeover). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback<ShowToast>((toast) => {
    const id = Date.now() + Math.random();
    setToasts((current) => [...current.slice(-3), { ...toast, id }]);
    setTimeout(() => setToasts((current) => current.filter((shown) => shown.id !== id)), LIFETIME_MS);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 flex-col gap-2">
        {toasts.map((toast) => (
          <div key={toast.id} role="status" data-testid="toast" className={`pointer-events-auto rounded-lg border px-3 py-2 text-sm shadow-lg ${TONES[toast.tone ?? "info"]}`}>
            {toast.href ? (
              <Link href={toast.href} className="hover:underline">
                {toast.text}
              </Link>
            ) : (
              toast.text
            )}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  return useContext(ToastContext);
}
