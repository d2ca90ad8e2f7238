import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { agentGroups, agents, apiTokens, queues } from "../../../db/schema";
import { authenticateApiToken, hashApiToken } from "../../../server/auth/api-tokens";
import { verifyCredentials } from "../../../server/auth/session-agent";
import { helpdesk } from "../../support/cli";
import { createAgent, createGroup } from "../../support/factories";

describe("agent:add", () => {
  it("creates an agent who can sign in with the given password", async () => {
    const result = await helpdesk("agent:add", "--login", "alice", "--name", "Alice Martin", "--email", "alice@example.com", "--password", "correct horse");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^created agent alice \(id \d+\)\n$/);
    expect(await verifyCredentials(getDb(), "alice", "correct horse")).toMatchObject({ name: "Alice Martin", email: "alice@example.com", isAdmin: false });
  });

  it("generates and prints a password when none is given, and makes admins with --admin", async () => {
    const result = await helpdesk("agent:add", "--login", "boss", "--name", "Boss", "--email", "boss@example.com", "--admin");
    expect(result.code).toBe(0);
    const password = /password: (\S+)/.exec(result.stdout)?.[1];
    expect(password).toBeDefined();
    expect(await verifyCredentials(getDb(), "boss", password!)).toMatchObject({ isAdmin: true });
  });

  it("refuses a login that is taken, whatever its case, with exit 1", async () => {
    await createAgent(getDb(), { login: "taken" });
    const result = await helpdesk("agent:add", "--login", "TAKEN", "--name", "Other", "--email", "other@example.com", "--password", "long enough");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("helpdesk: login: TAKEN is already taken\n");
  });

  it.each([
    [["--login", "x", "--name", "X"], "missing --email"],
    [["--login", "x", "--name", "X", "--email", "not-an-address"], "email:"],
    [["--login", "x", "--name", "X", "--email", "x@example.com", "--password", "short"], "password: at least 8 characters"],
    [["--login", "bad login", "--name", "X", "--email", "x@example.com"], "login:"],
    [["--login", "x", "--name", "X", "--email", "x@example.com", "--colour", "blue"], "Unknown option '--colour'"],
    [["--login", "x", "--name", "X", "--email", "x@example.com", "extra"], "Unexpected argument 'extra'"],
  ])("is a usage error (exit 2) with %j", async (args, reason) => {
    const result = await helpdesk("agent:add", ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(result.stderr.split("\n")[0]).toMatch(/^helpdesk: /);
    expect(await getDb().select().from(agents).where(eq(agents.login, "x"))).toEqual([]);
  });
});

describe("group:add", () => {
  it("creates a group, and refuses a second one of that name", async () => {
    expect(await helpdesk("group:add", "--name", "support")).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created group support \(id \d+\)\n$/) });
    expect(await helpdesk("group:add", "--name", "Support")).toMatchObject({ code: 1, stderr: "helpdesk: name: group Support already exists\n" });
  });

  it("needs --name", async () => {
    expect(await helpdesk("group:add")).toMatchObject({ code: 2, stderr: expect.stringContaining("missing --name") });
  });
});

describe("agent:grant", () => {
  it("grants a permission, once", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const group = await createGroup(db);

    expect(await helpdesk("agent:grant", "--login", agent.login, "--group", group.name, "--perm", "note")).toMatchObject({ code: 0, stdout: `granted: ${agent.login} note on ${group.name}\n` });
    expect(await helpdesk("agent:grant", "--login", agent.login, "--group", group.name, "--perm", "note")).toMatchObject({ code: 0, stdout: `already granted: ${agent.login} note on ${group.name}\n` });
    expect(await db.select({ permission: agentGroups.permission }).from(agentGroups).where(eq(agentGroups.agentId, agent.id))).toEqual([{ permission: "note" }]);
  });

  it("refuses an unknown permission (exit 2), agent or group (exit 1)", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const group = await createGroup(db);
    expect(await helpdesk("agent:grant", "--login", agent.login, "--group", group.name, "--perm", "admin")).toMatchObject({
      code: 2,
      stderr: "helpdesk: permission: one of ro, move_into, create, note, owner, priority, rw\n",
    });
    expect(await helpdesk("agent:grant", "--login", "nobody", "--group", group.name, "--perm", "rw")).toMatchObject({ code: 1, stderr: "helpdesk: agent nobody not found\n" });
    expect(await helpdesk("agent:grant", "--login", agent.login, "--group", "nowhere", "--perm", "rw")).toMatchObject({ code: 1, stderr: "helpdesk: group nowhere not found\n" });
    expect(await helpdesk("agent:grant", "--login", agent.login, "--group", group.name)).toMatchObject({ code: 2, stderr: expect.stringContaining("missing --perm") });
  });
});

