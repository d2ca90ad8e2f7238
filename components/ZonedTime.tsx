import { formatDateTime } from "@/lib/format-date-time";

/** A moment shown in the agent's zone, with the exact instant and the zone on hover. */
export function ZonedTime({ value, timeZone }: { value: string | Date; timeZone: string }) {
  const iso = typeof value === "string" ? value : value.toISOString();
  return (
    <time dateTime={iso} title={`${iso} (${timeZone})`} className="tabular-nums">
      {formatDateTime(iso, timeZone)}
    </time>
  );
}
