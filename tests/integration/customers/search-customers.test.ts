import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { findOrCreateCustomer } from "../../../server/customers/find-or-create-customer";
import { searchCustomers } from "../../../server/customers/search-customers";
import { actorOf, createAgent } from "../../support/factories";

const tag = () => randomBytes(3).toString("hex");

describe("searchCustomers", () => {
  it("finds by part of the address or the name, any case, prefix matches first, limited", async () => {
    const db = getDb();
    const agent = actorOf(await createAgent(db));
    const t = tag();
    await findOrCreateCustomer(db, { email: `zed-${t}@example.com`, name: `Anna ${t}` });
    await findOrCreateCustomer(db, { email: `anna-${t}@example.com`, name: "Someone" });
    await findOrCreateCustomer(db, { email: `bob-${t}@example.org` });
    await findOrCreateCustomer(db, { email: `carl@${t}.example.net`, name: `Carl ${t.toUpperCase()}` });

    const emails = async (query: string, limit?: number) => (await searchCustomers(db, agent, query, limit)).map((customer) => customer.email);
    expect(await emails(`ANNA-${t}`)).toEqual([`anna-${t}@example.com`]);
    expect(await emails(t)).toEqual([`anna-${t}@example.com`, `bob-${t}@example.org`, `carl@${t}.example.net`, `zed-${t}@example.com`]);
    // "anna" begins an address and a name: both first, then what only contains it.
    expect((await emails("anna")).slice(0, 2).sort()).toEqual([`anna-${t}@example.com`, `zed-${t}@example.com`]);
    expect(await emails(t, 2)).toHaveLength(2);
    expect(await searchCustomers(db, agent, `bob-${t}`)).toEqual([{ id: expect.any(Number), email: `bob-${t}@example.org`, name: null, organisation: null }]);
  });

  it("takes % and _ literally and refuses an empty query", async () => {
    const db = getDb();
    const agent = actorOf(await createAgent(db));
    const t = tag();
    await findOrCreateCustomer(db, { email: `under_score-${t}@example.com` });
    await findOrCreateCustomer(db, { email: `underXscore-${t}@example.com` });
    expect((await searchCustomers(db, agent, `under_score-${t}`)).map((customer) => customer.email)).toEqual([`under_score-${t}@example.com`]);
    expect(await searchCustomers(db, agent, `%${t}`)).toEqual([]);
    await expect(searchCustomers(db, agent, "  ")).rejects.toMatchObject({ field: "query" });
    await expect(searchCustomers(db, agent, t, 0)).rejects.toMatchObject({ field: "limit" });
  });
});
