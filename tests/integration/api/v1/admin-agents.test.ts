import { describe, expect, it } from "vitest";
import { POST as resetPassword } from "../../../../app/api/v1/admin/agents/[id]/password/route";
import { GET as getOne, PATCH } from "../../../../app/api/v1/admin/agents/[id]/route";
import { GET, POST } from "../../../../app/api/v1/admin/agents/route";
import { getDb } from "../../../../db/client";
import { verifyCredentials } from "../../../../server/auth/session-agent";
import { auditRows } from "../../../support/audit";
import { createAgent, createGroup, createToken } from "../../../support/factories";

const URL_BASE = "http://localhost/api/v1/admin/agents";
const json = (token: string | null, method: string, body?: unknown): RequestInit => ({
  method,
  headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const noParams = { params: Promise.resolve({}) };
const idParams = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });

async function tokens() {
  const db = getDb();
  const admin = await createAgent(db, { isAdmin: true });
  const agent = await createAgent(db);
  return { admin: await createToken(db, admin), agent: await createToken(db, agent), adminId: admin.id, agentId: agent.id };
}

describe("/api/v1/admin/agents", () => {
  // Without any credentials the session cookie is read, which needs a real request: tests/e2e/admin-agents.spec.ts.
  it("answers 401 to a bad token and 403 to a valid non-admin token, for every method", async () => {
    const { agent, agentId } = await tokens();
    expect((await GET(new Request(URL_BASE, json("hd_not-a-token", "GET")), noParams)).status).toBe(401);
    expect((await POST(new Request(URL_BASE, json("hd_not-a-token", "POST", { login: "x" })), noParams)).status).toBe(401);
    const forbidden = await GET(new Request(URL_BASE, json(agent, "GET")), noParams);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: "forbidden", message: "administrators only" } });
    expect((await POST(new Request(URL_BASE, json(agent, "POST", { login: "sneaky", name: "S", email: "s@example.com", isAdmin: true })), noParams)).status).toBe(403);
    expect((await PATCH(new Request(`${URL_BASE}/${agentId}`, json(agent, "PATCH", { isAdmin: true })), idParams(agentId))).status).toBe(403);
    expect((await resetPassword(new Request(`${URL_BASE}/${agentId}/password`, json(agent, "POST", {})), idParams(agentId))).status).toBe(403);
    expect(await verifyCredentials(getDb(), "sneaky", "whatever it is")).toBeNull();
  });

  it("creates an agent (201, generated password once), lists and shows it, audited", async () => {
    const { admin, adminId } = await tokens();
    const created = await POST(new Request(URL_BASE, json(admin, "POST", { login: "api-made", name: "Api Made", email: "api-made@example.com" })), noParams);
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: number; login: string; generatedPassword: string; permissions: unknown[]; valid: boolean };
    expect(body).toMatchObject({ login: "api-made", name: "Api Made", email: "api-made@example.com", isAdmin: false, valid: true, permissions: [], generatedPassword: expect.any(String) });
    expect(await verifyCredentials(getDb(), "api-made", body.generatedPassword)).not.toBeNull();
    const list = (await (await GET(new Request(URL_BASE, json(admin, "GET")), noParams)).json()) as { login: string }[];
    expect(list.map((agent) => agent.login)).toContain("api-made");
    expect(JSON.stringify(list)).not.toMatch(/password_?hash|argon2/i);
    expect((await getOne(new Request(`${URL_BASE}/${body.id}`, json(admin, "GET")), idParams(body.id))).status).toBe(200);
    expect(await auditRows(getDb(), `agent:${body.id}`)).toMatchObject([{ actorId: adminId, action: "agent.create" }]);
  });

  it.each([
    [{ login: "bad login!", name: "N", email: "n@example.com" }, "login"],
    [{ login: "ok-login", name: "N", email: "nope" }, "email"],
    [{ login: "ok-login", name: "N", email: "n@example.com", password: "short" }, "password"],
    [{ login: "ok-login", email: "n@example.com" }, "name"],
    [{ login: "ok-login", name: "N", email: "n@example.com", isAdmin: "yes" }, "isAdmin"],
  ])("refuses %j with 400 naming %s", async (input, field) => {
    const { admin } = await tokens();
    const response = await POST(new Request(URL_BASE, json(admin, "POST", input)), noParams);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid", field, message: expect.stringContaining(field) } });
  });

  it("refuses a taken login with 400", async () => {
    const { admin } = await tokens();
    const existing = await createAgent(getDb());
    const response = await POST(new Request(URL_BASE, json(admin, "POST", { login: existing.login, name: "N", email: "n@example.com" })), noParams);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid", field: "login" } });
  });

  it("PATCH updates fields and permissions; invalidating ends the agent's token access at once", async () => {
    const { admin } = await tokens();
    const db = getDb();
    const target = await createAgent(db);
    const targetToken = await createToken(db, target);
    const group = await createGroup(db);
    const patched = await PATCH(new Request(`${URL_BASE}/${target.id}`, json(admin, "PATCH", { name: "Renamed", permissions: [{ group: group.name, permissions: ["rw"] }] })), idParams(target.id));
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: "Renamed", permissions: [{ group: { id: group.id, name: group.name }, permissions: ["rw"] }] });

    expect((await GET(new Request(URL_BASE, json(targetToken, "GET")), noParams)).status).toBe(403);
    await PATCH(new Request(`${URL_BASE}/${target.id}`, json(admin, "PATCH", { valid: false })), idParams(target.id));
    expect((await GET(new Request(URL_BASE, json(targetToken, "GET")), noParams)).status).toBe(401);
  });

  it("PATCH refuses bad input naming the field, unknown fields, bad ids and unknown agents", async () => {
    const { admin, adminId } = await tokens();
    const target = await createAgent(getDb());
    const bad = await PATCH(new Request(`${URL_BASE}/${target.id}`, json(admin, "PATCH", { email: "nope" })), idParams(target.id));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: "email" } });
    const perm = await PATCH(new Request(`${URL_BASE}/${target.id}`, json(admin, "PATCH", { permissions: [{ group: 1, permissions: ["god"] }] })), idParams(target.id));
    expect(await perm.json()).toMatchObject({ error: { field: "permissions.0.permissions.0" } });
    const unknownKey = await PATCH(new Request(`${URL_BASE}/${target.id}`, json(admin, "PATCH", { admin: true })), idParams(target.id));
    expect(unknownKey.status).toBe(400);
    expect((await PATCH(new Request(`${URL_BASE}/abc`, json(admin, "PATCH", {})), idParams("abc"))).status).toBe(400);
    expect((await PATCH(new Request(`${URL_BASE}/999999`, json(admin, "PATCH", { name: "X" })), idParams(999_999))).status).toBe(404);
    const self = await PATCH(new Request(`${URL_BASE}/${adminId}`, json(admin, "PATCH", { valid: false })), idParams(adminId));
    expect(self.status).toBe(403);
  });

  it("POST /:id/password sets or generates a password", async () => {
    const { admin } = await tokens();
    const target = await createAgent(getDb());
    const generated = await resetPassword(new Request(`${URL_BASE}/${target.id}/password`, json(admin, "POST", {})), idParams(target.id));
    const { generatedPassword } = (await generated.json()) as { generatedPassword: string };
    expect(await verifyCredentials(getDb(), target.login, generatedPassword)).not.toBeNull();
    const short = await resetPassword(new Request(`${URL_BASE}/${target.id}/password`, json(admin, "POST", { password: "short" })), idParams(target.id));
    expect(await short.json()).toMatchObject({ error: { code: "invalid", field: "password" } });
  });
});
