import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../../server/config";

describe("readConfig", () => {
  it("applies CONTRACT.md's defaults", () => {
    expect(readConfig({})).toEqual({
      HELPDESK_DATA_DIR: ".data",
      PORT: 3000,
      REALTIME_PORT: 3001,
      SMTP_INBOUND_PORT: 2525,
      PUBLIC_URL: "http://localhost:3000",
      HELPDESK_SYSTEM_ID: "10",
      HELPDESK_TIMEZONE: "UTC",
    });
  });

  it("takes the environment, deriving PUBLIC_URL from PORT and ignoring empty values", () => {
    const config = readConfig({ PORT: "8080", REALTIME_PORT: "8081", DATABASE_URL: "postgres://db/helpdesk", HELPDESK_TIMEZONE: "Europe/Berlin", SMTP_URL: "" });
    expect(config).toMatchObject({ PORT: 8080, REALTIME_PORT: 8081, DATABASE_URL: "postgres://db/helpdesk", PUBLIC_URL: "http://localhost:8080", HELPDESK_TIMEZONE: "Europe/Berlin" });
    expect(config.SMTP_URL).toBeUndefined();
    expect(readConfig({ PUBLIC_URL: "https://help.example.com" }).PUBLIC_URL).toBe("https://help.example.com");
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ REALTIME_PORT: "70000" }, "REALTIME_PORT"],
    [{ HELPDESK_SYSTEM_ID: "7" }, "HELPDESK_SYSTEM_ID: two digits"],
    [{ HELPDESK_TIMEZONE: "Mars/Olympus" }, "HELPDESK_TIMEZONE"],
    [{ PUBLIC_URL: "help.example.com" }, "PUBLIC_URL"],
  ])("names the variable it refuses in %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it("parses a set of values once, and again when a value changes", () => {
    const env = { PORT: "8080", HELPDESK_TIMEZONE: "Europe/Berlin" };
    const first = readConfig(env);
    expect(readConfig({ ...env })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const changed = readConfig({ ...env, HELPDESK_TIMEZONE: "Asia/Tokyo" });
    expect(changed).not.toBe(first);
    expect(changed.HELPDESK_TIMEZONE).toBe("Asia/Tokyo");
    expect(readConfig({ ...env, UNRELATED: "x" }).HELPDESK_TIMEZONE).toBe("Europe/Berlin");
  });
});
