import { describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { displayTimeZone } from "../../../server/preferences/display-time-zone";
import { getPreferences } from "../../../server/preferences/get-preferences";
import { setMyQueues } from "../../../server/preferences/set-my-queues";
import { setNotificationChoices } from "../../../server/preferences/set-notification-choices";
import { setTimeZone } from "../../../server/preferences/set-time-zone";
import { actorOf, createAgent, createGroup, createQueue, grant } from "../../support/factories";

describe("time zone", () => {
  it("takes an IANA zone in its canonical spelling; empty means the helpdesk's default", async () => {
    const db = getDb();
    const agent = await createAgent(db);
    expect(await displayTimeZone(db, agent.id)).toBe("UTC");
    expect(await setTimeZone(db, { agentId: agent.id, timezone: " europe/berlin " })).toEqual({ timezone: "Europe/Berlin" });
    expect(await displayTimeZone(db, agent.id)).toBe("Europe/Berlin");
    expect(await setTimeZone(db, { agentId: agent.id, timezone: "" })).toEqual({ timezone: null });
    expect(await displayTimeZone(db, agent.id)).toBe("UTC");
  });

  it.each(["Mars/Olympus_Mons", "+01:00", "Europe/Berlin; drop table agents", "x".repeat(65)])("refuses %s, naming the field", async (timezone) => {
    const db = getDb();
    const agent = await createAgent(db);
    await expect(setTimeZone(db, { agentId: agent.id, timezone })).rejects.toMatchObject({ field: "timezone" });
  });
});

describe("My Queues", () => {
  it("keeps only queues the agent may read; one they may not read is refused as if it did not exist", async () => {
    const db = getDb();
    const group = await createGroup(db);
    const secret = await createGroup(db);
    const queue = await createQueue(db, { group: group.name });
    const hidden = await createQueue(db, { group: secret.name });
    const agent = actorOf(await createAgent(db));
    await grant(db, agent, group, "ro");
    expect(await setMyQueues(db, agent, { queueIds: [queue.id, queue.id] })).toEqual({ queueIds: [queue.id] });
    await expect(setMyQueues(db, agent, { queueIds: [queue.id, hidden.id] })).rejects.toMatchObject({ field: "queueIds", message: `queueIds: no queue ${hidden.id} that you may read` });
    await expect(setMyQueues(db, agent, { queueIds: [999_999] })).rejects.toMatchObject({ field: "queueIds", message: "queueIds: no queue 999999 that you may read" });
    const preferences = await getPreferences(db, agent);
    expect(preferences.queues).toEqual([{ id: queue.id, name: queue.name, mine: true }]);
    await setMyQueues(db, agent, { queueIds: [] });
    expect((await getPreferences(db, agent)).queues).toEqual([{ id: queue.id, name: queue.name, mine: false }]);
  });
});

describe("notification choices", () => {
  it("show the defaults until chosen, then the choice", async () => {
    const db = getDb();
    const agent = actorOf(await createAgent(db));
    const before = await getPreferences(db, agent);
    expect(before.notifications.find((choice) => choice.event === "new_ticket")).toMatchObject({ inApp: true, email: true });
    expect(before.notifications.find((choice) => choice.event === "takeover")).toMatchObject({ inApp: true, email: false });
    await setNotificationChoices(db, { agentId: agent.id, choices: [{ event: "new_ticket", inApp: false, email: false }] });
    const after = await getPreferences(db, agent);
    expect(after.notifications.find((choice) => choice.event === "new_ticket")).toMatchObject({ inApp: false, email: false });
    expect(after.notifications.find((choice) => choice.event === "takeover")).toMatchObject({ inApp: true, email: false });
  });
});
