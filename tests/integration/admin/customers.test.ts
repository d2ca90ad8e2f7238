import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { listCustomerTickets } from "../../../server/customers/list-customer-tickets";
import { listCustomers } from "../../../server/customers/list-customers";
import { updateCustomer } from "../../../server/customers/update-customer";
import { changeState } from "../../../server/tickets/change-state";
import { auditOf } from "../../support/admin-audit";
import { actorOf, createAgent, testAdmin } from "../../support/factories";
import { createScene } from "../../support/scene";

const unique = () => Math.random().toString(36).slice(2, 8);

describe("customers", () => {
  it("lists and searches by address, name or organisation, with ticket counts, paged", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const scene = await createScene(db);
    const tag = unique();
    const a = await scene.ticket({ customer: { email: `a-${tag}@acme.example`, name: `Alice ${tag}` } });
    await scene.ticket({ customer: { email: `a-${tag}@acme.example` } });
    await scene.ticket({ customer: { email: `b-${tag}@other.example`, name: "Bob" } });
    await changeState(db, { actor: admin, number: a.number, state: "closed successful" });

    const found = await listCustomers(db, { q: tag });
    expect(found.customers).toEqual([
      expect.objectContaining({ email: `a-${tag}@acme.example`, name: `Alice ${tag}`, tickets: 2, openTickets: 1 }),
      expect.objectContaining({ email: `b-${tag}@other.example`, tickets: 1, openTickets: 1 }),
    ]);
    expect((await listCustomers(db, { q: `ALICE ${tag}` })).customers).toHaveLength(1);
    expect((await listCustomers(db, { q: "100%" })).customers).toEqual([]);
    const first = await listCustomers(db, { q: tag, limit: 1 });
    expect(first.nextAfter).toBe(`a-${tag}@acme.example`);
    expect((await listCustomers(db, { q: tag, limit: 1, after: first.nextAfter! })).customers[0]!.email).toBe(`b-${tag}@other.example`);
  });

  it("edits name and organisation (empty clears), audited; refuses bad input and non-admins", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const scene = await createScene(db);
    const ticket = await scene.ticket({ customer: { email: `c-${unique()}@example.com`, name: "Carl" } });
    const { id } = (await listCustomers(db, { q: ticket.customer!.email })).customers[0]!;
    const updated = await updateCustomer(db, admin, { id, name: "Carl Carlsson", organisation: " Acme Ltd " });
    expect(updated).toMatchObject({ name: "Carl Carlsson", organisation: "Acme Ltd" });
    expect((await updateCustomer(db, admin, { id, name: "" })).name).toBeNull();
    expect((await auditOf(db, `customer:${id}`)).map((row) => row.details)).toEqual([
      { email: ticket.customer!.email, name: "Carl Carlsson", organisation: "Acme Ltd" },
      { email: ticket.customer!.email, name: null },
    ]);
    await expect(updateCustomer(db, admin, { id, name: "x".repeat(201) })).rejects.toMatchObject({ field: "name" });
    await expect(updateCustomer(db, admin, { id: 99_999_999, name: "x" })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateCustomer(db, actorOf(await createAgent(db)), { id, name: "x" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("lists a customer's tickets the actor may read, newest first", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const scene = await createScene(db);
    const other = await createScene(db);
    const email = `d-${unique()}@example.com`;
    const older = await scene.ticket({ customer: { email } });
    const newer = await other.ticket({ customer: { email } });
    const { id } = (await listCustomers(db, { q: email })).customers[0]!;
    expect((await listCustomerTickets(db, admin, { customerId: id })).tickets.map((ticket) => ticket.number)).toEqual([newer.number, older.number]);
    const reader = await scene.agent("ro");
    expect((await listCustomerTickets(db, reader, { customerId: id })).tickets).toEqual([expect.objectContaining({ number: older.number, queue: { id: scene.queue.id, name: scene.queue.name } })]);
  });
});
