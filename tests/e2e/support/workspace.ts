/**
 * What the workspace specs (queue view, dashboard, board) share: a team on the e2e database,
 * agents signed in in their own browser contexts, mail sent over SMTP, requests counted
 * while a page waits for the socket, and screenshots kept as test artifacts.
 */
import { expect, type Browser, type BrowserContext, type Page, type TestInfo } from "@playwright/test";
import { createTransport } from "nodemailer";
import type { ApiAgent } from "../api/support";
import { e2eSettings, signIn } from "./e2e-env";

export interface SignedIn {
  context: BrowserContext;
  page: Page;
}

/** A fresh browser context (its own cookies) with `agent` signed in, at 1280×800. */
export async function signedIn(browser: Browser, agent: ApiAgent): Promise<SignedIn> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, agent.login, agent.password, agent.name);
  return { context, page };
}

/** Waits until the page's socket is live (the header's connection status says so). */
export async function waitForLive(page: Page): Promise<void> {
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");
}

/** Sends one message to the helpdesk's inbound SMTP server, as a customer's mail server would. */
export async function sendOverSmtp(raw: string, envelope: { from: string; to: string }): Promise<void> {
  const transport = createTransport({ host: "127.0.0.1", port: e2eSettings().smtpPort, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

export function customerMail(options: { to: string; subject: string; from?: string }): string {
  return [
    `From: ${options.from ?? "Carla Customer <carla@example.com>"}`,
    `To: ${options.to}`,
    `Subject: ${options.subject}`,
    `Message-ID: <${Date.now()}.${Math.random().toString(36).slice(2)}@example.com>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hello, the printer is on fire again.",
    "",
  ].join("\r\n");
}

/**
 * Counts the HTTP requests (documents, fetches, server actions) the page makes from now on:
 * a live update must come over the socket, not from a reload or a request. Next's prefetches
 * of links on screen (marked `next-router-prefetch`) are navigation, not updates: left out.
 */
export function trackRequests(page: Page): { count(): number; urls(): string[] } {
  const seen: string[] = [];
  page.on("request", (request) => {
    if (!["document", "fetch", "xhr"].includes(request.resourceType())) return;
    if (request.headers()["next-router-prefetch"] !== undefined) return;
    seen.push(`${request.method()} ${request.url()}`);
  });
  return { count: () => seen.length, urls: () => [...seen] };
}

/** Marks the page's document: the mark survives anything but a reload or a navigation away. */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => document.documentElement.setAttribute("data-e2e-mark", "kept"));
  return () => page.evaluate(() => document.documentElement.getAttribute("data-e2e-mark") === "kept");
}

/** A full-page screenshot kept with the test's results and attached to its report. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
