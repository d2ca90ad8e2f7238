/**
 * Preferences, through the browser: the agent changes their password (this session stays, the
 * others end), creates a token (shown once), uses and revokes it (401 at once), picks a time
 * zone that the pages use; and forms refuse requests from other sites.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connect, type Database } from "../../db/client";
import { addAgent } from "../../server/agents/add-agent";
import { grantPermission } from "../../server/agents/grant-permission";
import { addGroup } from "../../server/groups/add-group";
import { addQueue } from "../../server/queues/add-queue";
import { formatDateTime } from "../../lib/format-date-time";
import { e2eDatabaseUrl, loginAlert, signIn, submitLogin } from "./support/e2e-env";

let db: Database;

test.beforeAll(async () => {
  db = connect(await e2eDatabaseUrl(), { max: 1, applicationName: "helpdesk-e2e-preferences" });
});

test.afterAll(async () => {
  await db.$client.end({ timeout: 5 });
});

interface Agent {
  id: number;
  login: string;
  name: string;
  password: string;
}

async function newAgent(): Promise<Agent> {
  const id = randomBytes(3).toString("hex");
  const agent = { login: `pat-${id}`, name: `Pat ${id}`, password: `pw-${id}-long-enough` };
  const { id: agentId } = await addAgent(db, { ...agent, email: `${agent.login}@example.com` });
  return { id: agentId, ...agent };
}

const form = (page: Page, name: string) => page.getByRole("form", { name });

test("an agent changes their password: this session stays signed in, another one ends, the old password is refused", async ({ browser }) => {
  const agent = await newAgent();
  const other = await (await browser.newContext()).newPage();
  await signIn(other, agent.login, agent.password, agent.name);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, agent.login, agent.password, agent.name);
  await page.getByRole("link", { name: "Preferences" }).click();
  await expect(page.getByRole("heading", { name: "Preferences" })).toBeVisible();

  const change = form(page, "Change password");
  await change.getByLabel("Current password").fill("not my password");
  await change.getByLabel("New password", { exact: true }).fill(`${agent.password}-2`);
  await change.getByLabel("New password again").fill(`${agent.password}-2`);
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-change-error")).toContainText("currentPassword");

  await change.getByLabel("Current password").fill(agent.password);
  await change.getByLabel("New password", { exact: true }).fill(agent.password);
  await change.getByLabel("New password again").fill(agent.password);
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-change-error")).toContainText("must differ from the current password");

  const next = `${agent.password}-next`;
  await change.getByLabel("Current password").fill(agent.password);
  await change.getByLabel("New password", { exact: true }).fill(next);
  await change.getByLabel("New password again").fill(next);
  await change.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("password-changed")).toBeVisible();
  await expect(page.getByTestId("current-agent")).toHaveText(agent.name);
  await page.reload();
  await expect(page.getByTestId("current-agent")).toHaveText(agent.name);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");

  await other.reload();
  await expect(other).toHaveURL((url) => url.pathname === "/login");
  await submitLogin(other, agent.login, agent.password);
  await expect(loginAlert(other)).toHaveText("Wrong login or password.");
  await submitLogin(other, agent.login, next);
  await expect(other.getByTestId("current-agent")).toHaveText(agent.name);
  await context.close();
});

test("an agent creates a token (shown once), uses it, and revokes it: refused at once, the agent stays signed in", async ({ page, playwright, baseURL }) => {
  const agent = await newAgent();
  await signIn(page, agent.login, agent.password, agent.name);
  await page.goto("/preferences");

  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Name").fill("laptop CLI");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^hd_/);

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  expect((await api.get("/api/v1/queues")).status()).toBe(200);

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByTestId("token-row").filter({ hasText: "laptop CLI" });
  await expect(row).toContainText("active");
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("token-row").filter({ hasText: "laptop CLI" })).toContainText("revoked");

  const refused = await api.get("/api/v1/queues");
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: "unauthenticated" } });
  await api.dispose();
  await expect(page.getByTestId("current-agent")).toHaveText(agent.name);
  await page.goto("/");
  await expect(page.getByTestId("current-agent")).toHaveText(agent.name);
});

test("time zone, My Queues and notification choices are kept; times on the page follow the zone", async ({ page }) => {
  const agent = await newAgent();
  const group = await addGroup(db, { name: `prefs-${agent.login}` });
  const queue = await addQueue(db, { name: `Prefs ${agent.login}`, group: group.name, address: `prefs-${agent.login}@example.com` });
  await grantPermission(db, { login: agent.login, group: group.name, permission: "rw" });
  await signIn(page, agent.login, agent.password, agent.name);
  await page.goto("/preferences");

  const zone = form(page, "Time zone");
  await zone.getByLabel(/^Show times in/).fill("Mars/Olympus");
  await zone.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByTestId("time-zone-error")).toContainText("timezone");
  await zone.getByLabel(/^Show times in/).fill("Asia/Tokyo");
  await zone.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByTestId("time-zone-success")).toContainText("Asia/Tokyo");

  await form(page, "My Queues").getByLabel(queue.name).check();
  await form(page, "My Queues").getByRole("button", { name: "Save My Queues" }).click();
  await expect(page.getByTestId("my-queues-success")).toBeVisible();
  const notifications = form(page, "Notifications");
  await notifications.getByLabel("New ticket in my queues: email").uncheck();
  await notifications.getByRole("button", { name: "Save notifications" }).click();
  await expect(page.getByTestId("notifications-success")).toBeVisible();

  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Name").fill("zone check");
  await tokens.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-created")).toBeVisible();

  await page.reload();
  await expect(form(page, "Time zone").getByLabel(/^Show times in/)).toHaveValue("Asia/Tokyo");
  await expect(form(page, "My Queues").getByLabel(queue.name)).toBeChecked();
  await expect(form(page, "Notifications").getByLabel("New ticket in my queues: email")).not.toBeChecked();
  await expect(form(page, "Notifications").getByLabel("New ticket in my queues: in-app")).toBeChecked();
  const created = page.getByTestId("token-row").filter({ hasText: "zone check" }).locator("time").first();
  const instant = (await created.getAttribute("datetime"))!;
  await expect(created).toHaveText(formatDateTime(instant, "Asia/Tokyo"));
});

test("a form's server action posted from another site is refused; the same request from the helpdesk's own origin works", async ({ page, baseURL }) => {
  const agent = await newAgent();
  await signIn(page, agent.login, agent.password, agent.name);
  await page.goto("/preferences");

  // Capture the real request the token form sends, then replay it with another Origin.
  const captured = page.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined);
  const tokens = page.getByRole("region", { name: "API tokens" });
  await tokens.getByLabel("Name").fill("genuine");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const request = await captured;
  await expect(page.getByTestId("token-created")).toBeVisible();
  const headers = { ...(await request.allHeaders()) };
  for (const name of Object.keys(headers)) if (name.startsWith(":") || ["cookie", "content-length", "host"].includes(name)) delete headers[name];
  const body = request.postDataBuffer()!;

  const forged = await page.request.post(request.url(), { headers: { ...headers, origin: "https://evil.example" }, data: body });
  expect(forged.status()).toBe(500);
  expect(await forged.text()).not.toMatch(/hd_[\w-]{20,}/);
  const genuine = await page.request.post(request.url(), { headers: { ...headers, origin: new URL(baseURL!).origin }, data: body });
  expect(genuine.status()).toBe(200);
  expect(await genuine.text()).toMatch(/hd_[\w-]{20,}/);

  await page.reload();
  // The genuine click and the genuine replay: two tokens; the forged one made none.
  await expect(page.getByTestId("token-row").filter({ hasText: "genuine" })).toHaveCount(2);
});

test("the API refuses a cookie-authenticated change from another site", async ({ page, baseURL }) => {
  const agent = await newAgent();
  await signIn(page, agent.login, agent.password, agent.name);
  const forged = await page.request.post("/api/v1/tickets", { headers: { origin: "https://evil.example" }, data: {} });
  expect(forged.status()).toBe(403);
  expect(await forged.json()).toMatchObject({ error: { code: "forbidden" } });
  const own = await page.request.post("/api/v1/tickets", { headers: { origin: new URL(baseURL!).origin }, data: {} });
  expect(own.status()).toBe(400);
  expect((await page.request.get("/api/v1/queues", { headers: { origin: "https://evil.example" } })).status()).toBe(200);
});
