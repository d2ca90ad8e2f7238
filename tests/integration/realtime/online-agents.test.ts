import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import type { Actor } from "../../../server/auth/actor";
import type { AgentsOnlineEvent } from "../../../server/realtime/event-types";
import { createGroup, createQueue, createToken, grant } from "../../support/factories";
import { connectClient, startTestSidecar, type TestClient, type TestSidecar } from "../../support/realtime";
import { createScene, type Scene } from "../../support/scene";
import { until } from "../../support/until";

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

/** A connected client that also records `agents:online`, which the shared recorder does not listen for. */
async function clientFor(actor: Actor) {
  const client = await connectClient(sidecar.url, { token: await createToken(scene.db, actor) });
  clients.push(client);
  const online: AgentsOnlineEvent[] = [];
  client.socket.on("agents:online", (event) => online.push(event));
  return { client, online };
}

function ask(client: TestClient, event: "board:watch" | "board:unwatch") {
  return new Promise<{ ok: boolean; error?: string }>((resolve) => client.socket.emit(event, {}, resolve));
}

const logins = (event: AgentsOnlineEvent | undefined) => (event?.agents ?? []).map((agent) => agent.login).sort();

describe("agents online (the supervisor board)", () => {
  it("answers board:watch with who is connected, and tells board watchers of every connect and disconnect", async () => {
    const [supervisor, alice, bob] = [await scene.agent("ro"), await scene.agent("rw"), await scene.agent("rw")];
    const board = await clientFor(supervisor);
    const aliceClient = await clientFor(alice);

    expect(await ask(board.client, "board:watch")).toEqual({ ok: true });
    await until(() => board.online.length > 0, "the first agents:online");
    const first = board.online.at(-1)!;
    expect(first.type).toBe("agents:online");
    expect(logins(first)).toEqual([alice.login, supervisor.login].sort());
    expect(first.agents.find((agent) => agent.id === alice.id)).toEqual({ id: alice.id, login: alice.login, name: alice.name, queues: [scene.queue.id] });

    // Bob connects twice (two tabs): listed once; he stays listed until his last tab closes.
    const bobTab = await clientFor(bob);
    const bobSecondTab = await clientFor(bob);
    await until(() => logins(board.online.at(-1)).includes(bob.login), "bob online");
    expect(board.online.at(-1)!.agents.filter((agent) => agent.id === bob.id)).toHaveLength(1);

    bobTab.client.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logins(board.online.at(-1))).toContain(bob.login);
    bobSecondTab.client.close();
    await until(() => !logins(board.online.at(-1)).includes(bob.login), "bob offline");

    // A socket that is not watching the board hears nothing of it.
    expect(aliceClient.online).toEqual([]);

    // After board:unwatch, no more updates.
    expect(await ask(board.client, "board:unwatch")).toEqual({ ok: true });
    const seen = board.online.length;
    await clientFor(bob);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(board.online.length).toBe(seen);
  });

  it("lists only agents sharing a queue with the watcher, with just the shared queues, and follows permission changes", async () => {
    const supervisor = await scene.agent("ro");
    const elsewhere = await createGroup(scene.db);
    const elsewhereQueue = await createQueue(scene.db, { group: elsewhere.name });
    const both = await scene.agent("rw");
    await grant(scene.db, both, elsewhere, "rw");
    const stranger = await scene.agent();
    await grant(scene.db, stranger, elsewhere, "rw");

    const board = await clientFor(supervisor);
    await clientFor(both);
    await clientFor(stranger);
    await ask(board.client, "board:watch");
    await until(() => logins(board.online.at(-1)).includes(both.login), "the shared agent");
    const listed = board.online.at(-1)!;
    expect(logins(listed)).not.toContain(stranger.login);
    expect(listed.agents.find((agent) => agent.id === both.id)!.queues).toEqual([scene.queue.id]);
    expect(listed.agents.flatMap((agent) => agent.queues)).not.toContain(elsewhereQueue.id);

    // The stranger is granted the supervisor's group: the board shows them without a reconnect.
    await grant(scene.db, stranger, scene.group, "ro");
    await until(() => logins(board.online.at(-1)).includes(stranger.login), "the stranger after the grant");
    expect(board.online.at(-1)!.agents.find((agent) => agent.id === stranger.id)!.queues).toEqual([scene.queue.id]);
  });
});
