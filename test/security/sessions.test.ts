/**
 * Issue 12, item 12. (a) A request in flight during a logout wrote its sliding refresh back to KV
 * after the logout had deleted the session, with an expiry later than the logout record in
 * revoked_sessions; once the clean-up removed that record, the old cookie was logged in again.
 * Now a session never lives past the absolute expiry fixed when it was opened, and the logout
 * record is kept until then. (b) The flash cookie lacked `Secure` where the session cookie had it.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { removeExpiredData } from "../../src/db/cleanup";
import { revokedSessions } from "../../src/db/schema";
import { sha256Hex } from "../../src/lib/crypto";
import { PASSWORDS, authWorld } from "../helpers/auth-world";
import { emptyDatabase, loadWorld, testDb } from "../helpers/db";
import { NOT_AUTHENTICATED, login, postForm, request } from "../helpers/http";

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(authWorld());
});

interface StoredSession {
  userId: number;
  expires: number;
  refreshedAt: number;
  absoluteExpires: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hashOf = (cookie: string) => sha256Hex(cookie.split("=")[1]);
const logoutRecords = async (cookie: string) => testDb().select().from(revokedSessions).where(eq(revokedSessions.sessionHash, await hashOf(cookie)));
const keyOf = async (cookie: string) => `session:${await hashOf(cookie)}`;
const readRecord = async (key: string) => (await env.KV.get<StoredSession>(key, "json"))!;
const api = (cookie: string) => request("/api/", { headers: { Cookie: cookie } });
const until = (instant: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, instant - Date.now()) + 20));

/**
 * Plays the race: a request reads the session (due for its hourly write-back) and passes the
 * revocation check; the logout runs; then that request's write-back lands in KV. Returns what
 * the in-flight request wrote. `prepare` shapes the record the request and the logout read.
 */
async function logoutDuringRefresh(cookie: string, prepare: (record: StoredSession) => StoredSession) {
  const key = await keyOf(cookie);
  const before = prepare(await readRecord(key));
  await env.KV.put(key, JSON.stringify(before));
  // The in-flight request, run to the end; its write-back is held back and replayed after the logout.
  expect((await api(cookie)).status).toBe(200);
  let writeBack: StoredSession | undefined;
  await vi.waitFor(async () => {
    writeBack = await readRecord(key);
    expect(writeBack.refreshedAt).toBeGreaterThan(before.refreshedAt);
  });
  await env.KV.put(key, JSON.stringify(before));

  expect((await postForm("/accounts/logout/", {}, { cookie })).status).toBe(302);
  expect(await env.KV.get(key)).toBeNull();
  await env.KV.put(key, JSON.stringify(writeBack));
  return { before, writeBack: writeBack! };
}

async function expectLoggedOut(cookie: string) {
  const response = await api(cookie);
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual(NOT_AUTHENTICATED);
}

