/**
 * Issue 7's scenario, all through the browser: an administrator sets up a team (group, queue
 * with an address, agent with `rw`, template), the new agent signs in, sees the queue,
 * receives a mail sent to the address as a ticket and answers it with the template.
 */
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { expect, test, type Page } from "@playwright/test";
import { connect } from "../../db/client";
import { articles, tickets } from "../../db/schema";
import { TEST_ADMIN_PASSWORD } from "../support/constants";
import { e2eDatabaseUrl, signIn } from "./support/e2e-env";
import { sendOverSmtp } from "./support/workspace";

const form = (page: Page, name: string) => page.getByRole("form", { name });

test("an admin sets up group, queue, agent and template; the agent answers the first mail with it", async ({ browser }) => {
  test.setTimeout(180_000);
  const suffix = randomBytes(3).toString("hex");
  const group = `Support team ${suffix}`;
  const queue = `Support ${suffix}`;
  const address = `support-${suffix}@helpdesk.example`;
  const agent = { login: `dana-${suffix}`, name: `Dana ${suffix}`, email: `dana-${suffix}@helpdesk.example`, password: `pw-${suffix}-long-enough` };
  const template = `Thanks ${suffix}`;

  const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const admin = await adminContext.newPage();
  await signIn(admin, "admin", TEST_ADMIN_PASSWORD, "Admin");

  // The group.
  await admin.goto("/admin/groups");
  await form(admin, "New group").getByLabel("Name").fill(group);
  await admin.getByRole("button", { name: "Create group" }).click();
  await expect(admin.getByTestId("group-created")).toContainText(group);

  // The queue, with its address.
  await admin.goto("/admin/queues");
  const newQueue = form(admin, "New queue");
  await newQueue.getByLabel("Name", { exact: true }).fill(queue);
  await newQueue.getByLabel("Group (who may work it)").selectOption({ label: group });
  await newQueue.getByLabel(/^System address/).fill(address);
  await newQueue.getByRole("button", { name: "Create queue" }).click();
  await expect(admin.getByTestId("queue-created")).toContainText(queue);
  await expect(admin.getByTestId("queue-row").filter({ hasText: queue })).toContainText(address);

  // The agent, with rw on the group.
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
  await admin.reload();
  await expect(admin.getByTestId(`permissions-${group}`).getByLabel("rw", { exact: true })).toBeChecked();

  // The template, offered in the queue.
  await admin.goto("/admin/templates/new");
  const newTemplate = form(admin, "New template");
  await newTemplate.getByLabel("Name", { exact: true }).fill(template);
  await newTemplate.getByLabel("Text", { exact: true }).fill("Dear {{customer.name}},\n\nthank you for your mail about {{ticket.title}}: it is solved.\n\n{{agent.name}}");
  await newTemplate.getByRole("group", { name: "Offered in the queues" }).getByLabel(queue, { exact: true }).check();
  await newTemplate.getByRole("button", { name: "Create template" }).click();
  await expect(admin).toHaveURL(/\/admin\/templates\/\d+$/);
  const templateUrl = admin.url();

  // The new agent signs in and sees the queue.
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await agentContext.newPage();
  await signIn(page, agent.login, agent.password, agent.name);
  const queueLink = page.getByRole("link", { name: queue, exact: true });
  await expect(queueLink).toBeVisible();

  // A customer writes to the queue's address.
  const subject = `Printer ${suffix} is on fire`;
  await sendOverSmtp(
    [`From: Carol Customer <carol-${suffix}@customer.example>`, `To: ${address}`, `Subject: ${subject}`, `Message-ID: <${suffix}@customer.example>`, "Date: Fri, 27 Nov 2026 10:00:00 +0000", "Content-Type: text/plain; charset=utf-8", "", "It is really on fire.", ""].join("\r\n"),
    { from: `carol-${suffix}@customer.example`, to: address },
  );

  // It is a ticket in the queue; the agent opens it and answers with the template.
  await queueLink.click();
  await expect(page).toHaveURL(/\/queues\/\d+/);
  const ticketLink = page.getByTestId("queue-ticket").filter({ hasText: subject }).getByTestId("ticket-link");
  await expect(async () => {
    if (!(await ticketLink.isVisible())) await page.reload();
    await expect(ticketLink).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await ticketLink.click();
  await expect(page.getByTestId("ticket-title")).toHaveText(subject);
  const number = /\/tickets\/(\d+)/.exec(page.url())![1]!;

  await page.getByTestId("reply").click();
  const composer = page.getByTestId("reply-composer");
  await composer.getByLabel("Template").selectOption({ label: template });
  const expected = `Dear Carol Customer,\n\nthank you for your mail about ${subject}: it is solved.\n\n${agent.name}`;
  await expect(composer.getByLabel("Message")).toHaveValue(expected);
  await composer.getByRole("button", { name: "Send" }).click();
  await expect(composer).toBeHidden();
  await expect(page.getByTestId("thread")).toContainText("it is solved.");

  // Stored as the answer mailed to the customer, by the new agent.
  const db = connect(await e2eDatabaseUrl(), { max: 1 });
  try {
    const [ticket] = await db.select({ id: tickets.id, lock: tickets.lock }).from(tickets).where(eq(tickets.number, number));
    const sent = await db.select({ to: articles.toAddress, body: articles.bodyText }).from(articles).where(and(eq(articles.ticketId, ticket!.id), eq(articles.kind, "email_out"), eq(articles.senderType, "agent")));
    // A textarea's text reaches the server with CRLF line breaks.
    expect(sent.map((article) => ({ ...article, body: article.body.replace(/\r\n/g, "\n") }))).toEqual([{ to: expect.stringContaining(`carol-${suffix}@customer.example`), body: expect.stringContaining(expected) }]);
  } finally {
    await db.$client.end({ timeout: 5 });
  }

  // Back in the admin area, the template previews live against this very ticket.
  await admin.goto(templateUrl);
  await admin.getByLabel("Preview ticket number").fill(number);
  await expect(admin.getByTestId("preview-body")).toHaveText(`Dear Carol Customer,\n\nthank you for your mail about ${subject}: it is solved.\n\nAdmin`);

  await agentContext.close();
  await adminContext.close();
});
