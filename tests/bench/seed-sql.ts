/**
 * The statements of one seeding batch: tickets lo…hi with their articles, staged in temporary
 * tables (dropped at commit), then inserted with two INSERT … SELECT. Every figure is an
 * integer the seeder computed, inlined after a check.
 */

export interface BatchShape {
  /** Tickets in all: ticket N is the newest, ticket 1 two years old. */
  total: number;
  customers: number;
  /** Customers have the ids customerBase … customerBase + customers − 1. */
  customerBase: number;
  queueIds: number[];
  ownerIds: number[];
  /** Rows of bench_seed.sentences, ids 1…sentences. */
  sentences: number;
}

const int = (value: number) => {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
};
const intArray = (values: number[]) => `'{${values.map(int).join(",")}}'::int[]`;

const DAYS = 730;
/** The last 30 days, as a fraction of the two years: half of those tickets are still open. */
const RECENT = 30 / DAYS;
const RECENT_OPEN = 0.5;
/** Open share of older tickets, so that 5 % of all are open: (0.05 − RECENT·0.5) / (1 − RECENT). */
const OLDER_OPEN = (0.05 - RECENT * RECENT_OPEN) / (1 - RECENT);

/**
 * bench_t: one row per ticket. Ids follow creation time; open-ish tickets (new 1 : open 3 :
 * pending reminder 1) are 5 %, most of them recent; priorities 1–5 weighted to 3 (5/15/60/15/5 %);
 * queues and customers skewed (some much busier than others).
 */
export function ticketStageSql(shape: BatchShape, lo: number, hi: number): string {
  return `
create temp table bench_t on commit drop as
with b as (
  select g as id, 1 - g::float8 / ${int(shape.total)} as age,
    random() as u_state, random() as u_queue, random() as u_prio, random() as u_customer,
    random() as u_owner, random() as u_title, random() as u_jitter
  from generate_series(${int(lo)}, ${int(hi)}) g
), s as (
  select b.*, case when b.age < ${RECENT} then ${RECENT_OPEN} else ${OLDER_OPEN} end as p_open from b
), t as (
  select s.id,
    now() - (s.age * ${DAYS} + s.u_jitter * 0.02) * interval '1 day' as created_at,
    case when s.u_state >= s.p_open then 'closed successful'
      else (array['new', 'open', 'open', 'open', 'pending reminder'])[1 + floor(s.u_state / s.p_open * 5)::int] end as state,
    (${intArray(shape.queueIds)})[1 + floor(${int(shape.queueIds.length)} * power(s.u_queue, 1.5))::int] as queue_id,
    case when s.u_prio < 0.05 then 1 when s.u_prio < 0.2 then 2 when s.u_prio < 0.8 then 3 when s.u_prio < 0.95 then 4 else 5 end as priority,
    ${int(shape.customerBase)} + floor(${int(shape.customers)} * power(s.u_customer, 2))::int as customer_id,
    (${intArray(shape.ownerIds)})[1 + floor(${int(shape.ownerIds.length)} * s.u_owner)::int] as agent_id,
    1 + (s.id * 3) % 5 as n_articles,
    1 + floor(s.u_title * ${int(shape.sentences)})::int as title_sentence,
    40 + s.id % 40 as title_length
  from s
)
select t.*,
  case when length(se.text) <= t.title_length then rtrim(se.text, '.')
    else regexp_replace(left(se.text, t.title_length), '\\s+\\S*$', '') end as title,
  to_char(t.created_at at time zone 'UTC', 'YYYYMMDD') || '9' || lpad(t.id::text, 7, '0') as number,
  c.email as customer_email, c.name as customer_name, q.system_address as queue_address, q.name as queue_name
from t
join bench_seed.sentences se on se.id = t.title_sentence
join customers c on c.id = t.customer_id
join queues q on q.id = t.queue_id`;
}

/** bench_b: the body of each article (1–5 per ticket, 3 on average): 3–6 random sentences, ~260 characters. */
export function bodyStageSql(shape: BatchShape): string {
  return `
create temp table bench_b on commit drop as
select x.ticket_id, x.k, string_agg(se.text, ' ' order by x.n) as body_core
from (
  select t.id as ticket_id, k, n, 1 + floor(random() * ${int(shape.sentences)})::int as sentence
  from bench_t t, generate_series(1, t.n_articles) k, generate_series(1, 3 + (t.id + k) % 4) n
) x
join bench_seed.sentences se on se.id = x.sentence
group by x.ticket_id, x.k`;
}

