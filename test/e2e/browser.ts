/**
 * Headless Chromium for the browser tests: the system's chromium (Debian's package; `.ci/run`
 * installs it), driven by playwright-core, which downloads no browser of its own.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";
import { ROOT } from "../../scripts/lib/local";
import { afterEach } from "vitest";

export const SCREENSHOTS = path.join(ROOT, "test", "e2e", "screenshots");

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    // CI runs as root, where Chromium's sandbox cannot start.
    args: ["--no-sandbox"],
  });
}

/**
 * Browser contexts for one test each: `open()` makes one (own cookies, clipboard allowed, as the
 * copy buttons need); when the test fails every page of its contexts is saved as a screenshot named
 * after the test; all are closed after it.
 */
export function perTestContexts(browser: () => Browser, origin: () => string): { open(): Promise<BrowserContext> } {
  let current: BrowserContext[] = [];
  afterEach(async ({ task }) => {
    if (task.result?.state === "fail") {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const name = task.name.replace(/\W+/g, "-").slice(0, 80);
      const pages = current.flatMap((c) => c.pages());
      await Promise.all(pages.map((page, i) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${i}.png`), fullPage: true }).catch(() => undefined)));
      if (pages.length) console.error(`screenshots of the failed test: ${path.relative(ROOT, SCREENSHOTS)}/${name}-*.png`);
    }
    await Promise.all(current.map((c) => c.close()));
    current = [];
  });
  return {
    async open() {
      const context = await browser().newContext({ baseURL: origin() });
      await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: origin() });
      current.push(context);
      return context;
    },
  };
}

/** Logs in on the login page of `origin` (default: the context's base URL). */
export async function logIn(page: Page, email: string, password: string, origin = ""): Promise<void> {
  await page.goto(`${origin}/accounts/login/`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/accounts/login/")), page.click("main button[type=submit]")]);
}
