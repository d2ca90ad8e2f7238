import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { agents } from "../../../db/schema";
import { invalidateAgent } from "../../../server/agents/invalidate-agent";
import { findSessionAgent, verifyCredentials } from "../../../server/auth/session-agent";
import { createAgent } from "../../support/factories";

describe("verifyCredentials", () => {
  it("signs in with the right password, the login in any case", async () => {
    const db = getDb();
    const agent = await createAgent(db, { login: "Carol", password: "a good password" });
    expect(await verifyCredentials(db, "carol", "a good password")).toMatchObject({ id: agent.id, login: "Carol", sessionVersion: 1, valid: true });
  });

  it("refuses a wrong password, an unknown login and a disabled agent", async () => {
    const db = getDb();
    const agent = await createAgent(db, { password: "a good password" });
    expect(await verifyCredentials(db, agent.login, "a bad password")).toBeNull();
    expect(await verifyCredentials(db, "nobody", "a good password")).toBeNull();
    await invalidateAgent(db, agent.id);
    expect(await verifyCredentials(db, agent.login, "a good password")).toBeNull();
  });

  it("stores passwords as argon2id hashes", async () => {
    const db = getDb();
    const agent = await createAgent(db, { password: "a good password" });
    const [row] = await db.select({ passwordHash: agents.passwordHash }).from(agents).where(eq(agents.id, agent.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

describe("findSessionAgent", () => {
  it("finds the agent of a current session", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    expect(await findSessionAgent(db, agent.id, 1)).toMatchObject({ id: agent.id, login: agent.login, name: agent.name });
  });

  it("ends every session of a disabled agent at once", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    await invalidateAgent(db, agent.id);
    expect(await findSessionAgent(db, agent.id, 1)).toBeNull();
    expect(await findSessionAgent(db, agent.id, 2)).toBeNull();
  });

  it("ends sessions issued before session_version was raised", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    await db.update(agents).set({ sessionVersion: sql`${agents.sessionVersion} + 1` }).where(eq(agents.id, agent.id));
    expect(await findSessionAgent(db, agent.id, 1)).toBeNull();
    expect(await findSessionAgent(db, agent.id, 2)).not.toBeNull();
  });

  it("finds nothing for an agent that does not exist", async () => {
    expect(await findSessionAgent(getDb(), 999_999, 1)).toBeNull();
  });
});
