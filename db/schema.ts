import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

/** Written and queried only through SQL (`to_tsvector`, `@@`); never read into JavaScript. */
const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
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
    /** Receives the mail that no queue's address claims (the seeded `Raw`); exactly one queue. */
    catchAll: boolean("catch_all").notNull().default(false),
    salutation: text("salutation").notNull().default(""),
    signature: text("signature").notNull().default(""),
    valid: boolean("valid").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("queues_name_key").on(sql`lower(${t.name})`),
    uniqueIndex("queues_system_address_key").on(sql`lower(${t.systemAddress})`),
    uniqueIndex("queues_catch_all_key").on(t.catchAll).where(sql`${t.catchAll}`),
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

export const ticketStates = pgTable(
  "ticket_states",
  {
    name: text("name").primaryKey(),
    type: stateType("type").notNull(),
  },
  // Target of tickets' (state, state_type) foreign key, which keeps the copied type right.
  (t) => [unique("ticket_states_name_type_key").on(t.name, t.type)],
);

export const ticketPriorities = pgTable("ticket_priorities", {
  id: smallint("id").primaryKey(),
  name: text("name").notNull().unique(),
});

/** A ticket still in work: neither closed nor merged. */
const isOpen = (t: { stateType: AnyPgColumn }) => sql`${t.stateType} not in ('closed', 'merged')`;

export const tickets = pgTable(
  "tickets",
  {
    id: serial("id").primaryKey(),
    number: text("number").notNull().unique(),
    title: text("title").notNull(),
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id),
    state: text("state").notNull(),
    /** Copy of the state's type, for the partial indexes of queue views; checked by a foreign key. */
    stateType: stateType("state_type").notNull(),
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
    /** When the owner was told that the pending reminder is reached; cleared when the time changes. */
    reminderSentAt: timestamp("reminder_sent_at", { withTimezone: true }),
    mergedIntoId: integer("merged_into_id").references((): AnyPgColumn => tickets.id),
    /** Start of the unlock timeout: the lock, or the owner's last activity. */
    ownerActivityAt: timestamp("owner_activity_at", { withTimezone: true }),
    /** Title and every article's subject and text, for full-text search (`simple`: no language's stemming). */
    searchVector: tsvector("search_vector").notNull().default(sql`''::tsvector`),
    createdBy: integer("created_by").references(() => agents.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ columns: [t.state, t.stateType], foreignColumns: [ticketStates.name, ticketStates.type], name: "tickets_state_fkey" }),
    // Queue views: the open tickets of a queue, oldest first or by priority, and their counts.
    index("tickets_open_by_age_idx").on(t.queueId, t.createdAt, t.id).where(isOpen(t)),
    index("tickets_open_by_priority_idx").on(t.queueId, t.priority.desc(), t.createdAt, t.id).where(isOpen(t)),
    index("tickets_open_counts_idx").on(t.queueId, t.stateType, t.lock).where(isOpen(t)),
    index("tickets_queue_by_age_idx").on(t.queueId, t.createdAt, t.id),
    index("tickets_open_all_by_age_idx").on(t.createdAt, t.id).where(isOpen(t)),
    // Searches over every state, oldest first: walked in order until the page is full.
    index("tickets_by_age_idx").on(t.createdAt, t.id),
    index("tickets_owner_idx").on(t.ownerId).where(isOpen(t)),
    index("tickets_customer_idx").on(t.customerId, t.createdAt),
    index("tickets_search_idx").using("gin", t.searchVector),
    // Timed jobs: locks that may time out, pending times that may be reached.
    index("tickets_locked_activity_idx").on(t.ownerActivityAt).where(sql`${t.lock} = 'locked'`),
    index("tickets_pending_until_idx").on(t.pendingUntil).where(sql`${t.stateType} in ('pending_reminder', 'pending_auto')`),
  ],
);

/** Per-day counters of ticket numbers, bumped outside the create transaction. */
export const ticketCounters = pgTable("ticket_counters", {
  /** YYYYMMDD in HELPDESK_TIMEZONE. */
  day: text("day").primaryKey(),
  value: integer("value").notNull(),
});

export const linkKind = pgEnum("link_kind", ["normal", "parent_child"]);

