import { expect, test, type Page } from "@playwright/test";
import { createQueue } from "../support/factories";
import { apiSetupForFile, bearer, expectStatus, ticketFor, type ApiTicket } from "./api/support";
import { keepScreenshot, markDocument, signedIn, trackRequests, waitForLive } from "./support/workspace";

const setup = apiSetupForFile();

const row = (page: Page, number: string) => page.locator(`tr[data-testid="queue-ticket"][data-number="${number}"]`);
/** A queue of its own for each test, in the team's group (Alice and Bob work it, the reader reads it). */
const freshQueue = () => createQueue(setup().db, { group: setup().team.group.name });

const rowNumbers = (page: Page) => page.getByTestId("queue-ticket").evaluateAll((rows) => rows.map((element) => element.getAttribute("data-number")));

test("the queue view follows locks, new tickets, moves and closes live, without a reload or a request", async ({ browser, request }, testInfo) => {
  const { team } = setup();
  const queue = await freshQueue();
  const [first, second, third] = [await ticketFor(setup(), { queue: queue.id, title: "Printer on fire" }), await ticketFor(setup(), { queue: queue.id, title: "Invoice missing", priority: 4 }), await ticketFor(setup(), { queue: queue.id, title: "Password reset" })];

  const alice = await signedIn(browser, team.agent);
  const page = alice.page;
  await page.goto(`/queues/${queue.id}`);
  await expect(page.getByTestId("queue-name")).toHaveText(queue.name);
  expect(await rowNumbers(page)).toEqual([first.number, second.number, third.number]);
  await expect(row(page, first.number).getByTestId("ticket-lock")).toHaveText(/^unlocked/);
  await waitForLive(page);
  const stillTheSameDocument = await markDocument(page);
  const requests = trackRequests(page);

  // Bob locks the first ticket through the API: Alice sees his name within a second.
  await expectStatus(await request.post(`/api/v1/tickets/${first.number}/lock`, { headers: bearer(team.colleague) }), 200);
  await expect(row(page, first.number).getByTestId("ticket-lock")).toHaveText(`Locked by ${team.colleague.name}`, { timeout: 1_000 });

  // A new ticket in the queue slides in at the end (the oldest first).
  const created = await expectStatus<ApiTicket>(
    await request.post("/api/v1/tickets", { headers: bearer(team.colleague), data: { queue: queue.id, title: "Coffee machine leaks", customer: { email: "dora@example.com", name: "Dora" }, body: "Water everywhere." } }),
    201,
  );
  await expect(row(page, created.number)).toBeVisible({ timeout: 2_000 });
  await expect(row(page, created.number)).toContainText("Coffee machine leaks");
  expect(await rowNumbers(page)).toEqual([first.number, second.number, third.number, created.number]);

  // Moved away: it leaves. Closed: it leaves. A new priority: the row shows it.
  await expectStatus(await request.patch(`/api/v1/tickets/${second.number}`, { headers: bearer(team.colleague), data: { queue: team.otherQueue.id } }), 200);
  await expect(row(page, second.number)).toHaveCount(0, { timeout: 2_000 });
  await expectStatus(await request.patch(`/api/v1/tickets/${third.number}`, { headers: bearer(team.colleague), data: { state: "closed successful" } }), 200);
  await expect(row(page, third.number)).toHaveCount(0, { timeout: 2_000 });
  await expectStatus(await request.patch(`/api/v1/tickets/${created.number}`, { headers: bearer(team.colleague), data: { priority: 5 } }), 200);
  await expect(row(page, created.number).getByTestId("ticket-priority")).toHaveText("5", { timeout: 2_000 });

  // Moved back in: it appears again, in its place.
  await expectStatus(await request.patch(`/api/v1/tickets/${second.number}`, { headers: bearer(team.colleague), data: { queue: queue.id } }), 200);
  await expect(row(page, second.number)).toBeVisible({ timeout: 2_000 });
  expect(await rowNumbers(page)).toEqual([first.number, second.number, created.number]);

  expect(await stillTheSameDocument()).toBe(true);
  expect(requests.urls()).toEqual([]);
  await keepScreenshot(page, testInfo, "queue-view");
  await page.emulateMedia({ colorScheme: "dark" });
  await keepScreenshot(page, testInfo, "queue-view-dark");
  await alice.context.close();
});

