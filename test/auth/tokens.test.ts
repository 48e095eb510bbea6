import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessTokens } from "../../src/db/schema";
import { sha256Hex } from "../../src/lib/crypto";
import { emptyDatabase, loadWorld, snapshot, testDb } from "../helpers/db";
import { PASSWORDS, TOKENS, authWorld } from "../helpers/auth-world";
import { NOT_AUTHENTICATED, PERMISSION_DENIED, bearer, login, postForm, request, withCookiesFrom } from "../helpers/http";

let volunteer: string;
let manager: string;

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(authWorld());
  volunteer = await login("volunteer@example.org", PASSWORDS.volunteer);
  manager = await login("manager@example.org", PASSWORDS.manager);
});

/** Creates a token through the form; returns the reveal page's location. */
async function createToken(cookie: string, fields: Record<string, string | string[]>) {
  const response = await postForm("/api/settings/token/create/", fields, { cookie });
  expect(response.status, await response.clone().text()).toBe(302);
  return response.headers.get("Location")!;
}

function tokenFromRevealPage(html: string): string {
  const match = /id="token" type="text" readonly="" value="([A-Za-z0-9]+)"/.exec(html);
  expect(match, html).not.toBeNull();
  return match![1];
}

describe("token lifecycle", () => {
  it("creates, reveals once, works, revokes, and is refused afterwards", async () => {
    const reveal = await createToken(volunteer, { description: "door sign", scope: ["PUBLIC_READ", "ME_READ"], expires_0: "", expires_1: "" });
    expect(reveal).toMatch(/^\/api\/settings\/token\/reveal\/\d+\/$/);
    const page = await request(reveal, { headers: { Cookie: volunteer } });
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    const token = tokenFromRevealPage(await page.text());
    expect(token).toHaveLength(50);

    const again = await request(reveal, { headers: { Cookie: volunteer } });
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe("/api/settings/token/");

    const [row] = await testDb().select().from(accessTokens).where(eq(accessTokens.tokenHash, await sha256Hex(token)));
    expect(row).toMatchObject({ userId: 3, applicationId: null, scope: "PUBLIC_READ ME_READ", description: "door sign", expires: null, revoked: false });
    expect(JSON.stringify(await snapshot())).not.toContain(token);

    expect((await request("/api/", { headers: bearer(token) })).status).toBe(200);

    const list = await (await request("/api/settings/token/", { headers: { Cookie: volunteer } })).text();
    expect(list).toContain("door sign");
    expect(list).toContain("does not expire");

    const revoke = await postForm("/api/settings/token/revoke/", { pk: String(row.id) }, { cookie: volunteer });
    expect(revoke.status).toBe(302);
    const refused = await request("/api/", { headers: bearer(token) });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual(NOT_AUTHENTICATED);

    const [revoked] = await testDb().select().from(accessTokens).where(eq(accessTokens.id, row.id));
    expect(revoked.revoked).toBe(true);
    expect(revoked.expires).toBeLessThanOrEqual(Date.now());
    const after = await (await request("/api/settings/token/", { headers: { Cookie: withCookiesFrom(revoke, volunteer) } })).text();
    expect(after).toContain("Token was revoked.");
    expect(after).toContain("Revoked");
  });

  it("stores an expiry given in TIME_ZONE", async () => {
    const reveal = await createToken(volunteer, { description: "until new year", scope: "PUBLIC_READ", expires_0: "2099-01-01", expires_1: "00:00" });
    const id = Number(reveal.split("/").at(-2));
    const [row] = await testDb().select().from(accessTokens).where(eq(accessTokens.id, id));
    expect(row.expires).toBe(Date.parse("2098-12-31T23:00:00Z"));
  });

  it("refuses to reveal after 30 seconds", async () => {
    const reveal = await createToken(volunteer, { description: "late", scope: "PUBLIC_READ" });
    const id = Number(reveal.split("/").at(-2));
    await testDb().update(accessTokens).set({ created: Date.now() - 31_000 }).where(eq(accessTokens.id, id));
    const response = await request(reveal, { headers: { Cookie: volunteer } });
    expect(response.status).toBe(302);
    const list = await (await request("/api/settings/token/", { headers: { Cookie: withCookiesFrom(response, volunteer) } })).text();
    expect(list).toContain("Token is too old to be revealed.");
    expect(await env.KV.get(`token-reveal:${id}`)).not.toBeNull();
  });

  it("lets nobody else reveal or revoke a token", async () => {
    const reveal = await createToken(volunteer, { description: "mine", scope: "PUBLIC_READ" });
    const id = reveal.split("/").at(-2)!;
    const peek = await request(reveal, { headers: { Cookie: manager } });
    expect(peek.status).toBe(403);
    const revoke = await postForm("/api/settings/token/revoke/", { pk: id }, { cookie: manager });
    expect(revoke.status).toBe(404);
    const [row] = await testDb().select().from(accessTokens).where(eq(accessTokens.id, Number(id)));
    expect(row.revoked).toBe(false);
    // The owner still can.
    expect((await request(reveal, { headers: { Cookie: volunteer } })).status).toBe(200);
  });

  it("sends anonymous visitors to the login page", async () => {
    for (const path of ["/api/settings/token/", "/api/settings/token/create/", "/api/settings/token/reveal/1/"]) {
      const response = await request(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`/accounts/login/?next=${encodeURIComponent(path)}`);
    }
    // Bearer tokens do not open the browser pages.
    expect((await request("/api/settings/token/", { headers: bearer(TOKENS.all) })).status).toBe(302);
  });
});

