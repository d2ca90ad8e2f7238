/**
 * The search page: full text over articles, filters that narrow, everything in the URL, keyset
 * pages, and the `/` key that brings the search box from anywhere.
 */
import { expect, test, type Page } from "@playwright/test";
import { sql } from "drizzle-orm";
import { addNote } from "../../server/tickets/add-note";
import { changeState } from "../../server/tickets/change-state";
import { replyToTicket } from "../../server/tickets/reply-to-ticket";
import { apiSetupForFile, ticketFor, unique, type ApiSetup } from "./api/support";
import { createTestTicket } from "../support/factories";
import { signIn } from "./support/e2e-env";

const setup = apiSetupForFile();
test.use({ viewport: { width: 1280, height: 800 } });

interface Corpus {
  word: string;
  /** Team queue: the word in a reply; locked and owned by the agent. */
  replied: string;
  /** Team queue: the word in the first article; owned by the colleague, a customer of its own. */
  called: string;
  customer: string;
  /** The other queue: the word in a note. */
  noted: string;
  /** Team queue: closed, created in January 2020. */
  closed: string;
  /** Team queue, without the word. */
  unrelated: string;
}

/** Tickets with a word no other test uses, in every place a search looks, and one it must not see. */
async function corpus(setup: ApiSetup): Promise<Corpus> {
  const { db, team } = setup;
  const tag = unique();
  const word = `zorbl${tag}`;
  const customer = `searcher-${tag}@customer.example`;
  const replied = await ticketFor(setup, { title: `Router trouble ${tag}`, body: "It blinks." });
  await replyToTicket(db, { actor: team.agent.actor, number: replied.number, body: `Please reset the ${word} switch.` });
  const called = await ticketFor(setup, { actor: team.colleague.actor, title: `Phone call ${tag}`, body: `The ${word} is broken.`, customer: { email: customer, name: "Searcher" } });
  const noted = await ticketFor(setup, { queue: team.otherQueue.id, title: `Other queue ${tag}`, body: "Nothing here." });
  await addNote(db, { actor: team.agent.actor, number: noted.number, body: `Internal: ${word} again.` });
  const closed = await ticketFor(setup, { title: `Old case ${tag}`, body: `An old ${word}.` });
  await changeState(db, { actor: team.agent.actor, number: closed.number, state: "closed successful" });
  await db.execute(sql`update tickets set created_at = '2020-01-15T10:00:00Z' where number = ${closed.number}`);
  await createTestTicket(db, { queue: team.secretQueue.id, title: `Secret ${tag}`, body: `A secret ${word}.` });
  const unrelated = await ticketFor(setup, { title: `Unrelated ${tag}`, body: "No rare word at all." });
  return { word, replied: replied.number, called: called.number, customer, noted: noted.number, closed: closed.number, unrelated: unrelated.number };
}

const rows = (page: Page) => page.getByTestId("search-row");

async function shownNumbers(page: Page): Promise<string[]> {
  await expect(page.getByTestId("search-results").or(page.getByTestId("search-empty"))).toBeVisible();
  return (await rows(page).locator("td:nth-child(2)").allTextContents()).map((text) => text.trim()).sort();
}

async function expectShown(page: Page, numbers: string[]): Promise<void> {
  await expect.poll(() => shownNumbers(page)).toEqual([...numbers].sort());
}

