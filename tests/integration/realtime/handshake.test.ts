import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { invalidateAgent } from "../../../server/agents/invalidate-agent";
import type { Actor } from "../../../server/auth/actor";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { createToken } from "../../support/factories";
import { connectClient, sessionCookie, startTestSidecar, type TestSidecar } from "../../support/realtime";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
let sidecar: TestSidecar;
let alice: Actor;

beforeAll(async () => {
  scene = await createScene(getDb());
  sidecar = await startTestSidecar(scene.db);
  alice = await scene.agent("rw");
});

afterAll(async () => {
  await sidecar.stop();
});

const refusal = (options: Parameters<typeof connectClient>[1]) => connectClient(sidecar.url, options).then(
  (client) => {
    client.close();
    return "connected";
  },
  (error: Error) => error.message,
);

describe("the realtime handshake", () => {
  it("accepts the session cookie and API tokens, and the socket then receives its queues' events", async () => {
    const viaCookie = await connectClient(sidecar.url, { cookie: await sessionCookie(alice) });
    const viaToken = await connectClient(sidecar.url, { token: await createToken(scene.db, alice) });
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    for (const client of [viaCookie, viaToken]) {
      await client.waitFor((event) => event.name === "ticket:updated" && event.payload.ticket?.number === ticket.number);
      client.close();
    }
  });

  it("fails with `unauthorized` without credentials, with a bad token or a forged cookie", async () => {
    expect(await refusal({})).toBe("unauthorized");
    expect(await refusal({ token: "hd_not-a-token" })).toBe("unauthorized");
    const forged = (await sessionCookie(alice)).replace(/.{8}$/, "AAAAAAAA");
    expect(await refusal({ cookie: forged })).toBe("unauthorized");
    expect(await refusal({ cookie: "authjs.session-token=garbage" })).toBe("unauthorized");
  });

  it("refuses a session from before the agent's session version was raised, and disabled agents", async () => {
    const bob = await scene.agent("rw");
    const token = await createToken(scene.db, bob);
    expect(await refusal({ cookie: await sessionCookie(bob, 2) })).toBe("unauthorized");
    await invalidateAgent(scene.db, bob.id);
    expect(await refusal({ cookie: await sessionCookie(bob, 2) })).toBe("unauthorized");
    expect(await refusal({ token })).toBe("unauthorized");
  });

  it("refuses a page of another site: CORS does not protect a WebSocket, the Origin check does", async () => {
    expect(await refusal({ cookie: await sessionCookie(alice), origin: "https://evil.example" })).not.toBe("connected");
    expect(await refusal({ cookie: await sessionCookie(alice), origin: "http://helpdesk.test.evil.example" })).not.toBe("connected");
    expect(await refusal({ cookie: await sessionCookie(alice) })).toBe("connected");
  });
});
