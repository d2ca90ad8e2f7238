/** The admin pages of issue 7 that admin-setup.spec.ts does not walk through, each through the browser. */
import { randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { expect, test, type Page } from "@playwright/test";
import { connect, type Database } from "../../db/client";
import { auditLog, inboundMessages, queues } from "../../db/schema";
import { TEST_ADMIN_PASSWORD } from "../support/constants";
import { createAgent, createGroup, createQueue, createTestTicket } from "../support/factories";
import { e2eDatabaseUrl, signIn } from "./support/e2e-env";

let db: Database;
test.beforeAll(async () => {
  db = connect(await e2eDatabaseUrl(), { max: 2, applicationName: "helpdesk-e2e-admin-pages" });
});
test.afterAll(async () => {
  await db.$client.end({ timeout: 5 });
});

const unique = () => randomBytes(3).toString("hex");
const form = (page: Page, name: string) => page.getByRole("form", { name });

test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", TEST_ADMIN_PASSWORD, "Admin");
});

test("a queue that holds tickets offers no delete, only invalidation", async ({ page }) => {
  const group = await createGroup(db);
  const queue = await createQueue(db, { group: group.name, name: `Busy ${unique()}` });
  await createTestTicket(db, { queue: queue.id });
  await page.goto(`/admin/queues/${queue.id}`);
  await expect(page.getByTestId("queue-delete-refused")).toHaveText("It holds 1 ticket: a queue that holds tickets cannot be deleted, only invalidated.");
  await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
  await page.getByRole("button", { name: "Invalidate" }).click();
  await expect(page.getByRole("heading", { name: `${queue.name} (invalid)` })).toBeVisible();
  const [row] = await db.select({ valid: queues.valid }).from(queues).where(eq(queues.id, queue.id));
  expect(row!.valid).toBe(false);

  const empty = await createQueue(db, { group: group.name, name: `Empty ${unique()}` });
  await page.goto(`/admin/queues/${empty.id}`);
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(/\/admin\/queues$/);
  await expect(page.getByTestId("queue-row").filter({ hasText: empty.name })).toHaveCount(0);
});

test("a postmaster filter with an invalid pattern is refused naming the field; filters reorder", async ({ page }) => {
  const name = `Invoices ${unique()}`;
  await page.goto("/admin/filters/new");
  const editor = form(page, "New filter");
  await editor.getByLabel("Name").fill(name);
  await editor.getByLabel("Header 1").fill("Subject");
  await editor.getByLabel("Pattern 1").fill("invoice (");
  await editor.getByLabel("Set the priority").selectOption("4");
  await editor.getByRole("button", { name: "Create filter" }).click();
  await expect(page.getByTestId("filter-error")).toContainText("matches.0.pattern: not a valid regular expression");
  await editor.getByLabel("Pattern 1").fill("invoice \\d+");
  await editor.getByRole("button", { name: "Create filter" }).click();
  await expect(page).toHaveURL(/\/admin\/filters\/\d+$/);

  await page.goto("/admin/filters");
  const rows = page.getByTestId("filter-row");
  await expect(rows.last()).toContainText(name);
  await page.getByRole("button", { name: `Move ${name} up` }).click();
  await expect(rows.nth((await rows.count()) - 2)).toContainText(name);
  // Saved once the buttons are enabled again.
  await expect(page.getByRole("button", { name: `Move ${name} down` })).toBeEnabled();
  await page.reload();
  await expect(rows.nth((await rows.count()) - 2)).toContainText(name);
});

test("a failed inbound message: its error, its raw source as text (never rendered), the download, reprocess", async ({ page, request }) => {
  const queue = await createQueue(db, { group: (await createGroup(db)).name, name: `Inbound ${unique()}` });
  const subject = `Hostile ${unique()}`;
  const raw = Buffer.from(
    [`From: Mallory <mallory@evil.example>`, `To: ${queue.address}`, `Subject: ${subject}`, "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8", "", `<script>window.__pwned = true; alert("pwned")</script><img src=x onerror="window.__pwned = true">Hello`, ""].join("\r\n"),
  );
  const [row] = await db
    .insert(inboundMessages)
    .values({ raw, size: raw.length, source: "smtp", envelope: { mailFrom: "mallory@evil.example", rcptTo: [queue.address] }, bodyHash: unique(), status: "failed", error: "the database said no", attempts: 1 })
    .returning({ id: inboundMessages.id });
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });

  await page.goto("/admin/inbound");
  const listed = page.getByTestId("failed-message-row").filter({ hasText: subject });
  await expect(listed).toContainText("the database said no");
  await listed.getByRole("link", { name: String(row!.id) }).click();
  await expect(page.getByTestId("inbound-error")).toHaveText("the database said no");
  await expect(page.getByTestId("raw-source")).toContainText(`<script>window.__pwned = true; alert("pwned")</script>`);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  expect(dialogs).toBe(0);

  const download = await page.context().request.get(`/api/v1/admin/inbound-messages/${row!.id}/raw`);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toMatch(/^text\/plain/);
  expect(download.headers()["content-disposition"]).toBe(`attachment; filename="inbound-${row!.id}.eml"`);
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await download.body()).equals(raw)).toBe(true);
  expect((await request.get(`/api/v1/admin/inbound-messages/${row!.id}/raw`)).status()).toBe(401);

  await page.getByRole("button", { name: "Reprocess" }).click();
  await expect(page.getByTestId("reprocess-success")).toHaveText("Processed (new ticket).");
  await expect(page.getByTestId("inbound-status")).toHaveText("processed");
});

