import { describe, expect, it } from "vitest";
import {
  decideCreate,
  decideTicketAction,
  effectivePermissions,
  isPermission,
  mayRead,
  NO_PERMISSIONS,
  PERMISSIONS,
  type Decision,
  type Permission,
  type TicketAction,
  type TicketLockView,
} from "../../../server/auth/permissions";

const ME = 1;
const OTHER = 2;
const unlocked: TicketLockView = { lock: "unlocked", ownerId: null };
const lockedByMe: TicketLockView = { lock: "locked", ownerId: ME };
const lockedByOther: TicketLockView = { lock: "locked", ownerId: OTHER };
/** Unlocked, but owned by someone from an earlier lock: an owner without a lock blocks nothing. */
const ownedByOtherUnlocked: TicketLockView = { lock: "unlocked", ownerId: OTHER };

const perms = (...granted: Permission[]) => effectivePermissions(granted);
const outcome = (decision: Decision) => (decision.allowed ? "allowed" : decision.reason);

describe("effectivePermissions", () => {
  it("rw implies all seven permission types", () => {
    expect([...perms("rw")].sort()).toEqual([...PERMISSIONS].sort());
  });

  it("admins hold every permission whatever they were granted", () => {
    expect([...effectivePermissions([], true)].sort()).toEqual([...PERMISSIONS].sort());
  });

  it("other permissions imply nothing beyond themselves", () => {
    for (const permission of PERMISSIONS.filter((p) => p !== "rw")) {
      expect([...perms(permission)]).toEqual([permission]);
    }
  });

  it("may read with ro or rw only", () => {
    expect(mayRead(perms("ro"))).toBe(true);
    expect(mayRead(perms("rw"))).toBe(true);
    for (const permission of ["move_into", "create", "note", "owner", "priority"] as const) expect(mayRead(perms(permission))).toBe(false);
    expect(mayRead(NO_PERMISSIONS)).toBe(false);
  });

  it("recognises exactly the seven names", () => {
    expect(PERMISSIONS.every(isPermission)).toBe(true);
    expect(isPermission("admin")).toBe(false);
    expect(isPermission("RW")).toBe(false);
  });
});

/**
 * CONTRACT.md "Permissions and locks", row by row: for each action, what the actor holds on the
 * ticket's queue, the lock situation, and the answer.
 */
interface Row {
  action: TicketAction;
  permissions: Permission[];
  ticket: TicketLockView;
  expected: "allowed" | "not_found" | "forbidden" | "locked";
  force?: boolean;
  target?: Permission[];
}

const rows: Row[] = [];
const row = (action: TicketAction, permissions: Permission[], ticket: TicketLockView, expected: Row["expected"], extra: Partial<Row> = {}) =>
  rows.push({ action, permissions, ticket, expected, ...extra });

// Read, history, attachments: ro; allowed while another agent holds the lock; otherwise invisible.
for (const action of ["read", "history", "attachments"] as const) {
  row(action, ["ro"], unlocked, "allowed");
  row(action, ["ro"], lockedByOther, "allowed");
  row(action, ["rw"], lockedByOther, "allowed");
  row(action, [], unlocked, "not_found");
  row(action, ["note", "owner", "priority", "move_into", "create"], unlocked, "not_found");
}

// Lock: rw; 409 while another agent holds it; locking one's own lock again is fine.
row("lock", ["rw"], unlocked, "allowed");
row("lock", ["rw"], lockedByMe, "allowed");
row("lock", ["rw"], ownedByOtherUnlocked, "allowed");
row("lock", ["rw"], lockedByOther, "locked");
row("lock", ["ro", "note", "owner", "priority"], unlocked, "forbidden");
row("lock", ["ro"], lockedByOther, "forbidden");
row("lock", [], unlocked, "not_found");

// Reply; state, pending time, title; merge; split: rw, 409 under another's lock.
for (const action of ["reply", "state", "pending_time", "title", "merge", "split"] as const) {
  row(action, ["rw"], unlocked, "allowed");
  row(action, ["rw"], lockedByMe, "allowed");
  row(action, ["rw"], ownedByOtherUnlocked, "allowed");
  row(action, ["rw"], lockedByOther, "locked");
  row(action, ["ro", "move_into", "create", "note", "owner", "priority"], unlocked, "forbidden");
  row(action, ["ro", "owner"], lockedByOther, "forbidden");
  row(action, ["note"], unlocked, "not_found");
}

// Priority: `priority` suffices, rw implies it; 409 under another's lock.
row("priority", ["ro", "priority"], unlocked, "allowed");
row("priority", ["ro", "priority"], lockedByMe, "allowed");
row("priority", ["rw"], unlocked, "allowed");
row("priority", ["ro", "priority"], lockedByOther, "locked");
row("priority", ["rw"], lockedByOther, "locked");
row("priority", ["ro", "note", "owner"], unlocked, "forbidden");
row("priority", ["priority"], unlocked, "not_found");

// Note: `note`; another agent's lock does not block it (as in OTRS).
row("note", ["ro", "note"], unlocked, "allowed");
row("note", ["ro", "note"], lockedByOther, "allowed");
row("note", ["rw"], lockedByOther, "allowed");
row("note", ["ro"], unlocked, "forbidden");
row("note", ["ro", "owner", "priority"], lockedByOther, "forbidden");
row("note", ["note"], unlocked, "not_found");

