import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { QueueView } from "@/components/queue/QueueView";
import { getDb } from "@/db/client";
import { queueUrl } from "@/lib/queue-url";
import { requireAgent } from "@/server/auth/require-agent";
import { InvalidInputError, NotFoundError } from "@/server/errors";
import { loadQueueView } from "@/server/queues/queue-view";
import { latestHistoryId } from "@/server/realtime/history-events";

export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string().max(300).optional());
const searchSchema = z.object({
  filter: z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.enum(["available", "all"]).catch("all")),
  sort: z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.enum(["age", "priority"]).catch("age")),
  cursor: one.catch(undefined),
  before: one.catch(undefined),
});

const queueId = (id: string) => (/^\d{1,9}$/.test(id) ? Number(id) : null);

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const id = queueId((await params).id);
  return { title: id ? `Queue ${id}` : "Queue" };
}

export default async function QueuePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const agent = await requireAgent();
  const id = queueId((await params).id);
  if (id === null) notFound();
  const search = searchSchema.parse(await searchParams);
  const db = getDb();
  // The event id first: what is read after it is at least as new, and later events are replayed onto it.
  const renderedAt = await latestHistoryId(db);
  const data = await loadQueueView(db, agent, { queueId: id, filter: search.filter, sort: search.sort, cursor: search.cursor, before: search.before }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    // A cursor from another listing (or a hand-edited URL): start at the first page.
    if (error instanceof InvalidInputError) redirect(queueUrl(id, { filter: search.filter, sort: search.sort }));
    throw error;
  });
  const key = [search.filter, search.sort, search.cursor ?? "", search.before ?? "", renderedAt].join("|");
  // Keyed by what was asked and when: another page or a refresh starts from its own rows.
  return <QueueView key={key} data={data} agent={agent} renderedAt={renderedAt} />;
}
