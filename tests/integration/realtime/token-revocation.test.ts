import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { changeOwnPassword } from "../../../server/agents/change-own-password";
import { issueApiToken } from "../../../server/auth/issue-api-token";
import { revokeApiToken } from "../../../server/auth/revoke-api-token";
import { createAgent } from "../../support/factories";
import { connectClient, sessionCookie, startTestSidecar, type TestClient, type TestSidecar } from "../../support/realtime";
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

const disconnected = (client: TestClient) => new Promise<string>((resolve) => client.socket.once("disconnect", resolve));

describe("token revocation and password change while connected", () => {
  it("revoking a token disconnects its sockets at once — with the agent's other sockets, as session_version was raised — and refuses it on reconnect", async () => {
    const agent = await scene.agent("rw");
    const revoked = await issueApiToken(scene.db, agent, { name: "to revoke" });
    const kept = await issueApiToken(scene.db, agent, { name: "to keep" });
    const viaRevoked = await connectClient(sidecar.url, { token: revoked.token });
    const viaKept = await connectClient(sidecar.url, { token: kept.token });
    const viaCookie = await connectClient(sidecar.url, { cookie: await sessionCookie(agent) });
    const bystander = await connectClient(sidecar.url, { token: (await issueApiToken(scene.db, await scene.agent("rw"), { name: "other" })).token });
    const ends = Promise.all([viaRevoked, viaKept, viaCookie].map(disconnected));

    await revokeApiToken(scene.db, agent, { id: revoked.id });
    expect(await ends).toEqual(["io server disconnect", "io server disconnect", "io server disconnect"]);

    await expect(connectClient(sidecar.url, { token: revoked.token })).rejects.toThrow("unauthorized");
    // The other token and a session at the new version connect again.
    (await connectClient(sidecar.url, { token: kept.token })).close();
    (await connectClient(sidecar.url, { cookie: await sessionCookie(agent, 2) })).close();
    await expect(connectClient(sidecar.url, { cookie: await sessionCookie(agent, 1) })).rejects.toThrow("unauthorized");
    expect(bystander.socket.connected).toBe(true);
    bystander.close();
  });

  it("changing one's password disconnects every socket of the agent", async () => {
    const agent = await createAgent(scene.db, { password: "the first password" });
    const viaCookie = await connectClient(sidecar.url, { cookie: await sessionCookie(agent) });
    const viaToken = await connectClient(sidecar.url, { token: (await issueApiToken(scene.db, { ...agent, isAdmin: false }, { name: "cli" })).token });
    const ends = Promise.all([viaCookie, viaToken].map(disconnected));
    await changeOwnPassword(scene.db, { agentId: agent.id, currentPassword: "the first password", newPassword: "the second password" });
    expect(await ends).toEqual(["io server disconnect", "io server disconnect"]);
  });
});
