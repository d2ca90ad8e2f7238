/**
 * The ticket page's controls through the browser, each checked against what the API then
 * says: lock, priority, pending state with a date, move keeping the lock, a reply with an
 * attachment, close, owner, merge — and a control another agent's lock disables, with the
 * reason, the moment the lock is taken.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { apiSetupForFile, bearer, expectStatus, fetchTicket, ticketFor, type ApiAgent, type ApiTicket } from "./api/support";
import { signedIn, waitForLive } from "./support/workspace";

const setup = apiSetupForFile();
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function ticketPage(browser: Browser, agent: ApiAgent, number: string): Promise<Page> {
  const { context, page } = await signedIn(browser, agent);
  contexts.push(context);
  await page.goto(`/tickets/${number}`);
  await waitForLive(page);
  return page;
}

const actions = (page: Page) => page.getByRole("region", { name: "Ticket actions" });

test("every control of the ticket page changes the ticket as the API then shows it", async ({ browser, request }) => {
  const { team } = setup();
  const ticket = await ticketFor(setup(), { title: "Projector shows nothing" });
  const page = await ticketPage(browser, team.agent, ticket.number);
  const shown = () => fetchTicket(request, team.agent, ticket.number);

  await page.getByTestId("lock").click();
  await expect.poll(async () => (await shown()).lock).toBe("locked");
  expect((await shown()).owner?.login).toBe(team.agent.login);

  await actions(page).getByLabel("Priority").selectOption("4");
  await expect.poll(async () => (await shown()).priority).toBe(4);

  await actions(page).getByLabel("State").selectOption("pending reminder");
  await actions(page).getByLabel("Pending until").fill("2027-01-05T09:30");
  await actions(page).getByRole("button", { name: "Set" }).click();
  await expect.poll(async () => (await shown()).state).toBe("pending reminder");
  expect((await shown()).pendingUntil).not.toBeNull();

  // Moving keeps the mover's lock.
  await actions(page).getByLabel("Queue").selectOption(String(team.otherQueue.id));
  await expect.poll(async () => (await shown()).queue.id).toBe(team.otherQueue.id);
  expect((await shown()).lock).toBe("locked");

  // A reply with a file: shown in the thread, stored with the outgoing article.
  await page.getByTestId("reply").click();
  const composer = page.getByTestId("reply-composer");
  await composer.getByLabel("Message").fill("The manual is attached.");
  await composer.getByLabel("Attachments").setInputFiles({ name: "manual.txt", mimeType: "text/plain", buffer: Buffer.from("Press the input button twice.\n") });
  await composer.getByRole("button", { name: "Send" }).click();
  await expect(composer).toHaveCount(0);
  await expect(page.getByTestId("thread")).toContainText("manual.txt");
  const answer = (await shown()).articles.at(-1)!;
  expect(answer).toMatchObject({ kind: "email_out", attachments: [{ filename: "manual.txt", contentType: "text/plain" }] });

  // Closing ends the lock.
  await actions(page).getByLabel("State").selectOption("closed successful");
  await expect.poll(async () => (await shown()).state).toBe("closed successful");
  expect((await shown()).lock).toBe("unlocked");

  await actions(page).getByLabel("Owner").selectOption(team.colleague.login);
  await expect.poll(async () => (await shown()).owner?.login).toBe(team.colleague.login);
  await expect(page.getByTestId("action-error")).toHaveCount(0);
});

test("merge from the page: the ticket becomes merged into the target", async ({ browser, request }) => {
  const { team } = setup();
  const source = await ticketFor(setup(), { title: "Duplicate report" });
  const target = await ticketFor(setup(), { title: "Original report" });
  const page = await ticketPage(browser, team.agent, source.number);

  await actions(page).getByLabel("Merge into ticket number").fill(target.number);
  await actions(page).getByRole("button", { name: "Merge" }).click();
  await expect.poll(async () => (await fetchTicket(request, team.agent, source.number)).state).toBe("merged");
  const merged = await fetchTicket(request, team.agent, target.number);
  expect(merged.articles.length).toBeGreaterThanOrEqual(2);
});

test("another agent's lock disables the controls at once, with the reason", async ({ browser, request }) => {
  const { team } = setup();
  const ticket = await ticketFor(setup());
  const page = await ticketPage(browser, team.agent, ticket.number);
  await expect(actions(page).getByLabel("State")).toBeEnabled();

  await expectStatus<ApiTicket>(await request.post(`/api/v1/tickets/${ticket.number}/lock`, { headers: bearer(team.colleague) }), 200);
  await expect(page.getByTestId("locked-by")).toContainText(team.colleague.name, { timeout: 1_000 });
  await expect(actions(page).getByLabel("State")).toBeDisabled();
  await expect(actions(page).getByTestId("reason-state")).toContainText(team.colleague.name);
  await expect(page.getByTestId("reply")).toBeDisabled();
});
