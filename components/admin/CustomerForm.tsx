"use client";

import type { ActionResult } from "@/server/api/action-result";
import type { CustomerRecord } from "@/server/customers/find-customer";
import { FormMessage } from "./FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "./form-styles";
import { useActionRunner } from "./useActionRunner";

/** A customer's name and organisation; the address identifies them by mail and stays. */
export function CustomerForm({ customer, save }: { customer: CustomerRecord; save(form: FormData): Promise<ActionResult<CustomerRecord>> }) {
  const runner = useActionRunner<CustomerRecord>();
  return (
    <form
      aria-label="Edit customer"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => save(data));
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <label className={labelClass}>
          <span>Name</span>
          <input name="name" defaultValue={customer.name ?? ""} className={inputClass} />
        </label>
        <label className={labelClass}>
          <span>Organisation</span>
          <input name="organisation" defaultValue={customer.organisation ?? ""} className={inputClass} />
        </label>
      </div>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : "Save"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? "Saved." : null} testId="customer" />
    </form>
  );
}
