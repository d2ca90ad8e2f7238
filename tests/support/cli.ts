import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { runCli } from "../../server/cli/main";
import type { Environment } from "../../server/config";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process against the test file's database. */
export async function helpdesk(...argv: string[]): Promise<CliResult> {
  return helpdeskWithInput("", ...argv);
}

/** The same, with `input` on standard input. */
export async function helpdeskWithInput(input: Buffer | string, ...argv: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`) }, process.env, Readable.from(input.length > 0 ? [input] : []));
  return { code, stdout, stderr };
}

/** Runs `bin/helpdesk` as a real process, as `npx helpdesk` does. */
export function helpdeskProcess(argv: string[], env: Environment = {}): Promise<CliResult> {
  return helpdeskProcessWithInput(undefined, argv, env);
}

/** `bin/helpdesk` as a real process, with `input` piped to it as an MTA would. */
export function helpdeskProcessWithInput(input: Buffer | undefined, argv: string[], env: Environment = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/helpdesk", ...argv], { env: { ...process.env, ...env }, stdio: "pipe" });
    child.stdin.end(input);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}
