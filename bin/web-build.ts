import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

/** Everything the web build is made from: a change to any of it means a new build. */
const SOURCES = ["app", "components", "server", "db", "proxy.ts", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const FINGERPRINT_FILE = path.join(".next", "helpdesk-sources.sha256");

async function* files(entry: string): AsyncGenerator<string> {
  if (!existsSync(entry)) return;
  const entries = await readdir(entry, { withFileTypes: true }).catch(() => null);
  if (!entries) {
    yield entry;
    return;
  }
  for (const child of entries.sort((a, b) => a.name.localeCompare(b.name))) yield* files(path.join(entry, child.name));
}

async function sourceFingerprint(root: string): Promise<string> {
  const hash = createHash("sha256");
  for (const source of SOURCES) {
    for await (const file of files(path.join(root, source))) {
      hash.update(path.relative(root, file)).update("\0").update(await readFile(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

export const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** Runs `next build` unless the last build was made from exactly the current sources. */
export async function buildWebIfNeeded(root: string, log: (line: string) => void): Promise<void> {
  const fingerprint = await sourceFingerprint(root);
  const built = existsSync(path.join(root, ".next", "BUILD_ID")) && (await readFile(path.join(root, FINGERPRINT_FILE), "utf8").catch(() => "")) === fingerprint;
  if (built) return;
  log("building the web app (first start, or the sources changed)…");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
  await writeFile(path.join(root, FINGERPRINT_FILE), fingerprint);
}
