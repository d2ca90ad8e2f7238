import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, getDb, type Database } from "../../../db/client";
import { ticketHistory } from "../../../db/schema";
import type { Actor } from "../../../server/auth/actor";
import { appendHistory } from "../../../server/tickets/history";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { unlockTicket } from "../../../server/tickets/unlock-ticket";
import { loadTicketView } from "../../../server/tickets/ticket-view";
import { createToken } from "../../support/factories";
import { connectClient, startTestSidecar, type TestClient, type TestSidecar } from "../../support/realtime";
import { createScene, type Scene } from "../../support/scene";

const CATCH_UP_MS = 200;
let scene: Scene;
let sidecar: TestSidecar;
let alice: Actor;
let client: TestClient;
let slow: Database;
let admin: postgres.Sql;

beforeAll(async () => {
  scene = await createScene(getDb());
  sidecar = await startTestSidecar(scene.db, { catchUpIntervalMs: CATCH_UP_MS });
  alice = await scene.agent("rw");
  client = await connectClient(sidecar.url, { token: await createToken(scene.db, alice) });
  slow = connect(process.env.DATABASE_URL!, { max: 1 });
  admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  client.close();
  await sidecar.stop();
  await slow.$client.end();
  await admin.end();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventIds = (number: string) => client.received.filter((event) => event.payload.ticket?.number === number).map((event) => event.payload.eventId!);

async function health() {
  const report = await sidecar.sidecar.health();
  return report;
}

describe("following ticket_history", () => {
  it("holds back the events after a slow commit until it commits, then delivers all in id order", async () => {
    const ticket = await scene.ticket({ actor: alice });
    await client.waitFor((event) => event.payload.ticket?.number === ticket.number && event.payload.type === "PhoneCallCustomer");

    let holding!: () => void;
    const appended = new Promise<void>((resolve) => (holding = resolve));
    const held = slow.transaction(async (tx) => {
      await appendHistory(tx, alice.id, [{ ticketId: ticket.id, type: "Misc", name: "slow" }]);
      holding();
      await sleep(CATCH_UP_MS * 4);
    });
    // The later changes start only once the slow one holds the append lock, however busy the machine.
    await appended;
    const later = [lockTicket(scene.db, { actor: alice, number: ticket.number }).then(() => unlockTicket(scene.db, { actor: alice, number: ticket.number }))];
    await sleep(CATCH_UP_MS * 2);
    expect(client.received.filter((event) => event.payload.ticket?.number === ticket.number && event.payload.type !== "NewTicket" && event.payload.type !== "PhoneCallCustomer")).toEqual([]);

    await held;
    await Promise.all(later);
    await client.waitFor((event) => event.payload.ticket?.number === ticket.number && event.payload.type === "Unlock");
    const types = client.received.filter((event) => event.payload.ticket?.number === ticket.number).map((event) => event.payload.type);
    expect(types).toEqual(["NewTicket", "PhoneCallCustomer", "Misc", "Lock", "Unlock"]);
    const ids = eventIds(ticket.number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("sends each history row as it is stored: its id, time, actor, changed fields and ticket", async () => {
    const ticket = await scene.ticket({ actor: alice });
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    const event = await client.waitFor((received) => received.payload.ticket?.number === ticket.number && received.payload.type === "Lock");
    const [row] = await scene.db.select().from(ticketHistory).where(eq(ticketHistory.id, event.payload.eventId!));
    expect(row).toBeDefined();
    expect(event.name).toBe("ticket:updated");
    expect(event.payload).toMatchObject({
      eventId: row!.id,
      type: "Lock",
      at: row!.createdAt.toISOString(),
      actor: { id: alice.id, login: alice.login, name: alice.name },
      changes: row!.changes,
      ticket: JSON.parse(JSON.stringify(row!.snapshot)),
    });
    expect(row!.changes).toContain("lock");
  });

  it("delivers a change whose NOTIFY never came, on its catch-up timer", async () => {
    const ticket = await scene.ticket({ actor: alice });
    await client.waitFor((event) => event.payload.ticket?.number === ticket.number && event.payload.type === "PhoneCallCustomer");
    // A history row appended without pg_notify, as if the NOTIFY had been lost.
    const view = await loadTicketView(scene.db, ticket.id);
    await scene.db.insert(ticketHistory).values({ ticketId: ticket.id, type: "Misc", name: "silent", queueId: view.queue.id, state: view.state, lock: view.lock, priority: view.priority, snapshot: view });
    const event = await client.waitFor((received) => received.payload.ticket?.number === ticket.number && received.payload.type === "Misc", CATCH_UP_MS * 10);
    expect(event.name).toBe("ticket:updated");
  });

  it("delivers everything across a cut LISTEN connection, and reports LISTEN down meanwhile", async () => {
    const ticket = await scene.ticket({ actor: alice });
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'helpdesk-realtime-listen'`;
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await unlockTicket(scene.db, { actor: alice, number: ticket.number });
    await client.waitFor((event) => event.payload.ticket?.number === ticket.number && event.payload.type === "Unlock", 10_000);
    expect(client.received.filter((event) => event.payload.ticket?.number === ticket.number).map((event) => event.payload.type)).toEqual(["NewTicket", "PhoneCallCustomer", "Lock", "Unlock"]);
    // postgres.js re-establishes the LISTEN; health says so.
    for (let attempt = 0; attempt < 50 && !(await health()).listening; attempt++) await sleep(100);
    expect(await health()).toMatchObject({ ok: true, listening: true });
  });

  it("turns health to 503 when it falls more than 5 s behind, and back when it catches up", async () => {
    // A second sidecar that only catches up on NOTIFY (its timer is a minute away).
    const lazy = await startTestSidecar(scene.db, { catchUpIntervalMs: 60_000 });
    try {
      expect(await lazy.sidecar.health()).toMatchObject({ ok: true, lagMs: 0 });
      const ticket = await scene.ticket({ actor: alice });
      await sleep(300);
      const view = await loadTicketView(scene.db, ticket.id);
      await scene.db.insert(ticketHistory).values({ ticketId: ticket.id, type: "Misc", name: "stale", queueId: view.queue.id, state: view.state, lock: view.lock, priority: view.priority, snapshot: view, createdAt: new Date(Date.now() - 10_000) });
      const behind = await lazy.sidecar.health();
      expect(behind.ok).toBe(false);
      expect(behind.lagMs).toBeGreaterThanOrEqual(10_000);
      await admin`select pg_notify('helpdesk_events', 'wake')`;
      for (let attempt = 0; attempt < 50 && !(await lazy.sidecar.health()).ok; attempt++) await sleep(50);
      expect(await lazy.sidecar.health()).toMatchObject({ ok: true, lagMs: 0 });
    } finally {
      await lazy.stop();
    }
  });
});
