/**
 * The web pages as a person uses them, in headless Chromium against a real `wrangler dev` with the
 * demo data: logging in and out, a personal API token from creation to revocation, an OAuth
 * application from registration through the consent screen to a working access token, a
 * set-password link from the API to the first login, the interactive API documentation in a
 * browser that can reach no other host, and a calendar app subscribing to the URL the calendar
 * settings page shows.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAll } from "../../scripts/lib/dev-server";
import { type Instance, startInstance } from "../../scripts/lib/instance";
import demo from "../../fixtures/demo.json";
import { veventsOf } from "../helpers/ical";
import { launchBrowser, logIn, perTestContexts } from "./browser";

const ADMIN = { email: "admin@example.org", password: "admin-demo-password", name: "Katrin Vogel" };
const VOLUNTEER = { email: "volunteer@example.org", password: "volunteer-demo-password" };
/** The demo admin's token: all six scopes. */
const ADMIN_TOKEN = "demo-admin-evQ1LpF9hFXbN47BhmAEw1KrOab3uIip6ufQLIt";

let instance: Instance;
let browser: Browser;
const contexts = perTestContexts(
  () => browser,
  () => instance.origin,
);
const freshContext = () => contexts.open();

/** Calls the API from outside the browser, as a script holding the token would. */
async function me(token: string): Promise<{ status: number; email?: string }> {
  const response = await fetch(`${instance.origin}/api/users/me/`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { email?: string };
  return { status: response.status, email: body.email };
}

beforeAll(async () => {
  [instance, browser] = await Promise.all([startInstance("e2e-pages"), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await stopAll();
});

describe("logging in and out", () => {
  it("a wrong password keeps you on the login page with a message", async () => {
    const page = await (await freshContext()).newPage();
    await page.goto("/accounts/login/");
    await page.fill("#email", ADMIN.email);
    await page.fill("#password", "not-the-password");
    await page.click("main button[type=submit]");
    await expect.poll(() => page.textContent("body")).toContain("Please enter a correct email address and password");
    expect(new URL(page.url()).pathname).toBe("/accounts/login/");
  });

  it("logs in, shows who is logged in, logs out, and protected pages send you to the login again", async () => {
    const page = await (await freshContext()).newPage();
    await page.goto("/api/settings/token/");
    expect(new URL(page.url()).pathname).toBe("/accounts/login/");

    await logIn(page, ADMIN.email, ADMIN.password);
    await page.goto("/api/settings/token/");
    expect(await page.textContent("[aria-label='Logged in as']")).toBe(ADMIN.name);

    await Promise.all([page.waitForURL("**/accounts/login/"), page.click("header button:has-text('Log out')")]);
    await page.goto("/api/settings/token/");
    expect(new URL(page.url()).pathname).toBe("/accounts/login/");
    expect(await page.locator("[aria-label='Logged in as']").count()).toBe(0);
  });
});

describe("a personal API token", () => {
  it("is created, copied from the reveal page, works, is never shown again, and stops working when revoked", async () => {
    const page = await (await freshContext()).newPage();
    await logIn(page, VOLUNTEER.email, VOLUNTEER.password);

    await page.goto("/api/settings/token/");
    await page.click("text=Create new API token");
    await page.fill("#description", "Door sign in the garage");
    await page.check("input[name=scope][value=ME_READ]");
    await Promise.all([page.waitForURL("**/api/settings/token/reveal/*/"), page.click("main button[type=submit]")]);
    const revealUrl = page.url();

    await page.click("#copy");
    const copied = await page.evaluate(() => (navigator as Navigator & { clipboard: { readText(): Promise<string> } }).clipboard.readText());
    expect(copied).toBe(await page.inputValue("#token"));
    expect(copied.length).toBeGreaterThan(30);
    expect(await me(copied)).toEqual({ status: 200, email: VOLUNTEER.email });

    // The secret is revealed once.
    await page.goto(revealUrl);
    expect(await page.locator("#token").count()).toBe(0);
    expect(await page.content()).not.toContain(copied);

    await page.goto("/api/settings/token/");
    const card = page.locator("section.card", { hasText: "Door sign in the garage" });
    await card.locator("button:has-text('Revoke')").click();
    await expect.poll(() => card.locator(".badge").textContent()).toBe("Revoked");
    expect((await me(copied)).status).toBe(403);
  });
});

describe("an OAuth application", () => {
  // The application's callback: a path of the instance itself, so the browser can load it (a 404
  // page) and the test reads the code from its URL.
  let redirectUri: string;
  const atApplication = (url: URL) => url.href.startsWith(`${redirectUri}?`);
  beforeAll(() => {
    redirectUri = `${instance.origin}/door-sign/callback`;
  });

  it("is registered by staff; a user authorizes it on the consent screen; its code gives a working token", async () => {
    const staff = await (await freshContext()).newPage();
    await logIn(staff, ADMIN.email, ADMIN.password);
    await staff.goto("/api/settings/applications/register/");
    await staff.fill("#name", "Door sign");
    await staff.selectOption("#client_type", "confidential");
    await staff.fill("#redirect_uris", redirectUri);
    await staff.click("button:has-text('Save')");
    await expect.poll(() => staff.textContent("h1")).toContain("Application registered");
    const clientId = await staff.inputValue("#client_id");
    const clientSecret = await staff.inputValue("#client_secret");

    // Another person, in another browser profile, authorizes the application.
    const user = await (await freshContext()).newPage();
    await logIn(user, VOLUNTEER.email, VOLUNTEER.password);
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const authorize = new URL("/api/oauth/authorize/", instance.origin);
    for (const [name, value] of Object.entries({ response_type: "code", client_id: clientId, redirect_uri: redirectUri, scope: "ME_READ", state: "s-123", code_challenge: challenge, code_challenge_method: "S256" })) {
      authorize.searchParams.set(name, value);
    }
    await user.goto(authorize.href);
    expect(await user.textContent("h1")).toContain("Authorize Door sign?");
    expect(await user.textContent("main")).toContain("ME_READ");
    await Promise.all([user.waitForURL(atApplication), user.click("button:has-text('Authorize')")]);
    const callback = new URL(user.url());
    expect(callback.searchParams.get("state")).toBe("s-123");
    const code = callback.searchParams.get("code")!;

    const token = await fetch(`${instance.origin}/api/oauth/token/`, {
      method: "POST",
      headers: { Authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri }),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    expect(await me(access_token)).toEqual({ status: 200, email: VOLUNTEER.email });

    // The user sees the authorized application on their integrations page.
    await user.goto("/api/settings/token/");
    expect(await user.textContent("main")).toContain("Door sign");
  });

  it("Cancel on the consent screen sends the user back with access_denied and issues nothing", async () => {
    const user = await (await freshContext()).newPage();
    await logIn(user, VOLUNTEER.email, VOLUNTEER.password);
    const staff = await (await freshContext()).newPage();
    await logIn(staff, ADMIN.email, ADMIN.password);
    await staff.goto("/api/settings/applications/");
    await staff.locator("tr", { hasText: "Door sign" }).locator("a:has-text('View')").click();
    const clientId = await staff.inputValue("#client_id");

    const challenge = createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url");
    await user.goto(`/api/oauth/authorize/?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(redirectUri)}&scope=ME_READ&state=c-1&code_challenge=${challenge}&code_challenge_method=S256`);
    await Promise.all([user.waitForURL(atApplication), user.click("button:has-text('Cancel')")]);
    const callback = new URL(user.url());
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe("c-1");
    expect(callback.searchParams.get("code")).toBeNull();
  });
});

describe("a set-password link", () => {
  it("lets a user created through the API choose a password once and log in with it", async () => {
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" };
    const created = await fetch(`${instance.origin}/api/users/`, { method: "POST", headers: admin, body: JSON.stringify({ email: "new.member@example.org", display_name: "Nora Neu" }) });
    expect(created.status).toBe(201);
    const id = new URL(created.headers.get("Location")!, instance.origin).pathname.split("/").at(-2);
    const link = await fetch(`${instance.origin}/api/users/${id}/password-link/`, { method: "POST", headers: admin });
    expect(link.status).toBe(201);
    const { url } = (await link.json()) as { url: string };

    // The page is posted under Referrer-Policy: no-referrer, where Chromium sends `Origin: null`.
    const page = await (await freshContext()).newPage();
    await page.goto(url);
    expect(await page.textContent("main")).toContain("new.member@example.org");
    await page.fill("#new_password1", "a-chosen-password-7");
    await page.fill("#new_password2", "a-chosen-password-7");
    await Promise.all([page.waitForURL("**/accounts/login/"), page.click("main button[type=submit]")]);
    expect(await page.textContent("body")).toContain("Your password has been set.");

    await logIn(page, "new.member@example.org", "a-chosen-password-7");
    await page.goto("/api/settings/token/");
    expect(await page.textContent("[aria-label='Logged in as']")).toBe("Nora Neu");

    // Used once, the link shows that it cannot be used again.
    const again = await (await freshContext()).newPage();
    await again.goto(url);
    expect(await again.textContent("main")).toContain("This link cannot be used");
  });
});

describe("the API documentation (Swagger UI)", () => {
  it("lists the operations, tries one with a token kept across a reload, and needs no other host", async () => {
    const context = await freshContext();
    // As without internet: any request to another host fails, and is recorded.
    const elsewhere: string[] = [];
    await context.route("**/*", (route) => {
      if (new URL(route.request().url()).origin === instance.origin) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });

    await page.goto("/api/schema/swagger-ui/");
    // Swagger UI breaks paths with zero-width spaces; data-path holds the path as written.
    const events = page.locator('.opblock-summary-path[data-path="/api/events/"]').first();
    await events.waitFor();
    expect((await events.textContent())?.replace(/\u200b/g, "")).toBe("/api/events/");
    // Every operation of the document, each once.
    const document = (await (await fetch(`${instance.origin}/api/schema/?format=json`)).json()) as { paths: Record<string, object> };
    expect(await page.locator(".opblock").count()).toBe(Object.values(document.paths).reduce((sum, operations) => sum + Object.keys(operations).length, 0));

    await page.click(".auth-wrapper .authorize");
    const bearerScheme = page.locator(".auth-container", { has: page.locator("h4", { hasText: "tokenAuth" }) });
    await bearerScheme.locator("input[type=text]").fill(ADMIN_TOKEN);
    await bearerScheme.locator("button.authorize").click();
    await page.click(".dialog-ux .close-modal");
    // persistAuthorization: the token survives a reload (in this origin's localStorage).
    await page.reload();
    const me = page.locator('.opblock-get:has(.opblock-summary-path[data-path="/api/users/me/"])');
    await me.locator(".opblock-summary").click();
    await me.locator(".try-out__btn").click();
    await me.locator(".execute").click();
    const answer = me.locator(".live-responses-table tr.response");
    await answer.waitFor();
    expect((await answer.locator(".response-col_status").textContent())?.trim()).toBe("200");
    expect(await answer.locator(".response-col_description").textContent()).toContain(ADMIN.email);

    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe("the calendar feed", () => {
  const volunteer = demo.users.find((u) => u.email === VOLUNTEER.email)!;
  const volunteerToken = demo.api_tokens.find((t) => t.user === volunteer.id)!.token;

  /** Fetches a feed as a calendar app does: no cookies, only the ETag of the last answer, if any. */
  const subscribe = (url: string, etag?: string) => fetch(url, { headers: etag === undefined ? {} : { "If-None-Match": etag } });

  /** The VEVENTs of a feed answer, read by ical.js. */
  async function vevents(response: Response) {
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    return veventsOf(await response.text()).map(({ uid, summary, start, end, status }) => ({ uid, summary, start, end, status }));
  }

  /** The feed as the API describes it: the user's own confirmed (and, as the URL asks, requested) participations. */
  async function expectedEvents() {
    const response = await fetch(`${instance.origin}/api/users/me/participations/?limit=1000`, { headers: { Authorization: `Bearer ${volunteerToken}` } });
    expect(response.status).toBe(200);
    type Participation = { shift: number; event_title: string; start_time: string; end_time: string; state: { value: number } };
    const { results, next } = (await response.json()) as { results: Participation[]; next: string | null };
    expect(next).toBeNull();
    const host = new URL(instance.origin).host;
    const status: Record<number, string> = { 0: "TENTATIVE", 1: "CONFIRMED" };
    return results
      .filter((p) => p.state.value in status)
      .map((p) => ({
        uid: `${p.shift}@${host}`,
        // "label (event title)", or the event title for a shift without label
        summary: expect.toSatisfy((summary: string) => summary === p.event_title || summary.endsWith(` (${p.event_title})`), p.event_title),
        start: new Date(p.start_time).toISOString(),
        end: new Date(p.end_time).toISOString(),
        status: status[p.state.value],
      }));
  }

  const byUid = <T extends { uid: string }>(events: T[]) => events.toSorted((a, b) => a.uid.localeCompare(b.uid));

  it("is subscribed to with the URL the settings page shows: the user's shifts, polled with 304; a reset ends the old URL", async () => {
    const page = await (await freshContext()).newPage();
    await logIn(page, VOLUNTEER.email, VOLUNTEER.password);
    await Promise.all([page.waitForURL("**/settings/calendar/"), page.click("header a:has-text('Calendar')")]);
    // The demo data's feed (npm run dev prints it) works until the user resets it.
    const demoUrl = `${instance.origin}/calendar/${volunteer.calendar_token}/?requested=1&rejected=0`;
    expect((await subscribe(demoUrl)).status).toBe(200);

    await page.click("button:has-text('Reset calendar URL')");
    const url = await page.inputValue("#calendar-url");
    expect(url).toMatch(new RegExp(`^${instance.origin}/calendar/[A-Za-z0-9_-]{43}/\\?requested=1&rejected=0$`));
    expect((await subscribe(demoUrl)).status).toBe(404);

    const first = await subscribe(url);
    const etag = first.headers.get("ETag");
    const feed = await vevents(first);
    const expected = await expectedEvents();
    // The demo volunteer takes part in several shifts, in both states.
    expect(new Set(expected.map((e) => e.status))).toEqual(new Set(["CONFIRMED", "TENTATIVE"]));
    expect(byUid(feed)).toEqual(byUid(expected));

    // A calendar app polling with the ETag it kept: nothing changed, nothing sent.
    expect(etag).toMatch(/^W\/"/);
    const poll = await subscribe(url, etag!);
    expect(poll.status).toBe(304);
    expect(await poll.text()).toBe("");

    await page.click("button:has-text('Reset calendar URL')");
    await expect.poll(() => page.inputValue("#calendar-url")).not.toBe(url);
    const next = await page.inputValue("#calendar-url");
    expect((await subscribe(url)).status).toBe(404);
    expect((await subscribe(url, etag!)).status).toBe(404);
    expect(byUid(await vevents(await subscribe(next)))).toEqual(byUid(feed));
  });
});
