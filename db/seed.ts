import { sql } from "drizzle-orm";
import { generatePassword, hashPassword } from "../server/auth/password";
import type { Db } from "./client";
import { agentGroups, agents, autoResponses, groups, postmasterFilters, queueAutoResponses, queues, ticketPriorities, ticketStates } from "./schema";

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
        { name: "Raw", groupId: users!.id, systemAddress: options.rawAddress.toLowerCase(), catchAll: true },
        { name: "Junk", groupId: users!.id, systemAddress: null, autoResponsesEnabled: false },
      ])
      .onConflictDoNothing();

    await seedMailDefaults(tx);

    const password = options.adminPassword ?? generatePassword();
    const [admin] = await tx
      .insert(agents)
      .values({ login: "admin", name: "Admin", email: "admin@localhost", isAdmin: true, passwordHash: await hashPassword(password) })
      .returning({ id: agents.id });
    await tx.insert(agentGroups).values({ agentId: admin!.id, groupId: users!.id, permission: "rw" });
    return { generatedAdminPassword: options.adminPassword ? null : password, adminCreated: true };
  });
}

/** OTRS's default auto responses, answering on `Raw`, and the filters that send spam to `Junk`. */
async function seedMailDefaults(tx: Db): Promise<void> {
  const responses = await tx
    .insert(autoResponses)
    .values([
      {
        name: "default reply (after new ticket has been created)",
        type: "reply",
        subject: "Re: {{article.subject}}",
        body: "This is an automatically generated reply: your message has been received as ticket {{ticket.number}}. We will answer it as soon as we can.\n\n{{queue.signature}}",
      },
      {
        name: "default reject (after follow-up and rejected of a closed ticket)",
        type: "reject",
        subject: "Re: {{article.subject}}",
        body: "This is an automatically generated reply: ticket {{ticket.number}} is closed and your message was not accepted for it. Please write a new message without the ticket number in the subject if you need help.\n\n{{queue.signature}}",
      },
      {
        name: "default follow-up (after a ticket follow-up has been added)",
        type: "follow_up",
        subject: "Re: {{article.subject}}",
        body: "This is an automatically generated reply: your message has been added to ticket {{ticket.number}}.\n\n{{queue.signature}}",
      },
      {
        name: "default reply (after new ticket has been created from a follow-up to a closed ticket)",
        type: "reply_new_ticket",
        subject: "Re: {{article.subject}}",
        body: "This is an automatically generated reply: the ticket you wrote to is closed, so your message has been received as the new ticket {{ticket.number}}.\n\n{{queue.signature}}",
      },
    ])
    .onConflictDoNothing()
    .returning({ id: autoResponses.id, type: autoResponses.type });
  const [raw] = await tx.select({ id: queues.id }).from(queues).where(sql`${queues.catchAll}`);
  const answered = responses.filter((response) => response.type !== "follow_up");
  if (raw && answered.length > 0) await tx.insert(queueAutoResponses).values(answered.map((response) => ({ queueId: raw.id, type: response.type, autoResponseId: response.id }))).onConflictDoNothing();
  await tx
    .insert(postmasterFilters)
    .values([
      { name: "Spam (X-Spam-Flag) to Junk", position: 10, matches: [{ header: "X-Spam-Flag", pattern: "^\\s*yes" }], actions: { queue: "Junk", noAutoResponse: true } },
      { name: "Spam (X-Spam-Status) to Junk", position: 20, matches: [{ header: "X-Spam-Status", pattern: "^\\s*yes" }], actions: { queue: "Junk", noAutoResponse: true } },
    ])
    .onConflictDoNothing();
}
