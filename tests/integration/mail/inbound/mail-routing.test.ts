import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb, type Database } from "../../../../db/client";
import { postmasterFilters, queues } from "../../../../db/schema";
import { readMessageWithRouting } from "../../../../server/mail/inbound/mail-routing";
import { storeInboundMessage } from "../../../../server/mail/inbound/store-inbound-message";
import { buildMail } from "../../../support/mail";
import { createScene } from "../../../support/scene";

const unique = () => randomBytes(4).toString("hex");

/** The routing as a message stored now is filed with. */
async function routingForANewMessage(db: Database) {
  const envelope = { mailFrom: "someone@customer.example", rcptTo: ["support@example.com"] };
  const { id } = await storeInboundMessage(db, { raw: buildMail(), source: "smtp", envelope });
  const read = await readMessageWithRouting(db, id);
  expect(read?.message).toMatchObject({ status: "new", ticketId: null, envelope });
  return read!.routing;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the mail routing", () => {
  it("is read with the message's own row, and a message that is not there is null", async () => {
    expect(await readMessageWithRouting(getDb(), 2 ** 52)).toBeNull();
  });


  it("lists every queue with its address, and the valid filters in their order", async () => {
    const db = getDb();
    const { queue } = await createScene(db);
    const [second, first, off] = [`second ${unique()}`, `first ${unique()}`, `off ${unique()}`];
    await db.insert(postmasterFilters).values([
      { name: second, position: 1_000_001, matches: [{ header: "Subject", pattern: "b" }], actions: { priority: 2 } },
      { name: first, position: 1_000_000, matches: [{ header: "Subject", pattern: "a" }], actions: { ignore: true }, stop: true },
      { name: off, position: 999_999, matches: [{ header: "Subject", pattern: "c" }], actions: {}, valid: false },
    ]);

    const routing = await routingForANewMessage(db);
    expect(routing.queues).toContainEqual({ id: queue.id, name: queue.name, systemAddress: queue.address, valid: true, catchAll: false });
    expect(routing.queues.filter((row) => row.catchAll).map((row) => row.name)).toEqual(["Raw"]);
    const names = routing.filters.map((filter) => filter.name);
    expect(names).not.toContain(off);
    expect(names.slice(names.indexOf(first), names.indexOf(first) + 2)).toEqual([first, second]);
    expect(routing.filters.find((filter) => filter.name === first)).toEqual({ name: first, matches: [{ header: "Subject", pattern: "a" }], actions: { ignore: true }, stop: true });
  });

  it("skips a stored filter that does not parse, saying so, rather than failing every mail", async () => {
    const db = getDb();
    const broken = `broken ${unique()}`;
    await db.insert(postmasterFilters).values({ name: broken, position: 2_000_000, matches: [], actions: { priority: "high" } });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});

    const routing = await routingForANewMessage(db);
    expect(routing.filters.map((filter) => filter.name)).not.toContain(broken);
    expect(logged).toHaveBeenCalledWith(`[mail] postmaster filter "${broken}" is malformed and skipped`);
    expect(routing.queues.length).toBe((await db.select({ id: queues.id }).from(queues)).length);
  });
});
