import { ListenConnection } from "../../db/listen-connection";
import type { Actor } from "./actor";

/** The channel every change to an agent, its permissions or its tokens is announced on (`notifyAgentChanged`). */
const AGENTS_CHANNEL = "helpdesk_agents";
/** A bound on what a change made outside the helpdesk (no NOTIFY) could cost: an entry is believed this long at most. */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;

export interface CachedToken {
  tokenId: number;
  actor: Actor;
  /** When `last_used_at` was last written (epoch ms), or null when never. */
  lastUsedAt: number | null;
}

interface Entry extends CachedToken {
  cachedAt: number;
}

/**
 * The agents that bearer tokens belong to, as the database last answered, so that an API request
 * needs no round trip of its own to authenticate. It is trusted only while its LISTEN on
 * `helpdesk_agents` stands: a revocation, an invalidated agent or changed rights are announced
 * there on commit and drop that agent's entries; a lost connection drops them all and the cache
 * answers nothing until it listens again. The process that makes such a change also forgets at
 * once (`forgetAgentLocally`, before its commit), so that its own next request does not depend on
 * how soon the announcement comes back to it.
 */
export class ApiTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly listener: ListenConnection;
  /** Raised by every forgetting: an answer read before it is not stored after it. */
  private generation = 0;

  constructor(databaseUrl: string) {
    this.listener = new ListenConnection(
      databaseUrl,
      [AGENTS_CHANNEL],
      {
        notify: (_channel, payload) => this.forgetAgent(Number(payload)),
        // What changed while nobody listened is unknown: empty when the connection is lost, and again once LISTEN stands.
        listening: () => this.forgetAll(),
        lost: () => this.forgetAll(),
      },
      "helpdesk-token-cache",
    );
    this.listener.start().catch(() => {});
  }

  /** True while changes reach this cache: only then does it answer. */
  get trusted(): boolean {
    return this.listener.listening;
  }

  /** A mark to hand back to `store`: the answer is dropped if anything was forgotten in between. */
  mark(): number {
    return this.generation;
  }

  get(tokenHash: string): CachedToken | undefined {
    if (!this.trusted) return undefined;
    const entry = this.entries.get(tokenHash);
    if (entry && Date.now() - entry.cachedAt > MAX_AGE_MS) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry;
  }

  store(tokenHash: string, token: CachedToken, mark: number): void {
    if (!this.trusted || mark !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { ...token, cachedAt: Date.now() });
  }

  /** Drops the agent's tokens; an announcement that names no agent drops every token. */
  forgetAgent(agentId: number): void {
    if (!Number.isInteger(agentId)) return this.forgetAll();
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.actor.id === agentId) this.entries.delete(hash);
  }

  async close(): Promise<void> {
    this.forgetAll();
    await this.listener.close();
  }

  private forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }
}

// One per process, beside the pool of `getDb` (and like it kept on globalThis for Next's dev reloads).
const holder = globalThis as typeof globalThis & { helpdeskTokenCache?: ApiTokenCache };

/** The process's cache, listening on `DATABASE_URL`; null when that is unset. */
export function getApiTokenCache(): ApiTokenCache | null {
  if (!holder.helpdeskTokenCache) {
    const url = process.env.DATABASE_URL;
    if (!url) return null;
    holder.helpdeskTokenCache = new ApiTokenCache(url);
  }
  return holder.helpdeskTokenCache;
}

/** Forgets the agent in this process's cache, if it has one: called with every announcement of a change to the agent. */
export function forgetAgentLocally(agentId: number): void {
  holder.helpdeskTokenCache?.forgetAgent(agentId);
}

export async function closeApiTokenCache(): Promise<void> {
  const cache = holder.helpdeskTokenCache;
  holder.helpdeskTokenCache = undefined;
  await cache?.close();
}
