import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

  it("stops while another instance keeps asking it for its sockets, and leaves no request's answer unhandled", async () => {
    const leaving = await startTestSidecar(scene.db, { redisUrl: REDIS_URL });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      let asking = true;
      // Requests that `leaving` answers until it has stopped; one it never answers ends with the
      // adapter's request timeout (5 s).
      const asker = (async () => {
        while (asking) await second.sidecar.io.fetchSockets().catch(() => []);
      })();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await leaving.stop();
      await new Promise((resolve) => setTimeout(resolve, 100));
      asking = false;
      await asker;
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it("survive Redis dropping their connections, and share events again once reconnected", async () => {
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    /** The sidecars' Redis connections (publisher and subscriber of each), and how many channels each listens on. */
    const sidecarConnections = async () =>
      (await admin.sendCommand<string>(["CLIENT", "LIST"]))
        .split("\n")
        .filter((line) => / name=helpdesk-realtime /.test(line))
        .map((line) => ({ id: /^id=(\d+)/.exec(line)![1]!, channels: Number(/ sub=(\d+)/.exec(line)![1]) + Number(/ psub=(\d+)/.exec(line)![1]) }));
    try {
      const before = await sidecarConnections();
      expect(before).toHaveLength(4);
      for (const { id } of before) await admin.sendCommand(["CLIENT", "KILL", "ID", id]);
      // Back, and both subscribers listening again.
      await vi.waitFor(async () => {
        const after = await sidecarConnections();
        expect(after.filter((connection) => !before.some((old) => old.id === connection.id))).toHaveLength(4);
        expect(after.filter((connection) => connection.channels > 0)).toHaveLength(2);
      }, 10_000);
    } finally {
      await admin.quit();
    }
    const [alice, bob] = [await scene.agent("rw"), await scene.agent("rw")];
    const [onFirst, onSecond] = [await clientOn(first, alice), await clientOn(second, bob)];
    const ticket = await scene.ticket();
    expect(await ack(onSecond, ticket.number)).toEqual({ ok: true });
    expect(await ack(onFirst, ticket.number)).toEqual({ ok: true });
    await onSecond.waitFor((event) => event.name === "presence" && JSON.stringify(event.payload.viewers ?? []).includes(`"${alice.login}"`), 10_000);
  });
});
