"use client";

import { setTimeZoneAction } from "@/app/(workspace)/preferences/actions";
import { FormMessage } from "@/components/admin/FormMessage";
import { buttonClass, inputClass, labelClass, sectionClass } from "@/components/admin/form-styles";
import { useActionRunner } from "@/components/admin/useActionRunner";

/** The zone times are shown in; the list is the runtime's IANA zones, typing one works too. */
export function TimeZoneForm({ timezone, defaultTimeZone, zones }: { timezone: string | null; defaultTimeZone: string; zones: string[] }) {
  const runner = useActionRunner<{ timezone: string | null }>();
  return (
    <form
      aria-label="Time zone"
      className={sectionClass}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        runner.run(() => setTimeZoneAction(data));
      }}
    >
      <h2 className="font-semibold">Time zone</h2>
      <label className={labelClass}>
        <span>Show times in (empty: the helpdesk&apos;s default, {defaultTimeZone})</span>
        <input name="timezone" list="time-zones" defaultValue={timezone ?? ""} placeholder={defaultTimeZone} className={inputClass} />
        <datalist id="time-zones">
          {zones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </label>
      <button type="submit" disabled={runner.busy} className={buttonClass}>
        {runner.pending ? "Saving…" : "Save time zone"}
      </button>
      <FormMessage error={runner.error} success={runner.value ? `Times are shown in ${runner.value.timezone ?? defaultTimeZone}.` : null} testId="time-zone" />
    </form>
  );
}
