import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../../../../db/client";
import { postmasterFilters, queues } from "../../../../db/schema";
import { loadMailRouting } from "../../../../server/mail/inbound/mail-routing";
import { createScene } from "../../../support/scene";

const unique = () => randomBytes(4).toString("hex");

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the mail routing", () => {
  it("lists every queue with its address, and the valid filters in their order", async () => {
    const db = getDb();
    const { queue } = await createScene(db);
    const [second, first, off] = [`second ${unique()}`, `first ${unique()}`, `off ${unique()}`];
    await db.insert(postmasterFilters).values([
      { name: second, position: 1_000_001, matches: [{ header: "Subject", pattern: "b" }], actions: { priority: 2 } },
      { name: first, position: 1_000_000, matches: [{ header: "Subject", pattern: "a" }], actions: { ignore: true }, stop: true },
      { name: off, position: 999_999, matches: [{ header: "Subject", pattern: "c" }], actions: {}, valid: false },
    ]);

    const routing = await loadMailRouting(db);
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

    const routing = await loadMailRouting(db);
    expect(routing.filters.map((filter) => filter.name)).not.toContain(broken);
    expect(logged).toHaveBeenCalledWith(`[mail] postmaster filter "${broken}" is malformed and skipped`);
    expect(routing.queues.length).toBe((await db.select({ id: queues.id }).from(queues)).length);
  });
});
