import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { grantPermission } from "../../../server/agents/grant-permission";
import { invalidateAgent } from "../../../server/agents/invalidate-agent";
import { revokePermission } from "../../../server/agents/revoke-permission";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { createToken } from "../../support/factories";
import { connectClient, sessionCookie, startTestSidecar, type TestSidecar } from "../../support/realtime";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
let sidecar: TestSidecar;

beforeAll(async () => {
  scene = await createScene(getDb());
  sidecar = await startTestSidecar(scene.db);
});

afterAll(async () => {
  await sidecar.stop();
});

describe("permission changes while connected", () => {
  it("granting a queue starts its events, revoking stops them at once — without reconnecting", async () => {
    const alice = await scene.agent("rw");
    const bob = await scene.agent();
    const client = await connectClient(sidecar.url, { token: await createToken(scene.db, bob) });
    const socketId = client.socket.id;

    const before = await scene.ticket({ actor: alice });
    expect((await client.quietFor(300)).filter((event) => event.payload.ticket?.number === before.number)).toEqual([]);

    await grantPermission(scene.db, { login: bob.login, group: scene.group.name, permission: "ro" });
    const granted = await scene.ticket({ actor: alice });
    await client.waitFor((event) => event.name === "ticket:created" && event.payload.ticket?.number === granted.number);

    await revokePermission(scene.db, { login: bob.login, group: scene.group.name, permission: "ro" });
    // Committed after the revocation: must never reach bob, however fast it follows.
    await lockTicket(scene.db, { actor: alice, number: granted.number });
    const revoked = await scene.ticket({ actor: alice });
    expect((await client.quietFor(500)).filter((event) => [granted.number, revoked.number].includes(event.payload.ticket?.number ?? "") && event.payload.type !== "NewTicket" && event.payload.type !== "PhoneCallCustomer")).toEqual([]);
    expect(client.received.some((event) => event.payload.ticket?.number === revoked.number)).toBe(false);
    expect(client.socket.connected && client.socket.id === socketId).toBe(true);
    client.close();
  });

  it("disconnects every socket of an agent who is disabled", async () => {
    const carol = await scene.agent("rw");
    const viaCookie = await connectClient(sidecar.url, { cookie: await sessionCookie(carol) });
    const viaToken = await connectClient(sidecar.url, { token: await createToken(scene.db, carol) });
    const disconnected = Promise.all([viaCookie, viaToken].map((client) => new Promise<string>((resolve) => client.socket.once("disconnect", resolve))));
    await invalidateAgent(scene.db, carol.id);
    expect(await disconnected).toEqual(["io server disconnect", "io server disconnect"]);
  });
});
