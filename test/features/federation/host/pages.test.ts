import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { federatedGuests, federatedUsers, inviteCodes } from "../../../../src/db/schema";
import { decodeShareCode } from "../../../../src/features/federation/share-code";
import { sha256Hex } from "../../../../src/lib/crypto";
import { expectError } from "../../../helpers/api";
import { resetWorld, snapshot, testDb } from "../../../helpers/db";
import { NOT_AUTHENTICATED, bearer, login, postForm, request, withCookiesFrom } from "../../../helpers/http";
import { GUEST_TOKENS, GUEST_TWO_URL, PASSWORDS, hostWorld } from "./host-world";

const SETTINGS = "/settings/federation/";
const ADD = `${SETTINGS}guests/add/`;

beforeEach(() => resetWorld(hostWorld({ withPasswords: true })));

const get = (path: string, cookie?: string) => request(path, { headers: cookie ? { Cookie: cookie } : {} });
const staffCookie = () => login("staff@example.org", PASSWORDS.staff);

/** The value of a read-only text field on a page. */
function fieldValue(html: string, id: string): string {
  const match = new RegExp(`id="${id}" type="text" readonly="" value="([^"]*)"`).exec(html);
  expect(match, html).not.toBeNull();
  return match![1].replaceAll("&amp;", "&");
}

