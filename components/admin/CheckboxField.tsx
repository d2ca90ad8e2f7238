import type { ReactNode } from "react";

/**
 * A checkbox that a server action can read as false when unchecked: a hidden `<name>:present`
 * says the form had it (see `formCheckbox`).
 */
export function CheckboxField({ name, label, defaultChecked, title }: { name: string; label: ReactNode; defaultChecked?: boolean; title?: string }) {
  return (
    <label className="flex items-center gap-2 text-sm" title={title}>
      <input type="hidden" name={`${name}:present`} value="1" />
      <input type="checkbox" name={name} defaultChecked={defaultChecked} />
      {label}
    </label>
  );
}
