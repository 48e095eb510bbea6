/**
 * Issue 12, item 5: the limits were read-modify-write counters in KV, so 30 wrong passwords sent
 * in parallel were all checked and 80 parallel token requests were never throttled; the token
 * endpoint counted every request under the client_id it claimed, before authenticating it, so
 * anyone could lock a client (a guest's federation logins) out; and 5 wrong passwords from anywhere
 * locked an account for its owner too. Every limit now counts in D1, one atomic statement per
 * attempt (src/lib/rate-limit.ts), and these tests send the attempts in parallel. A client that
 * proves its secret, and a setup call with a valid invite code, are never refused: every Worker
 * calling another zone arrives from one address, so an attacker's Worker shares a guest's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { removeExpiredData } from "../../src/db/cleanup";
import { rateLimits } from "../../src/db/schema";
import { LOGIN_LIMITS, PASSWORD_CHANGE_LIMIT } from "../../src/features/accounts/login-limits";
import { SETUP_FAILURES } from "../../src/features/federation/host/routes";
import { CLIENT_FAILURES } from "../../src/features/oauth/routes";
import { countAttempt, type RateLimit } from "../../src/lib/rate-limit";
import { PASSWORDS } from "../helpers/auth-world";
import { loadWorld, testDb } from "../helpers/db";
import { login, postForm, request, sessionCookieFrom } from "../helpers/http";
import { APPS, type TestApp, authorizationCode, basic, oauthWorld, tokenRequest, type Tokens } from "../oauth/helpers";

const OWNER = { email: "owner@example.org", password: "owner-password-1" };
const WRONG_LOGIN = "Please enter a correct email address and password.";
const INVITE = { code: "i".repeat(64), url: "https://guest.example.org" };
const SECOND_INVITE = { code: "j".repeat(64), url: "https://second.example.org" };
/** Cloudflare's source address of every Worker's fetch to another zone: any Worker's, the attacker's too. */
const WORKERS = "2a06:98c0:3600::103";
// Every limit's window divides this one, so all windows start together at its multiples.
const WINDOW_MS = 15 * 60_000;

/**
 * Date.now() (in the tests and in the Worker, which share the isolate) stands still at the start of
 * the next window: a burst then never straddles the end of a window, and each test starts with
 * fresh counters.
 */
function nextWindow() {
  vi.setSystemTime(Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS + WINDOW_MS + 1000);
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  nextWindow();
  const world = oauthWorld();
  await loadWorld({
    ...world,
    users: [...world.users, { id: 20, email: OWNER.email, display_name: "Olga Owner", password: OWNER.password }],
    invite_codes: [INVITE, SECOND_INVITE].map((invite, i) => ({ id: i + 1, ...invite, created_at: new Date(Date.now()).toISOString() })),
  });
});

beforeEach(() => nextWindow());

afterAll(() => {
  vi.useRealTimers();
});

const loginFrom = (address: string, email: string, password: string) => postForm("/accounts/login/", { email, password }, { headers: { "CF-Connecting-IP": address } });

/** Sends all requests at once and tallies the answers by status. */
async function inParallel(requests: (() => Promise<Response>)[]): Promise<{ responses: Response[]; statuses: Record<number, number> }> {
  const responses = await Promise.all(requests.map((send) => send()));
  const statuses: Record<number, number> = {};
  for (const response of responses) statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  return { responses, statuses };
}

