import { expect, test } from "@playwright/test";
import { findOrCreateCustomer } from "../../../server/customers/find-or-create-customer";
import { apiSetupForFile, bearer, expectInvalid, expectStatus, expectUnauthenticated, unique } from "./support";

const setup = apiSetupForFile();

interface ApiCustomer {
  id: number;
  email: string;
  name: string | null;
  organisation: string | null;
}

test("GET /customers?q= finds customers by part of the address or name, prefix matches first", async ({ request }) => {
  const { db, team } = setup();
  const tag = unique();
  const dora = await findOrCreateCustomer(db, { email: `dora-${tag}@example.com`, name: `Dora ${tag}` });
  const erik = await findOrCreateCustomer(db, { email: `erik@${tag}.example.org`, name: "Erik Dora" });
  await findOrCreateCustomer(db, { email: `frank-${tag}@example.net` });

  const get = (params: Record<string, string | number>, agent = team.agent) => request.get("/api/v1/customers", { headers: bearer(agent), params });
  expect(await expectStatus<ApiCustomer[]>(await get({ q: `DORA-${tag}` }), 200)).toEqual([{ id: dora.id, email: dora.email, name: dora.name, organisation: null }]);
  const all = await expectStatus<ApiCustomer[]>(await get({ q: tag }), 200);
  expect(all.map((customer) => customer.email)).toEqual([`dora-${tag}@example.com`, `erik@${tag}.example.org`, `frank-${tag}@example.net`]);
  expect(await expectStatus<ApiCustomer[]>(await get({ q: tag, limit: 1 }), 200)).toHaveLength(1);
  // By name too, and customers are not secret between agents: even one without any queue finds them.
  const byName = await expectStatus<ApiCustomer[]>(await get({ q: `erik dora` }, team.outsider), 200);
  expect(byName.map((customer) => customer.id)).toContain(erik.id);
});

test("GET /customers answers 400 naming the parameter, and 401 without credentials", async ({ request }) => {
  const { team } = setup();
  await expectInvalid(await request.get("/api/v1/customers", { headers: bearer(team.agent) }), "q");
  await expectInvalid(await request.get("/api/v1/customers?q=%20", { headers: bearer(team.agent) }), "q");
  await expectInvalid(await request.get("/api/v1/customers?q=a&limit=0", { headers: bearer(team.agent) }), "limit");
  await expectInvalid(await request.get("/api/v1/customers?q=a&limit=500", { headers: bearer(team.agent) }), "limit");
  await expectUnauthenticated((headers) => request.get("/api/v1/customers?q=a", { headers }));
});
