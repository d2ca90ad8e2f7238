import { describe, expect, it } from "vitest";
import { sidecarUrlFor } from "../../../lib/sidecar-url";

describe("the sidecar's address as the browser uses it", () => {
  it("keeps an address that matches the page, or that is not a loopback one", () => {
    expect(sidecarUrlFor("http://127.0.0.1:3001", { protocol: "http:", hostname: "127.0.0.1" })).toBe("http://127.0.0.1:3001");
    expect(sidecarUrlFor("https://realtime.example.com", { protocol: "https:", hostname: "helpdesk.example.com" })).toBe("https://realtime.example.com");
  });

  it("replaces a loopback name the page was not served from by the page's host and scheme", () => {
    expect(sidecarUrlFor("http://localhost:3001", { protocol: "http:", hostname: "127.0.0.1" })).toBe("http://127.0.0.1:3001");
    expect(sidecarUrlFor("http://localhost:3001", { protocol: "https:", hostname: "helpdesk.example.com" })).toBe("https://helpdesk.example.com:3001");
    expect(sidecarUrlFor("http://localhost:3001", { protocol: "http:", hostname: "[::1]" })).toBe("http://[::1]:3001");
  });
});