const times = <T,>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe("login", () => {
  const { perAccountAndAddress, perAddress, perAccount } = LOGIN_LIMITS;

  it(`checks exactly ${perAccountAndAddress.limit} of 30 parallel wrong passwords from one address; the owner still logs in from another`, async () => {
    const { responses, statuses } = await inParallel(times(30, (i) => () => loginFrom("203.0.113.5", OWNER.email, `guess-${i}`)));
    expect(statuses).toEqual({ 200: perAccountAndAddress.limit, 429: 30 - perAccountAndAddress.limit });
    for (const response of responses) {
      const html = await response.text();
      if (response.status === 200) expect(html).toContain(WRONG_LOGIN);
      else {
        expect(html).toContain("Too many failed login attempts");
        expect(Number(response.headers.get("Retry-After"))).toBeGreaterThan(0);
        expect(sessionCookieFrom(response)).toBeNull();
      }
    }
    // Even the right password is not checked from the guessing address...
    expect((await loginFrom("203.0.113.5", OWNER.email, OWNER.password)).status).toBe(429);
    // ...but the owner, elsewhere, is not locked out by the stranger.
    const owner = await loginFrom("198.51.100.20", OWNER.email, OWNER.password);
    expect(owner.status).toBe(302);
    expect(sessionCookieFrom(owner)).not.toBeNull();
  });

  it("does not count successful logins", async () => {
    const address = "198.51.100.21";
    for (let i = 0; i < perAccountAndAddress.limit - 1; i++) expect((await loginFrom(address, OWNER.email, `typo-${i}`)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await loginFrom(address, OWNER.email, OWNER.password)).status).toBe(302);
    expect((await loginFrom(address, OWNER.email, "last-typo")).status).toBe(200);
    expect((await loginFrom(address, OWNER.email, OWNER.password)).status).toBe(429);
  });

  it(`checks exactly ${perAddress.limit} of 40 parallel guesses from one address at different accounts`, async () => {
    const { statuses } = await inParallel(times(40, (i) => () => loginFrom("203.0.113.6", `someone-${i}@example.org`, "guess")));
    expect(statuses).toEqual({ 200: perAddress.limit, 429: 40 - perAddress.limit });
    expect((await loginFrom("203.0.113.6", "admin@example.org", PASSWORDS.admin)).status).toBe(429);
    expect((await loginFrom("203.0.113.7", "admin@example.org", PASSWORDS.admin)).status).toBe(302);
  });

  it(`checks at most ${perAccount.limit} parallel guesses at one account from many addresses`, async () => {
    const guesses = perAccount.limit + 10;
    const { statuses } = await inParallel(times(guesses, (i) => () => loginFrom(`10.9.${i >> 8}.${i & 255}`, "manager@example.org", `guess-${i}`)));
    expect(statuses).toEqual({ 200: perAccount.limit, 429: 10 });
    // The ceiling is for everybody, the owner included, until the window ends.
    expect((await loginFrom("10.10.0.1", "manager@example.org", PASSWORDS.manager)).status).toBe(429);
    nextWindow();
    expect((await loginFrom("10.10.0.1", "manager@example.org", PASSWORDS.manager)).status).toBe(302);
  });

  it("counts the IPv6 addresses of one /64 network as one address", async () => {
    const { statuses } = await inParallel(times(10, (i) => () => loginFrom(`2001:db8:1:2::${i + 1}`, OWNER.email, `guess-${i}`)));
    expect(statuses).toEqual({ 200: perAccountAndAddress.limit, 429: 10 - perAccountAndAddress.limit });
    expect((await loginFrom("2001:0db8:0001:0002:ffff::9", OWNER.email, OWNER.password)).status).toBe(429);
    expect((await loginFrom("2001:db8:1:3::1", OWNER.email, OWNER.password)).status).toBe(302);
  });
});

describe("password change", () => {
  it(`checks exactly ${PASSWORD_CHANGE_LIMIT.limit} of 12 parallel wrong old passwords of a session`, async () => {
    const cookie = await login(OWNER.email, OWNER.password, { "CF-Connecting-IP": "198.51.100.40" });
    const change = (old: string) => postForm("/settings/password/", { old_password: old, new_password1: "a-new-password-9", new_password2: "a-new-password-9" }, { cookie });
    const { responses, statuses } = await inParallel(times(12, (i) => () => change(`guess-${i}`)));
    expect(statuses).toEqual({ 400: PASSWORD_CHANGE_LIMIT.limit, 429: 12 - PASSWORD_CHANGE_LIMIT.limit });
    for (const response of responses) if (response.status === 429) expect(await response.text()).toContain("Too many wrong passwords");
    // The right old password is not checked either until the window ends; then it works.
    expect((await change(OWNER.password)).status).toBe(429);
    nextWindow();
    expect((await change(OWNER.password)).status).toBe(302);
  });
});