describe("queue:add", () => {
  it("creates a queue with its address, unlock timeout and follow-up policy", async () => {
    const group = await createGroup(getDb());
    const result = await helpdesk("queue:add", "--name", "Support", "--group", group.name, "--address", "Support@Example.com", "--unlock-timeout", "30", "--follow-up", "reject");
    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created queue Support \(id \d+\) for support@example\.com\n$/) });
    const [queue] = await getDb().select().from(queues).where(eq(queues.name, "Support"));
    expect(queue).toMatchObject({ groupId: group.id, systemAddress: "support@example.com", unlockTimeoutMinutes: 30, followUpPolicy: "reject", followUpLock: false });
  });

  it("defaults to no unlock timeout and follow-ups possible", async () => {
    const group = await createGroup(getDb());
    expect((await helpdesk("queue:add", "--name", "Sales", "--group", group.name, "--address", "sales@example.com")).code).toBe(0);
    const [queue] = await getDb().select().from(queues).where(eq(queues.name, "Sales"));
    expect(queue).toMatchObject({ unlockTimeoutMinutes: 0, followUpPolicy: "possible" });
  });

  it("refuses bad values (exit 2), an unknown group or a taken name or address (exit 1)", async () => {
    const group = await createGroup(getDb());
    const add = (...extra: string[]) => helpdesk("queue:add", "--group", group.name, ...extra);
    expect(await add("--name", "Q1", "--address", "q1@example.com", "--unlock-timeout", "soon")).toMatchObject({ code: 2, stderr: expect.stringContaining("unlockTimeoutMinutes") });
    expect(await add("--name", "Q1", "--address", "q1@example.com", "--unlock-timeout=-5")).toMatchObject({ code: 2, stderr: expect.stringContaining("0 (off) or more") });
    expect(await add("--name", "Q1", "--address", "q1@example.com", "--follow-up", "maybe")).toMatchObject({ code: 2, stderr: expect.stringContaining("possible, reject, new_ticket") });
    expect(await add("--name", "Q1", "--address", "nowhere")).toMatchObject({ code: 2, stderr: expect.stringContaining("address") });
    expect(await add("--name", "Q1")).toMatchObject({ code: 2, stderr: expect.stringContaining("missing --address") });
    expect(await helpdesk("queue:add", "--name", "Q1", "--group", "nowhere", "--address", "q1@example.com")).toMatchObject({ code: 1, stderr: "helpdesk: group nowhere not found\n" });
    expect((await add("--name", "Q1", "--address", "q1@example.com")).code).toBe(0);
    expect(await add("--name", "q1", "--address", "other@example.com")).toMatchObject({ code: 1, stderr: "helpdesk: name: queue q1 already exists\n" });
    expect(await add("--name", "Q2", "--address", "Q1@example.com")).toMatchObject({ code: 1, stderr: expect.stringContaining("already the address of another queue") });
  });
});

describe("token:create", () => {
  it("prints a token alone on stdout, which authenticates as the agent and is stored only as a hash", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    const result = await helpdesk("token:create", "--login", agent.login);
    expect(result.code).toBe(0);
    const token = result.stdout.trimEnd();
    expect(result.stdout).toBe(`${token}\n`);
    expect(token).toMatch(/^hd_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateApiToken(db, token)).toMatchObject({ id: agent.id, login: agent.login });
    const stored = await db.select({ tokenHash: apiTokens.tokenHash }).from(apiTokens).where(eq(apiTokens.agentId, agent.id));
    expect(stored).toEqual([{ tokenHash: hashApiToken(token) }]);
    expect(JSON.stringify(await db.execute(sql`select * from api_tokens`))).not.toContain(token);
  });

  it("refuses an unknown agent (exit 1) and a missing login (exit 2)", async () => {
    expect(await helpdesk("token:create", "--login", "ghost")).toMatchObject({ code: 1, stdout: "", stderr: "helpdesk: agent ghost not found\n" });
    expect(await helpdesk("token:create")).toMatchObject({ code: 2, stdout: "" });
  });
});

describe("the command line itself", () => {
  it("lists the commands on --help (exit 0)", async () => {
    const result = await helpdesk("--help");
    expect(result.code).toBe(0);
    for (const command of ["agent:add", "group:add", "agent:grant", "queue:add", "token:create", "db:migrate"]) expect(result.stdout).toContain(command);
  });

  it("is a usage error without a command or with an unknown one", async () => {
    expect(await helpdesk()).toMatchObject({ code: 2, stderr: expect.stringContaining("helpdesk: no command given") });
    expect(await helpdesk("agent:delete")).toMatchObject({ code: 2, stderr: expect.stringContaining("helpdesk: unknown command agent:delete") });
    expect(await helpdesk("db:migrate", "--force")).toMatchObject({ code: 2, stderr: expect.stringContaining("db:migrate takes no arguments") });
  });

  it("applies migrations with db:migrate", async () => {
    expect(await helpdesk("db:migrate")).toMatchObject({ code: 0, stdout: "migrations applied\n" });
  });
});
