import type { QueueFilter, QueueSort } from "./queue-list";

export interface QueueUrlParams {
  filter: QueueFilter;
  sort: QueueSort;
  /** The page after this cursor… */
  cursor?: string | null;
  /** …or the page before this one. */
  before?: string | null;
}

/** The queue view's address; the defaults (all tickets, oldest first, first page) are left out. */
export function queueUrl(queueId: number, params: QueueUrlParams): string {
  const search = new URLSearchParams();
  if (params.filter !== "all") search.set("filter", params.filter);
  if (params.sort !== "age") search.set("sort", params.sort);
  if (params.cursor) search.set("cursor", params.cursor);
  else if (params.before) search.set("before", params.before);
  const query = search.toString();
  return `/queues/${queueId}${query ? `?${query}` : ""}`;
}
