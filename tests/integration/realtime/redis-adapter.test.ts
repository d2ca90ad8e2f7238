import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import type { Actor } from "../../../server/auth/actor";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { createToken } from "../../support/factories";
import { connectClient, startTestSidecar, type Received, type TestClient, type TestSidecar } from "../../support/realtime";
import { createScene, type Scene } from "../../support/scene";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let scene: Scene;
let first: TestSidecar;
let second: TestSidecar;
const clients: TestClient[] = [];

beforeAll(async () => {
  scene = await createScene(getDb());
  first = await startTestSidecar(scene.db, { redisUrl: REDIS_URL });
  second = await startTestSidecar(scene.db, { redisUrl: REDIS_URL });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await first.stop();
  await second.stop();
});

async function clientOn(sidecar: TestSidecar, actor: Actor) {
  const client = await connectClient(sidecar.url, { token: await createToken(scene.db, actor) });
  clients.push(client);
  return client;
}

const ack = (client: TestClient, number: string, composing?: boolean) =>
  new Promise<unknown>((resolve) => (composing === undefined ? client.socket.emit("ticket:watch", { number }, resolve) : client.socket.emit("presence:composing", { number, composing }, resolve)));

describe("two server processes sharing Redis", () => {
  it("see each other's presence", async () => {
    const [alice, bob] = [await scene.agent("rw"), await scene.agent("rw")];
    const onFirst = await clientOn(first, alice);
    const onSecond = await clientOn(second, bob);
    const ticket = await scene.ticket();
    expect(await ack(onFirst, ticket.number)).toEqual({ ok: true });
    expect(await ack(onSecond, ticket.number)).toEqual({ ok: true });
    expect(await ack(onSecond, ticket.number, true)).toEqual({ ok: true });
    const viewers = (event: Received) => ((event.payload.viewers ?? []) as { login: string; composing: boolean }[]).map((viewer) => `${viewer.login}:${viewer.composing}`).sort();
    const expected = [`${alice.login}:false`, `${bob.login}:true`].sort();
    await onFirst.waitFor((event) => event.name === "presence" && JSON.stringify(viewers(event)) === JSON.stringify(expected));
  });

  it("deliver each ticket event to the clients of both, exactly once", async () => {
    const alice = await scene.agent("rw");
    const [onFirst, onSecond] = [await clientOn(first, alice), await clientOn(second, alice)];
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    for (const client of [onFirst, onSecond]) await client.waitFor((event) => event.payload.ticket?.number === ticket.number && event.payload.type === "Lock");
    await onFirst.quietFor(300);
    for (const client of [onFirst, onSecond]) {
      const types = client.received.filter((event) => event.payload.ticket?.number === ticket.number).map((event) => event.payload.type);
      expect(types).toEqual(["NewTicket", "PhoneCallCustomer", "Lock"]);
    }
  });
});