export const ticketLinks = pgTable(
  "ticket_links",
  {
    id: serial("id").primaryKey(),
    sourceTicketId: integer("source_ticket_id")
      .notNull()
      .references(() => tickets.id),
    targetTicketId: integer("target_ticket_id")
      .notNull()
      .references(() => tickets.id),
    kind: linkKind("kind").notNull().default("normal"),
    createdBy: integer("created_by").references(() => agents.id),
    createdAt: createdAt(),
  },
  (t) => [unique("ticket_links_key").on(t.sourceTicketId, t.targetTicketId, t.kind), index("ticket_links_target_idx").on(t.targetTicketId)],
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
    /** The customer's Reply-To: where answers to this message go. */
    replyTo: text("reply_to"),
    messageId: text("message_id"),
    inReplyTo: text("in_reply_to"),
    references: text("references"),
    bodyText: text("body_text").notNull().default(""),
    /** Sanitised before it is stored; never the sender's raw HTML. */
    bodyHtml: text("body_html"),
    visibleToCustomer: boolean("visible_to_customer").notNull().default(true),
    /** The stored raw message it came from. */
    inboundMessageId: bigint("inbound_message_id", { mode: "number" }).references((): AnyPgColumn => inboundMessages.id),
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
 * handed out in commit order. Each row carries what its event needs (the ticket as the API
 * shows it after the change), so an event never depends on the ticket as it is now.
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
    /** The ticket fields this change touched: lock, owner, state, queue, priority, title. */
    changes: text("changes").array().notNull().default(sql`'{}'::text[]`),
    /** The ticket as the API shows it, after the change. */
    snapshot: jsonb("snapshot").notNull(),
    /** What else the event carries: the article summary, the notifications it caused. */
    data: jsonb("data"),
    createdAt: createdAt(),
  },
  (t) => [index("ticket_history_ticket_idx").on(t.ticketId, t.id)],
);

export const outbox = pgTable(
  "outbox",
  {
    id: serial("id").primaryKey(),
    ticketId: integer("ticket_id")
      .notNull()
      .references(() => tickets.id),
    articleId: integer("article_id").references(() => articles.id),
    /** Fixed when the row is written, so that a resend after a crash is the same message. */
    messageId: text("message_id").notNull().unique(),
    /** The message to send: from, to, cc, subject, text, headers, attachment ids. */
    message: jsonb("message").notNull(),
    /** reply, email_ticket, notification, or an auto response (auto_reply, auto_reject, auto_follow_up, auto_new_ticket). */
    kind: text("kind").notNull().default("reply"),
    /** The first recipient, lower-cased: auto responses to one address are capped per day. */
    recipient: text("recipient").notNull().default(""),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /** Given up after the last retry; kept for an administrator to retry. */
    failedAt: timestamp("failed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_due_idx").on(t.nextAttemptAt, t.id).where(sql`${t.sentAt} is null and ${t.failedAt} is null`),
    index("outbox_auto_recipient_idx").on(t.recipient, t.createdAt).where(sql`${t.kind} like 'auto%'`),
  ],
);

export const inboundStatus = pgEnum("inbound_status", ["new", "processed", "duplicate", "failed"]);

/** Every message received, raw, stored before the sender is told `250`: nothing is ever lost. */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    raw: bytea("raw").notNull(),
    size: integer("size").notNull(),
    /** smtp, pipe or imap. */
    source: text("source").notNull(),
    /** The SMTP envelope: MAIL FROM and every RCPT TO. */
    envelope: jsonb("envelope").notNull(),
    messageId: text("message_id"),
    /** SHA-256 of the message after its headers: with the Message-ID, what makes a redelivery the same message. */
    bodyHash: text("body_hash").notNull(),
    status: inboundStatus("status").notNull().default("new"),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    ticketId: integer("ticket_id").references(() => tickets.id),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    index("inbound_messages_pending_idx").on(t.id).where(sql`${t.status} = 'new'`),
    index("inbound_messages_failed_idx").on(t.id).where(sql`${t.status} = 'failed'`),
    index("inbound_messages_identity_idx").on(t.messageId, t.bodyHash),
  ],
);

export const autoResponseType = pgEnum("auto_response_type", ["reply", "reject", "follow_up", "reply_new_ticket"]);

/** OTRS's auto responses: what a queue answers by itself to a new ticket, a rejected or accepted follow-up. */
export const autoResponses = pgTable(
  "auto_responses",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    type: autoResponseType("type").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    valid: boolean("valid").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("auto_responses_name_key").on(sql`lower(${t.name})`)],
);

