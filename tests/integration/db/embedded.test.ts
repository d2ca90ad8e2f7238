import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { findRunningEmbeddedDatabase, startEmbeddedDatabase, openEmbeddedDatabase, type EmbeddedDatabase } from "../../../db/embedded";

const dataDirs: string[] = [];
const running: EmbeddedDatabase[] = [];

async function freshDataDir() {
  const dir = await mkdtemp(path.join(tmpdir(), "helpdesk-embedded-"));
  dataDirs.push(dir);
  return dir;
}

async function start(dataDir: string, port?: number) {
  const database = await startEmbeddedDatabase(dataDir, { port });
  running.push(database);
  return database;
}

async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    const [row] = await sql<{ one: number }[]>`select 1 as one`;
    return row?.one === 1;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n")[0]);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((database) => database.stop()));
});

afterAll(async () => {
  await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("the embedded database", () => {
  it("initialises on first use, serves a `helpdesk` database with a password, and stops", async () => {
    const dataDir = await freshDataDir();
    const database = await start(dataDir);

    expect(database.started).toBe(true);
    expect(database.url).toMatch(/^postgres:\/\/helpdesk:[^@]+@127\.0\.0\.1:\d+\/helpdesk$/);
    expect(await answers(database.url)).toBe(true);
    const wrongPassword = database.url.replace(/:[^:@]+@/, ":wrong@");
    expect(await answers(wrongPassword)).toBe(false);

    const pid = await postmasterPid(dataDir);
    await database.stop();
    expect(isAlive(pid)).toBe(false);
    expect(await findRunningEmbeddedDatabase(dataDir)).toBeNull();
  });

  it("is found, not started twice, while a process runs it", async () => {
    const dataDir = await freshDataDir();
    const database = await start(dataDir);

    expect(await findRunningEmbeddedDatabase(dataDir)).toBe(database.url);
    const shared = await openEmbeddedDatabase(dataDir);
    expect(shared).toMatchObject({ url: database.url, started: false });
    await shared.stop();
    expect(await answers(database.url)).toBe(true);
  });

  it("keeps its data across restarts", async () => {
    const dataDir = await freshDataDir();
    const first = await start(dataDir);
    const sql = postgres(first.url, { max: 1 });
    await sql`create table kept (value text)`;
    await sql`insert into kept values ('still here')`;
    await sql.end();
    await first.stop();

    const second = await start(dataDir);
    const again = postgres(second.url, { max: 1 });
    expect(await again`select value from kept`).toEqual([{ value: "still here" }]);
    await again.end();
  });

  it("starts on a given port, and again on it after a stop, with the same URL", async () => {
    const dataDir = await freshDataDir();
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const first = await start(dataDir, port);
    expect(first.url).toContain(`@127.0.0.1:${port}/helpdesk`);
    expect(await answers(first.url)).toBe(true);
    await first.stop();
    expect(await answers(first.url)).toBe(false);

    const second = await start(dataDir, port);
    expect(second.url).toBe(first.url);
    expect(await answers(first.url)).toBe(true);
  });

  it("starts over a stale postmaster.pid whose pid now belongs to another process", async () => {
    const dataDir = await freshDataDir();
    await (await start(dataDir)).stop();
    running.length = 0;
    // After a crash and a reboot the old pid may be any live process: here, this test runner.
    await writeFile(path.join(dataDir, "postgres", "postmaster.pid"), `${process.pid}\n${path.join(dataDir, "postgres")}\n`);

    const database = await start(dataDir);
    expect(await answers(database.url)).toBe(true);
  });

  it("recovers when the process that ran it was killed, leaving its PostgreSQL orphaned", async () => {
    const dataDir = await freshDataDir();
    const holder = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/integration/db/fixtures/hold-embedded-database.ts"), dataDir], { stdio: ["ignore", "pipe", "inherit"] });
    const orphanUrl = await new Promise<string>((resolve, reject) => {
      holder.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      holder.once("exit", (code) => reject(new Error(`holder exited early (${code})`)));
    });
    const orphanPid = await postmasterPid(dataDir);
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    expect(isAlive(orphanPid)).toBe(true);
    expect(await findRunningEmbeddedDatabase(dataDir)).toBeNull();

    const database = await start(dataDir);

    expect(isAlive(orphanPid)).toBe(false);
    expect(database.url).not.toBe(orphanUrl);
    expect(await answers(database.url)).toBe(true);
  });

  it("refuses to take over a database that a live process still runs", async () => {
    const dataDir = await freshDataDir();
    const holder = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/integration/db/fixtures/hold-embedded-database.ts"), dataDir], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const url = await new Promise<string>((resolve) => holder.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())));
      await expect(startEmbeddedDatabase(dataDir)).rejects.toThrow(`in use by process ${holder.pid}`);
      expect(await answers(url)).toBe(true);
    } finally {
      holder.kill("SIGTERM");
      await new Promise((resolve) => holder.once("exit", resolve));
      // SIGTERM to the holder leaves its PostgreSQL orphaned: the next start cleans it up.
      await start(dataDir);
    }
  });
});