// Move: move_into on the target, rw on the source; under another's lock only with `owner`.
row("move", ["rw"], unlocked, "allowed", { target: ["move_into"] });
row("move", ["rw"], unlocked, "allowed", { target: ["rw"] });
row("move", ["rw"], lockedByMe, "allowed", { target: ["move_into"] });
row("move", ["rw"], lockedByOther, "allowed", { target: ["move_into"] }); // rw implies owner
row("move", ["ro", "move_into", "note", "priority"], lockedByOther, "forbidden", { target: ["move_into"] });
row("move", ["ro", "owner"], unlocked, "forbidden", { target: ["move_into"] });
row("move", ["rw"], unlocked, "forbidden", { target: ["ro"] });
row("move", ["rw"], unlocked, "not_found", { target: [] });
row("move", ["rw"], unlocked, "not_found", { target: ["note", "create"] });
row("move", ["ro"], unlocked, "not_found", { target: [] });
row("move", [], unlocked, "not_found", { target: ["rw"] });

// Owner change: `owner`; allowed under another's lock (a takeover).
row("owner", ["ro", "owner"], unlocked, "allowed");
row("owner", ["ro", "owner"], lockedByOther, "allowed");
row("owner", ["rw"], lockedByOther, "allowed");
row("owner", ["ro", "note", "priority", "move_into"], unlocked, "forbidden");
row("owner", ["ro"], lockedByOther, "forbidden");
row("owner", ["owner"], unlocked, "not_found");

// Unlock: the owner; someone else's lock only with `owner` and force, else 409.
row("unlock", ["ro"], lockedByMe, "allowed");
row("unlock", ["rw"], lockedByMe, "allowed");
row("unlock", ["rw"], lockedByOther, "allowed", { force: true });
row("unlock", ["ro", "owner"], lockedByOther, "allowed", { force: true });
row("unlock", ["ro", "owner"], lockedByOther, "locked");
row("unlock", ["rw"], lockedByOther, "locked");
row("unlock", ["ro", "note", "priority"], lockedByOther, "locked", { force: true });
row("unlock", ["ro"], lockedByOther, "locked");
row("unlock", ["rw"], unlocked, "allowed");
row("unlock", ["ro"], unlocked, "forbidden");
row("unlock", [], lockedByOther, "not_found", { force: true });

describe("decideTicketAction: the Permissions and locks table", () => {
  it.each(rows.map((r) => [`${r.action} with [${r.permissions.join(",")}] on ${r.ticket.lock}/${r.ticket.ownerId ?? "-"}${r.force ? " forced" : ""}${r.target ? ` into [${r.target.join(",")}]` : ""} → ${r.expected}`, r] as const))(
    "%s",
    (_name, r) => {
      const decision = decideTicketAction({
        action: r.action,
        actorId: ME,
        permissions: perms(...r.permissions),
        ticket: r.ticket,
        force: r.force,
        targetPermissions: r.target ? perms(...r.target) : undefined,
      });
      expect(outcome(decision)).toBe(r.expected);
    },
  );

  it("admins may do everything, but are still held off by another agent's lock", () => {
    const admin = effectivePermissions([], true);
    for (const action of ["read", "note", "owner", "move"] as const) {
      expect(outcome(decideTicketAction({ action, actorId: ME, permissions: admin, targetPermissions: admin, ticket: lockedByOther }))).toBe("allowed");
    }
    for (const action of ["lock", "reply", "state", "priority", "title", "merge", "split"] as const) {
      expect(outcome(decideTicketAction({ action, actorId: ME, permissions: admin, ticket: lockedByOther }))).toBe("locked");
    }
    expect(outcome(decideTicketAction({ action: "unlock", actorId: ME, permissions: admin, ticket: lockedByOther }))).toBe("locked");
    expect(outcome(decideTicketAction({ action: "unlock", actorId: ME, permissions: admin, ticket: lockedByOther, force: true }))).toBe("allowed");
  });

  it("says why it refuses", () => {
    const decision = decideTicketAction({ action: "reply", actorId: ME, permissions: perms("ro"), ticket: unlocked });
    expect(decision).toMatchObject({ allowed: false, reason: "forbidden", message: expect.stringContaining("rw") });
    const locked = decideTicketAction({ action: "unlock", actorId: ME, permissions: perms("ro", "owner"), ticket: lockedByOther });
    expect(locked).toMatchObject({ allowed: false, reason: "locked", hint: expect.stringContaining("force") });
  });
});

describe("decideCreate", () => {
  it("needs create on the queue", () => {
    expect(outcome(decideCreate(perms("create")))).toBe("allowed");
    expect(outcome(decideCreate(perms("rw")))).toBe("allowed");
    expect(outcome(decideCreate(effectivePermissions([], true)))).toBe("allowed");
  });

  it("is forbidden on a readable queue without create, and not found on an unreadable one", () => {
    expect(outcome(decideCreate(perms("ro", "note", "owner")))).toBe("forbidden");
    expect(outcome(decideCreate(perms("note")))).toBe("not_found");
    expect(outcome(decideCreate(NO_PERMISSIONS))).toBe("not_found");
  });
});