describe("access to the federation settings", () => {
  const pages = [SETTINGS, ADD, `${SETTINGS}invite/1/`, `${SETTINGS}invite/1/delete/`, `${SETTINGS}guests/1/delete/`];
  const posts = [ADD, `${SETTINGS}invite/1/delete/`, `${SETTINGS}guests/1/delete/`];

  it("sends anonymous visitors to the login page and refuses non-staff, changing nothing", async () => {
    const volunteer = await login("volunteer@example.org", PASSWORDS.volunteer);
    const before = await snapshot();
    for (const path of pages) {
      const anonymous = await get(path);
      expect(anonymous.status, path).toBe(302);
      expect(anonymous.headers.get("Location")).toBe(`/accounts/login/?next=${encodeURIComponent(path)}`);
      expect((await get(path, volunteer)).status, path).toBe(403);
    }
    for (const path of posts) {
      expect((await postForm(path, { url: "https://x.example.org" })).status, path).toBe(302);
      expect((await postForm(path, { url: "https://x.example.org" }, { cookie: volunteer })).status, path).toBe(403);
    }
    // A token is not a browser session.
    expect((await request(SETTINGS, { headers: bearer(GUEST_TOKENS.one) })).status).toBe(302);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses staff form posts from other origins", async () => {
    const staff = await staffCookie();
    const before = await snapshot();
    for (const path of posts) {
      expect((await postForm(path, { url: "https://x.example.org" }, { cookie: staff, origin: "https://evil.example.org" })).status, path).toBe(403);
      expect((await postForm(path, { url: "https://x.example.org" }, { cookie: staff, origin: null })).status, path).toBe(403);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("the overview", () => {
  it("lists guests, pending (unexpired) invites and hosts", async () => {
    const response = await get(SETTINGS, await staffCookie());
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const text of ["Guest One", "https://one.example.org", "Guest Two", GUEST_TWO_URL, "Stop sharing", "https://new.example.org", "https://other.example.org/sub", "Show invite code", "Big Host", "https://host.example.org"]) {
      expect(html).toContain(text);
    }
    expect(html).not.toContain("https://late.example.org");
    expect(html).toContain(`href="${SETTINGS}guests/2/delete/"`);
    expect(html).toContain(`href="${SETTINGS}invite/1/"`);
    // The guest side's actions on hosts.
    expect(html).toContain(`href="${SETTINGS}hosts/add/"`);
    expect(html).toContain(`href="${SETTINGS}hosts/1/delete/"`);
    // Staff find the page in the header.
    expect(html).toContain(`<a href="${SETTINGS}">Federation</a>`);
  });
});

describe("inviting a guest", () => {
  it("normalises the URL, shows the share string and invite URL, and the guest can redeem it", async () => {
    const staff = await staffCookie();
    const created = await postForm(ADD, { url: " https://Guest.Example.org:8443//ephios/app/?x=1#frag " }, { cookie: staff });
    expect(created.status).toBe(302);
    const location = created.headers.get("Location")!;
    expect(location).toMatch(/^\/settings\/federation\/invite\/\d+\/$/);

    const id = Number(location.split("/").at(-2));
    const [invite] = await testDb().select().from(inviteCodes).where(eq(inviteCodes.id, id));
    expect(invite.url).toBe("https://guest.example.org:8443/ephios/app");

    const page = await get(location, staff);
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toBe("no-store");
    const html = await page.text();
    const shareString = fieldValue(html, "share_string");
    const share = decodeShareCode(shareString)!;
    expect(Object.keys(share)).toEqual(["guest_url", "code", "host_url"]);
    expect(share).toEqual({ guest_url: invite.url, code: expect.stringMatching(/^[0-9a-f]{64}$/), host_url: env.SITE_URL });
    expect(invite.codeHash).toBe(await sha256Hex(share.code));
    expect(invite.codeEncrypted).not.toContain(share.code);
    expect(fieldValue(html, "invite_url")).toBe(`${invite.url}/settings/federation/hosts/add/?code=${encodeURIComponent(shareString)}`);

    // What the guest then sends.
    const setup = await request("/api/federation/setup/", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ name: "New Guest", url: share.guest_url, client_id: "cid", client_secret: "secret", code: share.code }),
    });
    expect(setup.status).toBe(201);
    expect((await get(location, staff)).status).toBe(404);
  });

  it.each([
    ["a root URL with a slash", "https://guest.example.org/", "https://guest.example.org"],
    ["a root URL without", "https://guest.example.org:8443", "https://guest.example.org:8443"],
    ["a path", "https://example.org/ephios", "https://example.org/ephios"],
  ])("stores %s as SITE_URL is written", async (_name, url, stored) => {
    const created = await postForm(ADD, { url }, { cookie: await staffCookie() });
    const id = Number(created.headers.get("Location")!.split("/").at(-2));
    const [invite] = await testDb().select().from(inviteCodes).where(eq(inviteCodes.id, id));
    expect(invite.url).toBe(stored);
  });

  it.each([
    ["no URL", {}, "This field is required."],
    ["a blank URL", { url: "  " }, "This field is required."],
    ["no URL at all", { url: "guest.example.org" }, "Enter a valid URL."],
    ["another scheme", { url: "ftp://guest.example.org" }, "Enter a valid URL."],
    ["an over-long URL", { url: `https://example.org/${"x".repeat(200)}` }, "Ensure this value has at most 200 characters."],
  ])("refuses %s with the form again and stores nothing", async (_name, fields, message) => {
    const staff = await staffCookie();
    const before = await snapshot();
    const response = await postForm(ADD, fields, { cookie: staff });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses to show an expired invite, with ephios's message", async () => {
    const staff = await staffCookie();
    const response = await get(`${SETTINGS}invite/2/`, staff);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(SETTINGS);
    const overview = await get(SETTINGS, withCookiesFrom(response, staff));
    expect(await overview.text()).toContain("Invite code has expired.");
  });

  it("answers unknown or malformed invites with 404", async () => {
    const staff = await staffCookie();
    for (const path of [`${SETTINGS}invite/99/`, `${SETTINGS}invite/x/`, `${SETTINGS}invite/99/delete/`, `${SETTINGS}guests/99/delete/`, `${SETTINGS}guests/x/delete/`]) {
      expect((await get(path, staff)).status, path).toBe(404);
    }
  });

  it("deletes a pending invite, after which its code no longer works", async () => {
    const staff = await staffCookie();
    expect(await (await get(`${SETTINGS}invite/1/delete/`, staff)).text()).toContain("https://new.example.org");
    const response = await postForm(`${SETTINGS}invite/1/delete/`, {}, { cookie: staff });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(SETTINGS);
    expect(await testDb().select().from(inviteCodes).where(eq(inviteCodes.id, 1))).toEqual([]);
    const setup = await request("/api/federation/setup/", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ name: "X", url: "https://new.example.org", client_id: "c", client_secret: "s", code: "a".repeat(64) }),
    });
    await expectError(setup, 400, { non_field_errors: ["Invite code is not valid"] });
  });
});

describe("removing a guest", () => {
  it("deletes the guest with its users and revokes its token", async () => {
    const staff = await staffCookie();
    expect(await (await get(`${SETTINGS}guests/1/delete/`, staff)).text()).toContain("Guest One");
    const response = await postForm(`${SETTINGS}guests/1/delete/`, {}, { cookie: staff });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(SETTINGS);
    const db = testDb();
    expect((await db.select().from(federatedGuests)).map((g) => g.id)).toEqual([2]);
    expect((await db.select().from(federatedUsers)).map((u) => u.id)).toEqual([2]);
    await expectError(await request("/api/federation/events/", { headers: bearer(GUEST_TOKENS.one) }), 403, NOT_AUTHENTICATED);
    expect((await request("/api/federation/events/", { headers: bearer(GUEST_TOKENS.two) })).status).toBe(200);
  });
});
