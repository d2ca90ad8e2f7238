import { sql, type Placeholder, type SQL } from "drizzle-orm";
import { decideTicketAction, effectivePermissions, PERMISSIONS, type Permission, type TicketActionRequest } from "./permissions";

/** An action on a ticket in one fixed lock state, as a one-statement change requires it in its WHERE. */
export type GrantedAction = Omit<TicketActionRequest, "permissions" | "targetPermissions">;

function allowedWith(action: GrantedAction, granted: Permission[], isAdmin: boolean): boolean {
  return decideTicketAction({ ...action, permissions: effectivePermissions(granted, isAdmin) }).allowed;
}

/** Every set of grants, as subsets of the seven permission types. */
function allGrantSets(): Permission[][] {
  return Array.from({ length: 2 ** PERMISSIONS.length }, (_, bits) => PERMISSIONS.filter((_, index) => bits & (2 ** index)));
}

/**
 * The smallest sets of grants with which `decideTicketAction` allows the action. Throws when an
 * allowed set has a superset that is refused: containment alone could not express such a rule.
 */
export function minimalAllowingGrants(action: GrantedAction): Permission[][] {
  const allowed = allGrantSets().filter((granted) => allowedWith(action, granted, false));
  const key = (granted: Permission[]) => [...granted].sort().join(",");
  const allowedKeys = new Set(allowed.map(key));
  for (const granted of allowed) {
    for (const extra of PERMISSIONS) {
      if (!allowedKeys.has(key([...new Set([...granted, extra])]))) throw new Error(`${action.action}: allowed with [${granted}] but not with ${extra} added`);
    }
  }
  return allowed.filter((granted) => !allowed.some((smaller) => smaller.length < granted.length && smaller.every((permission) => granted.includes(permission))));
}

/**
 * A SQL condition, true exactly when the "Permissions and locks" table allows the action to an
 * agent with `granted` (a text[] of what they were granted on the ticket's queue, as
 * `grantedOnTicketQueueTo` reads it) — derived from `decideTicketAction` itself, so that a
 * change written as one statement cannot drift from the rules the other paths apply. The
 * action's lock state is the caller's to require in the same WHERE.
 */
export function grantsAllowCondition(action: GrantedAction, granted: SQL, isAdmin: Placeholder): SQL {
  const sets = minimalAllowingGrants(action);
  const byGrants = sets.length === 0 ? sql`false` : sql.join(sets.map((set) => sql`${granted} @> array[${sql.join(set.map((permission) => sql`${permission}`), sql`, `)}]::text[]`), sql` or `);
  return allowedWith(action, [], true) ? sql`(${isAdmin}::boolean or ${byGrants})` : sql`(not ${isAdmin}::boolean and (${byGrants}))`;
}
