import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import type { Actor } from "../../../server/auth/actor";
import { addNote } from "../../../server/tickets/add-note";
import { changeOwner } from "../../../server/tickets/change-owner";
import { changeState } from "../../../server/tickets/change-state";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { moveTicket } from "../../../server/tickets/move-ticket";
import { replyToTicket } from "../../../server/tickets/reply-to-ticket";
import { unlockTicket } from "../../../server/tickets/unlock-ticket";
import { createGroup, createQueue, createToken, grant } from "../../support/factories";
import { connectClient, sessionCookie, startTestSidecar, type TestClient, type TestSidecar, type Received } from "../../support/realtime";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
let sidecar: TestSidecar;
let alice: Actor;
let reader: Actor;
let outsider: Actor;
const clients: TestClient[] = [];

beforeAll(async () => {
  scene = await createScene(getDb());
  sidecar = await startTestSidecar(scene.db);
  alice = await scene.agent("rw");
  reader = await scene.agent("ro");
  outsider = await scene.agent();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await sidecar.stop();
});

async function clientFor(actor: Actor, via: "token" | "cookie" = "token") {
  const client = via === "token" ? await connectClient(sidecar.url, { token: await createToken(scene.db, actor) }) : await connectClient(sidecar.url, { cookie: await sessionCookie(actor) });
  clients.push(client);
  return client;
}

const about = (number: string, name: string, type?: string) => (event: Received) => event.name === name && event.payload.ticket?.number === number && (type === undefined || event.payload.type === type);

describe("the realtime sidecar", () => {
  it("delivers every kind of change to the agents who may read the queue, with its changes, and to nobody else", async () => {
    const [aliceClient, readerClient, outsiderClient] = [await clientFor(alice, "cookie"), await clientFor(reader), await clientFor(outsider)];
    const target = await createQueue(scene.db, { group: scene.group.name });
    const carol = await scene.agent("rw");

    const ticket = await scene.ticket({ actor: alice });
    const number = ticket.number;
    await lockTicket(scene.db, { actor: alice, number });
    await unlockTicket(scene.db, { actor: alice, number });
    await replyToTicket(scene.db, { actor: alice, number, body: "On it" });
    await addNote(scene.db, { actor: alice, number, body: "note" });
    await changeOwner(scene.db, { actor: alice, number, owner: carol.login });
    await changeState(scene.db, { actor: carol, number, state: "closed successful" });
    await moveTicket(scene.db, { actor: alice, number, queue: target.id });

    const expected: [string, string, string[] | undefined][] = [
      ["ticket:created", "NewTicket", undefined],
      ["article:created", "PhoneCallCustomer", undefined],
      ["ticket:updated", "Lock", ["lock"]],
      ["ticket:updated", "Unlock", ["lock"]],
      ["ticket:updated", "Lock", ["lock"]],
      ["article:created", "SendAnswer", undefined],
      ["ticket:updated", "StateUpdate", ["state"]],
      ["article:created", "AddNote", undefined],
      ["ticket:updated", "OwnerUpdate", ["owner"]],
      ["ticket:updated", "StateUpdate", ["state", "lock"]],
      ["ticket:updated", "Move", ["queue"]],
    ];
    for (const client of [aliceClient, readerClient]) {
      await client.waitFor(about(number, "ticket:updated", "Move"));
      const seen = client.received.filter((event) => event.payload.ticket?.number === number);
      expect(seen.map((event) => [event.name, event.payload.type])).toEqual(expected.map(([name, type]) => [name, type]));
      for (const [index, [, , changes]] of expected.entries()) if (changes && changes.length > 0) expect(seen[index]!.payload.changes).toEqual(changes);
      const ids = seen.map((event) => event.payload.eventId!);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(seen.at(-1)!.payload.ticket).toMatchObject({ number, queue: { id: target.id }, state: "closed successful" });
    }
    expect(await outsiderClient.quietFor(300)).toEqual([]);
    expect(outsiderClient.received.filter((event) => event.payload.ticket?.number === number)).toEqual([]);
  });

  it("sends a move to the readers of the old queue and of the new, and nobody else", async () => {
    const oldOnly = await scene.agent("ro");
    const newGroup = await createGroup(scene.db);
    const newQueue = await createQueue(scene.db, { group: newGroup.name });
    const newOnly = await scene.agent();
    await grant(scene.db, newOnly, newGroup, "ro");
    await grant(scene.db, alice, newGroup, "move_into");
    const [oldClient, newClient, outsiderClient] = [await clientFor(oldOnly), await clientFor(newOnly), await clientFor(outsider)];

    const ticket = await scene.ticket({ actor: alice });
    await moveTicket(scene.db, { actor: alice, number: ticket.number, queue: newQueue.id });

    for (const client of [oldClient, newClient]) expect((await client.waitFor(about(ticket.number, "ticket:updated", "Move"))).payload.changes).toEqual(["queue"]);
    expect(newClient.received.some(about(ticket.number, "ticket:created"))).toBe(false);
    expect(await outsiderClient.quietFor(300)).toEqual([]);
  });

  it("sends notifications to their agent only", async () => {
    const supervisor = await scene.agent("ro", "owner");
    const carol = await scene.agent("rw");
    const [carolClient, readerClient] = [await clientFor(carol), await clientFor(reader)];
    const ticket = await scene.ticket({ actor: alice });
    await changeOwner(scene.db, { actor: supervisor, number: ticket.number, owner: carol.login });
    const notification = await carolClient.waitFor((event) => event.name === "notification");
    expect(notification.payload).toMatchObject({ type: "OwnerUpdate", notification: { kind: "owner", text: expect.stringContaining(ticket.number) }, ticket: { number: ticket.number } });
    expect(await readerClient.quietFor(300)).not.toContainEqual(expect.objectContaining({ name: "notification" }));
  });
});
