/**
 * What the UI bench shows: the group `uibench` with the queue `UI bench` holding N open tickets
 * (set-based SQL, each with its customer's first mail), the queue `UI bench mail` with one
 * ticket of M articles made through the domain code (mails received through the inbound
 * pipeline, a few of them HTML with tables; replies; internal notes), and one agent with `rw`.
 */
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/client";
import { tickets } from "../../db/schema";
import { seedDatabase } from "../../db/seed";
import { addAgent } from "../../server/agents/add-agent";
import { grantPermission } from "../../server/agents/grant-permission";
import type { Actor } from "../../server/auth/actor";
import { addGroup } from "../../server/groups/add-group";
import { processInboundMessage } from "../../server/mail/inbound/process-inbound-message";
import { storeInboundMessage } from "../../server/mail/inbound/store-inbound-message";
import { addQueue } from "../../server/queues/add-queue";
import { addNote } from "../../server/tickets/add-note";
import { replyToTicket } from "../../server/tickets/reply-to-ticket";
import { vocabulary } from "./words";

export interface UiFixtures {
  agent: Actor & { password: string };
  queueId: number;
  /** The ticket with many articles. */
  ticketNumber: string;
  /** Text only the last article holds: the page shows it once every article is rendered. */
  lastArticleMarker: string;
}

const GROUP = "uibench";
const MAIL_ADDRESS = "mail@uibench.example";
const CUSTOMER = { name: "Dana Kowalski", email: "dana.kowalski@customer.example" };
/** A sentence vocabulary: the commoner words of helpdesk mail. */
const WORDS = vocabulary(800);

