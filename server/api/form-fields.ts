/**
 * Reading an HTML form for a server action: strings as typed, checkboxes as booleans, numbers
 * as numbers (a non-number stays NaN, so the domain's zod schema refuses it naming the field).
 * A field the form does not have is undefined: "leave as it is" to an update.
 */
export function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

/** Empty is null ("none"), absent is undefined. */
export function formNullableText(form: FormData, name: string): string | null | undefined {
  const value = formText(form, name);
  return value === undefined ? undefined : value.trim() === "" ? null : value;
}

/** A checkbox: checked is true. Forms mark their checkboxes with a hidden `<name>:present` so that unchecked reads as false, not absent. */
export function formCheckbox(form: FormData, name: string): boolean | undefined {
  if (form.has(name)) return form.get(name) !== "false";
  return form.has(`${name}:present`) ? false : undefined;
}

export function formNumber(form: FormData, name: string): number | undefined {
  const value = formText(form, name);
  return value === undefined || value.trim() === "" ? undefined : Number(value);
}

/** A select whose empty choice means none: null; absent: undefined. */
export function formNullableNumber(form: FormData, name: string): number | null | undefined {
  const value = formText(form, name);
  return value === undefined ? undefined : value.trim() === "" ? null : Number(value);
}

/** Every value of a multi-select or a checkbox group, as ids. */
export function formIds(form: FormData, name: string): number[] {
  return form
    .getAll(name)
    .filter((value): value is string => typeof value === "string" && value !== "")
    .map(Number);
}
