import { parseArgs } from "node:util";
import { connect, type Database } from "../../db/client";
import { isConnectionError, postgresErrorOf, rootCause } from "../../db/errors";
import { migrateDatabase } from "../../db/migrate";
import { EmbeddedDatabaseError } from "../../db/embedded";
import { resolveDatabase, type ResolvedDatabase } from "../../db/resolve-database";
import { seedDatabase } from "../../db/seed";
import { readConfig, type Config, type Environment } from "../config";
import { AlreadyExistsError, DomainError, InvalidInputError } from "../errors";
import { COMMANDS, type Output } from "./commands";

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** sysexits' EX_TEMPFAIL: an MTA piping mail in keeps the message and retries. */
export const EXIT_TEMPORARY = 75;

class UsageError extends Error {}

const MIGRATE_USAGE = "db:migrate";

function usage(): string {
  const lines = Object.values(COMMANDS).map((command) => `  ${command.usage}\n      ${command.summary}`);
  return ["usage: npx helpdesk <command> [options]", "", "commands:", ...lines, `  ${MIGRATE_USAGE}\n      applies pending migrations and exits`].join("\n");
}

function parseCommandLine(argv: string[]) {
  const [name, ...rest] = argv;
  if (name === MIGRATE_USAGE) {
    if (rest.length > 0) throw new UsageError(`db:migrate takes no arguments (got ${rest.join(" ")})`);
    return { name, command: null, options: {} };
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!name) throw new UsageError("no command given");
  if (!command) throw new UsageError(`unknown command ${name}`);
  let values;
  try {
    ({ values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(`${name}: ${(error as Error).message.split("\n")[0]}`);
  }
  const missing = command.required.filter((option) => values[option] === undefined || values[option] === "");
  if (missing.length > 0) throw new UsageError(`${name}: missing ${missing.map((option) => `--${option}`).join(", ")} (usage: ${command.usage})`);
  return { name, command, options: values as Record<string, string | boolean | undefined> };
}

/** A one-line reason and the exit code CONTRACT.md gives it. */
function describeFailure(error: unknown, url: string | null): { message: string; code: number } {
  if (error instanceof UsageError) return { message: error.message, code: EXIT_USAGE };
  if (error instanceof AlreadyExistsError) return { message: error.message, code: EXIT_FAILURE };
  if (error instanceof InvalidInputError) return { message: error.message, code: EXIT_USAGE };
  if (error instanceof DomainError) return { message: error.message, code: EXIT_FAILURE };
  if (isConnectionError(error)) {
    const where = url ? ` at ${new URL(url).host}` : "";
    const cause = rootCause(error);
    return { message: `cannot reach the database${where}: ${cause instanceof Error ? cause.message : String(cause)}`, code: EXIT_FAILURE };
  }
  const cause = postgresErrorOf(error);
  if (cause?.code === "42P01") return { message: "the database has no schema yet: run `npx helpdesk db:migrate`", code: EXIT_FAILURE };
  if (cause) return { message: `database error: ${cause.message}`, code: EXIT_FAILURE };
  return { message: error instanceof Error ? error.message.split("\n")[0]! : String(error), code: EXIT_FAILURE };
}

/** Prepares an embedded database this command had to start itself, as `npm start` would. */
async function prepareEmbedded(config: Config, database: ResolvedDatabase, db: Database, output: Output): Promise<void> {
  if (!database.embedded?.started) return;
  output.err(`using the embedded database in ${config.HELPDESK_DATA_DIR}/postgres (evaluation only; set DATABASE_URL for production)`);
  await migrateDatabase(database.url);
  const seeded = await seedDatabase(db, { adminPassword: config.HELPDESK_ADMIN_PASSWORD, rawAddress: `helpdesk@${new URL(config.PUBLIC_URL).hostname}` });
  if (seeded.generatedAdminPassword) output.err(`created the administrator "admin" with the password ${seeded.generatedAdminPassword} (shown once)`);
}

export async function runCli(argv: string[], output: Output, env: Environment = process.env, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "help")) {
    output.out(usage());
    return EXIT_OK;
  }
  let database: ResolvedDatabase | null = null;
  let db: Database | null = null;
  try {
    const { name, command, options } = parseCommandLine(argv);
    const config = readConfig(env);
    database = await resolveDatabase(config.DATABASE_URL, config.HELPDESK_DATA_DIR);
    if (!command) {
      await migrateDatabase(database.url);
      output.out("migrations applied");
      return EXIT_OK;
    }
    db = connect(database.url, { max: 2, applicationName: `helpdesk-cli ${name}` });
    await prepareEmbedded(config, database, db, output);
    await command.run({ db, url: database.url, options, output, input });
    return EXIT_OK;
  } catch (error) {
    const failure = describeFailure(error, database?.url ?? null);
    // Mail piped in by an MTA is retried by it on 75, so a database it cannot reach must not lose the message.
    if (argv[0] === "mail:ingest" && (isConnectionError(error) || error instanceof EmbeddedDatabaseError)) failure.code = EXIT_TEMPORARY;
    output.err(`helpdesk: ${failure.message}`);
    if (failure.code === EXIT_USAGE && error instanceof UsageError) output.err("run `npx helpdesk --help` for the commands");
    return failure.code;
  } finally {
    await db?.$client.end({ timeout: 5 });
    await database?.embedded?.stop();
  }
}
