/** A form's refusal (role=alert) or its confirmation (role=status), under the form. */
export function FormMessage({ error, success, testId }: { error: { message: string } | null; success?: string | null; testId: string }) {
  if (error) {
    return (
      <p role="alert" data-testid={`${testId}-error`} className="rounded bg-red-50 px-2 py-1 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
        {error.message}
      </p>
    );
  }
  if (success) {
    return (
      <p role="status" data-testid={`${testId}-success`} className="rounded bg-emerald-50 px-2 py-1 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
        {success}
      </p>
    );
  }
  return null;
}
