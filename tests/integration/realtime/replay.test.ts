import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import type { Actor } from "../../../server/auth/actor";
import { REPLAY_WINDOW } from "../../../server/realtime/replay";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { unlockTicket } from "../../../server/tickets/unlock-ticket";
import { createGroup, createQueue, createTestTicket, createToken } from "../../support/factories";
import { connectClient, startTestSidecar, type Received } from "../../support/realtime";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
let alice: Actor;
let token: string;

beforeAll(async () => {
  scene = await createScene(getDb());
  alice = await scene.agent("rw");
  token = await createToken(scene.db, alice);
});

/** Lock/unlock rounds on a ticket: `2 * rounds` events. */
async function churn(number: string, rounds: number) {
  for (let round = 0; round < rounds; round++) {
    await lockTicket(scene.db, { actor: alice, number });
    await unlockTicket(scene.db, { actor: alice, number });
  }
}

const historyEvents = (received: Received[]) => received.filter((event) => event.payload.eventId !== undefined);

describe("replay with lastEventId", () => {
  it("delivers, first and in order, every readable event missed while disconnected, none twice", async () => {
    const sidecar = await startTestSidecar(scene.db);
    try {
      const ticket = await scene.ticket({ actor: alice });
      const first = await connectClient(sidecar.url, { token });
      await churn(ticket.number, 2);
      await first.waitFor(() => historyEvents(first.received).filter((event) => event.payload.type === "Unlock").length === 2);
      const lastSeen = Math.max(...historyEvents(first.received).map((event) => event.payload.eventId!));
      first.close();

      // Missed: changes on this ticket, and in a queue alice cannot read.
      await churn(ticket.number, 3);
      const hiddenGroup = await createGroup(scene.db);
      await createTestTicket(scene.db, { queue: (await createQueue(scene.db, { group: hiddenGroup.name })).id });

      const second = await connectClient(sidecar.url, { token, lastEventId: lastSeen });
      await second.waitFor(() => historyEvents(second.received).length >= 6);
      await churn(ticket.number, 1);
      await second.waitFor(() => historyEvents(second.received).length >= 8);
      expect(await second.quietFor(300)).toEqual([]);
      const events = historyEvents(second.received);
      expect(events.map((event) => event.payload.type)).toEqual(["Lock", "Unlock", "Lock", "Unlock", "Lock", "Unlock", "Lock", "Unlock"]);
      const ids = events.map((event) => event.payload.eventId!);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(ids[0]).toBeGreaterThan(lastSeen);
      second.close();
    } finally {
      await sidecar.stop();
    }
  });

  it("catches up across a restart of the server process mid-stream, the client resuming by itself", async () => {
    let sidecar = await startTestSidecar(scene.db);
    const port = Number(new URL(sidecar.url).port);
    const ticket = await scene.ticket({ actor: alice });
    const client = await connectClient(sidecar.url, { token, reconnection: true });
    try {
      await churn(ticket.number, 2);
      await client.waitFor(() => historyEvents(client.received).length >= 4);
      await sidecar.stop();
      // While the server process is down, the ticket keeps changing.
      await churn(ticket.number, 3);
      sidecar = await startTestSidecar(scene.db, { port });
      await churn(ticket.number, 1);
      await client.waitFor(() => historyEvents(client.received).length >= 12, 15_000);
      const events = historyEvents(client.received);
      const ids = events.map((event) => event.payload.eventId!);
      expect(events.map((event) => event.payload.type)).toEqual(Array.from({ length: 6 }, () => ["Lock", "Unlock"]).flat());
      expect(new Set(ids).size).toBe(12);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    } finally {
      client.close();
      await sidecar.stop();
    }
  });

  it("asks a client that is too far behind, or from another database, to reload", async () => {
    const sidecar = await startTestSidecar(scene.db);
    try {
      const ticket = await scene.ticket({ actor: alice });
      await churn(ticket.number, 1);
      const fromTheFuture = await connectClient(sidecar.url, { token, lastEventId: Number.MAX_SAFE_INTEGER });
      await fromTheFuture.waitFor((event) => event.name === "resync");
      fromTheFuture.close();
      // A client that saw event N, while more than the replay window has happened since.
      const [latest] = await scene.db.execute<{ id: string }>(sql`select max(id) as id from ticket_history`);
      await scene.db.execute(sql`select setval('ticket_history_id_seq', ${Number(latest!.id) + REPLAY_WINDOW + 10})`);
      const watcher = await connectClient(sidecar.url, { token });
      await churn(ticket.number, 1);
      await watcher.waitFor((event) => event.payload.type === "Unlock");
      watcher.close();
      const old = await connectClient(sidecar.url, { token, lastEventId: Number(latest!.id) });
      await old.waitFor((event) => event.name === "resync");
      expect(old.received.filter((event) => event.payload.eventId !== undefined)).toEqual([]);
      old.close();
      const negative = await connectClient(sidecar.url, { token, lastEventId: -5 });
      await negative.waitFor((event) => event.name === "resync");
      negative.close();
    } finally {
      await sidecar.stop();
    }
  });
});
