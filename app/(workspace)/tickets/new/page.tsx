import type { Metadata } from "next";
import { NewTicketForm } from "@/components/new-ticket/NewTicketForm";
import { getDb } from "@/db/client";
import { requireAgent } from "@/server/auth/require-agent";
import { listCreatableQueues } from "@/server/queues/list-creatable-queues";

export const metadata: Metadata = { title: "New ticket" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** /tickets/new[?queue=<id>&customer=<email>]: a phone or outgoing email ticket, in a queue the agent may create in. */
export default async function NewTicketPage({ searchParams }: { searchParams: SearchParams }) {
  const agent = await requireAgent();
  const params = await searchParams;
  const queues = await listCreatableQueues(getDb(), agent);
  const wanted = Number(single(params.queue));
  const initialQueue = queues.some((queue) => queue.id === wanted) ? wanted : null;
  return (
    <div className="mx-auto max-w-4xl space-y-3">
      <h1 className="text-lg font-semibold">New ticket</h1>
      {queues.length === 0 ? (
        <p data-testid="no-creatable-queues" className="rounded border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900">
          You may not create tickets in any queue. An administrator can grant the create permission on a queue&apos;s group.
        </p>
      ) : (
        <NewTicketForm queues={queues} initialQueue={initialQueue} initialCustomer={single(params.customer) ?? ""} />
      )}
    </div>
  );
}
