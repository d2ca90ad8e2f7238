import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { connect, type Database } from "../../db/client";
import { addAgent } from "../../server/agents/add-agent";
import { invalidateAgent } from "../../server/agents/invalidate-agent";
import { e2eDatabaseUrl, signIn, submitLogin, loginAlert } from "./support/e2e-env";

let db: Database;

test.beforeAll(async () => {
  db = connect(await e2eDatabaseUrl(), { max: 1, applicationName: "helpdesk-e2e" });
});

test.afterAll(async () => {
  await db.$client.end({ timeout: 5 });
});

test("an invalidated agent loses the open session and cannot sign in again", async ({ page }) => {
  const login = `sven-${randomBytes(3).toString("hex")}`;
  const name = "Sven Session";
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const { id } = await addAgent(db, { login, name, email: `${login}@example.com`, password });

  await signIn(page, login, password, name);
  await expect(page.getByTestId("current-agent")).toHaveText(name);
  await page.reload();
  await expect(page.getByRole("heading", { name: `Welcome, ${name}` })).toBeVisible();

  await invalidateAgent(db, id);

  await page.reload();
  await expect(page).toHaveURL((url) => url.pathname === "/login");
  await expect(page.getByTestId("current-agent")).toHaveCount(0);

  await submitLogin(page, login, password);
  await expect(loginAlert(page)).toHaveText("Wrong login or password.");
  await expect(page).toHaveURL((url) => url.pathname === "/login");
});
