import { desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { agents, auditLog } from "../../db/schema";
import { parseInput } from "../validation";

export const listAuditLogInput = z.object({
  page: z.coerce.number().int().min(1, "from 1").max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export interface AuditEntryView {
  id: number;
  action: string;
  target: string;
  details: unknown;
  actor: { id: number; login: string; name: string } | null;
  createdAt: string;
}

export interface AuditPage {
  entries: AuditEntryView[];
  page: number;
  pageSize: number;
  total: number;
  pages: number;
}

/** The audit log, newest first, a page at a time. */
export async function listAuditLog(db: Db, rawInput: z.input<typeof listAuditLogInput> = {}): Promise<AuditPage> {
  const { page, pageSize } = parseInput(listAuditLogInput, rawInput);
  const rows = await db
    .select({ id: auditLog.id, action: auditLog.action, target: auditLog.target, details: auditLog.details, createdAt: auditLog.createdAt, actorId: agents.id, actorLogin: agents.login, actorName: agents.name })
    .from(auditLog)
    .leftJoin(agents, eq(agents.id, auditLog.actorId))
    .orderBy(desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(auditLog);
  const total = count!.total;
  return {
    entries: rows.map((row) => ({
      id: row.id,
      action: row.action,
      target: row.target,
      details: row.details,
      actor: row.actorId === null ? null : { id: row.actorId, login: row.actorLogin!, name: row.actorName! },
      createdAt: row.createdAt.toISOString(),
    })),
    page,
    pageSize,
    total,
    pages: Math.max(1, Math.ceil(total / pageSize)),
  };
}