/** A small deterministic generator (mulberry32), so every run seeds the same texts. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next: () => number): string {
  const words = Array.from({ length: 6 + Math.floor(next() * 12) }, () => WORDS[Math.floor(next() ** 2 * WORDS.length)]!);
  const text = words.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

function paragraphs(next: () => number, count: number): string[] {
  return Array.from({ length: count }, () => Array.from({ length: 2 + Math.floor(next() * 4) }, () => sentence(next)).join(" "));
}

/** The 10,000 tickets: open-ish states (new 1 : open 4 : pending reminder 1), priorities weighted to 3, the last 60 days. */
async function seedQueueTickets(db: Db, queueId: number, ownerId: number, count: number): Promise<void> {
  const customers = Math.max(100, Math.round(count / 5));
  const first = ["Anna", "Ben", "Clara", "David", "Eva", "Felix", "Greta", "Hugo", "Ida", "Jonas", "Karin", "Lukas"];
  const last = ["Adams", "Baker", "Clark", "Davis", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Klein"];
  await db.execute(sql`
    insert into customers (email, name, organisation, created_at, updated_at)
    select 'ui-customer' || g || '@org' || (g % 300) || '.example',
      (string_to_array(${first.join(",")}::text, ','))[1 + g % ${first.length}] || ' ' || (string_to_array(${last.join(",")}::text, ','))[1 + (g / ${first.length}) % ${last.length}],
      'Org ' || (g % 300), now() - interval '400 days' + g * interval '1 hour', now()
    from generate_series(1, ${customers}::int) g`);
  const [range] = await db.execute<{ first: number }>(sql`select min(id)::int as first from customers where email like 'ui-customer%'`);
  const words = WORDS.slice(0, 400);
  // Numbers: the creation day, system id 99 (never this helpdesk's own), the counter, OTRS's check digit.
  await db.execute(sql`
    create temp table ui_t on commit drop as
    select x.*, x.base || (case when 10 - s.total % 10 = 10 then 1 else 10 - s.total % 10 end)::text as number
    from (
      select a.*, to_char(a.created_at at time zone 'UTC', 'YYYYMMDD') || '99' || lpad(a.g::text, greatest(5, length(a.g::text)), '0') as base
      from (
        select g,
          now() - interval '60 days' + (g::float8 / ${count}) * interval '60 days' - interval '10 minutes' as created_at,
          (array['new', 'open', 'open', 'open', 'open', 'pending reminder'])[1 + (g * 7) % 6] as state,
          case when (g * 37) % 20 = 0 then 1 when (g * 37) % 20 < 4 then 2 when (g * 37) % 20 < 16 then 3 when (g * 37) % 20 < 19 then 4 else 5 end as priority,
          ${range!.first}::int + (g * 7919) % ${customers}::int as customer_id,
          (select string_agg((string_to_array(${words.join(",")}::text, ','))[1 + ((g * 7919 + k * 104729) % ${words.length})], ' ') from generate_series(1, 4 + g % 6) k) as title,
          (select string_agg((string_to_array(${words.join(",")}::text, ','))[1 + ((g * 31 + k * 7727) % ${words.length})], ' ') from generate_series(1, 40 + g % 60) k) as body
        from generate_series(1, ${count}::int) g
      ) a
    ) x
    cross join lateral (select sum(substr(x.base, i, 1)::int * (case when i % 2 = 1 then 1 else 2 end))::int as total from generate_series(1, length(x.base)) i) s`);
  await db.execute(sql`
    insert into tickets (number, title, queue_id, state, state_type, lock, owner_id, priority, customer_id, version, pending_until,
      owner_activity_at, created_at, updated_at, search_vector)
    select t.number, upper(left(t.title, 1)) || substr(t.title, 2), ${queueId}::int, t.state,
      (case t.state when 'new' then 'new' when 'open' then 'open' else 'pending_reminder' end)::state_type,
      (case when t.state = 'open' and t.g % 10 = 0 then 'locked' else 'unlocked' end)::lock_state,
      case when t.state = 'new' then null else ${ownerId}::int end,
      t.priority, t.customer_id, 2,
      case when t.state = 'pending reminder' then now() + (1 + t.g % 30) * interval '1 day' end,
      case when t.state = 'open' and t.g % 10 = 0 then now() end,
      t.created_at, t.created_at + interval '5 minutes',
      strip(to_tsvector('simple', t.title || ' ' || t.body))
    from ui_t t
    order by t.g`);
  await db.execute(sql`
    insert into articles (ticket_id, kind, sender_type, from_address, to_address, subject, message_id, body_text, visible_to_customer, created_at)
    select tk.id, 'email_in', 'customer', c.name || ' <' || c.email || '>', 'ui@uibench.example', tk.title,
      '<' || tk.number || '.1@' || split_part(c.email, '@', 2) || '>',
      'Hello,' || chr(10) || chr(10) || t.body || chr(10) || chr(10) || 'Regards,' || chr(10) || c.name, true, tk.created_at
    from ui_t t
    join tickets tk on tk.number = t.number
    join customers c on c.id = tk.customer_id`);
}

const TABLE_ROWS = 12;

function htmlTable(next: () => number, index: number): string {
  const rows = Array.from({ length: TABLE_ROWS }, (_, row) => {
    const cells = [`INV-${index}-${row + 1}`, sentence(next), `${(next() * 900 + 100).toFixed(2)} EUR`, next() < 0.7 ? "paid" : "open"];
    return `<tr>${cells.map((cell) => `<td style="border:1px solid #ccc;padding:4px">${cell}</td>`).join("")}</tr>`;
  });
  return `<table style="border-collapse:collapse;width:100%"><thead><tr><th>Invoice</th><th>Item</th><th>Amount</th><th>Status</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** A customer's message as it arrives: plain text, or multipart/alternative with an HTML table. */
function rawMail(options: { index: number; subject: string; text: string; html: string | null }): Buffer {
  const headers = [
    `From: ${CUSTOMER.name} <${CUSTOMER.email}>`,
    `To: UI bench mail <${MAIL_ADDRESS}>`,
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <ui-bench-${options.index}-${randomBytes(4).toString("hex")}@customer.example>`,
    "MIME-Version: 1.0",
  ];
  if (!options.html) return Buffer.from([...headers, "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", options.text, ""].join("\r\n"));
  const boundary = `b-${randomBytes(8).toString("hex")}`;
  return Buffer.from(
    [
      ...headers,
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      options.text,
      `--${boundary}`,
      "Content-Type: text/html; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      options.html,
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

async function receive(db: Database, raw: Buffer): Promise<number> {
  const { id } = await storeInboundMessage(db, { raw, source: "pipe", envelope: { mailFrom: CUSTOMER.email, rcptTo: [MAIL_ADDRESS] } });
  const result = await processInboundMessage(db, id);
  if (result.status !== "processed" || result.ticketId === null) throw new Error(`inbound message ${id} was not filed: ${JSON.stringify(result)}`);
  return result.ticketId;
}

/**
 * The long ticket, article by article: k = 1 opens it by mail; then every fourth is an
 * internal note, odd ones the customer's mails (every eighth of those HTML with a table),
 * the rest replies. For 100: 50 mails in (6 HTML), 25 replies, 25 notes.
 */
async function seedLongTicket(db: Database, agent: Actor, articles: number): Promise<{ number: string; marker: string }> {
  const next = random(20_251_127);
  const title = "Invoices missing from the customer portal since the migration";
  const ticketId = await receive(db, rawMail({ index: 1, subject: title, text: paragraphs(next, 3).join("\n\n"), html: null }));
  const [row] = await db.select({ number: tickets.number }).from(tickets).where(eq(tickets.id, ticketId));
  const number = row!.number;
  const marker = `ui-bench-article-${articles}-${randomBytes(3).toString("hex")}`;
  let inbound = 1;
  for (let k = 2; k <= articles; k++) {
    const body = [...paragraphs(next, 2 + Math.floor(next() * 3)), ...(k === articles ? [marker] : [])];
    if (k % 4 === 0) {
      await addNote(db, { actor: agent, number, subject: `Note ${k}: ${sentence(next).slice(0, 60)}`, body: body.join("\n\n") });
    } else if (k % 2 === 1) {
      inbound++;
      const quoted = sentence(next).split(" ").slice(0, 12).join(" ");
      const text = ["Hello,", ...body, `> ${quoted}`, `Regards,\n${CUSTOMER.name}`].join("\n\n");
      const html = inbound % 8 === 0 ? `<html><body><p>Hello,</p>${body.map((part) => `<p>${part}</p>`).join("")}${htmlTable(next, k)}<p>Regards,<br>${CUSTOMER.name}</p></body></html>` : null;
      const filed = await receive(db, rawMail({ index: k, subject: `Re: [Ticket#${number}] ${title}`, text, html }));
      if (filed !== ticketId) throw new Error(`mail ${k} made ticket ${filed} instead of following up on ${ticketId}`);
    } else {
      await replyToTicket(db, { actor: agent, number, body: body.join("\n\n") });
    }
  }
  return { number, marker };
}

export async function seedUiFixtures(db: Database, options: { tickets: number; articles: number; log: (line: string) => void }): Promise<UiFixtures> {
  await seedDatabase(db, { adminPassword: randomBytes(12).toString("base64url"), rawAddress: "raw@uibench.example" });
  await addGroup(db, { name: GROUP });
  const queue = await addQueue(db, { name: "UI bench", group: GROUP, address: "ui@uibench.example" });
  await addQueue(db, { name: "UI bench mail", group: GROUP, address: MAIL_ADDRESS });
  const password = randomBytes(12).toString("base64url");
  const added = await addAgent(db, { login: "uibench", name: "Uma Bench", email: "uibench@agents.example", password });
  await grantPermission(db, { login: "uibench", group: GROUP, permission: "rw" });
  const agent = { id: added.id, login: "uibench", name: "Uma Bench", isAdmin: false, password };

  let started = performance.now();
  await db.transaction((tx) => seedQueueTickets(tx, queue.id, agent.id, options.tickets));
  options.log(`${options.tickets.toLocaleString("en")} open tickets in "UI bench" in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  const long = await seedLongTicket(db, agent, options.articles);
  options.log(`ticket ${long.number} with ${options.articles} articles in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await db.execute(sql`vacuum analyze`);
  return { agent, queueId: queue.id, ticketNumber: long.number, lastArticleMarker: long.marker };
}
