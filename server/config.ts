import { z } from "zod";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  HELPDESK_DATA_DIR: z.string().min(1).default(".data"),
  PORT: port(3000),
  REALTIME_PORT: port(3001),
  SMTP_INBOUND_PORT: port(2525),
  SMTP_URL: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(1).optional(),
  PUBLIC_URL: z.url().optional(),
  HELPDESK_ADMIN_PASSWORD: z.string().min(1).optional(),
  HELPDESK_SYSTEM_ID: z.string().regex(/^\d{2}$/, "two digits").default("10"),
  HELPDESK_TIMEZONE: z
    .string()
    .default("UTC")
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "an IANA time zone such as Europe/Berlin"),
  REDIS_URL: z.string().min(1).optional(),
  REALTIME_PUBLIC_URL: z.url().optional(),
});

/** Environment variables as given; not NodeJS.ProcessEnv, which Next types with a required NODE_ENV. */
export type Environment = Record<string, string | undefined>;

export type Config = z.infer<typeof schema> & { PUBLIC_URL: string };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const NAMES = Object.keys(schema.shape) as (keyof typeof schema.shape)[];
let cached: { key: string; config: Config } | null = null;

/**
 * The CONTRACT.md configuration, with its defaults, from the environment. Parsed once per
 * distinct set of values: the mail path asks for it on every message, and parsing builds an
 * Intl formatter to check the time zone.
 */
export function readConfig(env: Environment = process.env): Config {
  const key = NAMES.map((name) => env[name] ?? "").join("\0");
  if (cached?.key === key) return cached.config;
  const present = Object.fromEntries(NAMES.map((name) => [name, env[name]]).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join(".")}: ${issue.message}`);
  }
  const config = Object.freeze({ ...parsed.data, PUBLIC_URL: parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}` });
  cached = { key, config };
  return config;
}
