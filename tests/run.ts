/**
 * `npm test`: typecheck, lint, vitest (unit + integration) and Playwright, in that order,
 * each run even when an earlier one failed. Prints a summary whose last line is
 * `N passed, N failed` (also in .test-results/summary.txt); exits 1 when anything failed.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const results = path.join(root, ".test-results");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  note: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  console.log(`\n=== ${path.basename(command)} ${args.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", (error) => {
      console.error(`cannot run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** A JSON report as a record of numbers, or null when it is missing or unreadable. */
function readCounts(file: string): Record<string, number> | null {
  if (!existsSync(file)) return null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) return null;
    const source = "stats" in parsed && typeof parsed.stats === "object" && parsed.stats !== null ? parsed.stats : parsed;
    return Object.fromEntries(Object.entries(source).filter((entry): entry is [string, number] => typeof entry[1] === "number"));
  } catch {
    return null;
  }
}

/** Counts from a report; a crash without a report, or a failing exit with no failed test, is one failure. */
function fromReport(name: string, code: number, counts: Record<string, number> | null, passedKeys: string[], failedKeys: string[]): SuiteResult {
  if (!counts) return { name, passed: 0, failed: 1, note: `no JSON report (exit ${code}): counted as 1 failed` };
  const sum = (keys: string[]) => keys.reduce((total, key) => total + (counts[key] ?? 0), 0);
  const passed = sum(passedKeys);
  let failed = sum(failedKeys);
  let note = `exit ${code}`;
  if (code !== 0 && failed === 0) {
    failed = 1;
    note += ", failed outside any test: counted as 1 failed";
  }
  return { name, passed, failed, note };
}

const check = (name: string, code: number): SuiteResult => ({ name, passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, note: `exit ${code}` });

function findBrowser(): string | null {
  const candidate = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  await mkdir(results, { recursive: true });
  const vitestJson = path.join(results, "vitest.json");
  const playwrightJson = path.join(results, "playwright.json");
  const summaryFile = path.join(results, "summary.txt");
  await Promise.all([vitestJson, playwrightJson, summaryFile].map((file) => rm(file, { force: true })));
  const suites: SuiteResult[] = [];

  suites.push(check("typecheck (tsc --noEmit)", await run(bin("tsc"), ["--noEmit"])));
  suites.push(check("lint (eslint --max-warnings=0 .)", await run(bin("eslint"), ["--max-warnings=0", "."])));

  const vitestCode = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
  suites.push(fromReport("vitest (unit + integration)", vitestCode, readCounts(vitestJson), ["numPassedTests"], ["numFailedTests", "numPendingTests", "numTodoTests"]));

  const browser = findBrowser();
  if (!browser) {
    const wanted = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
    console.error(`\nNo browser for the Playwright suite: ${wanted} is missing or not executable.`);
    console.error("Install Debian's chromium (`sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chromium binary.");
    suites.push({ name: "playwright (e2e)", passed: 0, failed: 1, note: `no browser at ${wanted}: counted as 1 failed` });
  } else {
    const env = { ...process.env, CHROMIUM_PATH: browser, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson };
    const code = await run(bin("playwright"), ["test", "--reporter=list,json"], env);
    suites.push(fromReport("playwright (e2e)", code, readCounts(playwrightJson), ["expected", "flaky"], ["unexpected", "skipped"]));
  }

  const passed = suites.reduce((total, suite) => total + suite.passed, 0);
  const failed = suites.reduce((total, suite) => total + suite.failed, 0);
  const totals = `${passed} passed, ${failed} failed`;
  console.log("\n=== summary");
  for (const suite of suites) console.log(`${suite.failed === 0 ? "ok  " : "FAIL"} ${suite.name}: ${suite.passed} passed, ${suite.failed} failed (${suite.note})`);
  await writeFile(summaryFile, `${totals}\n`);
  console.log(totals);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