describe("token form validation", () => {
  const cases: [string, Record<string, string | string[]>, string][] = [
    ["no description", { description: " ", scope: "PUBLIC_READ" }, "This field is required."],
    ["no scope", { description: "x" }, "This field is required."],
    ["an unknown scope", { description: "x", scope: "EVERYTHING" }, "Select a valid choice."],
    ["a date without time", { description: "x", scope: "PUBLIC_READ", expires_0: "2099-01-01" }, "Enter a complete value."],
    ["an impossible date", { description: "x", scope: "PUBLIC_READ", expires_0: "2099-02-30", expires_1: "10:00" }, "Enter a valid date/time."],
    ["an expiry in the past", { description: "x", scope: "PUBLIC_READ", expires_0: "2001-01-01", expires_1: "10:00" }, "The expiry must be in the future."],
    ["a description that is too long", { description: "x".repeat(1001), scope: "PUBLIC_READ" }, "at most 1000 characters"],
  ];

  it.each(cases)("refuses %s and creates nothing", async (_name, fields, message) => {
    const before = (await testDb().select().from(accessTokens)).length;
    const response = await postForm("/api/settings/token/create/", fields, { cookie: volunteer });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect((await testDb().select().from(accessTokens)).length).toBe(before);
  });

  it("refuses a malformed revoke", async () => {
    expect((await postForm("/api/settings/token/revoke/", { pk: "abc" }, { cookie: volunteer })).status).toBe(404);
    expect((await postForm("/api/settings/token/revoke/", {}, { cookie: volunteer })).status).toBe(404);
    expect((await request("/api/settings/token/revoke/", { headers: { Cookie: volunteer } })).status).toBe(405);
  });
});

describe("bearer authentication", () => {
  it("accepts the scheme in any case", async () => {
    expect((await request("/api/", { headers: { Authorization: `bearer ${TOKENS.all}` } })).status).toBe(200);
    expect((await request("/api/", { headers: { Authorization: `BEARER   ${TOKENS.all}` } })).status).toBe(200);
  });

  it.each([
    ["an expired token", `Bearer ${TOKENS.expired}`],
    ["a revoked token", `Bearer ${TOKENS.revoked}`],
    ["a token of an inactive user", `Bearer ${TOKENS.inactiveUser}`],
    ["an unknown token", "Bearer nope"],
    ["another scheme", `Basic ${TOKENS.all}`],
    ["three parts", `Bearer ${TOKENS.all} extra`],
    ["the scheme alone", "Bearer"],
    ["a huge value", `Bearer ${"x".repeat(10_000)}`],
  ])("treats %s as no credentials", async (_name, header) => {
    const response = await request("/api/", { headers: { Authorization: header } });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(NOT_AUTHENTICATED);
  });

  it("refuses a token without a user where a user is needed", async () => {
    const response = await request("/api/", { headers: bearer(TOKENS.guest) });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(PERMISSION_DENIED);
  });

  it("prefers the session over a token, as ephios", async () => {
    const response = await request("/api/", { headers: { Cookie: volunteer, Authorization: "Bearer nope" } });
    expect(response.status).toBe(200);
  });
});