describe("token endpoint", () => {
  const victim = APPS.throttled;
  const FLOOD = 80;

  /** A failing token request under `client`'s id: a guessed secret, or none at all. */
  const failing = (i: number, address = WORKERS, client = victim) => () =>
    i % 2
      ? tokenRequest({ grant_type: "refresh_token", refresh_token: "x" }, { Authorization: basic(client.clientId, `guess-${i}`), "CF-Connecting-IP": address })
      : tokenRequest({ grant_type: "refresh_token", refresh_token: "x", client_id: client.clientId }, { "CF-Connecting-IP": address });

  const codeFor = async (client: TestApp) => {
    const volunteer = sessionCookieFrom(await loginFrom("198.51.100.30", "volunteer@example.org", PASSWORDS.volunteer))!;
    return authorizationCode(volunteer, client, { scope: "ME_READ" });
  };

  it(`checks exactly ${CLIENT_FAILURES.limit} of ${FLOOD} parallel failing requests; the real client gets its tokens during the flood, from the same address`, async () => {
    const { code, verifier } = await codeFor(victim);
    const realExchange = () =>
      tokenRequest({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: victim.redirectUris[0] }, { Authorization: basic(victim.clientId, victim.secret), "CF-Connecting-IP": WORKERS });

    const flood = times(FLOOD, (i) => failing(i));
    const { responses } = await inParallel([...flood.slice(0, FLOOD / 2), realExchange, ...flood.slice(FLOOD / 2)]);
    const real = responses.splice(FLOOD / 2, 1)[0];
    expect(real.status, await real.clone().text()).toBe(200);
    const tokens = (await real.json()) as Tokens;
    expect(tokens).toMatchObject({ token_type: "Bearer", scope: "ME_READ", access_token: expect.any(String), refresh_token: expect.any(String) });

    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, error: ((await r.json()) as { error: string }).error })));
    expect(bodies.filter((b) => b.status === 401 && b.error === "invalid_client")).toHaveLength(CLIENT_FAILURES.limit);
    expect(bodies.filter((b) => b.status === 429 && b.error === "slow_down")).toHaveLength(FLOOD - CLIENT_FAILURES.limit);
    const throttled = responses.find((r) => r.status === 429)!;
    expect(Number(throttled.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(throttled.headers.get("Content-Type")).toMatch(/^application\/json/);

    // After the flood, from the same address: the real client goes on; requests under its id that
    // do not prove its secret are still refused, with or without a guessed secret.
    const refreshed = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token }, { Authorization: basic(victim.clientId, victim.secret), "CF-Connecting-IP": WORKERS });
    expect(refreshed.status, await refreshed.clone().text()).toBe(200);
    expect(await refreshed.json()).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
    expect((await failing(0)()).status).toBe(429);
    expect((await failing(1)()).status).toBe(429);
  });

  it("counts the failures of a client that proved its secret, without refusing it", async () => {
    const address = "198.51.100.35";
    const wrongGrant = () => tokenRequest({ grant_type: "refresh_token", refresh_token: "x" }, { Authorization: basic(victim.clientId, victim.secret), "CF-Connecting-IP": address });
    const { statuses } = await inParallel(times(CLIENT_FAILURES.limit + 5, () => wrongGrant));
    expect(statuses).toEqual({ 400: CLIENT_FAILURES.limit + 5 });
    expect((await failing(0, address)()).status).toBe(429);
  });

  it("refuses a public client over the limit, since its client_id alone proves nothing", async () => {
    const pocket = APPS.pocket;
    const { code, verifier } = await codeFor(pocket);
    const { statuses } = await inParallel(times(FLOOD, () => failing(0, WORKERS, pocket)));
    expect(statuses).toEqual({ 400: CLIENT_FAILURES.limit, 429: FLOOD - CLIENT_FAILURES.limit });
    const exchange = (address: string) =>
      tokenRequest({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: pocket.redirectUris[0], client_id: pocket.clientId }, { "CF-Connecting-IP": address });
    expect((await exchange(WORKERS)).status).toBe(429);
    // Its budget is per address: from elsewhere (a public client runs on its users' devices) it goes on.
    const elsewhere = await exchange("198.51.100.36");
    expect(elsewhere.status, await elsewhere.clone().text()).toBe(200);
  });

  it("does not count the real client's own successful requests", async () => {
    const { code, verifier } = await codeFor(victim);
    const address = "198.51.100.33";
    // All but one failure of the budget, from the client's own address.
    await inParallel(times(CLIENT_FAILURES.limit - 1, (i) => failing(i, address)));
    let tokens = (await (
      await tokenRequest({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: victim.redirectUris[0] }, { Authorization: basic(victim.clientId, victim.secret), "CF-Connecting-IP": address })
    ).json()) as Tokens;
    for (let i = 0; i < 3; i++) {
      const response = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token }, { Authorization: basic(victim.clientId, victim.secret), "CF-Connecting-IP": address });
      expect(response.status).toBe(200);
      tokens = (await response.json()) as Tokens;
    }
    expect((await failing(1, address)()).status).toBe(401);
    expect((await failing(2, address)()).status).toBe(429);
  });

  it("limits introspection and revocation the same way", async () => {
    const address = "2a06:98c0:3600::104";
    const guess = (path: string, i: number) => () => postForm(path, { token: "x" }, { origin: null, headers: { Authorization: basic(APPS.other.clientId, `guess-${i}`), "CF-Connecting-IP": address } });
    const { statuses } = await inParallel(times(FLOOD, (i) => guess(i % 2 ? "/api/oauth/introspect/" : "/api/oauth/revoke_token/", i)));
    expect(statuses).toEqual({ 401: CLIENT_FAILURES.limit, 429: FLOOD - CLIENT_FAILURES.limit });
    for (const path of ["/api/oauth/introspect/", "/api/oauth/revoke_token/"]) {
      const real = await postForm(path, { token: "x" }, { origin: null, headers: { Authorization: basic(APPS.other.clientId, APPS.other.secret), "CF-Connecting-IP": address } });
      expect(real.status, path).toBe(200);
      if (path === "/api/oauth/introspect/") expect(await real.json()).toEqual({ active: false });
    }
    expect((await guess("/api/oauth/introspect/", 0)()).status).toBe(429);
  });
});

