import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ListenConnection } from "../../../db/listen-connection";
import { until } from "../../support/until";

const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
const connections: ListenConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((connection) => connection.close()));
});
afterAll(() => admin.end({ timeout: 5 }));

/** A connection on two channels of its own, and everything its handlers were told, in order. */
async function listening() {
  const name = `test-listen-${randomBytes(4).toString("hex")}`;
  const channels = [`${name}_a`, `${name}_b`];
  const told: string[] = [];
  const connection = new ListenConnection(
    process.env.DATABASE_URL!,
    channels,
    { notify: (channel, payload) => told.push(`${channel === channels[0] ? "a" : "b"}:${payload}`), listening: () => told.push("listening"), lost: () => told.push("lost") },
    name,
  );
  connections.push(connection);
  await connection.start();
  return { connection, channels, told, name };
}

describe("ListenConnection", () => {
  it("hands on the notifications of each of its channels", async () => {
    const { connection, channels, told } = await listening();
    expect(connection.listening).toBe(true);

    await admin`select pg_notify(${channels[0]!}, 'one'), pg_notify(${channels[1]!}, 'two')`;

    await until(() => told.length === 3, "both arrive");
    expect(told).toEqual(["listening", "a:one", "b:two"]);
  });

  it("reports a lost connection, listens again on its own and says so", async () => {
    const { connection, channels, told, name } = await listening();

    await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name}`;

    await until(() => told.includes("lost"), "the loss is reported");
    await until(() => told.filter((entry) => entry === "listening").length === 2, "it listens again");
    expect(connection.listening).toBe(true);
    await admin`select pg_notify(${channels[1]!}, 'after')`;
    await until(() => told.includes("b:after"), "a notification after the loss arrives");
    expect(told).toEqual(["listening", "lost", "listening", "b:after"]);
  });

  it("is not listening while its connection is down", async () => {
    const { connection, name } = await listening();
    const seen: boolean[] = [];
    const sampler = setInterval(() => seen.push(connection.listening), 1);

    await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${name}`;
    await until(() => seen.includes(false) && seen.at(-1) === true, "it is down, then up again");
    clearInterval(sampler);
  });

  it("rejects a first LISTEN that fails, and stops trying once closed", async () => {
    const told: string[] = [];
    const connection = new ListenConnection("postgres://postgres@127.0.0.1:1/none", ["x"], { notify: () => {}, listening: () => told.push("listening") }, "test-listen-down");
    await expect(connection.start()).rejects.toThrow();
    await connection.close();
    expect(connection.listening).toBe(false);
    expect(told).toEqual([]);
  });
});
