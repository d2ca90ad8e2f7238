import type { Metadata } from "next";
import { TicketWorkspace } from "@/components/ticket/TicketWorkspace";
import { getDb } from "@/db/client";
import { foundOrNotFound } from "@/lib/not-found";
import { requireAgent } from "@/server/auth/require-agent";
import { latestHistoryId } from "@/server/realtime/history-events";
import { loadTicketPage } from "@/server/tickets/ticket-page";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ number: string }> }): Promise<Metadata> {
  return { title: `#${(await params).number}` };
}

export default async function TicketPage({ params }: { params: Promise<{ number: string }> }) {
  const agent = await requireAgent();
  const { number } = await params;
  const db = getDb();
  const renderedAt = await latestHistoryId(db);
  const page = await foundOrNotFound(loadTicketPage(db, agent, number));
  return <TicketWorkspace initial={page} agent={agent} renderedAt={renderedAt} />;
}
