import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { listAuditLog } from "../../../server/audit/list-audit-log";
import { createGroup } from "../../../server/groups/create-group";
import { testAdmin } from "../../support/factories";

describe("listAuditLog", () => {
  it("pages the log newest first, naming the actor", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    for (const name of ["audit-a", "audit-b", "audit-c"]) await createGroup(db, admin, { name });
    const first = await listAuditLog(db, { page: 1, pageSize: 2 });
    expect(first.entries.map((entry) => entry.details)).toEqual([{ name: "audit-c" }, { name: "audit-b" }]);
    expect(first.entries[0]).toMatchObject({ action: "group.create", actor: { id: admin.id, login: admin.login, name: admin.name }, createdAt: expect.any(String) });
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 3, pages: 2 });
    const second = await listAuditLog(db, { page: 2, pageSize: 2 });
    expect(second.entries.map((entry) => entry.details)).toEqual([{ name: "audit-a" }]);
  });

  it("refuses a page below 1", async () => {
    await expect(listAuditLog(getDb(), { page: 0 })).rejects.toMatchObject({ field: "page" });
  });
});
