/** The reason a form field was refused, shown under it and linked to it by `id` (aria-describedby). */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" data-testid={id} className="mt-0.5 text-xs text-red-700 dark:text-red-300">
      {message}
    </p>
  );
}