test("keyboard: j/k move the selection, x checks the row, o and Enter open the ticket", async ({ browser }) => {
  const { team } = setup();
  const queue = await freshQueue();
  const tickets = [await ticketFor(setup(), { queue: queue.id, title: "One" }), await ticketFor(setup(), { queue: queue.id, title: "Two" }), await ticketFor(setup(), { queue: queue.id, title: "Three" })];
  const alice = await signedIn(browser, team.agent);
  const page = alice.page;
  await page.goto(`/queues/${queue.id}`);
  const current = page.locator('tr[data-testid="queue-ticket"][data-current]');
  await expect(current).toHaveAttribute("data-number", tickets[0]!.number);

  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(current).toHaveAttribute("data-number", tickets[2]!.number);
  await page.keyboard.press("j");
  await expect(current).toHaveAttribute("data-number", tickets[2]!.number);
  await page.keyboard.press("k");
  await expect(current).toHaveAttribute("data-number", tickets[1]!.number);

  await page.keyboard.press("x");
  await expect(row(page, tickets[1]!.number).getByRole("checkbox")).toBeChecked();
  await expect(page.getByTestId("selected-count")).toHaveText("1 selected");
  await page.keyboard.press("x");
  await expect(row(page, tickets[1]!.number).getByRole("checkbox")).not.toBeChecked();

  await page.keyboard.press("o");
  await expect(page).toHaveURL((url) => url.pathname === `/tickets/${tickets[1]!.number}`);
  await expect(page.getByTestId("ticket-title")).toHaveText("Two");

  await page.goBack();
  await expect(current).toHaveAttribute("data-number", tickets[0]!.number);
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL((url) => url.pathname === `/tickets/${tickets[1]!.number}`);
  await alice.context.close();
});

test("bulk lock reports each refusal with the lock holder, bulk move takes the tickets away", async ({ browser, request }) => {
  const { team } = setup();
  const queue = await freshQueue();
  const [mine, taken, another] = [await ticketFor(setup(), { queue: queue.id, title: "Bulk one" }), await ticketFor(setup(), { queue: queue.id, title: "Bulk two" }), await ticketFor(setup(), { queue: queue.id, title: "Bulk three" })];
  await expectStatus(await request.post(`/api/v1/tickets/${taken.number}/lock`, { headers: bearer(team.colleague) }), 200);

  const alice = await signedIn(browser, team.agent);
  const page = alice.page;
  await page.goto(`/queues/${queue.id}`);
  await row(page, mine.number).getByRole("checkbox").check();
  await row(page, taken.number).getByRole("checkbox").check();
  await page.getByTestId("bulk-lock").click();
  const outcomes = page.getByTestId("bulk-outcomes");
  await expect(outcomes).toContainText("1 of 2 locked");
  await expect(outcomes.getByTestId("bulk-refusal")).toHaveText(`${taken.number} locked by ${team.colleague.name}`);
  await expect(row(page, mine.number).getByTestId("ticket-lock")).toHaveText("Locked by you");
  // The refused one stays checked, to try something else with it.
  await expect(page.getByTestId("selected-count")).toHaveText("1 selected");
  await page.getByRole("button", { name: "Clear selection" }).click();

  await row(page, mine.number).getByRole("checkbox").check();
  await row(page, another.number).getByRole("checkbox").check();
  await page.getByTestId("bulk-move-target").selectOption(String(team.otherQueue.id));
  await page.getByTestId("bulk-move").click();
  await expect(page.getByTestId("bulk-outcomes")).toContainText("2 of 2 moved");
  await expect(row(page, mine.number)).toHaveCount(0);
  await expect(row(page, another.number)).toHaveCount(0);
  await expect(row(page, taken.number)).toBeVisible();

  const moved = await expectStatus<ApiTicket>(await request.get(`/api/v1/tickets/${another.number}`, { headers: bearer(team.agent) }), 200);
  expect(moved.queue.id).toBe(team.otherQueue.id);
  await alice.context.close();
});

test("the available filter leaves locked tickets out; a queue the agent may not read is not found", async ({ browser, request }) => {
  const { team } = setup();
  const queue = await freshQueue();
  const [free, locked] = [await ticketFor(setup(), { queue: queue.id, title: "Free one" }), await ticketFor(setup(), { queue: queue.id, title: "Locked one" })];
  await expectStatus(await request.post(`/api/v1/tickets/${locked.number}/lock`, { headers: bearer(team.colleague) }), 200);
  const alice = await signedIn(browser, team.agent);
  const page = alice.page;
  await page.goto(`/queues/${queue.id}`);
  await page.getByTestId("filter-available").click();
  await expect(page).toHaveURL((url) => url.searchParams.get("filter") === "available");
  await expect(row(page, free.number)).toBeVisible();
  await expect(row(page, locked.number)).toHaveCount(0);

  const response = await page.goto(`/queues/${team.secretQueue.id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("queue-not-found")).toBeVisible();
  await alice.context.close();
});
