/**
 * The admin pages for agents and groups, and who may use them: an administrator creates a
 * group and an agent with `rw` on it in the browser; the agent signs in and works the group's
 * queue; a non-admin meets 404 on the pages and 403 on the admin API; invalidating an agent
 * signs them out.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connect, type Database } from "../../db/client";
import { addAgent } from "../../server/agents/add-agent";
import { createApiToken } from "../../server/auth/api-tokens";
import { addQueue } from "../../server/queues/add-queue";
import { TEST_ADMIN_PASSWORD } from "../support/constants";
import { e2eDatabaseUrl, signIn } from "./support/e2e-env";

let db: Database;

test.beforeAll(async () => {
  db = connect(await e2eDatabaseUrl(), { max: 1, applicationName: "helpdesk-e2e-admin-agents" });
});

test.afterAll(async () => {
  await db.$client.end({ timeout: 5 });
});

const suffix = () => randomBytes(3).toString("hex");
const form = (page: Page, name: string) => page.getByRole("form", { name });

test("an admin creates a group and an agent with rw on it; the agent signs in and sees the group's queue", async ({ browser }) => {
  const id = suffix();
  const group = `Second level ${id}`;
  const agent = { login: `gwen-${id}`, name: `Gwen ${id}`, email: `gwen-${id}@example.com`, password: `pw-${id}-long-enough` };

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin", TEST_ADMIN_PASSWORD, "Admin");
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(admin.getByRole("heading", { name: "Administration" })).toBeVisible();
  await admin.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Groups" }).click();

  await form(admin, "New group").getByLabel("Name").fill(group);
  await admin.getByRole("button", { name: "Create group" }).click();
  await expect(admin.getByTestId("group-created")).toContainText(group);
  await expect(admin.getByTestId("group-row").filter({ hasText: group })).toBeVisible();
  // A name already taken is refused, naming the field.
  await form(admin, "New group").getByLabel("Name").fill(group.toUpperCase());
  await admin.getByRole("button", { name: "Create group" }).click();
  await expect(admin.getByTestId("group-create-error")).toContainText("name:");

  // Queues are another page's business: one in the group, made directly.
  const queue = await addQueue(db, { name: `Escalations ${id}`, group, address: `escalations-${id}@example.com` });

  await admin.goto("/admin/agents");
  const newAgent = form(admin, "New agent");
  await newAgent.getByLabel("Login").fill(agent.login);
  await newAgent.getByLabel("Name").fill(agent.name);
  await newAgent.getByLabel("Email").fill(agent.email);
  await newAgent.getByLabel(/^Password/).fill(agent.password);
  await newAgent.getByRole("button", { name: "Create agent" }).click();
  await admin.getByTestId("agent-created").getByRole("link", { name: agent.login }).click();
  await expect(admin.getByRole("heading", { name: new RegExp(agent.name) })).toBeVisible();
  const permissions = admin.getByTestId(`permissions-${group}`);
  await permissions.getByLabel("rw", { exact: true }).check();
  await permissions.getByRole("button", { name: "Save" }).click();
  await expect(permissions.getByRole("button", { name: "Save" })).toBeDisabled();

  // The group's page shows the member with the permission; the audit log shows the changes.
  await admin.goto("/admin/groups");
  await admin.getByTestId("group-row").getByRole("link", { name: group }).click();
  await expect(admin.getByTestId(`member-${agent.login}`).getByLabel("rw", { exact: true })).toBeChecked();
  await admin.goto("/admin/audit");
  const rows = admin.getByTestId("audit-row");
  // Other spec files write audit rows concurrently, so the rows are found by content, not position.
  await expect(rows.filter({ hasText: "agent.permissions" }).filter({ hasText: group })).toHaveCount(1);
  await expect(rows.filter({ hasText: "group.create" }).filter({ hasText: group })).toHaveCount(1);
  await expect(rows.filter({ hasText: "agent.create" }).filter({ hasText: agent.login })).toHaveCount(1);

  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  await signIn(agentPage, agent.login, agent.password, agent.name);
  await expect(agentPage.getByTestId("queue-row").filter({ hasText: queue.name })).toHaveCount(1);
  await agentContext.close();
  await adminContext.close();
});

test("a non-admin gets 404 on every admin page and 403 from the admin API; no credentials get 401", async ({ page, playwright, baseURL }) => {
  const id = suffix();
  const password = `pw-${id}-long-enough`;
  const added = await addAgent(db, { login: `nora-${id}`, name: `Nora ${id}`, email: `nora-${id}@example.com`, password });
  await signIn(page, `nora-${id}`, password, `Nora ${id}`);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);

  for (const path of ["/admin", "/admin/agents", `/admin/agents/${added.id}`, "/admin/groups", "/admin/audit"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }

  // With the browser's session cookie, and with the agent's own token.
  expect((await page.request.get("/api/v1/admin/agents")).status()).toBe(403);
  expect((await page.request.post("/api/v1/admin/groups", { data: { name: `hijack-${id}` } })).status()).toBe(403);
  const { token } = await createApiToken(db, { login: `nora-${id}` });
  const withToken = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const refused = await withToken.patch(`/api/v1/admin/agents/${added.id}`, { data: { isAdmin: true } });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({ error: { code: "forbidden", message: "administrators only" } });
  expect((await withToken.get("/api/v1/admin/groups")).status()).toBe(403);
  await withToken.dispose();

  const anonymous = await playwright.request.newContext({ baseURL });
  for (const path of ["/api/v1/admin/agents", "/api/v1/admin/groups", `/api/v1/admin/agents/${added.id}`]) {
    const response = await anonymous.get(path);
    expect(response.status(), path).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthenticated" } });
  }
  await anonymous.dispose();
});

test("the admin API creates and updates agents and groups for an admin token, validating like the pages", async ({ playwright, baseURL }) => {
  const id = suffix();
  const admin = await addAgent(db, { login: `root-${id}`, name: "Root", email: `root-${id}@example.com`, password: `pw-${id}-long-enough`, isAdmin: true });
  const { token } = await createApiToken(db, { login: `root-${id}` });
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });

  const group = await api.post("/api/v1/admin/groups", { data: { name: `API ${id}` } });
  expect(group.status()).toBe(201);
  const { id: groupId } = (await group.json()) as { id: number };
  const agent = await api.post("/api/v1/admin/agents", { data: { login: `api-${id}`, name: "Api Agent", email: `api-${id}@example.com` } });
  expect(agent.status()).toBe(201);
  const created = (await agent.json()) as { id: number; generatedPassword: string };
  expect(created.generatedPassword).toEqual(expect.any(String));

  const patched = await api.patch(`/api/v1/admin/agents/${created.id}`, { data: { name: "Api Agent 2", permissions: [{ group: groupId, permissions: ["ro", "note"] }] } });
  expect(patched.status()).toBe(200);
  expect(await patched.json()).toMatchObject({ name: "Api Agent 2", permissions: [{ group: { id: groupId }, permissions: ["ro", "note"] }] });
  expect((await api.patch(`/api/v1/admin/groups/${groupId}`, { data: { name: `API ${id} renamed` } })).status()).toBe(200);

  const invalid = await api.post("/api/v1/admin/agents", { data: { login: `api2-${id}`, name: "X", email: "not-an-address" } });
  expect(invalid.status()).toBe(400);
  expect(await invalid.json()).toMatchObject({ error: { code: "invalid", field: "email" } });
  const selfDisable = await api.patch(`/api/v1/admin/agents/${admin.id}`, { data: { valid: false } });
  expect(selfDisable.status()).toBe(403);
  await api.dispose();
});

test("invalidating an agent on the admin page signs them out at once", async ({ browser }) => {
  const id = suffix();
  const password = `pw-${id}-long-enough`;
  const added = await addAgent(db, { login: `ivan-${id}`, name: `Ivan ${id}`, email: `ivan-${id}@example.com`, password });
  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  await signIn(agentPage, `ivan-${id}`, password, `Ivan ${id}`);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin", TEST_ADMIN_PASSWORD, "Admin");
  await admin.goto(`/admin/agents/${added.id}`);
  const edit = form(admin, "Edit agent");
  await edit.getByLabel("Valid").uncheck();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(admin.getByTestId("agent-edit-success")).toBeVisible();

  await agentPage.reload();
  await expect(agentPage).toHaveURL((url) => url.pathname === "/login");
  await agentContext.close();
  await adminContext.close();
});