test("finds a rare word in any article of readable tickets; each filter narrows, and the URL keeps the search", async ({ page }, testInfo) => {
  const found = await corpus(setup());
  const { team } = setup();
  await signIn(page, team.agent.login, team.agent.password, team.agent.name);
  await page.getByRole("link", { name: "Search" }).click();
  const box = page.getByLabel("Search text");
  await expect(box).toBeFocused();
  await box.fill(found.word);
  await box.press("Enter");
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === found.word);
  await expectShown(page, [found.replied, found.called, found.noted, found.closed]);
  await page.screenshot({ path: testInfo.outputPath("search.png"), fullPage: true });
  await testInfo.attach("search results", { path: testInfo.outputPath("search.png"), contentType: "image/png" });

  const search = page.getByRole("button", { name: "Search", exact: true });
  await page.getByLabel("Queue").selectOption({ label: team.queue.name });
  await search.click();
  await expectShown(page, [found.replied, found.called, found.closed]);

  await page.getByLabel("State").selectOption("open");
  await search.click();
  await expectShown(page, [found.replied, found.called]);

  await page.getByLabel("Owner").selectOption({ label: team.colleague.name });
  await search.click();
  await expectShown(page, [found.called]);

  await page.getByLabel("Owner").selectOption("");
  await page.getByRole("combobox", { name: "Customer e-mail" }).fill(found.customer.toUpperCase());
  await search.click();
  await expectShown(page, [found.called]);
  await expect(page).toHaveURL((url) => url.searchParams.get("customer") === found.customer.toUpperCase() && url.searchParams.get("state") === "open");

  // Back to every state and customer, then a date range around the old case only.
  await page.getByRole("combobox", { name: "Customer e-mail" }).fill("");
  await page.getByLabel("State").selectOption("all");
  await page.getByLabel("Created from").fill("2020-01-01");
  await page.getByLabel("Created to").fill("2020-01-31");
  await search.click();
  await expectShown(page, [found.closed]);
  await page.getByLabel("Created from").fill("2020-01-16");
  await search.click();
  await expect(page.getByTestId("search-empty")).toBeVisible();

  // The search is its URL: a reload shows the same, the row links open the ticket.
  await page.getByLabel("Created from").fill("");
  await page.getByLabel("Created to").fill("");
  await search.click();
  await expectShown(page, [found.replied, found.called, found.closed]);
  await page.reload();
  await expectShown(page, [found.replied, found.called, found.closed]);
  await expect(page.getByLabel("Queue")).toHaveValue(String(team.queue.id));
  await rows(page).getByRole("link", { name: `Phone call` }).click();
  await expect(page).toHaveURL((url) => url.pathname === `/tickets/${found.called}`);
});

test("pages through the hits with the keyset cursor: each ticket once, then the first page again", async ({ page }) => {
  const found = await corpus(setup());
  const { team } = setup();
  await signIn(page, team.agent.login, team.agent.password, team.agent.name);
  await page.goto(`/search?q=${found.word}&limit=3`);
  const first = await shownNumbers(page);
  expect(first).toHaveLength(3);
  await expect(page.getByTestId("first-page")).toHaveCount(0);
  await page.getByTestId("next-page").click();
  await expect(page.getByTestId("search-summary")).toContainText("Page 2");
  const second = await shownNumbers(page);
  expect(second).toHaveLength(1);
  await expect(page.getByTestId("next-page")).toHaveCount(0);
  expect([...first, ...second].sort()).toEqual([found.replied, found.called, found.noted, found.closed].sort());

  await page.getByTestId("first-page").click();
  await expect(page.getByTestId("search-summary")).toContainText("Page 1");
  expect(await shownNumbers(page)).toEqual(first);
  // A cursor that is not one answers with a way back instead of an error page.
  await page.goto(`/search?q=${found.word}&limit=3&cursor=garbage`);
  await expect(page.getByTestId("search-error")).toContainText("start from the first page");
});

test("the / key focuses the search from anywhere; j/k move through the hits and o opens one", async ({ page }) => {
  const found = await corpus(setup());
  const { team } = setup();
  await signIn(page, team.agent.login, team.agent.password, team.agent.name);
  await page.goto(`/tickets/${found.unrelated}`);
  await expect(page.getByTestId("ticket-title")).toBeVisible();
  await page.keyboard.press("/");
  await expect(page).toHaveURL((url) => url.pathname === "/search");
  const box = page.getByLabel("Search text");
  await expect(box).toBeFocused();
  await page.keyboard.type(found.word);
  await page.keyboard.press("Enter");
  await expectShown(page, [found.replied, found.called, found.noted, found.closed]);

  // On the results, / takes the focus back to the box, with its text selected to type over.
  await page.getByRole("heading", { name: "Search" }).click();
  await expect(box).not.toBeFocused();
  await page.keyboard.press("/");
  await expect(box).toBeFocused();
  expect(await box.evaluate((input: HTMLInputElement) => input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0))).toBe(found.word);

  await page.getByRole("heading", { name: "Search" }).click();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await expect(rows(page).nth(0)).toHaveAttribute("aria-selected", "true");
  const first = (await rows(page).nth(0).locator("td:nth-child(2)").textContent())!.trim();
  await page.keyboard.press("o");
  await expect(page).toHaveURL((url) => url.pathname === `/tickets/${first}`);
});
