import type { ParseArgsConfig } from "node:util";
import type { Database } from "../../db/client";
import { addAgent } from "../agents/add-agent";
import { grantPermission } from "../agents/grant-permission";
import { createApiToken } from "../auth/api-tokens";
import { addGroup } from "../groups/add-group";
import { readMessage } from "../mail/inbound/read-message";
import { processInboundMessage } from "../mail/inbound/process-inbound-message";
import { reprocessFailedMessages } from "../mail/inbound/reprocess-failed-messages";
import { storeInboundMessage } from "../mail/inbound/store-inbound-message";
import { addQueue } from "../queues/add-queue";

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Output {
  /** The command's result, for scripts. */
  out(line: string): void;
  /** Anything for the person at the terminal. */
  err(line: string): void;
}

export interface CommandContext {
  db: Database;
  url: string;
  options: OptionValues;
  output: Output;
  /** Standard input, for commands that read a message from it. */
  input: NodeJS.ReadableStream;
}

export interface Command {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  required: string[];
  run(context: CommandContext): Promise<void>;
}

const text = { type: "string" } as const;
const str = (options: OptionValues, name: string) => options[name] as string;
// Option values are passed on as typed: the domain function's schema validates them and names
// the offending field, which the CLI reports as a usage error.
const optionalNumber = (value: string | boolean | undefined) => (typeof value === "string" ? Number(value) : undefined);

/** The CONTRACT.md commands that work on the database; `db:migrate` is handled before connecting. */
export const COMMANDS: Record<string, Command> = {
  "agent:add": {
    usage: "agent:add --login L --name N --email E [--password P] [--admin]",
    summary: "creates an agent",
    options: { login: text, name: text, email: text, password: text, admin: { type: "boolean" } },
    required: ["login", "name", "email"],
    async run({ db, options, output }) {
      const agent = await addAgent(db, {
        login: str(options, "login"),
        name: str(options, "name"),
        email: str(options, "email"),
        password: options.password as string | undefined,
        isAdmin: options.admin === true,
      });
      output.out(`created agent ${agent.login} (id ${agent.id})`);
      if (agent.generatedPassword) output.out(`password: ${agent.generatedPassword}`);
    },
  },
  "group:add": {
    usage: "group:add --name G",
    summary: "creates a group",
    options: { name: text },
    required: ["name"],
    async run({ db, options, output }) {
      const group = await addGroup(db, { name: str(options, "name") });
      output.out(`created group ${group.name} (id ${group.id})`);
    },
  },
  "agent:grant": {
    usage: "agent:grant --login L --group G --perm ro|move_into|create|note|owner|priority|rw",
    summary: "grants an agent a permission on a group (rw implies all)",
    options: { login: text, group: text, perm: text },
    required: ["login", "group", "perm"],
    async run({ db, options, output }) {
      const { granted } = await grantPermission(db, { login: str(options, "login"), group: str(options, "group"), permission: str(options, "perm") as "rw" });
      output.out(`${granted ? "granted" : "already granted"}: ${str(options, "login")} ${str(options, "perm")} on ${str(options, "group")}`);
    },
  },
  "queue:add": {
    usage: "queue:add --name Q --group G --address A [--unlock-timeout MIN] [--follow-up possible|reject|new_ticket]",
    summary: "creates a queue whose system address is A",
    options: { name: text, group: text, address: text, "unlock-timeout": text, "follow-up": text },
    required: ["name", "group", "address"],
    async run({ db, options, output }) {
      const queue = await addQueue(db, {
        name: str(options, "name"),
        group: str(options, "group"),
        address: str(options, "address"),
        unlockTimeoutMinutes: optionalNumber(options["unlock-timeout"]),
        followUpPolicy: options["follow-up"] as "possible" | undefined,
      });
      output.out(`created queue ${queue.name} (id ${queue.id}) for ${queue.address}`);
    },
  },
  "mail:ingest": {
    usage: "mail:ingest < message.eml",
    summary: "takes one RFC 822 message from stdin as if it arrived by SMTP (exit 75 on a temporary failure)",
    options: {},
    required: [],
    async run({ db, input, output }) {
      const raw = await readMessage(input);
      const { id } = await storeInboundMessage(db, { raw, source: "pipe", envelope: { mailFrom: null, rcptTo: [] } });
      // Stored: from here the message is safe, whatever its processing says.
      const result = await processInboundMessage(db, id, { raw });
      output.out(result.status === "processed" ? `stored as message ${id}: ${result.outcome}${result.ticketId ? ` (ticket id ${result.ticketId})` : ""}` : `stored as message ${id}: ${result.status} (${"error" in result ? result.error : result.reason})`);
    },
  },
  "mail:reprocess": {
    usage: "mail:reprocess [--id N]",
    summary: "retries stored inbound messages that failed",
    options: { id: text },
    required: [],
    async run({ db, options, output }) {
      const results = await reprocessFailedMessages(db, { id: optionalNumber(options.id) });
      for (const { id, result } of results) output.out(`message ${id}: ${result.status === "processed" ? result.outcome : result.status}${result.status === "failed" ? ` (${result.error})` : ""}`);
      output.out(`${results.length} failed message(s) retried, ${results.filter(({ result }) => result.status === "failed").length} still failing`);
    },
  },
  "token:create": {
    usage: "token:create --login L [--name NAME]",
    summary: "prints a new API token for L, alone on stdout",
    options: { login: text, name: text },
    required: ["login"],
    async run({ db, options, output }) {
      const { token } = await createApiToken(db, { login: str(options, "login"), name: options.name as string | undefined });
      output.out(token);
    },
  },
};
