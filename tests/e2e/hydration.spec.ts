/**
 * A page whose scripts are slow: the controls that work only through React's handlers stay
 * disabled until the page is hydrated (components/useHydrated.ts), so an early click is neither
 * lost nor a native form submission that puts the fields in the URL.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connect, type Database } from "../../db/client";
import { addAgent } from "../../server/agents/add-agent";
import { TEST_ADMIN_PASSWORD } from "../support/constants";
import { e2eDatabaseUrl, signIn } from "./support/e2e-env";

let db: Database;

test.beforeAll(async () => {
  db = connect(await e2eDatabaseUrl(), { max: 1, applicationName: "helpdesk-e2e-hydration" });
});

test.afterAll(async () => {
  await db.$client.end({ timeout: 5 });
});

/** Holds every script of the next page load until the returned function is called. */
async function holdScripts(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/**/*.js", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test("before hydration the admin forms' buttons and checkboxes are disabled; after it they work", async ({ page }) => {
  const id = randomBytes(3).toString("hex");
  const group = `Early ${id}`;
  const agent = await addAgent(db, { login: `early-${id}`, name: `Early ${id}`, email: `early-${id}@example.com`, password: `pw-${id}-long-enough` });
  await signIn(page, "admin", TEST_ADMIN_PASSWORD, "Admin");

  const releaseGroups = await holdScripts(page);
  await page.goto("/admin/groups", { waitUntil: "domcontentloaded" });
  const create = page.getByRole("button", { name: "Create group" });
  await expect(create).toBeDisabled();
  await page.getByRole("form", { name: "New group" }).getByLabel("Name").fill(group);
  releaseGroups();
  await create.click();
  await expect(page.getByTestId("group-created")).toContainText(group);
  expect(new URL(page.url()).search).toBe("");
  await page.unrouteAll();

  const releaseAgent = await holdScripts(page);
  await page.goto(`/admin/agents/${agent.id}`, { waitUntil: "domcontentloaded" });
  const permissions = page.getByTestId(`permissions-${group}`);
  await expect(permissions.getByLabel("rw", { exact: true })).toBeDisabled();
  releaseAgent();
  await permissions.getByLabel("ro", { exact: true }).check();
  await permissions.getByRole("button", { name: "Save" }).click();
  await expect(permissions.getByRole("button", { name: "Save" })).toBeDisabled();
  await page.reload();
  await expect(page.getByTestId(`permissions-${group}`).getByLabel("ro", { exact: true })).toBeChecked();
});