describe("federation setup", () => {
  const setup = (code: string, address: string, url = INVITE.url) =>
    request("/api/federation/setup/", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": address },
      body: new URLSearchParams({ name: "Guest", url, client_id: "c".repeat(40), client_secret: "s".repeat(128), code }),
    });

  it(`checks exactly ${SETUP_FAILURES.limit} of 30 parallel wrong invite codes from one address; a valid code from there is still redeemed`, async () => {
    const { statuses } = await inParallel([...times(15, (i) => () => setup(`wrong-${i}`, WORKERS)), () => setup(INVITE.code, WORKERS), ...times(15, (i) => () => setup(`wrong-${i + 15}`, WORKERS))]);
    expect(statuses).toEqual({ 201: 1, 400: SETUP_FAILURES.limit, 429: 30 - SETUP_FAILURES.limit });
    expect((await setup(SECOND_INVITE.code, WORKERS, SECOND_INVITE.url)).status).toBe(201);
    // A used code is a wrong code again.
    expect((await setup(INVITE.code, WORKERS)).status).toBe(429);
    expect((await setup("wrong", WORKERS)).status).toBe(429);
  });
});

describe("the counter", () => {
  const limit: RateLimit = { name: "test", limit: 2, windowSeconds: 60 };
  const step = (subject: string) => [{ limit, subject: [subject] }];
  const refused = async (subject: string, now: number) => (await countAttempt(testDb(), step(subject), now)).refused !== null;

  it("starts again in a new window, and a late clock does not reset the current one", async () => {
    const t = Date.now();
    expect([await refused("a", t), await refused("a", t), await refused("a", t)]).toEqual([false, false, true]);
    expect(await refused("a", t + 60_000)).toBe(false);
    // A request whose clock is a window behind counts in the newest window.
    expect([await refused("a", t), await refused("a", t + 60_000)]).toEqual([false, true]);
  });

  it("takes an attempt back only in the window it was counted in", async () => {
    const t = Date.now();
    const first = await countAttempt(testDb(), step("b"), t);
    await countAttempt(testDb(), step("b"), t);
    await first.release();
    expect(await refused("b", t)).toBe(false);
    expect(await refused("b", t)).toBe(true);
    const old = await countAttempt(testDb(), step("c"), t);
    expect([await refused("c", t + 60_000), await refused("c", t + 60_000)]).toEqual([false, false]);
    await old.release();
    expect(await refused("c", t + 60_000)).toBe(true);
  });

  it("counts a later step only when the earlier ones were within their limits", async () => {
    const t = Date.now();
    const wide: RateLimit = { name: "test-wide", limit: limit.limit + 1, windowSeconds: 60 };
    const answers = await Promise.all(times(10, () => countAttempt(testDb(), [{ limit, subject: ["narrow-subject"] }, { limit: wide, subject: ["wide-subject"] }], t)));
    expect(answers.filter((a) => a.refused === null)).toHaveLength(limit.limit);
    // The refused attempts did not reach the wide counter: it has room for exactly one more.
    const wideOnly = [{ limit: wide, subject: ["wide-subject"] }];
    expect((await countAttempt(testDb(), wideOnly, t)).refused).toBeNull();
    expect((await countAttempt(testDb(), wideOnly, t)).refused).not.toBeNull();
    // Only hashes of the subjects are stored.
    expect(JSON.stringify(await testDb().select().from(rateLimits))).not.toContain("-subject");
  });

  it("is cleared by the scheduled clean-up once its window has ended", async () => {
    const t = Date.now();
    await countAttempt(testDb(), step("old"), t - 120_000);
    await countAttempt(testDb(), step("current"), t);
    await removeExpiredData(testDb(), t);
    const rows = await testDb().select().from(rateLimits);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.expires > t)).toBe(true);
  });
});
