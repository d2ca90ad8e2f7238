/**
 * The permission model: which of the seven OTRS permission types an agent holds on a queue,
 * and what the "Permissions and locks" table of CONTRACT.md lets them do with a ticket there.
 * Pure functions; loading the grants from the database is `queue-permissions.ts`.
 */

export const PERMISSIONS = ["ro", "move_into", "create", "note", "owner", "priority", "rw"] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type PermissionSet = ReadonlySet<Permission>;

export const NO_PERMISSIONS: PermissionSet = new Set();
const ALL_PERMISSIONS: PermissionSet = new Set(PERMISSIONS);

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** What the grants amount to: `rw` implies all seven, and admins have all on every queue. */
export function effectivePermissions(granted: Iterable<Permission>, isAdmin = false): PermissionSet {
  if (isAdmin) return ALL_PERMISSIONS;
  const set = new Set(granted);
  return set.has("rw") ? ALL_PERMISSIONS : set;
}

/** "May read" a ticket: `ro` (or `rw`, which implies it) on its queue's group. */
export function mayRead(permissions: PermissionSet): boolean {
  return permissions.has("ro");
}

export type TicketAction =
  | "read"
  | "history"
  | "attachments"
  | "lock"
  | "reply"
  | "state"
  | "pending_time"
  | "priority"
  | "title"
  | "merge"
  | "split"
  | "note"
  | "move"
  | "owner"
  | "unlock";

export type Refusal = "not_found" | "forbidden" | "locked";
/** A refusal says why; `hint` says what would make it allowed, when something would. */
export type Decision = { allowed: true } | { allowed: false; reason: Refusal; message: string; hint?: string };

export interface TicketLockView {
  lock: "locked" | "unlocked";
  ownerId: number | null;
}

export interface TicketActionRequest {
  action: TicketAction;
  actorId: number;
  /** The actor's permissions on the ticket's queue. */
  permissions: PermissionSet;
  ticket: TicketLockView;
  /** For `move`: the actor's permissions on the target queue. */
  targetPermissions?: PermissionSet;
  /** For `unlock`: release someone else's lock (needs `owner`). */
  force?: boolean;
}

const ALLOWED: Decision = { allowed: true };
const refuse = (reason: Refusal, message: string, hint?: string): Decision => ({ allowed: false, reason, message, ...(hint ? { hint } : {}) });
const NOT_OWNER = "the ticket is locked by another agent";

/** The permission each action needs on the ticket's queue, before the lock is considered. */
const REQUIRED: Record<Exclude<TicketAction, "unlock">, Permission> = {
  read: "ro",
  history: "ro",
  attachments: "ro",
  lock: "rw",
  reply: "rw",
  state: "rw",
  pending_time: "rw",
  priority: "priority",
  title: "rw",
  merge: "rw",
  split: "rw",
  note: "note",
  move: "rw",
  owner: "owner",
};

/** Actions that someone else's lock does not block. */
const OPEN_WHILE_LOCKED: ReadonlySet<TicketAction> = new Set(["read", "history", "attachments", "note", "owner"]);

/**
 * Decides one action on one ticket, refusing in CONTRACT.md's order: `not_found` when the
 * actor may not read the ticket, then `forbidden` for a missing permission, then `locked`.
 */
export function decideTicketAction(request: TicketActionRequest): Decision {
  const { action, actorId, permissions, ticket } = request;
  if (!mayRead(permissions)) return refuse("not_found", "ticket not found");
  const lockedByOther = ticket.lock === "locked" && ticket.ownerId !== actorId;

  if (action === "unlock") {
    if (ticket.lock === "unlocked") return permissions.has("rw") ? ALLOWED : refuse("forbidden", "unlocking needs the rw permission");
    if (!lockedByOther) return ALLOWED;
    if (permissions.has("owner") && request.force) return ALLOWED;
    return refuse("locked", NOT_OWNER, permissions.has("owner") ? "pass force to release it" : undefined);
  }

  if (action === "move") {
    const target = request.targetPermissions ?? NO_PERMISSIONS;
    if (!target.has("move_into")) {
      return mayRead(target) ? refuse("forbidden", "moving into that queue needs the move_into permission") : refuse("not_found", "queue not found");
    }
  }

  const needed = REQUIRED[action];
  if (!permissions.has(needed)) return refuse("forbidden", `this action needs the ${needed} permission on the ticket's queue`);
  if (!lockedByOther || OPEN_WHILE_LOCKED.has(action)) return ALLOWED;
  if (action === "move" && permissions.has("owner")) return ALLOWED;
  return refuse("locked", NOT_OWNER);
}

/** Creating a ticket in a queue needs `create`; a queue the actor knows nothing of is not found. */
export function decideCreate(permissions: PermissionSet): Decision {
  if (permissions.has("create")) return ALLOWED;
  return mayRead(permissions) ? refuse("forbidden", "creating tickets in this queue needs the create permission") : refuse("not_found", "queue not found");
}