export const queueAutoResponses = pgTable(
  "queue_auto_responses",
  {
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
    type: autoResponseType("type").notNull(),
    autoResponseId: integer("auto_response_id")
      .notNull()
      .references(() => autoResponses.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.type] })],
);

/** Ordered header rules run on every incoming message (OTRS's PostMaster filters). */
export const postmasterFilters = pgTable("postmaster_filters", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  position: integer("position").notNull().default(0),
  /** All must match: `[{ header, pattern (a regular expression, case-insensitive), negate? }]`. */
  matches: jsonb("matches").notNull(),
  /** What a match does: `{ queue?, priority?, ignore?, noAutoResponse? }`. */
  actions: jsonb("actions").notNull(),
  /** No later filter runs after this one matched. */
  stop: boolean("stop").notNull().default(false),
  valid: boolean("valid").notNull().default(true),
  createdAt: createdAt(),
});

export const afterFetch = pgEnum("after_fetch", ["mark_read", "delete"]);

/** IMAP mailboxes polled for mail. */
export const mailAccounts = pgTable("mail_accounts", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  host: text("host").notNull(),
  port: integer("port").notNull().default(993),
  tls: boolean("tls").notNull().default(true),
  username: text("username").notNull(),
  password: text("password").notNull(),
  folder: text("folder").notNull().default("INBOX"),
  intervalSeconds: integer("interval_seconds").notNull().default(60),
  /** Trusted mailboxes' X-Helpdesk-* headers are honoured (OTRS's X-OTRS headers). */
  trusted: boolean("trusted").notNull().default(false),
  afterFetch: afterFetch("after_fetch").notNull().default("mark_read"),
  valid: boolean("valid").notNull().default(true),
  lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
  lastError: text("last_error"),
  createdAt: createdAt(),
});

export const templateKind = pgEnum("template_kind", ["answer", "create", "email", "forward", "note", "phone", "snippet"]);

export const templates = pgTable(
  "templates",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    kind: templateKind("kind").notNull().default("answer"),
    body: text("body").notNull(),
    valid: boolean("valid").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("templates_name_key").on(sql`lower(${t.name})`)],
);

export const templateQueues = pgTable(
  "template_queues",
  {
    templateId: integer("template_id")
      .notNull()
      .references(() => templates.id, { onDelete: "cascade" }),
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.queueId] }), index("template_queues_queue_idx").on(t.queueId)],
);

export const notifications = pgTable(
  "notifications",
  {
    id: serial("id").primaryKey(),
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    ticketId: integer("ticket_id").references(() => tickets.id),
    kind: text("kind").notNull(),
    text: text("text").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_agent_idx").on(t.agentId, t.id)],
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

/** Every administrative change: who, what, to which thing, with what values (never a password). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    actorId: integer("actor_id").references(() => agents.id),
    /** What was done, e.g. `agent.create`, `queue.update`, `token.revoke`. */
    action: text("action").notNull(),
    /** The kind and id of what it was done to, e.g. `agent:7`. */
    target: text("target").notNull(),
    details: jsonb("details"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt), index("audit_log_target_idx").on(t.target)],
);

/** An agent's "My Queues" (OTRS): the queues whose new tickets and unlocked follow-ups notify them. */
export const agentMyQueues = pgTable(
  "agent_my_queues",
  {
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    queueId: integer("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.queueId] }), index("agent_my_queues_queue_idx").on(t.queueId)],
);

/** How an agent wants to hear of one kind of event (`new_ticket`, `owner`, …); no row means the defaults. */
export const agentNotificationPreferences = pgTable(
  "agent_notification_preferences",
  {
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    inApp: boolean("in_app").notNull(),
    email: boolean("email").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.event] })],
);

/** Every sign-in attempt with a password, for throttling by login and by client address. */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Lower-cased as typed: unknown logins are throttled as known ones, so that neither is revealed. */
    login: text("login").notNull(),
    address: text("address").notNull(),
    /** `failed`, `succeeded`, or `throttled` (refused unchecked; does not extend the throttle). */
    outcome: text("outcome").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sign_in_attempts_login_idx").on(t.login, t.createdAt), index("sign_in_attempts_address_idx").on(t.address, t.createdAt)],
);

/**
 * Sessions ended by signing out. Sessions are stateless JWTs: deleting the cookie is not enough
 * when a request still in flight sets it again, so the session's id is remembered as ended
 * until the session would have expired anyway.
 */
export const endedSessions = pgTable(
  "ended_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ended_sessions_expires_idx").on(t.expiresAt)],
);
