import { expect, test, type Locator, type Page } from "@playwright/test";
import { createQueue } from "../support/factories";
import { apiSetupForFile, bearer, expectStatus, ticketFor, type ApiTicket } from "./api/support";
import { keepScreenshot, markDocument, signedIn, waitForLive } from "./support/workspace";

const setup = apiSetupForFile();

const item = (list: Locator, number: string) => list.locator(`[data-testid="dashboard-ticket"][data-number="${number}"]`);
const queueCount = (page: Page, queueId: number, column: "new" | "open" | "pending" | "locked") => page.locator(`[data-testid="queue-row"][data-queue-id="${queueId}"]`).getByTestId(`count-${column}`);

test("the dashboard follows my locks, new tickets, reminders, notifications and the queue counts live", async ({ browser, request }, testInfo) => {
  const { db, team } = setup();
  const queue = await createQueue(db, { group: team.group.name });
  const waiting = await ticketFor(setup(), { queue: queue.id, title: "Waiting since this morning" });

  const alice = await signedIn(browser, team.agent);
  const page = alice.page;
  await expect(page.getByRole("heading", { name: `Welcome, ${team.agent.name}` })).toBeVisible();
  const locked = page.getByTestId("my-locked");
  const fresh = page.getByTestId("new-tickets");
  const reminders = page.getByTestId("my-reminders");
  await expect(item(fresh, waiting.number)).toBeVisible();
  await expect(queueCount(page, queue.id, "new")).toHaveText("1");
  await expect(page.locator(`[data-testid="queue-row"][data-queue-id="${queue.id}"]`).getByRole("link", { name: queue.name })).toHaveAttribute("href", `/queues/${queue.id}`);
  await waitForLive(page);
  const stillTheSameDocument = await markDocument(page);

  // Bob creates a ticket: it is new in Alice's queues, and the count follows.
  const created = await expectStatus<ApiTicket>(
    await request.post("/api/v1/tickets", { headers: bearer(team.colleague), data: { queue: queue.id, title: "Scanner jammed", customer: { email: "eve@example.com" }, body: "Paper stuck." } }),
    201,
  );
  await expect(item(fresh, created.number)).toBeVisible({ timeout: 2_000 });
  await expect(queueCount(page, queue.id, "new")).toHaveText("2", { timeout: 2_000 });

  // Alice locks it (through the API, as another tab would): it is hers now.
  await expectStatus(await request.post(`/api/v1/tickets/${created.number}/lock`, { headers: bearer(team.agent) }), 200);
  await expect(item(locked, created.number)).toBeVisible({ timeout: 2_000 });
  await expect(queueCount(page, queue.id, "locked")).toHaveText("1", { timeout: 2_000 });

  // She sets it pending with a reminder already due: it leaves "new" and shows as reached.
  await expectStatus(
    await request.patch(`/api/v1/tickets/${created.number}`, { headers: bearer(team.agent), data: { state: "pending reminder", pendingUntil: new Date(Date.now() - 60_000).toISOString() } }),
    200,
  );
  await expect(item(reminders, created.number)).toBeVisible({ timeout: 2_000 });
  await expect(item(fresh, created.number)).toHaveCount(0);
  await expect(queueCount(page, queue.id, "pending")).toHaveText("1", { timeout: 2_000 });

  // Bob moves it away while Alice holds it: she is notified, the move ended her lock, the reminder is still hers.
  await expectStatus(await request.patch(`/api/v1/tickets/${created.number}`, { headers: bearer(team.colleague), data: { queue: team.otherQueue.id } }), 200);
  // The reminder job may notify her of the due reminder too: the move's notification is the one that says "moved".
  await expect(page.getByTestId("unread-notifications").getByTestId("dashboard-notification").filter({ hasText: created.number }).filter({ hasText: "moved" })).toBeVisible({ timeout: 2_000 });
  await expect(item(locked, created.number)).toHaveCount(0);
  await expect(item(reminders, created.number)).toBeVisible();
  await expect(queueCount(page, queue.id, "pending")).toHaveText("0", { timeout: 2_000 });
  await expect(queueCount(page, queue.id, "new")).toHaveText("1", { timeout: 2_000 });

  expect(await stillTheSameDocument()).toBe(true);
  await keepScreenshot(page, testInfo, "dashboard");
  await alice.context.close();
});
