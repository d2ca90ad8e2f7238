import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { NotFoundError } from "../../../server/errors";
import { addNote } from "../../../server/tickets/add-note";
import { getAttachment } from "../../../server/tickets/get-attachment";
import { getTicket, getTicketHistory } from "../../../server/tickets/get-ticket";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("reading a ticket", () => {
  it("gives the ticket with its articles oldest first, and its history with actors", async () => {
    const alice = await scene.agent("rw");
    const ticket = await scene.ticket({ body: "first" });
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await addNote(scene.db, { actor: alice, number: ticket.number, body: "second" });

    const full = await getTicket(scene.db, alice, ticket.number);
    expect(full.articles.map((article) => article.body)).toEqual(["first", "second"]);
    const history = await getTicketHistory(scene.db, alice, ticket.number);
    expect(history.map((entry) => entry.type)).toEqual(["NewTicket", "PhoneCallCustomer", "Lock", "AddNote"]);
    expect(history[2]).toEqual({ id: expect.any(Number), type: "Lock", name: `locked by ${alice.login}`, actor: { id: alice.id, login: alice.login, name: alice.name }, createdAt: expect.any(String) });
  });

  it("serves attachments to readers only; to others they do not exist", async () => {
    const reader = await scene.agent("ro");
    const alice = await scene.agent("rw");
    const stranger = await scene.agent("note", "create");
    const ticket = await scene.ticket();
    const note = await addNote(scene.db, { actor: alice, number: ticket.number, body: "log", attachments: [{ filename: "trace.log", contentType: "text/plain", content: Buffer.from("boom") }] });
    const attachmentId = note.attachments[0]!.id;

    expect(await getAttachment(scene.db, reader, attachmentId)).toEqual({ filename: "trace.log", contentType: "text/plain", content: Buffer.from("boom") });
    await expect(getAttachment(scene.db, stranger, attachmentId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAttachment(scene.db, reader, 999_999)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("answers the same not_found for a missing ticket and one the caller may not read", async () => {
    const stranger = await scene.agent("note", "create", "owner", "priority", "move_into");
    const ticket = await scene.ticket();
    const hidden = await getTicket(scene.db, stranger, ticket.number).catch((error: unknown) => error);
    const missing = await getTicket(scene.db, stranger, "2026010110999999").catch((error: unknown) => error);
    expect(hidden).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((hidden as Error).message).toBe((missing as Error).message);
    await expect(getTicketHistory(scene.db, stranger, ticket.number)).rejects.toBeInstanceOf(NotFoundError);
  });
});
