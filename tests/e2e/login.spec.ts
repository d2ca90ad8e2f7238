import { expect, test } from "@playwright/test";
import { TEST_ADMIN_PASSWORD } from "../support/constants";
import { signIn, submitLogin, loginAlert } from "./support/e2e-env";

const onLoginPage = (url: URL) => url.pathname === "/login";

test("the admin signs in, sees the seeded queues, and signs out", async ({ page }) => {
  await signIn(page, "admin", TEST_ADMIN_PASSWORD, "Admin");
  await expect(page.getByTestId("current-agent")).toContainText("Admin");
  const rows = page.getByTestId("queue-row");
  await expect(rows.filter({ hasText: "Raw" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Junk" })).toHaveCount(1);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(onLoginPage);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

  await page.goto("/");
  await expect(page).toHaveURL(onLoginPage);
  await expect(page.getByTestId("current-agent")).toHaveCount(0);
});

test("a wrong password is refused and stays on the login page", async ({ page }) => {
  await page.goto("/login");
  await submitLogin(page, "admin", `${TEST_ADMIN_PASSWORD}-wrong`);
  await expect(loginAlert(page)).toHaveText("Wrong login or password.");
  await expect(page).toHaveURL(onLoginPage);

  await page.goto("/");
  await expect(page).toHaveURL(onLoginPage);
});

test("a page visited signed out leads to the login page with a callback, honoured after signing in", async ({ page }) => {
  await page.goto("/some/page");
  await expect(page).toHaveURL(onLoginPage);
  const callbackUrl = new URL(page.url()).searchParams.get("callbackUrl");
  expect(callbackUrl).not.toBeNull();
  expect(new URL(callbackUrl ?? "", page.url()).pathname).toBe("/some/page");

  // /some/page does not exist: signing in takes the agent back to it (a 404), signed in.
  await submitLogin(page, "admin", TEST_ADMIN_PASSWORD);
  await expect(page).toHaveURL((url) => url.pathname === "/some/page");
  await page.goto("/");
  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { name: "Welcome, Admin" })).toBeVisible();
});

test("signing in from a deep link returns to it", async ({ page }) => {
  await page.goto("/?from=deep-link");
  await expect(page).toHaveURL(onLoginPage);
  const callbackUrl = new URL(page.url()).searchParams.get("callbackUrl");
  expect(new URL(callbackUrl ?? "/", page.url()).search).toBe("?from=deep-link");

  await submitLogin(page, "admin", TEST_ADMIN_PASSWORD);
  await expect(page).toHaveURL((url) => url.pathname === "/" && url.searchParams.get("from") === "deep-link");
  await expect(page.getByRole("heading", { name: "Welcome, Admin" })).toBeVisible();
  await expect(page.getByTestId("current-agent")).toContainText("Admin");
});