describe("logout racing a sliding refresh", () => {
  it("reproduction: the write-back outlives the session's expiry, and the clean-up after it does not revive the session", async () => {
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    const now = Date.now();
    // Last written back two weeks minus a second ago: it expires in a second unless refreshed.
    const { before, writeBack } = await logoutDuringRefresh(cookie, (r) => ({ ...r, refreshedAt: now - 14 * DAY + 1000, expires: now + 1000 }));
    expect(writeBack.expires).toBeGreaterThan(before.expires);
    await expectLoggedOut(cookie);

    await until(before.expires);
    await removeExpiredData(testDb(), Date.now());
    await expectLoggedOut(cookie);
    expect(await logoutRecords(cookie)).toHaveLength(1);
  });

  it("a refresh never goes past the absolute expiry, so a session at its end stays dead after the clean-up", async () => {
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    const now = Date.now();
    const { writeBack } = await logoutDuringRefresh(cookie, (r) => ({ ...r, refreshedAt: now - 2 * HOUR, expires: now + 500, absoluteExpires: now + 1000 }));
    expect(writeBack.expires).toBe(now + 1000);
    await expectLoggedOut(cookie);

    await until(writeBack.absoluteExpires);
    await expectLoggedOut(cookie);
    // Even a clean-up whose clock runs a day ahead, and that has removed the logout record.
    await removeExpiredData(testDb(), Date.now() + DAY);
    expect(await logoutRecords(cookie)).toEqual([]);
    await expectLoggedOut(cookie);
  });

  it("fixes the absolute expiry when the session opens and keeps it through refreshes", async () => {
    const before = Date.now();
    const cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
    const key = await keyOf(cookie);
    const opened = await readRecord(key);
    expect(opened.absoluteExpires).toBeGreaterThanOrEqual(opened.expires);
    expect(opened.absoluteExpires).toBeGreaterThanOrEqual(before + 14 * 24 * HOUR);

    await env.KV.put(key, JSON.stringify({ ...opened, refreshedAt: opened.refreshedAt - 2 * HOUR }));
    const used = await api(cookie);
    expect(used.status).toBe(200);
    await vi.waitFor(async () => expect((await readRecord(key)).refreshedAt).toBeGreaterThan(opened.refreshedAt - 2 * HOUR));
    expect((await readRecord(key)).absoluteExpires).toBe(opened.absoluteExpires);
  });

  it("writes nothing back and shortens the cookie once the absolute expiry is near", async () => {
    const cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
    const key = await keyOf(cookie);
    const now = Date.now();
    // Refreshed two hours ago and already at its absolute expiry: nothing left to extend.
    const capped = { ...(await readRecord(key)), refreshedAt: now - 2 * HOUR, expires: now + HOUR, absoluteExpires: now + HOUR };
    await env.KV.put(key, JSON.stringify(capped));
    const used = await api(cookie);
    expect(used.status).toBe(200);
    expect(used.headers.getSetCookie().some((c) => c.startsWith("ephios_session="))).toBe(false);
    expect(await readRecord(key)).toEqual(capped);

    // Half an hour short of it, a refresh extends to the absolute expiry and no further.
    const near = { ...capped, expires: now + HOUR / 2 };
    await env.KV.put(key, JSON.stringify(near));
    const refreshed = await api(cookie);
    const setCookie = refreshed.headers.getSetCookie().find((c) => c.startsWith("ephios_session="))!;
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)![1])).toBeLessThanOrEqual(3600);
    await vi.waitFor(async () => expect((await readRecord(key)).expires).toBe(capped.absoluteExpires));
  });
});

describe("flash cookie", () => {
  const SECURE_ORIGIN = "https://ephios.example.org";
  const secureRequest = (path: string, init: RequestInit = {}) => request(`${SECURE_ORIGIN}${path}`, init);

  it("is Secure with a __Host- name wherever the session cookie is", async () => {
    const loggedIn = await secureRequest("/accounts/login/", {
      method: "POST",
      body: new URLSearchParams({ email: "manager@example.org", password: PASSWORDS.manager }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: SECURE_ORIGIN },
    });
    const session = loggedIn.headers.getSetCookie().find((c) => c.startsWith("__Host-ephios_session="))!;
    expect(session).toMatch(/; Secure/);

    const loggedOut = await secureRequest("/accounts/logout/", { method: "POST", headers: { Cookie: session.split(";")[0], Origin: SECURE_ORIGIN } });
    expect(loggedOut.status).toBe(302);
    const flash = loggedOut.headers.getSetCookie().find((c) => /^(__Host-)?ephios_flash=/.test(c))!;
    expect(flash).toMatch(/^__Host-ephios_flash=/);
    expect(flash).toMatch(/; Secure/);
    expect(flash).toMatch(/HttpOnly/);
    expect(flash).toMatch(/Path=\//);
    expect(flash).not.toMatch(/Domain=/);

    // The next page shows it once and clears it with the same flags.
    const page = await secureRequest("/accounts/login/", { headers: { Cookie: flash.split(";")[0] } });
    expect(await page.text()).toContain("You have been logged out.");
    const cleared = page.headers.getSetCookie().find((c) => c.startsWith("__Host-ephios_flash="))!;
    expect(cleared).toMatch(/Max-Age=0/);
    expect(cleared).toMatch(/; Secure/);
  });

  it("is a plain cookie only on plain-http localhost, as the session cookie", async () => {
    const cookie = await login("manager@example.org", PASSWORDS.manager);
    const loggedOut = await postForm("/accounts/logout/", {}, { cookie });
    const flash = loggedOut.headers.getSetCookie().find((c) => /^(__Host-)?ephios_flash=/.test(c))!;
    expect(flash).toMatch(/^ephios_flash=/);
    expect(flash).not.toMatch(/Secure/);
    const page = await request("/accounts/login/", { headers: { Cookie: flash.split(";")[0] } });
    expect(await page.text()).toContain("You have been logged out.");
  });
});
