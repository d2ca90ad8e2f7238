/**
 * The ticket page with two (or three) agents at once: concurrent edits are visibly prevented
 * and refused by the server, changes arrive over the socket without a request, a takeover
 * keeps the draft, and HTML mail runs nothing and loads nothing remote until asked.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createQueue } from "../support/factories";
import { apiSetupForFile, bearer, fetchTicket, ticketFor, unique, type ApiAgent } from "./api/support";
import { e2eDatabaseUrl, runCli, signIn } from "./support/e2e-env";
import { signedIn, waitForLive } from "./support/workspace";

const setup = apiSetupForFile();
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function agentPage(browser: Browser, agent: ApiAgent, path: string): Promise<Page> {
  const { context, page } = await signedIn(browser, agent);
  contexts.push(context);
  await page.goto(path);
  await waitForLive(page);
  return page;
}

test("two agents on one ticket: the reply lock shows at once, the server refuses the other, the answer arrives over the socket", async ({ browser, request }, testInfo) => {
  const { team } = setup();
  const ticket = await ticketFor(setup());
  const alice = await agentPage(browser, team.agent, `/tickets/${ticket.number}`);
  const bob = await agentPage(browser, team.colleague, `/tickets/${ticket.number}`);

  // Bob watches: every fetch his page makes, and the moment Alice's answer shows up.
  const marker = `answer-${unique()}`;
  await bob.evaluate((mark) => {
    const state = { fetches: [] as number[], seen: 0 };
    (window as unknown as { probe: typeof state }).probe = state;
    const original = window.fetch.bind(window);
    window.fetch = (...args) => {
      state.fetches.push(performance.now());
      return original(...args);
    };
    new MutationObserver(() => {
      if (!state.seen && document.querySelector('[data-testid="thread"]')?.textContent?.includes(mark)) state.seen = performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, marker);

  await alice.getByTestId("reply").click();
  await expect(alice.getByTestId("reply-composer")).toBeVisible();
  const started = Date.now();
  await expect(bob.getByTestId("locked-by")).toContainText(`Locked by ${team.agent.name}`);
  expect(Date.now() - started).toBeLessThan(1_000);
  await expect(bob.getByTestId("reply")).toBeDisabled();
  await expect(bob.getByTestId("reply-disabled-reason")).toContainText(team.agent.name);
  await expect(bob.getByTestId("presence-viewer")).toHaveAttribute("data-composing", "true");

  // The server refuses Bob whatever his page shows.
  const forced = await request.post(`/api/v1/tickets/${ticket.number}/articles`, { headers: bearer(team.colleague), data: { kind: "reply", body: "Me too" } });
  expect(forced.status()).toBe(409);
  expect((await forced.json()) as { owner: { login: string } }).toMatchObject({ owner: { login: team.agent.login } });

  const actionStart = await bob.evaluate(() => performance.now());
  await alice.getByLabel("Message").fill(`We are on it. ${marker}`);
  await alice.getByRole("button", { name: "Send" }).click();
  await expect(bob.getByTestId("thread")).toContainText(marker);
  const probe = await bob.evaluate(() => (window as unknown as { probe: { fetches: number[]; seen: number } }).probe);
  expect(probe.seen).toBeGreaterThan(actionStart);
  expect(probe.fetches.filter((at) => at > actionStart && at < probe.seen)).toEqual([]);
  await expect(alice.getByTestId("reply-composer")).toHaveCount(0);

  await alice.screenshot({ path: testInfo.outputPath("ticket-page.png"), fullPage: true });
  await testInfo.attach("ticket page", { path: testInfo.outputPath("ticket-page.png"), contentType: "image/png" });
});

test("a supervisor takes over while the agent writes: the agent is told and the draft survives, reloads included", async ({ browser, request }) => {
  const { team } = setup();
  const ticket = await ticketFor(setup());
  const alice = await agentPage(browser, team.agent, `/tickets/${ticket.number}`);
  await alice.getByTestId("reply").click();
  const draft = `Half-written answer ${unique()}`;
  await alice.getByLabel("Message").fill(draft);

  const takeover = await request.patch(`/api/v1/tickets/${ticket.number}`, { headers: bearer(team.ownerAgent), data: { owner: team.colleague.login } });
  expect(takeover.status()).toBe(200);

  await expect(alice.getByTestId("toast")).toContainText("took this ticket over");
  await expect(alice.getByTestId("composer-blocked")).toContainText(team.colleague.name);
  await expect(alice.getByLabel("Message")).toHaveValue(draft);
  await expect(alice.getByRole("button", { name: "Send" })).toBeDisabled();

  await alice.reload();
  await expect(alice.getByTestId("locked-by")).toContainText(team.colleague.name);
  const stored = await alice.evaluate((number) => localStorage.getItem(`helpdesk:draft:${number}:reply`), ticket.number);
  expect(JSON.parse(stored ?? "{}")).toMatchObject({ body: draft });

  // Once the ticket is free again, the reply opens with the draft.
  const released = await request.post(`/api/v1/tickets/${ticket.number}/unlock`, { headers: bearer(team.colleague) });
  expect(released.status()).toBe(200);
  await expect(alice.getByTestId("reply")).toBeEnabled();
  await alice.getByTestId("reply").click();
  await expect(alice.getByLabel("Message")).toHaveValue(draft);
});

test("an HTML mail with a script and a remote image: nothing runs, nothing loads until Show images", async ({ browser }) => {
  const { team } = setup();
  const subject = `HTML mail ${unique()}`;
  const html = `<p>Hello <b>team</b></p><script>alert("xss")</script><img src="x" onerror="alert('handler')"><a href="javascript:alert('link')">click</a><img src="http://remote.example/pixel.png" alt="tracker"><table><tr><td>kept</td></tr></table>`;
  const mail = [`From: Eve <eve-${unique()}@customer.example>`, `To: ${team.queue.address}`, `Subject: ${subject}`, `Message-ID: <${unique()}@customer.example>`, "MIME-Version: 1.0", "Content-Type: text/html; charset=utf-8", "", html, ""].join("\r\n");
  const ingested = await runCli(["mail:ingest"], { ...process.env, DATABASE_URL: await e2eDatabaseUrl() }, Buffer.from(mail));
  expect(ingested.code, ingested.stderr).toBe(0);
  const { db } = setup();
  const [row] = await db.$client<{ number: string }[]>`select number from tickets where title = ${subject}`;

  const context = await browser.newContext();
  contexts.push(context);
  const remote: string[] = [];
  await context.route("http://remote.example/**", (route) => {
    remote.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "image/png", body: Buffer.from("89504e470d0a1a0a", "hex") });
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await signIn(page, team.agent.login, team.agent.password, team.agent.name);
  await page.goto(`/tickets/${row!.number}`);
  const frame = page.frameLocator('iframe[title="Message"]');
  await expect(frame.locator("td")).toHaveText("kept");
  await expect(frame.locator("b")).toHaveText("team");
  await frame.locator("a").click();
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  expect(remote).toEqual([]);

  await page.getByTestId("show-images").click();
  await expect.poll(() => remote.length).toBeGreaterThan(0);
  expect(remote[0]).toBe("http://remote.example/pixel.png");
  expect(dialogs).toEqual([]);
});

test("keyboard, without the mouse: a queue, j and o open a ticket, l locks, n writes a note, r answers, Ctrl+Enter sends", async ({ browser, request }) => {
  const { team, db } = setup();
  const queue = await createQueue(db, { group: team.group.name });
  await ticketFor(setup(), { queue: queue.id, title: "First in line" });
  const ticket = await ticketFor(setup(), { queue: queue.id, title: "Second in line" });
  const page = await agentPage(browser, team.agent, `/queues/${queue.id}`);

  await expect(page.locator('tr[data-testid="queue-ticket"][data-current]')).toHaveCount(1);
  await page.keyboard.press("j");
  await page.keyboard.press("o");
  await expect(page).toHaveURL((url) => url.pathname === `/tickets/${ticket.number}`);
  await expect(page.getByTestId("ticket-title")).toHaveText("Second in line");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");

  await page.keyboard.press("l");
  await expect.poll(async () => (await fetchTicket(request, team.agent, ticket.number)).lock).toBe("locked");
  expect((await fetchTicket(request, team.agent, ticket.number)).owner?.login).toBe(team.agent.login);

  await page.keyboard.press("n");
  await expect(page.getByTestId("note-composer")).toBeVisible();
  await expect(page.getByLabel("Message")).toBeFocused();
  // Typing in the composer is not a shortcut: these letters are the note.
  await page.keyboard.type("only letters rnl here");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("thread")).toContainText("only letters rnl here");
  await expect(page.getByTestId("note-composer")).toHaveCount(0);

  await page.keyboard.press("r");
  await expect(page.getByTestId("reply-composer")).toBeVisible();
  await page.keyboard.type("Answered from the keyboard.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("thread")).toContainText("Answered from the keyboard.");

  const shown = await fetchTicket(request, team.agent, ticket.number);
  expect(shown.articles.slice(-2).map((article) => [article.kind, article.body])).toEqual([
    ["note_internal", "only letters rnl here"],
    ["email_out", expect.stringContaining("Answered from the keyboard.")],
  ]);
});
