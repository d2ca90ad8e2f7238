import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { connect, getDb } from "../../../db/client";
import { articles, outbox } from "../../../db/schema";
import { ForbiddenError, NotFoundError, TicketLockedError } from "../../../server/errors";
import { addNote } from "../../../server/tickets/add-note";
import { findReadableTicket } from "../../../server/tickets/get-ticket";
import { lockTicket } from "../../../server/tickets/lock-ticket";
import { historyOf } from "../../support/history";
import { recordingRelay } from "../../support/recording-relay";
import { createScene, type Scene } from "../../support/scene";

let scene: Scene;
beforeEach(async () => {
  scene = await createScene(getDb());
});

describe("addNote", () => {
  it("adds an internal note, never mailed, without locking", async () => {
    const noter = await scene.agent("ro", "note");
    const ticket = await scene.ticket();

    const note = await addNote(scene.db, { actor: noter, number: ticket.number, body: "Customer called again.", subject: "Call" });

    expect(note).toMatchObject({ kind: "note_internal", subject: "Call", body: "Customer called again.", createdBy: { id: noter.id } });
    const [stored] = await scene.db.select({ visible: articles.visibleToCustomer }).from(articles).where(eq(articles.id, note.id));
    expect(stored!.visible).toBe(false);
    expect(await scene.db.select().from(outbox).where(eq(outbox.ticketId, ticket.id))).toEqual([]);
    expect((await findReadableTicket(scene.db, noter, ticket.number)).lock).toBe("unlocked");
    expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "AddNote", articleId: note.id, changes: [] });
  });

  it("is allowed while another agent holds the lock (as in OTRS)", async () => {
    const alice = await scene.agent("rw");
    const noter = await scene.agent("ro", "note");
    const ticket = await scene.ticket();
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await expect(addNote(scene.db, { actor: noter, number: ticket.number, body: "FYI" })).resolves.toMatchObject({ kind: "note_internal" });
  });

  it("needs note; a state change with it needs rw and is held off by another's lock", async () => {
    const alice = await scene.agent("rw");
    const reader = await scene.agent("ro");
    const noter = await scene.agent("ro", "note");
    const colleague = await scene.agent("rw");
    const stranger = await scene.agent("note");
    const ticket = await scene.ticket();
    await expect(addNote(scene.db, { actor: reader, number: ticket.number, body: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addNote(scene.db, { actor: stranger, number: ticket.number, body: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(addNote(scene.db, { actor: noter, number: ticket.number, body: "x", state: "closed successful" })).rejects.toBeInstanceOf(ForbiddenError);
    await lockTicket(scene.db, { actor: alice, number: ticket.number });
    await expect(addNote(scene.db, { actor: colleague, number: ticket.number, body: "x", state: "closed successful" })).rejects.toBeInstanceOf(TicketLockedError);
    // The refused note was not stored either: all or nothing.
    expect((await historyOf(scene.db, ticket.number)).filter((row) => row.type === "AddNote")).toHaveLength(0);
    await addNote(scene.db, { actor: alice, number: ticket.number, body: "done", state: "closed successful" });
    expect(await findReadableTicket(scene.db, alice, ticket.number)).toMatchObject({ state: "closed successful", lock: "unlocked" });
  });

  it("adds a note in two round trips: the row lock with the note's ids, then the writes with the COMMIT", async () => {
    const noter = await scene.agent("ro", "note");
    const ticket = await scene.ticket();
    const relay = await recordingRelay();
    // One connection, warmed up, so that every statement is counted and each is prepared there.
    const db = connect(relay.url, { max: 1 });
    try {
      await addNote(db, { actor: noter, number: ticket.number, body: "Warming up." });
      relay.reset();

      const note = await addNote(db, { actor: noter, number: ticket.number, body: "Counted." });

      expect(relay.flights()).toBe(2);
      const [stored] = await scene.db.select({ createdAt: articles.createdAt, body: articles.bodyText }).from(articles).where(eq(articles.id, note.id));
      expect(stored).toEqual({ createdAt: new Date(note.createdAt), body: "Counted." });
      expect((await historyOf(scene.db, ticket.number)).at(-1)).toMatchObject({ type: "AddNote", articleId: note.id });
    } finally {
      await db.$client.end({ timeout: 5 });
      relay.close();
    }
  });
});
