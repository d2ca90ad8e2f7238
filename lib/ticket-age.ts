/**
 * A ticket's age as OTRS shows it in lists: the two largest units, `2 d 3 h`, `5 h 12 m`,
 * `7 m`; under a minute `0 m`. `now` and `since` are milliseconds or ISO strings.
 */
export function formatAge(since: string | number, now: number): string {
  const start = typeof since === "number" ? since : Date.parse(since);
  const minutes = Math.max(0, Math.floor((now - start) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} m` : `${hours} h`;
  return `${rest} m`;
}
