/**
 * When messages became tickets, seen as the realtime sidecar sees it: a LISTEN on
 * `helpdesk_events`, whose payload is the largest ticket_history id of the transaction that
 * sent it (delivered on commit, in commit order). A message is "committed and announced" when
 * the notification that covers its NewTicket history row arrives here.
 */
import postgres from "postgres";

export interface PhaseMark {
  historyId: number;
  inboundId: number;
}

export interface CommitResult {
  /** performance.now() at which each NewTicket row of the phase was announced, in id order. */
  announcedAt: number[];
  lastAnnouncedAt: number;
  /** inbound_messages of the phase by status, and the EmailCustomer rows: checks that each message made one ticket with its article. */
  statuses: Record<string, number>;
  articles: number;
}

const POLL_MS = 250;
const MIN_QUERY_GAP_MS = 50;

export class CommitWatcher {
  private readonly notes: { id: number; at: number }[] = [];
  private wake: (() => void) | null = null;

  private constructor(private readonly sql: postgres.Sql) {}

  static async start(url: string): Promise<CommitWatcher> {
    const sql = postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: "helpdesk-bench" } });
    const watcher = new CommitWatcher(sql);
    await sql.listen("helpdesk_events", (payload) => watcher.noted(Number(payload)));
    return watcher;
  }

  private noted(id: number): void {
    this.notes.push({ id, at: performance.now() });
    this.wake?.();
  }

  /** Where the database stands: what comes after belongs to the next phase. */
  async mark(): Promise<PhaseMark> {
    const [row] = await this.sql<{ history: string; inbound: string }[]>`
      select (select coalesce(max(id), 0) from ticket_history) as history, (select coalesce(max(id), 0) from inbound_messages) as inbound`;
    return { historyId: Number(row!.history), inboundId: Number(row!.inbound) };
  }

  private async statuses(mark: PhaseMark): Promise<Record<string, number>> {
    const rows = await this.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from inbound_messages where id > ${mark.inboundId} group by status`;
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  private async failures(mark: PhaseMark): Promise<string[]> {
    const rows = await this.sql<{ id: string; error: string | null }[]>`select id, error from inbound_messages where id > ${mark.inboundId} and status = 'failed' order by id limit 5`;
    return rows.map((row) => `#${row.id}: ${row.error ?? "?"}`);
  }

  /**
   * Waits until `count` NewTicket rows in `queueId` after `mark` have been announced; rejects
   * when a message of the phase failed or on the deadline.
   */
  async waitFor(mark: PhaseMark, count: number, queueId: number, timeoutMs: number): Promise<CommitResult> {
    const deadline = performance.now() + timeoutMs;
    const phaseNotes = () => this.notes.filter((note) => note.id > mark.historyId);
    let checkedStatusAt = performance.now();
    for (;;) {
      const notes = phaseNotes();
      const newest = notes.at(-1)?.id ?? 0;
      // Each message is one transaction and one notification: count rows once there are enough.
      if (notes.length >= count) {
        const rows = await this.sql<{ id: string }[]>`
          select id from ticket_history where type = 'NewTicket' and queue_id = ${queueId} and id > ${mark.historyId} and id <= ${newest} order by id`;
        if (rows.length >= count) return this.result(mark, notes, rows.map((row) => Number(row.id)), queueId, newest);
      }
      if (performance.now() - checkedStatusAt > 1_000) {
        checkedStatusAt = performance.now();
        const failed = await this.failures(mark);
        if (failed.length > 0) throw new Error(`inbound messages failed: ${failed.join("; ")}`);
      }
      if (performance.now() > deadline) {
        throw new Error(`only ${notes.length} of ${count} commits announced in ${Math.round(timeoutMs / 1000)} s; inbound messages: ${JSON.stringify(await this.statuses(mark))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      this.wake = null;
      await new Promise((resolve) => setTimeout(resolve, MIN_QUERY_GAP_MS));
    }
  }

  private async result(mark: PhaseMark, notes: { id: number; at: number }[], rowIds: number[], queueId: number, newest: number): Promise<CommitResult> {
    const announcedAt: number[] = [];
    let note = 0;
    for (const id of rowIds) {
      while (notes[note]!.id < id) note++;
      announcedAt.push(notes[note]!.at);
    }
    const [articles] = await this.sql<{ n: number }[]>`select count(*)::int as n from ticket_history where type = 'EmailCustomer' and queue_id = ${queueId} and id > ${mark.historyId} and id <= ${newest}`;
    return { announcedAt, lastAnnouncedAt: announcedAt.at(-1)!, statuses: await this.statuses(mark), articles: articles!.n };
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 });
  }
}
