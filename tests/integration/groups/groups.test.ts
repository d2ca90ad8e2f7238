import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { loadPermissionsOnQueue } from "../../../server/auth/queue-permissions";
import { AlreadyExistsError, ForbiddenError, InvalidInputError, NotFoundError } from "../../../server/errors";
import { createGroup } from "../../../server/groups/create-group";
import { getGroup } from "../../../server/groups/get-group";
import { listGroups } from "../../../server/groups/list-groups";
import { updateGroup } from "../../../server/groups/update-group";
import { auditRows } from "../../support/audit";
import { actorOf, createAgent, createGroup as makeGroup, createQueue, grant, testAdmin } from "../../support/factories";
import { listen } from "../../support/listen";

describe("createGroup", () => {
  it("creates a group, audited", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const group = await createGroup(db, admin, { name: "  Second level  " });
    expect(group.name).toBe("Second level");
    expect(await auditRows(db, `group:${group.id}`)).toEqual([{ actorId: admin.id, action: "group.create", details: { name: "Second level" } }]);
  });

  it("refuses an empty or taken name, naming the field, and non-administrators", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    await makeGroup(db, "Billing");
    await expect(createGroup(db, admin, { name: " " })).rejects.toMatchObject({ field: "name" });
    await expect(createGroup(db, admin, { name: "billing" })).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(createGroup(db, actorOf(await createAgent(db)), { name: "Shadow" })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listGroups(db)).map((group) => group.name)).not.toContain("Shadow");
  });
});

describe("updateGroup", () => {
  it("renames a group, audited; a name taken by another group is refused", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const group = await makeGroup(db);
    const other = await makeGroup(db);
    expect(await updateGroup(db, admin, { id: group.id, name: "Renamed" })).toEqual({ id: group.id, name: "Renamed", valid: true });
    await expect(updateGroup(db, admin, { id: group.id, name: other.name.toUpperCase() })).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(await auditRows(db, `group:${group.id}`)).toEqual([{ actorId: admin.id, action: "group.update", details: { name: "Renamed" } }]);
  });

  it("invalidating takes the group's permissions from its members at once and tells their sidecars; re-validating gives them back", async () => {
    const db = getDb();
    const admin = await testAdmin(db);
    const group = await makeGroup(db);
    const queue = await createQueue(db, { group: group.name });
    const member = await createAgent(db);
    await grant(db, member, group, "rw");
    const notifications = await listen("helpdesk_agents");
    try {
      await updateGroup(db, admin, { id: group.id, valid: false });
      expect(await notifications.next()).toBe(String(member.id));
    } finally {
      await notifications.close();
    }
    expect((await loadPermissionsOnQueue(db, actorOf(member), queue.id)).size).toBe(0);
    await updateGroup(db, admin, { id: group.id, valid: true });
    expect((await loadPermissionsOnQueue(db, actorOf(member), queue.id)).has("rw")).toBe(true);
  });

  it("refuses non-administrators, unknown groups and bad input", async () => {
    const db = getDb();
    const group = await makeGroup(db);
    await expect(updateGroup(db, actorOf(await createAgent(db)), { id: group.id, valid: false })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateGroup(db, await testAdmin(db), { id: 999_999, name: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateGroup(db, await testAdmin(db), { id: group.id, name: "x".repeat(101) })).rejects.toBeInstanceOf(InvalidInputError);
    expect((await getGroup(db, group.id)).valid).toBe(true);
  });
});

describe("getGroup and listGroups", () => {
  it("show members with their permission types and the group's queues", async () => {
    const db = getDb();
    const group = await makeGroup(db);
    const queue = await createQueue(db, { group: group.name });
    const member = await createAgent(db);
    await grant(db, member, group, "rw", "ro");
    const detail = await getGroup(db, group.id);
    expect(detail.queues).toEqual([{ id: queue.id, name: queue.name }]);
    expect(detail.members).toEqual([{ agent: { id: member.id, login: member.login, name: member.name, valid: true }, permissions: ["ro", "rw"] }]);
    expect((await listGroups(db)).find((each) => each.id === group.id)).toMatchObject({ memberCount: 1, queues: [{ id: queue.id, name: queue.name }] });
  });
});
