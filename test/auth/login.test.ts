import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "../../src/lib/crypto";
import { emptyDatabase, loadWorld, snapshot } from "../helpers/db";
import { PASSWORDS, authWorld } from "../helpers/auth-world";
import { NOT_AUTHENTICATED, ORIGIN, login, postForm, request, sessionCookieFrom } from "../helpers/http";

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(authWorld());
});

const FAILED = "Please enter a correct email address and password. Note that both fields may be case-sensitive.";

describe("login page", () => {
  it("renders an accessible form", async () => {
    const response = await request("/accounts/login/?next=/api/settings/token/");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<label for="email">');
    expect(html).toContain('name="next" value="/api/settings/token/"');
  });

  it("logs in, sets a safe cookie and follows a same-site next", async () => {
    const response = await postForm("/accounts/login/", { email: "Volunteer@Example.org", password: PASSWORDS.volunteer, next: "/api/settings/token/" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/api/settings/token/");
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("ephios_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    // Plain http on localhost (wrangler dev) is the only place without Secure and __Host-.
    expect(cookie).not.toMatch(/Secure/);
    const session = await request("/api/", { headers: { Cookie: sessionCookieFrom(response)! } });
    expect(session.status).toBe(200);
  });

  it("uses a __Host- cookie with Secure everywhere else", async () => {
    const response = await request("https://ephios.example.org/accounts/login/", {
      method: "POST",
      body: new URLSearchParams({ email: "volunteer@example.org", password: PASSWORDS.volunteer }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://ephios.example.org" },
    });
    expect(response.status).toBe(302);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-ephios_session="))!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
  });

  it.each(["//evil.example.org/", "https://evil.example.org/", "/\\evil.example.org", "javascript:alert(1)"])("ignores the foreign next %j", async (next) => {
    const response = await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORDS.volunteer, next });
    expect(response.headers.get("Location")).toBe("/");
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const wrong = await postForm("/accounts/login/", { email: "manager@example.org", password: "wrong" }, { headers: { "CF-Connecting-IP": "10.0.0.1" } });
    const unknown = await postForm("/accounts/login/", { email: "nobody@example.org", password: "wrong" }, { headers: { "CF-Connecting-IP": "10.0.0.1" } });
    expect(wrong.status).toBe(200);
    expect(unknown.status).toBe(200);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain(FAILED);
    expect(a.replace("manager@example.org", "X")).toBe(b.replace("nobody@example.org", "X"));
    expect(sessionCookieFrom(wrong)).toBeNull();
  });

  it("refuses inactive users", async () => {
    const response = await postForm("/accounts/login/", { email: "inactive@example.org", password: PASSWORDS.inactive });
    expect(await response.text()).toContain(FAILED);
    expect(sessionCookieFrom(response)).toBeNull();
  });

  it("refuses a malformed form with field errors", async () => {
    const response = await postForm("/accounts/login/", { email: "" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This field is required.");
  });

  it("refuses a cross-origin login post (login CSRF)", async () => {
    const response = await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORDS.volunteer }, { origin: "https://evil.example.org" });
    expect(response.status).toBe(403);
    expect(sessionCookieFrom(response)).toBeNull();
  });
});

describe("sliding expiry", () => {
  it("writes a used session back at most hourly", async () => {
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    const key = `session:${await sha256Hex(cookie.split("=")[1])}`;
    const fresh = await env.KV.get<{ expires: number; refreshedAt: number }>(key, "json");
    await request("/api/", { headers: { Cookie: cookie } });
    expect(await env.KV.get(key, "json")).toEqual(fresh);

    // Pretend the last write-back was two hours ago: the next use extends the session.
    const old = { ...fresh!, refreshedAt: fresh!.refreshedAt - 7_200_000, expires: fresh!.expires - 7_200_000 };
    await env.KV.put(key, JSON.stringify(old));
    const response = await request("/api/", { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("ephios_session="))).toBe(true);
    await vi.waitFor(async () => {
      const renewed = await env.KV.get<{ expires: number; refreshedAt: number }>(key, "json");
      expect(renewed!.expires).toBeGreaterThan(old.expires);
    });
  });

  it("refuses an expired session", async () => {
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    const key = `session:${await sha256Hex(cookie.split("=")[1])}`;
    const record = await env.KV.get<{ expires: number }>(key, "json");
    await env.KV.put(key, JSON.stringify({ ...record, expires: Date.now() - 1 }));
    expect((await request("/api/", { headers: { Cookie: cookie } })).status).toBe(403);
  });
});

describe("logout", () => {
  it("ends the session for good, also if KV still held it", async () => {
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    const id = cookie.split("=")[1];
    const key = `session:${await sha256Hex(id)}`;
    const record = await env.KV.get(key);
    expect(record).not.toBeNull();

    const response = await postForm("/accounts/logout/", {}, { cookie });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/accounts/login/");
    expect(response.headers.getSetCookie().some((c) => /^ephios_session=;/.test(c) && /Max-Age=0/.test(c))).toBe(true);
    expect(await env.KV.get(key)).toBeNull();

    // A stale KV replica could still serve the record: D1 has the last word.
    await env.KV.put(key, record!);
    const after = await request("/api/", { headers: { Cookie: cookie } });
    expect(after.status).toBe(403);
    expect(await after.json()).toEqual(NOT_AUTHENTICATED);
  });

  it("needs a same-origin post", async () => {
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    const response = await postForm("/accounts/logout/", {}, { cookie, origin: "https://evil.example.org" });
    expect(response.status).toBe(403);
    expect((await request("/api/", { headers: { Cookie: cookie } })).status).toBe(200);
  });
});

describe("storage", () => {
  it("keeps no password, token or session id in plain text", async () => {
    const cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
    const dump = JSON.stringify(await snapshot());
    for (const secret of Object.values(PASSWORDS)) expect(dump).not.toContain(secret);
    expect(dump).not.toContain(cookie.split("=")[1]);
    const keys = (await env.KV.list({ prefix: "session:" })).keys.map((k) => k.name).join(" ");
    expect(keys).not.toContain(cookie.split("=")[1]);
    expect(ORIGIN).toBe("http://127.0.0.1:8787");
  });
});
