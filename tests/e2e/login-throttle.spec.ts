import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { connect, type Database } from "../../db/client";
import { addAgent } from "../../server/agents/add-agent";
import { SIGN_IN_LIMITS } from "../../server/auth/sign-in-throttle";
import { e2eDatabaseUrl, loginAlert, submitLogin } from "./support/e2e-env";

let db: Database;

test.beforeAll(async () => {
  db = connect(await e2eDatabaseUrl(), { max: 1, applicationName: "helpdesk-e2e-throttle" });
});

test.afterAll(async () => {
  await db.$client.end({ timeout: 5 });
});

test("after repeated failures the login page refuses even the right password, with a clear message", async ({ page }) => {
  const login = `tess-${randomBytes(3).toString("hex")}`;
  const password = `pw-${randomBytes(6).toString("hex")}`;
  await addAgent(db, { login, name: "Tess Throttle", email: `${login}@example.com`, password });

  await page.goto("/login");
  for (let attempt = 0; attempt < SIGN_IN_LIMITS.perLogin; attempt++) {
    // Each attempt is answered before the next is made.
    const answered = page.waitForResponse((response) => response.request().method() === "POST" && response.url().includes("/login"));
    await submitLogin(page, login, `wrong-${attempt}`);
    await answered;
    await expect(loginAlert(page)).toHaveText("Wrong login or password.");
    // React resets the form once the action's transition ends: filling before that would be wiped.
    await expect(page.locator('input[name="password"]')).toHaveValue("");
  }

  await submitLogin(page, login, password);
  await expect(loginAlert(page)).toContainText("Too many failed sign-ins");
  await expect(loginAlert(page)).toContainText("try again in 15 minutes");
  await expect(page).toHaveURL((url) => url.pathname === "/login");
  await page.goto("/");
  await expect(page).toHaveURL((url) => url.pathname === "/login");
});
