"use client";

import "./globals.css";
import { ErrorNotice } from "@/components/ErrorNotice";

/** The root layout itself failed: a whole document, with the digest only. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <ErrorNotice digest={error.digest} onRetry={reset} />
      </body>
    </html>
  );
}
