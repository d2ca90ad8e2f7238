import { eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { connect, type Database } from "../../../db/client";
import { migrateDatabase } from "../../../db/migrate";
import { seedDatabase, TICKET_PRIORITIES, TICKET_STATES } from "../../../db/seed";
import { agentGroups, agents, groups, queues, ticketPriorities, ticketStates } from "../../../db/schema";
import { verifyCredentials } from "../../../server/auth/session-agent";
import { createDatabase, uniqueDatabaseName } from "../../support/databases";
import { inject } from "vitest";

const { serverUrl, prefix } = inject("testDatabases");
const opened: Database[] = [];

/** A migrated database with nothing in it, unlike the seeded copy every test file gets. */
async function emptyDatabase(): Promise<Database> {
  const url = await createDatabase(serverUrl, uniqueDatabaseName(prefix));
  await migrateDatabase(url);
  const db = connect(url, { max: 4 });
  opened.push(db);
  return db;
}

afterAll(async () => {
  await Promise.all(opened.map((db) => db.$client.end()));
});

describe("seedDatabase", () => {
  let db: Database;
  beforeEach(async () => {
    db = await emptyDatabase();
  });

  it("creates what CONTRACT.md promises on an empty database", async () => {
    const result = await seedDatabase(db, { rawAddress: "helpdesk@example.org" });

    expect(result.adminCreated).toBe(true);
    expect(result.generatedAdminPassword).toMatch(/^\S{12,}$/);
    const admin = await verifyCredentials(db, "admin", result.generatedAdminPassword!);
    expect(admin).toMatchObject({ login: "admin", isAdmin: true, valid: true });

    const queueRows = await db.select({ name: queues.name, address: queues.systemAddress, autoResponses: queues.autoResponsesEnabled, group: groups.name }).from(queues).innerJoin(groups, eq(groups.id, queues.groupId));
    expect(queueRows).toEqual(
      expect.arrayContaining([
        { name: "Raw", address: "helpdesk@example.org", autoResponses: true, group: "users" },
        { name: "Junk", address: null, autoResponses: false, group: "users" },
      ]),
    );
    expect(queueRows).toHaveLength(2);

    const adminGrants = await db.select({ permission: agentGroups.permission }).from(agentGroups).where(eq(agentGroups.agentId, admin!.id));
    expect(adminGrants).toEqual([{ permission: "rw" }]);

    expect(await db.select().from(ticketStates)).toEqual(expect.arrayContaining(TICKET_STATES.map((state) => ({ ...state }))));
    expect((await db.select().from(ticketStates)).map((state) => state.name).sort()).toEqual(
      ["closed successful", "closed unsuccessful", "merged", "new", "open", "pending auto close+", "pending auto close-", "pending reminder"],
    );
    expect(await db.select().from(ticketPriorities).orderBy(ticketPriorities.id)).toEqual(TICKET_PRIORITIES.map((priority) => ({ ...priority })));
  });

  it("uses HELPDESK_ADMIN_PASSWORD and then prints nothing", async () => {
    const result = await seedDatabase(db, { adminPassword: "chosen-password", rawAddress: "helpdesk@localhost" });
    expect(result).toEqual({ adminCreated: true, generatedAdminPassword: null });
    expect(await verifyCredentials(db, "admin", "chosen-password")).not.toBeNull();
  });

  it("is idempotent: a second run adds nothing and shows no password", async () => {
    await seedDatabase(db, { rawAddress: "helpdesk@localhost" });
    const counts = async () =>
      (await db.execute<{ n: number }>(sql`select (select count(*) from agents) + (select count(*) from groups) + (select count(*) from queues) + (select count(*) from ticket_states) + (select count(*) from ticket_priorities) + (select count(*) from agent_groups) as n`))[0]!.n;
    const before = await counts();

    const again = await seedDatabase(db, { rawAddress: "helpdesk@localhost" });

    expect(again).toEqual({ adminCreated: false, generatedAdminPassword: null });
    expect(await counts()).toBe(before);
  });

  it("creates one admin when two processes seed at once", async () => {
    const results = await Promise.all([seedDatabase(db, { rawAddress: "a@localhost" }), seedDatabase(db, { rawAddress: "a@localhost" })]);
    expect(results.filter((result) => result.adminCreated)).toHaveLength(1);
    expect(await db.select({ id: agents.id }).from(agents)).toHaveLength(1);
  });

  it("leaves an administrator's changes alone: a renamed Raw does not come back", async () => {
    await seedDatabase(db, { rawAddress: "helpdesk@localhost" });
    await db.update(queues).set({ name: "Inbox" }).where(eq(queues.name, "Raw"));
    await db.delete(ticketStates).where(eq(ticketStates.name, "merged"));

    await seedDatabase(db, { rawAddress: "helpdesk@localhost" });

    expect((await db.select({ name: queues.name }).from(queues)).map((queue) => queue.name).sort()).toEqual(["Inbox", "Junk"]);
    expect(await db.select().from(ticketStates).where(eq(ticketStates.name, "merged"))).toHaveLength(1);
  });
});
