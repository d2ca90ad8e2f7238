import { formatAge } from "@/lib/ticket-age";

/** How long ago the ticket was created, OTRS style (`2 d 3 h`); the exact time on hover. */
export function TicketAge({ since, now }: { since: string; now: number }) {
  return (
    <time dateTime={since} title={new Date(since).toUTCString()} className="tabular-nums" data-testid="ticket-age">
      {formatAge(since, now)}
    </time>
  );
}
