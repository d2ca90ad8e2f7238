import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { tickets } from "../../../db/schema";
import { notifyAgents } from "../../notifications/notify-agents";
import { storeIncomingArticle, updateTicketAsSystem } from "./incoming-article";
import { inInboundTransaction } from "./inbound-transaction";
import type { MailArrival, ReceiveOutcome } from "./mail-arrival";

/**
 * A delivery failure of a mail the helpdesk sent: a system article on the ticket it bounced
 * from, so that the agent sees the answer did not arrive. It changes no state, opens no
 * ticket, and is never answered; the owner is told.
 */
export async function receiveBounce(db: Database, arrival: MailArrival, route: { ticketId: number }): Promise<ReceiveOutcome> {
  return inInboundTransaction(db, arrival.inbound, async (tx) => {
    const [ticket] = await tx.select({ id: tickets.id, number: tickets.number, ownerId: tickets.ownerId }).from(tickets).where(eq(tickets.id, route.ticketId)).for("update");
    const article = await storeIncomingArticle(tx, ticket!.id, arrival, "system");
    await updateTicketAsSystem(tx, ticket!.id, {});
    const notifications = ticket!.ownerId
      ? await notifyAgents(tx, { agentIds: [ticket!.ownerId], ticketId: ticket!.id, kind: "bounce", text: `A mail of ticket ${ticket!.number} could not be delivered` })
      : [];
    return {
      outcome: { kind: "bounce", ticketId: ticket!.id, articleId: article.id },
      history: [{ ticketId: ticket!.id, type: "Misc", name: `delivery failure reported by ${arrival.customer.email}`, articleId: article.id, data: { article: article.summary, notifications } }],
    };
  });
}