test("customers: search, edit name and organisation, their tickets", async ({ page }) => {
  const queue = await createQueue(db, { group: (await createGroup(db)).name, name: `Customers ${unique()}` });
  const email = `erin-${unique()}@customer.example`;
  const ticket = await createTestTicket(db, { queue: queue.id, customer: { email }, title: `Erin's printer ${unique()}` });
  await page.goto("/admin/customers");
  await page.getByLabel("Search customers").fill(email.slice(0, 12));
  await page.getByRole("button", { name: "Search" }).click();
  await page.getByTestId("customer-row").getByRole("link", { name: email }).click();
  const editor = form(page, "Edit customer");
  await editor.getByLabel("Name").fill("Erin Example");
  await editor.getByLabel("Organisation").fill("Example Ltd");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("customer-success")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Erin Example" })).toBeVisible();
  await expect(page.getByTestId("customer-ticket-row")).toContainText(ticket.title);
  await page.goto(`/admin/customers?q=${encodeURIComponent("Example Ltd")}`);
  await expect(page.getByTestId("customer-row").filter({ hasText: email })).toContainText("Erin Example");
});

test("system: the outbound path is shown and a test mail goes out through it, audited", async ({ page }) => {
  await page.goto("/admin/system");
  await expect(page.getByTestId("eml-directory")).toContainText("outbox");
  await page.getByLabel("Send a test mail to").fill("ops@example.com");
  await page.getByRole("button", { name: "Send test mail" }).click();
  await expect(page.getByTestId("test-mail-success")).toContainText("Sent via");
  const [audited] = await db.select({ details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "system.test_mail")).orderBy(desc(auditLog.id)).limit(1);
  expect(audited!.details).toMatchObject({ to: "ops@example.com", ok: true });
  await page.getByRole("link", { name: /^failed/ }).click();
  await expect(page.getByRole("table", { name: "Outbox: failed" })).toBeVisible();
});

test("auto responses: created with a live preview that speaks as the queue, and linked to a queue", async ({ page }) => {
  const queue = await createQueue(db, { group: (await createGroup(db)).name, name: `Auto ${unique()}` });
  const ticket = await createTestTicket(db, { queue: queue.id, title: `Where is my order ${unique()}` });
  const name = `Got it ${unique()}`;
  await page.goto("/admin/auto-responses/new");
  const editor = form(page, "New auto response");
  await editor.getByLabel("Name").fill(name);
  await editor.getByLabel("Type").selectOption("follow_up");
  await editor.getByLabel("Text", { exact: true }).fill("Your message is in {{ticket.number}}. {{agent.name}}");
  await editor.getByLabel("Preview ticket number").fill(ticket.number);
  await expect(page.getByTestId("preview-subject")).toHaveText(`Re: ${ticket.title}`);
  await expect(page.getByTestId("preview-body")).toHaveText(`Your message is in ${ticket.number}. ${queue.name}`);
  await editor.getByRole("button", { name: "Create auto response" }).click();
  await expect(page).toHaveURL(/\/admin\/auto-responses\/\d+$/);
  const links = form(page, "Queues");
  await links.getByLabel(queue.name, { exact: true }).check();
  await links.getByRole("button", { name: "Save queues" }).click();
  await expect(page.getByTestId("auto-response-queues-success")).toBeVisible();
  await page.goto(`/admin/queues/${queue.id}`);
  await expect(page.getByLabel("Auto follow-up (follow-up accepted)")).toHaveValue(/\d+/);
});

test("mail accounts: a bad host is refused naming the field; test connection reports the failure", async ({ page }) => {
  await page.goto("/admin/mail-accounts");
  const editor = form(page, "New mail account");
  await editor.getByLabel("Name").fill(`Box ${unique()}`);
  await editor.getByLabel("Host").fill("imaps://imap.example.com");
  await editor.getByLabel("Login").fill("support");
  await editor.getByLabel(/^Password/).fill("secret");
  await editor.getByRole("button", { name: "Add mail account" }).click();
  await expect(page.getByTestId("mail-account-create-error")).toContainText("host:");
  await editor.getByLabel("Host").fill("127.0.0.1");
  await editor.getByLabel(/^Port/).fill("1");
  await editor.getByRole("checkbox", { name: "TLS" }).uncheck();
  await editor.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("mail-account-check-result")).toContainText("Failed:");
});

test("the admin pages do not exist for agents who are not administrators", async ({ browser }) => {
  const agent = await createAgent(db, { name: `Plain ${unique()}` });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, agent.login, agent.password, agent.name);
  for (const path of ["/admin/queues", "/admin/templates", "/admin/system", "/admin/inbound", "/admin/customers"]) {
    expect((await page.goto(path))!.status(), path).toBe(404);
  }
  await context.close();
});
