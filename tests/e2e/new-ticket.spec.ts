/**
 * The new-ticket form: a phone ticket and an outgoing email ticket, each with the customer
 * picked from the suggestions, a template of the queue and a file; refusals next to their field.
 */
import { expect, test, type Page } from "@playwright/test";
import { findOrCreateCustomer } from "../../server/customers/find-or-create-customer";
import { addTemplate } from "../../server/templates/add-template";
import { apiSetupForFile, fetchTicket, unique, type ApiAgent } from "./api/support";
import { signIn } from "./support/e2e-env";

const setup = apiSetupForFile();
test.use({ viewport: { width: 1280, height: 800 } });

async function openForm(page: Page, agent: ApiAgent): Promise<void> {
  await signIn(page, agent.login, agent.password, agent.name);
  await page.getByRole("link", { name: "New ticket" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/tickets/new");
  await expect(page.getByRole("heading", { name: "New ticket" })).toBeVisible();
}

/** The ticket number of the page the form landed on. */
async function landedTicket(page: Page): Promise<string> {
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("a phone ticket: customer from the suggestions, a template, a file; the form opens the new ticket", async ({ page, request }, testInfo) => {
  const { db, team } = setup();
  const tag = unique();
  const customer = await findOrCreateCustomer(db, { email: `wanda-${tag}@customer.example`, name: `Wanda ${tag}` });
  await addTemplate(db, { name: `Phone intake ${tag}`, kind: "phone", body: "Caller {{customer.name}} <{{customer.email}}> reached {{agent.name}} in {{queue.name}}.", queues: [team.queue.id] });
  await addTemplate(db, { name: `Answer only ${tag}`, kind: "answer", body: "not offered here", queues: [team.queue.id] });

  await openForm(page, team.agent);
  await page.getByLabel("Queue").selectOption({ label: team.queue.name });
  const email = page.getByRole("combobox", { name: /Customer/ });
  await email.pressSequentially(`wanda-${tag}`.slice(0, 10), { delay: 20 });
  const option = page.getByRole("option").filter({ hasText: customer.email });
  await expect(option).toBeVisible();
  await option.click();
  await expect(email).toHaveValue(customer.email);
  await expect(page.getByLabel("Customer name")).toHaveValue(`Wanda ${tag}`);

  const templates = page.getByLabel("Template");
  await expect(templates.getByRole("option", { name: `Phone intake ${tag}` })).toHaveCount(1);
  await expect(templates.getByRole("option", { name: `Answer only ${tag}` })).toHaveCount(0);
  await templates.selectOption({ label: `Phone intake ${tag}` });
  const body = page.getByLabel("What the customer said");
  await expect(body).toHaveValue(`Caller Wanda ${tag} <${customer.email}> reached ${team.agent.name} in ${team.queue.name}.`);
  await body.press("End");
  await body.pressSequentially(" The printer prints only blank pages.");

  await page.getByLabel("Title").fill(`Blank pages ${tag}`);
  await page.getByLabel("Priority").selectOption("4");
  await page.getByLabel("Attachments").setInputFiles({ name: `photo-${tag}.txt`, mimeType: "text/plain", buffer: Buffer.from("a photo of the printer") });
  await page.screenshot({ path: testInfo.outputPath("new-ticket.png"), fullPage: true });
  await testInfo.attach("new ticket form", { path: testInfo.outputPath("new-ticket.png"), contentType: "image/png" });
  await page.getByRole("button", { name: "Create phone ticket" }).click();

  const number = await landedTicket(page);
  await expect(page.getByTestId("ticket-title")).toHaveText(`Blank pages ${tag}`);
  await expect(page.getByTestId("thread")).toContainText("The printer prints only blank pages.");
  await expect(page.getByTestId("thread")).toContainText(`photo-${tag}.txt`);

  const ticket = await fetchTicket(request, team.agent, number);
  expect(ticket).toMatchObject({ state: "new", priority: 4, queue: { id: team.queue.id }, customer: { email: customer.email, name: `Wanda ${tag}` }, owner: { login: team.agent.login } });
  expect(ticket.articles).toHaveLength(1);
  expect(ticket.articles[0]).toMatchObject({ kind: "phone", body: expect.stringContaining(`Caller Wanda ${tag}`), attachments: [{ filename: `photo-${tag}.txt`, contentType: "text/plain", size: 22 }] });
});

test("an email ticket to a customer picked with the keyboard, with an email template: sent from the queue", async ({ page, request }) => {
  const { db, team } = setup();
  const tag = unique();
  const customer = await findOrCreateCustomer(db, { email: `xavier-${tag}@customer.example`, name: `Xavier ${tag}` });
  await addTemplate(db, { name: `Outreach ${tag}`, kind: "email", body: "Dear {{customer.name}},\n\nyour order has shipped.\n\n{{agent.name}}", queues: [team.queue.id] });
  await addTemplate(db, { name: `Phone only ${tag}`, kind: "phone", body: "not for mail", queues: [team.queue.id] });

  await openForm(page, team.agent);
  await page.getByLabel("Email ticket").check();
  await page.getByLabel("Queue").selectOption({ label: team.queue.name });
  const email = page.getByRole("combobox", { name: /To/ });
  // By name this time: the suggestions match names too.
  await email.pressSequentially(`Xavier ${tag}`, { delay: 20 });
  await expect(page.getByRole("option").filter({ hasText: customer.email })).toBeVisible();
  await email.press("ArrowDown");
  await email.press("Enter");
  await expect(email).toHaveValue(customer.email);

  const templates = page.getByLabel("Template");
  await expect(templates.getByRole("option", { name: `Phone only ${tag}` })).toHaveCount(0);
  await templates.selectOption({ label: `Outreach ${tag}` });
  await expect(page.getByLabel("Message")).toHaveValue(`Dear Xavier ${tag},\n\nyour order has shipped.\n\n${team.agent.name}`);
  await page.getByLabel("Subject").fill(`Your order ${tag}`);
  await page.getByLabel("Attachments").setInputFiles({ name: `invoice-${tag}.pdf`, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 invoice") });
  await page.getByRole("button", { name: "Create and send" }).click();

  const number = await landedTicket(page);
  await expect(page.getByTestId("ticket-title")).toHaveText(`Your order ${tag}`);
  await expect(page.getByTestId("ticket-state")).toHaveText("open");
  await expect(page.getByTestId("thread")).toContainText(`invoice-${tag}.pdf`);
  const ticket = await fetchTicket(request, team.agent, number);
  expect(ticket.articles[0]).toMatchObject({ kind: "email_out", to: customer.email, subject: expect.stringContaining(`[Ticket#${number}]`), attachments: [{ filename: `invoice-${tag}.pdf`, contentType: "application/pdf" }] });
  expect(ticket.articles[0]!.from).toContain(team.queue.address);
});

test("refusals are shown next to their field, and a new address becomes a customer", async ({ page, request }) => {
  const { team } = setup();
  const tag = unique();
  await openForm(page, team.agent);
  await page.getByLabel("Queue").selectOption({ label: team.queue.name });
  const create = page.getByRole("button", { name: "Create phone ticket" });

  await create.click();
  await expect(page.getByTestId("customerEmail-error")).toHaveText("required");
  const email = page.getByRole("combobox", { name: /Customer/ });
  await expect(email).toBeFocused();
  await email.fill("not an address");
  await create.click();
  await expect(page.getByTestId("customerEmail-error")).toHaveText("an e-mail address");
  await expect(email).toHaveAttribute("aria-invalid", "true");

  await email.fill(`new-${tag}@customer.example`);
  await create.click();
  await expect(page.getByTestId("customerEmail-error")).toHaveCount(0);
  await expect(page.getByTestId("title-error")).toHaveText("required");
  await page.getByLabel("Title").fill(`New customer ${tag}`);
  await create.click();
  await expect(page.getByTestId("body-error")).toHaveText("required");
  await expect(page.getByLabel("What the customer said")).toBeFocused();
  await page.getByLabel("What the customer said").fill("Calling for the first time.");
  await page.keyboard.press("Control+Enter");

  const number = await landedTicket(page);
  expect((await fetchTicket(request, team.agent, number)).customer).toEqual({ email: `new-${tag}@customer.example`, name: null });
});

test("only queues the agent may create in are offered", async ({ page }) => {
  const { team } = setup();
  await openForm(page, team.creator);
  const queues = page.getByLabel("Queue").getByRole("option");
  await expect(queues).toHaveText([team.queue.name]);
});

test("an agent who may create in no queue is told so instead of a form", async ({ page }) => {
  const { team } = setup();
  await openForm(page, team.reader);
  await expect(page.getByTestId("no-creatable-queues")).toBeVisible();
  await expect(page.getByTestId("new-ticket-form")).toHaveCount(0);
});
