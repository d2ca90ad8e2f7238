import { describe, expect, it } from "vitest";
import { GET as getOne, PATCH } from "../../../../app/api/v1/admin/groups/[id]/route";
import { GET, POST } from "../../../../app/api/v1/admin/groups/route";
import { getDb } from "../../../../db/client";
import { auditRows } from "../../../support/audit";
import { createAgent, createGroup, createToken, grant } from "../../../support/factories";

const URL_BASE = "http://localhost/api/v1/admin/groups";
const json = (token: string | null, method: string, body?: unknown): RequestInit => ({
  method,
  headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const noParams = { params: Promise.resolve({}) };
const idParams = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

describe("/api/v1/admin/groups", () => {
  it("401 for a bad token, 403 for a non-admin token", async () => {
    const db = getDb();
    const agentToken = await createToken(db, await createAgent(db));
    const group = await createGroup(db);
    expect((await GET(new Request(URL_BASE, json("hd_not-a-token", "GET")), noParams)).status).toBe(401);
    expect((await GET(new Request(URL_BASE, json(agentToken, "GET")), noParams)).status).toBe(403);
    expect((await POST(new Request(URL_BASE, json(agentToken, "POST", { name: "nope" })), noParams)).status).toBe(403);
    expect((await PATCH(new Request(`${URL_BASE}/${group.id}`, json(agentToken, "PATCH", { valid: false })), idParams(group.id))).status).toBe(403);
    expect((await getOne(new Request(`${URL_BASE}/${group.id}`, json(agentToken, "GET")), idParams(group.id))).status).toBe(403);
  });

  it("creates (201), lists, renames and invalidates a group, audited", async () => {
    const db = getDb();
    const admin = await createAgent(db, { isAdmin: true });
    const token = await createToken(db, admin);
    const created = await POST(new Request(URL_BASE, json(token, "POST", { name: "API group" })), noParams);
    expect(created.status).toBe(201);
    const group = (await created.json()) as { id: number };
    expect(group).toMatchObject({ name: "API group", valid: true, queues: [], members: [] });
    const member = await createAgent(db);
    await grant(db, member, { name: "API group" }, "ro");
    const list = (await (await GET(new Request(URL_BASE, json(token, "GET")), noParams)).json()) as { name: string; memberCount: number }[];
    expect(list.find((each) => each.name === "API group")).toMatchObject({ memberCount: 1 });
    const patched = await PATCH(new Request(`${URL_BASE}/${group.id}`, json(token, "PATCH", { name: "API group 2", valid: false })), idParams(group.id));
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: "API group 2", valid: false, members: [{ agent: { id: member.id }, permissions: ["ro"] }] });
    expect((await auditRows(db, `group:${group.id}`)).map((row) => row.action)).toEqual(["group.create", "group.update"]);
  });

  it("refuses bad input naming the field, taken names, unknown groups", async () => {
    const db = getDb();
    const token = await createToken(db, await createAgent(db, { isAdmin: true }));
    const existing = await createGroup(db);
    const empty = await POST(new Request(URL_BASE, json(token, "POST", { name: "" })), noParams);
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: "invalid", field: "name" } });
    const taken = await POST(new Request(URL_BASE, json(token, "POST", { name: existing.name })), noParams);
    expect(await taken.json()).toMatchObject({ error: { code: "invalid", field: "name" } });
    const badValid = await PATCH(new Request(`${URL_BASE}/${existing.id}`, json(token, "PATCH", { valid: "no" })), idParams(existing.id));
    expect(await badValid.json()).toMatchObject({ error: { field: "valid" } });
    expect((await PATCH(new Request(`${URL_BASE}/999999`, json(token, "PATCH", { name: "x" })), idParams(999_999))).status).toBe(404);
    const notJson = await POST(new Request(URL_BASE, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "{" }), noParams);
    expect(await notJson.json()).toMatchObject({ error: { field: "body" } });
  });
});
