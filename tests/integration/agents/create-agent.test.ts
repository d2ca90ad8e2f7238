import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { createAgent } from "../../../server/agents/create-agent";
import { verifyCredentials } from "../../../server/auth/session-agent";
import { AlreadyExistsError, ForbiddenError, InvalidInputError } from "../../../server/errors";
import { auditRows } from "../../support/audit";
import { actorOf, createAgent as makeAgent, testAdmin } from "../../support/factories";

describe("createAgent", () => {
  it("creates an agent who can sign in, and audits it without the password", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const added = await createAgent(db, admin, { login: "dora", name: "Dora Explorer", email: "dora@example.com", password: "a long password" });
    expect(added).toEqual({ id: expect.any(Number), login: "dora", generatedPassword: null });
    expect(await verifyCredentials(db, "dora", "a long password")).toMatchObject({ id: added.id, isAdmin: false });
    const rows = await auditRows(db, `agent:${added.id}`);
    expect(rows).toEqual([{ actorId: admin.id, action: "agent.create", details: { login: "dora", name: "Dora Explorer", email: "dora@example.com", isAdmin: false, passwordGenerated: false } }]);
    expect(JSON.stringify(rows)).not.toContain("a long password");
  });

  it("generates a password when none is given, returned once", async () => {
    const db = getDb();
    const added = await createAgent(db, await testAdmin(db), { login: "eve", name: "Eve", email: "eve@example.com", isAdmin: true });
    expect(added.generatedPassword).toMatch(/^[\w-]{16}$/);
    expect(await verifyCredentials(db, "eve", added.generatedPassword!)).toMatchObject({ isAdmin: true });
  });

  it.each([
    ["login", { login: "no spaces allowed", name: "N", email: "n@example.com" }],
    ["name", { login: "nameless", name: "  ", email: "n@example.com" }],
    ["email", { login: "mailless", name: "N", email: "not an address" }],
    ["password", { login: "shorty", name: "N", email: "n@example.com", password: "short" }],
  ])("refuses a bad %s, naming the field", async (field, input) => {
    const db = getDb();
    const error = await createAgent(db, await testAdmin(db), input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe(field);
  });

  it("refuses a login that is taken, in any case", async () => {
    const db = getDb();
    await makeAgent(db, { login: "Frank" });
    await expect(createAgent(db, await testAdmin(db), { login: "frank", name: "F", email: "f@example.com" })).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it("refuses anyone but an administrator, writing nothing", async () => {
    const db = getDb();
    const agent = actorOf(await makeAgent(db));
    await expect(createAgent(db, agent, { login: "mallory", name: "M", email: "m@example.com" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await verifyCredentials(db, "mallory", "anything at all")).toBeNull();
  });
});
