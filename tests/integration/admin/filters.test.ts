import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { postmasterFilters } from "../../../db/schema";
import { createFilter } from "../../../server/mail/filters/create-filter";
import { deleteFilter } from "../../../server/mail/filters/delete-filter";
import { listFilters } from "../../../server/mail/filters/list-filters";
import { reorderFilters } from "../../../server/mail/filters/reorder-filters";
import { updateFilter } from "../../../server/mail/filters/update-filter";
import { readMessageWithRouting } from "../../../server/mail/inbound/mail-routing";
import { storeInboundMessage } from "../../../server/mail/inbound/store-inbound-message";
import { buildMail } from "../../support/mail";
import { applyPostmasterFilters } from "../../../server/mail/inbound/postmaster-filters";
import { auditOf } from "../../support/admin-audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { createScene } from "../../support/scene";

const unique = () => Math.random().toString(36).slice(2, 8);

describe("postmaster filters", () => {
  it("creates filters after the others, updates, reorders and deletes them, audited; the mail pipeline runs what was saved", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const { queue } = await createScene(db);
    const seeded = (await listFilters(db)).map((filter) => filter.id);
    const vip = await createFilter(db, admin, { name: `VIP ${unique()}`, matches: [{ header: "From", pattern: "@vip\\.example$" }], actions: { queue: queue.name, priority: 5 } });
    const list = await createFilter(db, admin, { name: `Lists ${unique()}`, matches: [{ header: "List-Id", pattern: "." }, { header: "Subject", pattern: "urgent", negate: true }], actions: { noAutoResponse: true }, stop: true });
    expect((await listFilters(db)).map((filter) => filter.id)).toEqual([...seeded, vip.id, list.id]);
    expect(list.matches).toEqual([{ header: "List-Id", pattern: ".", negate: false }, { header: "Subject", pattern: "urgent", negate: true }]);

    const updated = await updateFilter(db, admin, { id: vip.id, actions: { priority: 4 }, valid: true });
    expect(updated).toMatchObject({ name: vip.name, actions: { priority: 4 }, matches: vip.matches });

    const order = await reorderFilters(db, admin, { ids: [list.id, vip.id, ...seeded] });
    expect(order.map((filter) => filter.id)).toEqual([list.id, vip.id, ...seeded]);
    const { id: messageId } = await storeInboundMessage(db, { raw: buildMail(), source: "smtp", envelope: { mailFrom: null, rcptTo: [] } });
    const loaded = (await readMessageWithRouting(db, messageId))!.routing.filters;
    expect(loaded.slice(0, 2).map((filter) => filter.name)).toEqual([list.name, vip.name]);
    const mail = { headers: { from: ["boss@vip.example"] }, text: "" } as unknown as Parameters<typeof applyPostmasterFilters>[1];
    expect(applyPostmasterFilters(loaded, mail).actions).toEqual({ priority: 4 });

    await deleteFilter(db, admin, { id: list.id });
    expect((await auditOf(db, `filter:${vip.id}`)).map((row) => row.action)).toEqual(["filter.create", "filter.update"]);
    expect((await auditOf(db, `filter:${list.id}`)).map((row) => row.action)).toEqual(["filter.create", "filter.delete"]);
    expect((await auditOf(db, "filters")).map((row) => row.action)).toEqual(["filter.reorder"]);
  });

  it("refuses an invalid regular expression at save time, naming the field", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const bad = { name: `Bad ${unique()}`, matches: [{ header: "Subject", pattern: "ok" }, { header: "From", pattern: "(unclosed" }], actions: { ignore: true } };
    await expect(createFilter(db, admin, bad)).rejects.toMatchObject({ field: "matches.1.pattern", message: expect.stringMatching(/^matches\.1\.pattern: not a valid regular expression/) });
    const good = await createFilter(db, admin, { ...bad, matches: [{ header: "Subject", pattern: "ok" }] });
    await expect(updateFilter(db, admin, { id: good.id, matches: [{ header: "Subject", pattern: "[z-a]" }] })).rejects.toMatchObject({ field: "matches.0.pattern" });
  });

  it("refuses other bad input naming the field, a stale order and non-admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const ok = { name: `F ${unique()}`, matches: [{ header: "Subject", pattern: "x" }], actions: { ignore: true } };
    await expect(createFilter(db, admin, { ...ok, matches: [] })).rejects.toMatchObject({ field: "matches" });
    await expect(createFilter(db, admin, { ...ok, matches: [{ header: "Bad Header:", pattern: "x" }] })).rejects.toMatchObject({ field: "matches.0.header" });
    await expect(createFilter(db, admin, { ...ok, actions: {} })).rejects.toMatchObject({ field: "actions" });
    await expect(createFilter(db, admin, { ...ok, actions: { queue: "No such queue" } })).rejects.toMatchObject({ field: "actions.queue" });
    await expect(createFilter(db, admin, { ...ok, actions: { priority: 9 } })).rejects.toMatchObject({ field: "actions.priority" });
    const filter = await createFilter(db, admin, ok);
    await expect(createFilter(db, admin, ok)).rejects.toMatchObject({ field: "name" });
    const ids = (await db.select({ id: postmasterFilters.id }).from(postmasterFilters)).map((row) => row.id);
    await expect(reorderFilters(db, admin, { ids: ids.slice(1) })).rejects.toMatchObject({ field: "ids" });
    await expect(reorderFilters(db, admin, { ids: [...ids, ids[0]!] })).rejects.toMatchObject({ field: "ids" });
    await expect(deleteFilter(db, actorOf(await createAgent(db)), { id: filter.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateFilter(db, admin, { id: 99_999_999, stop: true })).rejects.toMatchObject({ code: "not_found" });
  });
});
