/**
 * Issue 12, item 4: `/accounts/login/?next=/%09/evil.example` answered `Location: /<TAB>/evil.example`
 * (a browser drops the tab and goes to //evil.example), and `next=/%0d%0a/x` gave a 500 after the
 * session was written. Every redirect target taken from user input goes through
 * safeRedirectTarget (src/lib/redirect.ts); these tests feed it known bypasses, directly and
 * through every page that takes `next`.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { safeRedirectTarget } from "../../src/lib/redirect";
import { PASSWORDS } from "../helpers/auth-world";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { ORIGIN, login, postForm, request, sessionCookieFrom } from "../helpers/http";
import { APPS, authorizationUrl, oauthWorld, pkce } from "../oauth/helpers";

const SITE = env.SITE_URL;
const HOST = new URL(SITE).host;

/** Known ways to make a "local" target leave the site, each as the server receives it (decoded). */
const BYPASSES: string[] = [
  // Browsers drop tabs and newlines inside a URL; CR/LF cannot go into a header at all.
  "/\t/evil.example",
  "/\r\n/evil.example",
  "/\n/evil.example",
  "\t//evil.example",
  "/\0/evil.example",
  "/\x0b/evil.example",
  "/\x7f/evil.example",
  // Browsers read a backslash as a slash.
  "/\\evil.example",
  "\\/evil.example",
  "\\\\evil.example",
  `${SITE}\\@evil.example`,
  // Scheme-relative and its variants.
  "//evil.example",
  "///evil.example",
  "////evil.example/",
  "//evil.example/%2F..",
  // Dot segments that leave `//host` as the path.
  "/.//evil.example",
  "/x/..//evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  // Other schemes and hosts.
  "https://evil.example",
  "http://evil.example/",
  "HTTPS://evil.example",
  "https:evil.example",
  "http:/\\evil.example",
  "https:/evil.example",
  "ftp://evil.example/",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "javascript://%0aalert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  // Userinfo and look-alike hosts.
  `${SITE}@evil.example`,
  `http://${HOST}@evil.example/`,
  `http://user:pass@${HOST}/x`,
  `http://${HOST}.evil.example/`,
  `https://${HOST}/`,
  "//еvil.example",
  "https://ｅｖｉｌ.example",
  "//evil。example",
  "／／evil.example",
  "/\u202e/evil.example",
  "/\u200b/evil.example",
  // Whitespace anywhere.
  " /x",
  "/x ",
  "/ /evil.example",
  "/\u00a0/evil.example",
  "/\u3000/evil.example",
  // Far too long to be ours.
  `/${"a".repeat(5000)}`,
];

