import { sql } from "drizzle-orm";
import { generatePassword, hashPassword } from "../server/auth/password";
import type { Db } from "./client";
import { agentGroups, agents, groups, queues, ticketPriorities, ticketStates } from "./schema";

/** OTRS's states and what each means to the system. */
export const TICKET_STATES = [
  { name: "new", type: "new" },
  { name: "open", type: "open" },
  { name: "pending reminder", type: "pending_reminder" },
  { name: "pending auto close+", type: "pending_auto" },
  { name: "pending auto close-", type: "pending_auto" },
  { name: "closed successful", type: "closed" },
  { name: "closed unsuccessful", type: "closed" },
  { name: "merged", type: "merged" },
] as const;

export const TICKET_PRIORITIES = [
  { id: 1, name: "1 very low" },
  { id: 2, name: "2 low" },
  { id: 3, name: "3 normal" },
  { id: 4, name: "4 high" },
  { id: 5, name: "5 very high" },
] as const;

export interface SeedOptions {
  /** HELPDESK_ADMIN_PASSWORD; when unset a password is generated and returned once. */
  adminPassword?: string;
  /** System address of the `Raw` queue. */
  rawAddress: string;
}

export interface SeedResult {
  /** The password of the admin this run created, when it was generated; null otherwise. */
  generatedAdminPassword: string | null;
  adminCreated: boolean;
}

/** Serialises seeding so that two processes starting at once cannot both create the admin. */
const SEED_LOCK = 0x68647365656400n;

/**
 * Fills what CONTRACT.md says a new helpdesk has: states and priorities (kept complete on
 * every run), and on an empty database the group `users`, the queues `Raw` and `Junk` and the
 * administrator `admin`. Safe to run on every start.
 */
export async function seedDatabase(db: Db, options: SeedOptions): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK.toString()}::bigint)`);
    await tx.insert(ticketStates).values([...TICKET_STATES]).onConflictDoNothing();
    await tx.insert(ticketPriorities).values([...TICKET_PRIORITIES]).onConflictDoNothing();

    // Only a database without agents is new: afterwards the administrators own these rows,
    // and a renamed `Raw` must not come back on the next start.
    const [anyAgent] = await tx.select({ id: agents.id }).from(agents).limit(1);
    if (anyAgent) return { generatedAdminPassword: null, adminCreated: false };

    await tx.insert(groups).values({ name: "users" }).onConflictDoNothing();
    const [users] = await tx.select({ id: groups.id }).from(groups).where(sql`lower(${groups.name}) = 'users'`);
    await tx
      .insert(queues)
      .values([
        { name: "Raw", groupId: users!.id, systemAddress: options.rawAddress.toLowerCase() },
        { name: "Junk", groupId: users!.id, systemAddress: null, autoResponsesEnabled: false },
      ])
      .onConflictDoNothing();

    const password = options.adminPassword ?? generatePassword();
    const [admin] = await tx
      .insert(agents)
      .values({ login: "admin", name: "Admin", email: "admin@localhost", isAdmin: true, passwordHash: await hashPassword(password) })
      .returning({ id: agents.id });
    await tx.insert(agentGroups).values({ agentId: admin!.id, groupId: users!.id, permission: "rw" });
    return { generatedAdminPassword: options.adminPassword ? null : password, adminCreated: true };
  });
}
