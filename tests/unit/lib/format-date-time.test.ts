import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../../lib/format-date-time";
import { canonicalTimeZone } from "../../../server/preferences/time-zone";

describe("formatDateTime", () => {
  it("shows a moment in the agent's zone, whatever the host's", () => {
    const moment = "2026-11-27T23:30:00.000Z";
    expect(formatDateTime(moment, "UTC")).toBe("2026-11-27 23:30");
    expect(formatDateTime(moment, "Europe/Berlin")).toBe("2026-11-28 00:30");
    expect(formatDateTime(new Date(moment), "America/New_York")).toBe("2026-11-27 18:30");
  });
});

describe("canonicalTimeZone", () => {
  it("canonicalises IANA names and refuses anything else", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("Mars/Base")).toBeNull();
    expect(canonicalTimeZone("+01:00")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
  });
});
