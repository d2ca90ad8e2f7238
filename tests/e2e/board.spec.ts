import { expect, test, type Page } from "@playwright/test";
import { createQueue } from "../support/factories";
import { apiSetupForFile, bearer, expectStatus, type ApiTicket, type TicketPage } from "./api/support";
import { customerMail, keepScreenshot, markDocument, sendOverSmtp, signedIn, waitForLive } from "./support/workspace";

const setup = apiSetupForFile();

const tile = (page: Page, queueId: number) => page.locator(`[data-testid="board-tile"][data-queue-id="${queueId}"]`);
const onlineAgent = (page: Page, login: string) => page.getByTestId("agents-online").locator(`[data-testid="online-agent"][data-login="${login}"]`);

test("the board shows each queue live: counts, the oldest waiting ticket, locks and who is online", async ({ browser, request }, testInfo) => {
  const { db, team } = setup();
  const queue = await createQueue(db, { group: team.group.name });

  // The supervisor (ro on the team's queues) watches the board.
  const supervisor = await signedIn(browser, team.reader);
  const board = supervisor.page;
  await board.goto("/board");
  await expect(tile(board, queue.id)).toContainText(queue.name);
  await expect(tile(board, queue.id).getByTestId("tile-new")).toHaveText("0");
  await expect(tile(board, queue.id).getByTestId("tile-oldest")).toContainText("none");
  await waitForLive(board);
  await expect(onlineAgent(board, team.reader.login)).toBeVisible();
  await expect(onlineAgent(board, team.agent.login)).toHaveCount(0);
  const stillTheSameDocument = await markDocument(board);

  // Alice signs in and opens the queue: the board shows her online, in that queue's tile too.
  const alice = await signedIn(browser, team.agent);
  await alice.page.goto(`/queues/${queue.id}`);
  await waitForLive(alice.page);
  await expect(onlineAgent(board, team.agent.login)).toBeVisible({ timeout: 2_000 });
  await expect(tile(board, queue.id).getByTestId("tile-online")).toContainText(team.agent.name);

  // Bob has the queue open too.
  const bob = await signedIn(browser, team.colleague);
  await bob.page.goto(`/queues/${queue.id}`);
  await waitForLive(bob.page);

  // A customer's mail arrives over SMTP: within 2 s it is on the board and in both agents' queue views.
  const subject = `Mail over SMTP ${Date.now()}`;
  await sendOverSmtp(customerMail({ to: queue.address, subject }), { from: "carla@example.com", to: queue.address });
  const sent = Date.now();
  await expect(tile(board, queue.id).getByTestId("tile-new")).toHaveText("1", { timeout: 2_000 });
  await expect(alice.page.getByTestId("queue-ticket").filter({ hasText: subject })).toBeVisible({ timeout: 2_000 });
  await expect(bob.page.getByTestId("queue-ticket").filter({ hasText: subject })).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - sent).toBeLessThan(2_000);
  await bob.context.close();
  const listed = await expectStatus<TicketPage>(await request.get(`/api/v1/tickets?queue=${queue.id}`, { headers: bearer(team.agent) }), 200);
  const ticket = listed.tickets.find((candidate) => candidate.title === subject)!;
  await expect(tile(board, queue.id).getByTestId("tile-oldest")).toContainText(ticket.number);

  // Alice locks it: the tile and her line say so within a second.
  await expectStatus<ApiTicket>(await request.post(`/api/v1/tickets/${ticket.number}/lock`, { headers: bearer(team.agent) }), 200);
  await expect(tile(board, queue.id).getByTestId("tile-lock")).toHaveText(`${ticket.number}by ${team.agent.name}`, { timeout: 1_000 });
  await expect(tile(board, queue.id).getByTestId("tile-locked")).toHaveText("1");
  await expect(onlineAgent(board, team.agent.login)).toContainText("1 locked");
  await expect(onlineAgent(board, team.agent.login)).toContainText(ticket.number);

  await keepScreenshot(board, testInfo, "board");
  await board.emulateMedia({ colorScheme: "dark" });
  await keepScreenshot(board, testInfo, "board-dark");
  await board.emulateMedia({ colorScheme: "light" });

  // Alice leaves: she is no longer online.
  await alice.context.close();
  await expect(onlineAgent(board, team.agent.login)).toHaveCount(0, { timeout: 2_000 });
  expect(await stillTheSameDocument()).toBe(true);
  await supervisor.context.close();
});
