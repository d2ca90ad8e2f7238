/**
 * OTRS's FollowUp tests as a matrix: the ticket (open, pending, closed, merged) × the queue's
 * follow-up policy (possible, reject, new_ticket) × how the customer's message names the
 * ticket (subject number, In-Reply-To, References only, nothing).
 */
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../../db/client";
import { articles, outbox, queues, ticketLinks, tickets } from "../../../../db/schema";
import type { Actor } from "../../../../server/auth/actor";
import { changeState } from "../../../../server/tickets/change-state";
import { mergeTickets } from "../../../../server/tickets/merge-tickets";
import { replyToTicket } from "../../../../server/tickets/reply-to-ticket";
import { enableAutoResponses } from "../../../support/auto-responses";
import { createQueue } from "../../../support/factories";
import { buildMail, deliver, newMessageId } from "../../../support/mail";
import { createScene, type Scene } from "../../../support/scene";

const STATES = ["open", "pending", "closed", "merged"] as const;
const POLICIES = ["possible", "reject", "new_ticket"] as const;
const REFERENCES = ["subject number", "In-Reply-To", "References only", "nothing"] as const;

let scene: Scene;
let alice: Actor;
const queueFor = new Map<string, { id: number; address: string }>();

beforeAll(async () => {
  scene = await createScene(getDb());
  alice = await scene.agent("rw");
  for (const policy of POLICIES) {
    const queue = await createQueue(scene.db, { group: scene.group.name, name: `Policy ${policy} ${scene.queue.id}` });
    await scene.db.update(queues).set({ followUpPolicy: policy }).where(eq(queues.id, queue.id));
    await enableAutoResponses(scene.db, queue.id);
    queueFor.set(policy, queue);
  }
});

const row = async (id: number) => (await scene.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;

/** A ticket opened by the customer's mail and answered by an agent, then put in `state`. */
async function prepare(policy: (typeof POLICIES)[number], state: (typeof STATES)[number]) {
  const queue = queueFor.get(policy)!;
  const first = newMessageId();
  // One customer per case: auto responses to one address are capped per day.
  const from = `customer-${first.slice(1, 9)}@customer.example`;
  const opened = await deliver(scene.db, buildMail({ from, to: queue.address, messageId: first, subject: "Broken printer" }));
  const ticket = await row(opened.status === "processed" ? opened.ticketId! : 0);
  const answer = await replyToTicket(scene.db, { actor: alice, number: ticket.number, body: "Which model?" });
  const [answered] = await scene.db.select({ messageId: articles.messageId }).from(articles).where(eq(articles.id, answer.id));
  let expectedTicket = ticket.id;
  if (state === "pending") await changeState(scene.db, { actor: alice, number: ticket.number, state: "pending reminder", pendingUntil: new Date(Date.now() + 86_400_000) });
  if (state === "closed") await changeState(scene.db, { actor: alice, number: ticket.number, state: "closed successful" });
  if (state === "merged") {
    const target = await scene.ticket({ actor: alice });
    await changeState(scene.db, { actor: alice, number: target.number, state: "open" });
    await mergeTickets(scene.db, { actor: alice, number: ticket.number, into: target.number });
    expectedTicket = target.id;
  }
  return { queue, ticket, first, from, answeredId: answered!.messageId!, expectedTicket };
}

describe("follow-ups", () => {
  for (const state of STATES) {
    for (const policy of POLICIES) {
      it(`${state} ticket, follow-up ${policy}`, async () => {
        for (const reference of REFERENCES) {
          const { queue, ticket, first, from, answeredId, expectedTicket } = await prepare(policy, state);
          const mail = buildMail({
            from,
            to: queue.address,
            subject: reference === "subject number" ? `Re: [Ticket#${ticket.number}] Broken printer` : "Re: Broken printer",
            inReplyTo: reference === "In-Reply-To" ? answeredId : undefined,
            references: reference === "References only" ? `${first} ${answeredId}` : undefined,
            text: `Follow-up by ${reference}`,
          });
          const result = await deliver(scene.db, mail);
          const label = `${state} × ${policy} × ${reference}`;
          expect(result.status, label).toBe("processed");
          if (result.status !== "processed") continue;

          if (reference === "nothing") {
            expect(result.outcome, label).toBe("new_ticket");
            expect(result.ticketId, label).not.toBe(expectedTicket);
            continue;
          }
          const closedHere = state === "closed";
          if (closedHere && policy === "new_ticket") {
            expect(result.outcome, label).toBe("follow_up_new_ticket");
            const created = await row(result.ticketId!);
            expect(created.title, label).toBe("Re: Broken printer");
            expect(created.state, label).toBe("new");
            expect((await row(ticket.id)).state, label).toBe("closed successful");
            expect(await scene.db.select().from(ticketLinks).where(and(eq(ticketLinks.sourceTicketId, ticket.id), eq(ticketLinks.targetTicketId, created.id))), label).toHaveLength(1);
            expect((await scene.db.select({ kind: outbox.kind }).from(outbox).where(and(eq(outbox.ticketId, created.id), like(outbox.kind, "auto%")))).map((mail) => mail.kind), label).toEqual(["auto_reply_new_ticket"]);
            continue;
          }
          expect(result.ticketId, label).toBe(expectedTicket);
          const after = await row(expectedTicket);
          const followUps = await scene.db.select().from(articles).where(and(eq(articles.ticketId, expectedTicket), like(articles.bodyText, `%Follow-up by ${reference}%`)));
          expect(followUps, label).toHaveLength(1);
          if (closedHere && policy === "reject") {
            expect(result.outcome, label).toBe("rejected_follow_up");
            expect(after.state, label).toBe("closed successful");
            expect((await scene.db.select({ kind: outbox.kind }).from(outbox).where(and(eq(outbox.ticketId, expectedTicket), like(outbox.kind, "auto%")))).map((mail) => mail.kind), label).toContain("auto_reject");
          } else {
            expect(result.outcome, label).toBe("follow_up");
            expect(after.state, label).toBe("open");
            expect(after.pendingUntil, label).toBeNull();
          }
        }
      });
    }
  }

  it("a follow-up to a reopened ticket in a queue with follow-up lock locks it to its owner again", async () => {
    const queue = queueFor.get("possible")!;
    await scene.db.update(queues).set({ followUpLock: true }).where(eq(queues.id, queue.id));
    try {
      const { ticket } = await prepare("possible", "closed");
      const result = await deliver(scene.db, buildMail({ to: queue.address, subject: `Re: [Ticket#${ticket.number}] Broken printer` }));
      expect(result).toMatchObject({ status: "processed", outcome: "follow_up" });
      expect(await row(ticket.id)).toMatchObject({ state: "open", lock: "locked", ownerId: alice.id });
    } finally {
      await scene.db.update(queues).set({ followUpLock: false }).where(eq(queues.id, queue.id));
    }
  });

  it("a follow-up to a new ticket leaves it new", async () => {
    const queue = queueFor.get("possible")!;
    const opened = await deliver(scene.db, buildMail({ to: queue.address }));
    const ticket = await row(opened.status === "processed" ? opened.ticketId! : 0);
    await deliver(scene.db, buildMail({ to: queue.address, subject: `[Ticket#${ticket.number}] more` }));
    expect((await row(ticket.id)).state).toBe("new");
  });
});
