import { describe, expect, it } from "vitest";
import { POST } from "../../../../app/api/v1/tickets/route";
import { getDb } from "../../../../db/client";
import { assertSameOrigin } from "../../../../server/api/authenticate";
import { ForbiddenError } from "../../../../server/errors";
import { createAgent, createToken } from "../../../support/factories";

const ticketsUrl = "http://helpdesk.example/api/v1/tickets";

describe("cross-site requests on cookie-authenticated API routes", () => {
  it("a POST carrying a cookie from a foreign Origin is refused with 403 before the session is even read", async () => {
    const response = await POST(new Request(ticketsUrl, { method: "POST", headers: { origin: "https://evil.example", host: "helpdesk.example", cookie: "authjs.session-token=whatever" }, body: "{}" }), { params: Promise.resolve({}) });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "forbidden", message: "cross-site request refused: the Origin is not this helpdesk" } });
  });

  it("a bearer token is not subject to the check: browsers never send one by themselves", async () => {
    const db = getDb();
    const token = await createToken(db, await createAgent(db));
    const response = await POST(new Request(ticketsUrl, { method: "POST", headers: { origin: "https://evil.example", host: "helpdesk.example", authorization: `Bearer ${token}` }, body: "{}" }), { params: Promise.resolve({}) });
    expect(response.status).toBe(400);
  });

  it.each([
    ["GET from anywhere", "GET", { origin: "https://evil.example", host: "helpdesk.example" }, true],
    ["POST from the helpdesk's own origin", "POST", { origin: "http://helpdesk.example", host: "helpdesk.example" }, true],
    ["POST from its origin behind a proxy", "POST", { origin: "https://help.example.com", host: "127.0.0.1:3000", "x-forwarded-host": "help.example.com" }, true],
    ["POST without Origin (not a browser)", "POST", { host: "helpdesk.example" }, true],
    ["PATCH from another port", "PATCH", { origin: "http://helpdesk.example:8080", host: "helpdesk.example" }, false],
    ["DELETE from an opaque origin", "DELETE", { origin: "null", host: "helpdesk.example" }, false],
    ["POST marked cross-site by the browser", "POST", { "sec-fetch-site": "cross-site", host: "helpdesk.example" }, false],
  ])("%s: %s", (_case, method, headers, allowed) => {
    const check = () => assertSameOrigin(new Request(ticketsUrl, { method, headers }));
    if (allowed) expect(check).not.toThrow();
    else expect(check).toThrow(ForbiddenError);
  });
});
