"use client";

import { ErrorNotice } from "@/components/ErrorNotice";

/** A page or layout below the root failed: the digest only, never the message or the stack. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorNotice digest={error.digest} onRetry={reset} />;
}