/** Local targets that must survive unchanged (or only normalised), with what comes back. */
const ACCEPTED: [string, string][] = [
  ["/", "/"],
  ["/api/settings/token/", "/api/settings/token/"],
  ["/api/oauth/authorize/?client_id=x&redirect_uri=https%3A%2F%2Fclient.example%2Fcb&scope=ME_READ%20PUBLIC_READ&state=s", "/api/oauth/authorize/?client_id=x&redirect_uri=https%3A%2F%2Fclient.example%2Fcb&scope=ME_READ%20PUBLIC_READ&state=s"],
  ["/events/1/#shift-2", "/events/1/#shift-2"],
  [`${SITE}/api/`, "/api/"],
  ["/a/../api/", "/api/"],
  // Encoded slashes and tabs stay encoded: a browser reads them as a path on this site.
  ["/%2F/evil.example", "/%2F/evil.example"],
  ["%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ["/%09/evil.example", "/%09/evil.example"],
  ["/%0d%0a/x", "/%0d%0a/x"],
];

/** How a browser reads a Location header: the WHATWG parser, which drops tabs and newlines and reads `\` as `/`. */
function expectSameOrigin(location: string | null) {
  expect(location).not.toBeNull();
  expect(new URL(location!, ORIGIN).origin, `Location: ${JSON.stringify(location)}`).toBe(ORIGIN);
  expect(location).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
}

describe("safeRedirectTarget", () => {
  it("is told this instance's SITE_URL in tests", () => {
    expect(SITE).toBe(ORIGIN);
  });

  it.each(BYPASSES)("refuses %j", (raw) => {
    expect(safeRedirectTarget(raw, SITE)).toBe("/");
  });

  it.each(ACCEPTED)("keeps %j as %j", (raw, target) => {
    expect(safeRedirectTarget(raw, SITE)).toBe(target);
    expectSameOrigin(target);
  });

  it("refuses a target that percent-encoding makes longer than the login form takes", () => {
    const raw = `/?q=${'"'.repeat(1000)}`;
    expect(raw.length).toBeLessThan(2048);
    expect(safeRedirectTarget(raw, SITE)).toBe("/");
  });

  it.each([undefined, null, ""])("sends %j home", (raw) => {
    expect(safeRedirectTarget(raw, SITE)).toBe("/");
  });

  it("judges by the configured site, not by the target's look", () => {
    expect(safeRedirectTarget("https://ephios.example.org/events/", "https://ephios.example.org")).toBe("/events/");
    expect(safeRedirectTarget("http://ephios.example.org/events/", "https://ephios.example.org")).toBe("/");
    expect(safeRedirectTarget("https://ephios.example.org:8443/events/", "https://ephios.example.org")).toBe("/");
  });
});

describe("pages that take next", () => {
  let cookie: string;

  beforeAll(async () => {
    await emptyDatabase();
    await loadWorld(oauthWorld());
    cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
  });

  const cases = [...BYPASSES, ...ACCEPTED.map(([raw]) => raw)];

  it.each(cases)("login page, logged in, next=%j: a same-origin Location", async (next) => {
    const response = await request(`/accounts/login/?next=${encodeURIComponent(next)}`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(302);
    expectSameOrigin(response.headers.get("Location"));
  });

  it.each(cases)("login form, next=%j: logged in, a same-origin Location", async (next) => {
    const response = await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORDS.volunteer, next: next.slice(0, 2048) });
    expect(response.status).toBe(302);
    expect(sessionCookieFrom(response)).not.toBeNull();
    expectSameOrigin(response.headers.get("Location"));
  });

  it("reproduction: next=/%09/evil.example and next=/%0d%0a/x go home, never elsewhere or to a 500", async () => {
    for (const query of ["/%09/evil.example", "/%0d%0a/x", "/%0a/evil.example"]) {
      const page = await request(`/accounts/login/?next=${query}`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(302);
      expect(page.headers.get("Location")).toBe("/");
      const form = await request(`/accounts/login/`, {
        method: "POST",
        body: `email=volunteer%40example.org&password=${encodeURIComponent(PASSWORDS.volunteer)}&next=${query}`,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      });
      expect(form.status).toBe(302);
      expect(form.headers.get("Location")).toBe("/");
    }
  });

  it("the login page carries only a safe next into its form", async () => {
    const evil = await request(`/accounts/login/?next=${encodeURIComponent("/\t/evil.example")}`);
    expect(evil.status).toBe(200);
    expect(await evil.text()).toContain('name="next" value="/"');
    // A next too long for the form would make the login itself fail.
    const long = await request(`/accounts/login/?next=/${"a".repeat(5000)}`);
    expect(await long.text()).toContain('name="next" value="/"');
  });

  it("logout goes to the login page whatever next it is given", async () => {
    for (const next of ["//evil.example", "https://evil.example/", "/\t/evil.example"]) {
      const session = await login("volunteer@example.org", PASSWORDS.volunteer);
      const response = await postForm(`/accounts/logout/?next=${encodeURIComponent(next)}`, { next }, { cookie: session });
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/accounts/login/");
    }
  });

  it("a settings page sends an anonymous browser through the login and back", async () => {
    const anonymous = await request("/api/settings/token/?x=1");
    expect(anonymous.status).toBe(302);
    const loginUrl = new URL(anonymous.headers.get("Location")!, ORIGIN);
    expect(loginUrl.pathname).toBe("/accounts/login/");
    const next = loginUrl.searchParams.get("next")!;
    const response = await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORDS.volunteer, next });
    expect(response.headers.get("Location")).toBe("/api/settings/token/?x=1");
  });

  it("the OAuth authorize page: login keeps the whole authorize request, which then shows the consent page", async () => {
    const { challenge } = await pkce();
    const url = authorizationUrl(APPS.doorSign, { state: "s t/ä", scope: "ME_READ", code_challenge: challenge, code_challenge_method: "S256" });
    const anonymous = await request(url.href);
    const next = new URL(anonymous.headers.get("Location")!, ORIGIN).searchParams.get("next")!;
    const loggedIn = await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORDS.volunteer, next });
    expect(loggedIn.status).toBe(302);
    const location = loggedIn.headers.get("Location")!;
    expect(location).toBe(url.pathname + url.search);
    const consent = await request(location, { headers: { Cookie: sessionCookieFrom(loggedIn)! } });
    expect(consent.status).toBe(200);
    expect(await consent.text()).toContain(APPS.doorSign.name);
  });
});
