import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** The seven OTRS group permission types; `rw` implies all the others. */
export const permissionType = pgEnum("permission_type", ["ro", "move_into", "create", "note", "owner", "priority", "rw"]);
export const followUpPolicy = pgEnum("follow_up_policy", ["possible", "reject", "new_ticket"]);
export const lockState = pgEnum("lock_state", ["unlocked", "locked"]);
/** OTRS state types: what a state means to the system, whatever it is called. */
export const stateType = pgEnum("state_type", ["new", "open", "pending_reminder", "pending_auto", "closed", "merged"]);
export const articleKind = pgEnum("article_kind", ["email_in", "email_out", "note_internal", "phone"]);
export const senderType = pgEnum("sender_type", ["customer", "agent", "system"]);

export const agents = pgTable(
  "agents",
  {
    id: serial("id").primaryKey(),
    login: text("login").notNull(),
    name: text("name").notNull(),
    email: text("email").notNull(),
    passwordHash: text("password_hash"),
    /** IANA zone for display; null means HELPDESK_TIMEZONE. */
    timezone: text("timezone"),
    isAdmin: boolean("is_admin").notNull().default(false),
    valid: boolean("valid").notNull().default(true),
    /** Raised to end every session and socket of the agent at once (stateless JWTs). */
    sessionVersion: integer("session_version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("agents_login_key").on(sql`lower(${t.login})`)],
);

export const groups = pgTable(
  "groups",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    valid: boolean("valid").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("groups_name_key").on(sql`lower(${t.name})`)],
);

export const agentGroups = pgTable(
  "agent_groups",
  {
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    groupId: integer("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    permission: permissionType("permission").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.groupId, t.permission] }), index("agent_groups_group_idx").on(t.groupId)],
);

export const queues = pgTable(
  "queues",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    groupId: integer("group_id")
      .notNull()
      .references(() => groups.id),
    /** Where mail for this queue arrives and replies leave from; null for a queue that never mails. */
    systemAddress: text("system_address"),
    /** Minutes without owner activity before a lock ends; 0 turns the timeout off. */
    unlockTimeoutMinutes: integer("unlock_timeout_minutes").notNull().default(0),
    followUpPolicy: followUpPolicy("follow_up_policy").notNull().default("possible"),
    /** Lock a reopened ticket to its previous owner. */
    followUpLock: boolean("follow_up_lock").notNull().default(false),
    /** A queue that never sends auto responses (Junk). */
    autoResponsesEnabled: boolean("auto_responses_enabled").notNull().default(true),
    salutation: text("salutation").notNull().default(""),
    signature: text("signature").notNull().default(""),
    valid: boolean("valid").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("queues_name_key").on(sql`lower(${t.name})`),
    uniqueIndex("queues_system_address_key").on(sql`lower(${t.systemAddress})`),
    index("queues_group_idx").on(t.groupId),
  ],
);

export const customers = pgTable(
  "customers",
  {
    id: serial("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name"),
    organisation: text("organisation"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("customers_email_key").on(sql`lower(${t.email})`)],
);

export const ticketStates = pgTable("ticket_states", {
  name: text("name").primaryKey(),
  type: stateType("type").notNull(),
});

export const ticketPriorities = pgTable("ticket_priorities", {
  id: smallint("id").primaryKey(),
  name: text("name").notNull().unique(),
});

export const tickets = pgTable(
  "tickets",
  {
    id: serial("id").primaryKey(),
    number: text("number").notNull().unique(),
    title: text("title").notNull(),
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id),
    state: text("state")
      .notNull()
      .references(() => ticketStates.name),
    lock: lockState("lock").notNull().default("unlocked"),
    ownerId: integer("owner_id").references(() => agents.id),
    priority: smallint("priority")
      .notNull()
      .default(3)
      .references(() => ticketPriorities.id),
    customerId: integer("customer_id").references(() => customers.id),
    /** Optimistic concurrency: bumped by every change, a stale `version` is a conflict. */
    version: integer("version").notNull().default(1),
    pendingUntil: timestamp("pending_until", { withTimezone: true }),
    mergedIntoId: integer("merged_into_id").references((): AnyPgColumn => tickets.id),
    /** Start of the unlock timeout: the lock, or the owner's last activity. */
    ownerActivityAt: timestamp("owner_activity_at", { withTimezone: true }),
    createdBy: integer("created_by").references(() => agents.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("tickets_queue_state_idx").on(t.queueId, t.state),
    index("tickets_owner_idx").on(t.ownerId),
    index("tickets_customer_idx").on(t.customerId),
  ],
);

export const articles = pgTable(
  "articles",
  {
    id: serial("id").primaryKey(),
    ticketId: integer("ticket_id")
      .notNull()
      .references(() => tickets.id),
    kind: articleKind("kind").notNull(),
    senderType: senderType("sender_type").notNull(),
    fromAddress: text("from_address"),
    toAddress: text("to_address"),
    cc: text("cc"),
    subject: text("subject").notNull().default(""),
    messageId: text("message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references"),
    bodyText: text("body_text").notNull().default(""),
    /** Sanitised before it is stored; never the sender's raw HTML. */
    bodyHtml: text("body_html"),
    visibleToCustomer: boolean("visible_to_customer").notNull().default(true),
    createdBy: integer("created_by").references(() => agents.id),
    createdAt: createdAt(),
  },
  (t) => [index("articles_ticket_idx").on(t.ticketId, t.id), index("articles_message_id_idx").on(t.messageId)],
);

export const attachments = pgTable(
  "attachments",
  {
    id: serial("id").primaryKey(),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** Set for inline parts referenced from the HTML body as `cid:`. */
    contentId: text("content_id"),
    inline: boolean("inline").notNull().default(false),
    content: bytea("content").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("attachments_article_idx").on(t.articleId)],
);

/**
 * The audit trail agents read and the event log the realtime sidecar replays. Rows are
 * appended last in a ticket transaction, under a transaction advisory lock, so ids are
 * handed out in commit order.
 */
export const ticketHistory = pgTable(
  "ticket_history",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ticketId: integer("ticket_id")
      .notNull()
      .references(() => tickets.id),
    type: text("type").notNull(),
    name: text("name").notNull().default(""),
    actorId: integer("actor_id").references(() => agents.id),
    articleId: integer("article_id").references(() => articles.id),
    previousQueueId: integer("previous_queue_id").references(() => queues.id),
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id),
    ownerId: integer("owner_id").references(() => agents.id),
    state: text("state").notNull(),
    lock: lockState("lock").notNull(),
    priority: smallint("priority").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("ticket_history_ticket_idx").on(t.ticketId, t.id)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: serial("id").primaryKey(),
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** SHA-256 of the token, hex: the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("api_tokens_agent_idx").on(t.agentId)],
);
