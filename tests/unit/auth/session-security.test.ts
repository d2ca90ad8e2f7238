import { describe, expect, it } from "vitest";
import { clientAddress } from "../../../server/auth/client-address";
import { sessionReissue, verifiedReissue } from "../../../server/auth/session-reissue";

describe("verifiedReissue", () => {
  it("accepts the proof the server made for that agent and version only", () => {
    const reissue = sessionReissue(7, 3);
    expect(verifiedReissue(7, { reissue })).toBe(3);
    expect(verifiedReissue(8, { reissue })).toBeNull();
    expect(verifiedReissue(7, { reissue: { ...reissue, sessionVersion: 4 } })).toBeNull();
  });

  it.each([
    ["nothing", undefined],
    ["a client's guess", { reissue: { sessionVersion: 3, proof: "made-up" } }],
    ["a proof of the wrong length", { reissue: { sessionVersion: 3, proof: "" } }],
    ["a version that is not a number", { reissue: { sessionVersion: "3", proof: sessionReissue(7, 3).proof } }],
    ["a bare object", { name: "Mallory" }],
  ])("refuses %s", (_case, update) => {
    expect(verifiedReissue(7, update)).toBeNull();
  });
});

describe("clientAddress", () => {
  const headers = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-for": value });

  it.each([
    ["the address Next filled in", "127.0.0.1", "127.0.0.1"],
    ["the last hop of a proxy chain", "198.51.100.1, 203.0.113.5", "203.0.113.5"],
    ["an IPv4-mapped IPv6 address", "::ffff:192.0.2.1", "192.0.2.1"],
    ["IPv6", "2001:db8::1", "2001:db8::1"],
    ["garbage", "not an address", "unknown"],
    ["nothing", undefined, "unknown"],
  ])("reads %s", (_case, value, expected) => {
    expect(clientAddress(headers(value))).toBe(expected);
  });
});
