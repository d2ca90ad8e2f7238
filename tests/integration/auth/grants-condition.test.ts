import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { prebuildQuery, runPrebuiltQuery } from "../../../db/prebuilt-query";
import { grantsAllowCondition, minimalAllowingGrants, type GrantedAction } from "../../../server/auth/grants-condition";
import { decideTicketAction, effectivePermissions, PERMISSIONS, type Permission } from "../../../server/auth/permissions";

const ME = 1;
const ACTIONS: Record<string, GrantedAction> = {
  "lock an unlocked ticket": { action: "lock", actorId: ME, ticket: { lock: "unlocked", ownerId: null } },
  "release one's own lock": { action: "unlock", actorId: ME, ticket: { lock: "locked", ownerId: ME } },
  "reply to a ticket locked by another": { action: "reply", actorId: ME, ticket: { lock: "locked", ownerId: 2 } },
  "note on a ticket locked by another": { action: "note", actorId: ME, ticket: { lock: "locked", ownerId: 2 } },
  "force another's lock open": { action: "unlock", actorId: ME, ticket: { lock: "locked", ownerId: 2 }, force: true },
};
const GRANT_SETS: Permission[][] = Array.from({ length: 2 ** PERMISSIONS.length }, (_, bits) => PERMISSIONS.filter((_, index) => bits & (2 ** index)));

describe("minimalAllowingGrants", () => {
  it("finds the smallest grants the table needs", () => {
    expect(minimalAllowingGrants(ACTIONS["lock an unlocked ticket"]!)).toEqual([["rw"]]);
    expect(minimalAllowingGrants(ACTIONS["release one's own lock"]!)).toEqual([["ro"], ["rw"]]);
    expect(minimalAllowingGrants(ACTIONS["reply to a ticket locked by another"]!)).toEqual([]);
    expect(minimalAllowingGrants(ACTIONS["force another's lock open"]!)).toEqual([["ro", "owner"], ["rw"]]);
  });
});

describe("grantsAllowCondition", () => {
  for (const [name, action] of Object.entries(ACTIONS)) {
    it(`agrees in PostgreSQL with decideTicketAction for every set of grants, admin or not: ${name}`, async () => {
      const condition = grantsAllowCondition(action, sql`${sql.placeholder("granted")}::text[]`, sql.placeholder("isAdmin"));
      const query = prebuildQuery(sql`select ${condition} as allowed`);
      const cases = GRANT_SETS.flatMap((granted) => [false, true].map((isAdmin) => ({ granted, isAdmin })));
      const answers = await Promise.all(cases.map(({ granted, isAdmin }) => runPrebuiltQuery<{ allowed: boolean }>(getDb(), query, { granted, isAdmin })));
      const disagreements = cases.filter(({ granted, isAdmin }, index) => {
        const expected = decideTicketAction({ ...action, permissions: effectivePermissions(granted, isAdmin) }).allowed;
        return answers[index]![0]!.allowed !== expected;
      });
      expect(disagreements).toEqual([]);
    });
  }
});