/**
 * bench_a: the articles as stored. The customer writes first (email_in); then agent and
 * customer take turns, and one agent turn in five is an internal note instead of a reply.
 */
export function articleStageSql(): string {
  return `
create temp table bench_a on commit drop as
select b.ticket_id, b.k,
  (case when b.k % 2 = 1 then 'email_in' when (b.ticket_id + b.k) % 5 = 0 then 'note_internal' else 'email_out' end)::article_kind as kind,
  least(t.created_at + (b.k - 1) * interval '5 hours' + ((b.ticket_id * b.k) % 300) * interval '1 minute',
    now() - (t.n_articles - b.k) * interval '1 minute') as created_at,
  case when b.k = 1 then t.title
    when b.k % 2 = 1 then 'Re: [Ticket#' || t.number || '] Re: ' || t.title
    when (b.ticket_id + b.k) % 5 = 0 then 'Note: ' || t.title
    else '[Ticket#' || t.number || '] Re: ' || t.title end as subject,
  case when b.k % 2 = 1 then 'Hello,' || chr(10) || chr(10) || b.body_core || chr(10) || chr(10) || 'Regards,' || chr(10) || t.customer_name
    else 'Dear ' || t.customer_name || ',' || chr(10) || chr(10) || b.body_core || chr(10) || chr(10) || 'Kind regards,' || chr(10) || t.queue_name end as body_text,
  t.number, t.customer_email, t.customer_name, t.queue_address, t.queue_name, t.agent_id
from bench_b b
join bench_t t on t.id = b.ticket_id`;
}

/**
 * The tickets, with the search vector the app would have built: the words of the title and
 * of every article's subject and body, `strip(to_tsvector('simple', left(text, 100000)))`
 * (the app adds each article's vector with ||; without positions that is the same set of
 * lexemes as the vector of all the texts joined by spaces).
 */
export function ticketInsertSql(): string {
  return `
insert into tickets (id, number, title, queue_id, state, state_type, lock, owner_id, priority, customer_id, version,
  pending_until, created_by, created_at, updated_at, search_vector)
select t.id, t.number, t.title, t.queue_id, t.state,
  (case t.state when 'new' then 'new' when 'open' then 'open' when 'pending reminder' then 'pending_reminder' else 'closed' end)::state_type,
  'unlocked'::lock_state,
  case when t.state = 'new' then null else t.agent_id end,
  t.priority, t.customer_id,
  1 + t.n_articles + case when t.state = 'closed successful' then 2 else 0 end,
  case when t.state = 'pending reminder' then now() + (1 + t.id % 30) * interval '1 day' end,
  null, t.created_at, a.last_at,
  strip(to_tsvector('simple', left(t.title || ' ' || a.text, 100000)))
from bench_t t
join (
  select ticket_id, max(created_at) as last_at, string_agg(subject || ' ' || body_text, ' ' order by k) as text
  from bench_a group by ticket_id
) a on a.ticket_id = t.id`;
}

export function articleInsertSql(): string {
  return `
insert into articles (ticket_id, kind, sender_type, from_address, to_address, subject, message_id, in_reply_to, body_text,
  visible_to_customer, created_by, created_at)
select ticket_id, kind,
  (case when kind = 'email_in' then 'customer' else 'agent' end)::sender_type,
  case when kind = 'email_in' then customer_name || ' <' || customer_email || '>' when kind = 'email_out' then queue_name || ' <' || queue_address || '>' end,
  case when kind = 'email_in' then queue_address when kind = 'email_out' then customer_email end,
  subject,
  case when kind <> 'note_internal' then '<' || number || '.' || k || '@' || split_part(case when kind = 'email_in' then customer_email else queue_address end, '@', 2) || '>' end,
  case when k > 1 and kind <> 'note_internal' then '<' || number || '.' || (k - 1) || '@bench.example>' end,
  body_text,
  kind <> 'note_internal',
  case when kind = 'email_in' then null else agent_id end,
  created_at
from bench_a
order by ticket_id, k`;
}
