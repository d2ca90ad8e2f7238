import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { tickets } from "../../../db/schema";
import type { Actor } from "../../../server/auth/actor";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { moveTicket } from "../../../server/tickets/move-ticket";
import { createGroup, createQueue, createToken, grant } from "../../support/factories";
import { connectClient, startTestSidecar, type TestClient, type TestSidecar } from "../../support/realtime";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
let sidecar: TestSidecar;
const clients: TestClient[] = [];

beforeAll(async () => {
  scene = await createScene(getDb());
  sidecar = await startTestSidecar(scene.db);
});

afterAll(async () => {
  for (const client of clients) client.close();
  await sidecar.stop();
});

async function clientFor(actor: Actor) {
  const client = await connectClient(sidecar.url, { token: await createToken(scene.db, actor) });
  clients.push(client);
  return client;
}

function ask(client: TestClient, event: "ticket:watch" | "ticket:unwatch", number: string): Promise<{ ok: boolean; error?: string }>;
function ask(client: TestClient, event: "presence:composing", number: string, composing: boolean): Promise<{ ok: boolean; error?: string }>;
function ask(client: TestClient, event: "ticket:watch" | "ticket:unwatch" | "presence:composing", number: string, composing?: boolean) {
  return new Promise<{ ok: boolean; error?: string }>((resolve) => {
    if (event === "presence:composing") client.socket.emit(event, { number, composing: composing ?? false }, resolve);
    else client.socket.emit(event, { number }, resolve);
  });
}

/** The latest presence list a client got for the ticket, as [login, composing] pairs. */
function latestPresence(client: TestClient, number: string) {
  const events = client.received.filter((event) => event.name === "presence" && event.payload.number === number);
  const viewers = (events.at(-1)?.payload.viewers ?? []) as { login: string; composing: boolean }[];
  return viewers.map((viewer) => [viewer.login, viewer.composing]);
}

describe("presence", () => {
  it("tells everyone on a ticket who views and who composes, on watch, composing, unwatch and disconnect", async () => {
    const [alice, bob] = [await scene.agent("rw"), await scene.agent("ro")];
    const [aliceClient, bobClient] = [await clientFor(alice), await clientFor(bob)];
    const ticket = await scene.ticket();
    const sorted = (pairs: [string, boolean][]) => pairs.sort((a, b) => a[0].localeCompare(b[0]));

    expect(await ask(aliceClient, "ticket:watch", ticket.number)).toEqual({ ok: true });
    expect(await ask(bobClient, "ticket:watch", ticket.number)).toEqual({ ok: true });
    const both = sorted([[alice.login, false], [bob.login, false]]);
    await aliceClient.waitFor(() => JSON.stringify(latestPresence(aliceClient, ticket.number).sort()) === JSON.stringify(both));

    expect(await ask(aliceClient, "presence:composing", ticket.number, true)).toEqual({ ok: true });
    const composing = sorted([[alice.login, true], [bob.login, false]]);
    await bobClient.waitFor(() => JSON.stringify(latestPresence(bobClient, ticket.number).sort()) === JSON.stringify(composing));

    // A second tab of bob's: bob is listed once.
    const bobSecondTab = await clientFor(bob);
    await ask(bobSecondTab, "ticket:watch", ticket.number);
    await aliceClient.waitFor(() => aliceClient.received.filter((event) => event.name === "presence").length >= 4);
    expect(latestPresence(aliceClient, ticket.number).sort()).toEqual(composing);

    await ask(aliceClient, "ticket:unwatch", ticket.number);
    await bobClient.waitFor(() => JSON.stringify(latestPresence(bobClient, ticket.number)) === JSON.stringify([[bob.login, false]]));

    await ask(aliceClient, "ticket:watch", ticket.number);
    await bobClient.waitFor(() => latestPresence(bobClient, ticket.number).length === 2);
    aliceClient.close();
    await bobClient.waitFor(() => JSON.stringify(latestPresence(bobClient, ticket.number)) === JSON.stringify([[bob.login, false]]));
  });

  it("refuses watching a ticket the agent may not read, as not_found, and composing on an unwatched one", async () => {
    const outsider = await scene.agent();
    const client = await clientFor(outsider);
    const ticket = await scene.ticket();
    expect(await ask(client, "ticket:watch", ticket.number)).toEqual({ ok: false, error: "not_found" });
    expect(await ask(client, "ticket:watch", "2026010110999999")).toEqual({ ok: false, error: "not_found" });
    expect(await ask(client, "presence:composing", ticket.number, true)).toEqual({ ok: false, error: "not_found" });
    expect(client.received.filter((event) => event.name === "presence")).toEqual([]);
  });

  it("counts the owner's composing as activity for the unlock timeout", async () => {
    const alice = await scene.agent("rw");
    const client = await clientFor(alice);
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await scene.db.update(tickets).set({ ownerActivityAt: sql`now() - interval '1 hour'` }).where(eq(tickets.id, ticket.id));
    await ask(client, "ticket:watch", ticket.number);
    await ask(client, "presence:composing", ticket.number, true);
    const [row] = await scene.db.select({ activity: tickets.ownerActivityAt }).from(tickets).where(eq(tickets.id, ticket.id));
    expect(Date.now() - row!.activity!.getTime()).toBeLessThan(60_000);
  });

  it("stops a watch when the ticket moves to a queue the watcher may not read", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent("ro");
    const hidden = await createGroup(scene.db);
    const hiddenQueue = await createQueue(scene.db, { group: hidden.name });
    await grant(scene.db, alice, hidden, "rw");
    const [aliceClient, bobClient] = [await clientFor(alice), await clientFor(bob)];
    const ticket = await scene.ticket();
    await ask(aliceClient, "ticket:watch", ticket.number);
    await ask(bobClient, "ticket:watch", ticket.number);
    await aliceClient.waitFor(() => latestPresence(aliceClient, ticket.number).length === 2);
    await moveTicket(scene.db, { actor: alice, number: ticket.number, queue: hiddenQueue.id });
    await aliceClient.waitFor(() => JSON.stringify(latestPresence(aliceClient, ticket.number)) === JSON.stringify([[alice.login, false]]));
  });
});
