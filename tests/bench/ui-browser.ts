/**
 * The browser side of the UI bench: Debian's chromium through Playwright, one signed-in
 * context, every load in a new page; paint and navigation timings read from the page's
 * Performance API, and the scripts a page loads, gzipped here.
 */
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Milliseconds from the start of the navigation. */
export interface LoadTiming {
  /** responseStart: the first byte of the HTML (server render, as the browser sees it). */
  ttfb: number;
  /** responseEnd: the last byte of the HTML. */
  html: number;
  firstPaint: number;
  firstContentfulPaint: number;
  largestContentfulPaint: number;
  domContentLoaded: number;
  load: number;
  /** Decoded size of the HTML document (with the inline React Server Components payload). */
  htmlBytes: number;
}

export interface Script {
  url: string;
  bytes: number;
  gzipBytes: number;
  /** Libraries recognised in it (see chunkContents). */
  contents: string[];
}

export interface Session {
  browser: Browser;
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches chromium and signs `login` in once at /login; the context keeps the session cookie. */
export async function signedInSession(baseUrl: string, agent: { login: string; password: string; name: string }): Promise<Session> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto("/login");
    await page.locator('input[name="login"]').fill(agent.login);
    await page.locator('input[name="password"]').fill(agent.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: `Welcome, ${agent.name}` }).waitFor({ timeout: 30_000 });
    await page.close();
    return { browser, context, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** A new page, with the HTTP cache switched off when `cold` (as on a first visit). */
async function newPage(context: BrowserContext, cold: boolean): Promise<Page> {
  const page = await context.newPage();
  if (cold) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  }
  return page;
}

/**
 * Read in the page. A string, not a function: tsx compiles this file with esbuild's keepNames,
 * whose `__name` helper a serialised function would call in the page, where it is not defined.
 */
const TIMING_SCRIPT = `(async () => {
  const paint = (name) => performance.getEntriesByType("paint").find((entry) => entry.name === name)?.startTime ?? Number.NaN;
  const navigation = performance.getEntriesByType("navigation")[0];
  const largest = await new Promise((resolve) => {
    let last = Number.NaN;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) last = entry.startTime;
    });
    observer.observe({ type: "largest-contentful-paint", buffered: true });
    setTimeout(() => (observer.disconnect(), resolve(last)), 50);
  });
  return {
    ttfb: navigation.responseStart,
    html: navigation.responseEnd,
    firstPaint: paint("first-paint"),
    firstContentfulPaint: paint("first-contentful-paint"),
    largestContentfulPaint: largest,
    domContentLoaded: navigation.domContentLoadedEventEnd,
    load: navigation.loadEventEnd,
    htmlBytes: navigation.decodedBodySize,
  };
})()`;

async function readTiming(page: Page): Promise<LoadTiming> {
  await page.waitForFunction(() => performance.getEntriesByType("paint").some((entry) => entry.name === "first-contentful-paint"), undefined, { timeout: 30_000 });
  await page.waitForFunction(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd, undefined, { timeout: 30_000 });
  return page.evaluate<LoadTiming>(TIMING_SCRIPT);
}

/**
 * One fresh navigation to `path` in a new page; `check` runs on the loaded page (after the
 * timings are read) and throws when it is not the page meant.
 */
export async function timeLoad(context: BrowserContext, path: string, options: { cold: boolean; check?: (page: Page) => Promise<void> }): Promise<LoadTiming> {
  const page = await newPage(context, options.cold);
  try {
    const response = await page.goto(path, { waitUntil: "load", timeout: 60_000 });
    if (!response || response.status() !== 200) throw new Error(`GET ${path}: HTTP ${response?.status() ?? "no response"}`);
    if (new URL(page.url()).pathname !== path.split("?")[0]) throw new Error(`GET ${path} ended at ${page.url()}`);
    const timing = await readTiming(page);
    await options.check?.(page);
    return timing;
  } finally {
    await page.close();
  }
}

/**
 * Every script `path` loads on a first visit (cache off), until the network is idle: its
 * decoded size and its size gzipped here at level 9, largest first.
 */
export async function scriptsOf(context: BrowserContext, path: string): Promise<Script[]> {
  const page = await newPage(context, true);
  const pending: Promise<Script | null>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      response.body().then(
        (body) => ({ url: response.url(), bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length, contents: chunkContents(body.toString("utf8")) }),
        () => null,
      ),
    );
  });
  try {
    await page.goto(path, { waitUntil: "load", timeout: 60_000 });
    // Chunks fetched after load (lazy components) count too; the socket keeps no request open.
    await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
    const scripts = (await Promise.all(pending)).filter((script): script is Script => script !== null);
    return scripts.sort((a, b) => b.gzipBytes - a.gzipBytes);
  } finally {
    await page.close();
  }
}

/** Libraries recognised in a chunk by strings their code keeps after minification. */
const SIGNATURES: [string, RegExp][] = [
  ["react-dom", /__reactFiber|__reactContainer|react-dom/],
  ["react", /react\.transitional\.element|react\.element/],
  ["next router", /__next_f|nextjs|next-router|__NEXT_DATA__|NEXT_REDIRECT/],
  ["socket.io-client", /socket\.io|engine\.io|EIO=/],
  ["zod", /ZodError|invalid_type/],
  ["next-auth", /next-auth|authjs/],
  ["Turbopack runtime", /TURBOPACK_ASSET_SUFFIX|TURBOPACK_CHUNK/],
];

/** What a chunk seems to contain, from SIGNATURES (a hint, not an inventory). */
function chunkContents(body: string): string[] {
  return SIGNATURES.filter(([, pattern]) => pattern.test(body)).map(([name]) => name);
}
