/**
 * /settings/calendar/: the logged-in user resets their calendar URL and sees the new one once;
 * the old URL then answers 404. Only the token's hash is stored.
 */
import ICAL from "ical.js";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { users } from "../../../src/db/schema";
import { sha256Hex } from "../../../src/lib/crypto";
import { resetWorld, snapshot, testDb } from "../../helpers/db";
import { login, postForm, request } from "../../helpers/http";
import { PASSWORD, TOKENS, calendarWorld } from "./world";

beforeEach(() => resetWorld(calendarWorld()));

const storedHash = async (id: number) => (await testDb().select({ hash: users.calendarTokenHash }).from(users).where(eq(users.id, id)))[0].hash;

/** The calendar URL shown on a page, or null. */
const shownUrl = (html: string) => /id="calendar-url"[^>]*value="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;

describe("/settings/calendar/", () => {
  it("sends anonymous visitors to the login page", async () => {
    const response = await request("/settings/calendar/");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/accounts/login/?next=%2Fsettings%2Fcalendar%2F");
    expect((await postForm("/settings/calendar/", { reset: "1" })).status).toBe(302);
    expect(await storedHash(2)).toBe(await sha256Hex(TOKENS.vera));
  });

  it("shows no URL before a reset: only the hash is stored", async () => {
    const cookie = await login("vera@example.org", PASSWORD);
    const response = await request("/settings/calendar/", { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(shownUrl(html)).toBeNull();
    expect(html).toContain("Reset calendar URL");
  });

  it("resets the token: the page shows the new URL once, which a calendar app reads, and the old URL answers 404", async () => {
    const cookie = await login("vera@example.org", PASSWORD);
    const response = await postForm("/settings/calendar/", { reset: "1" }, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    const url = shownUrl(await response.text());
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/calendar\/[A-Za-z0-9_-]{43}\/\?requested=1&rejected=0$/);
    const token = new URL(url!).pathname.split("/")[2];
    expect(await storedHash(2)).toBe(await sha256Hex(token));

    expect((await request(`/calendar/${TOKENS.vera}/`)).status).toBe(404);
    const subscribed = await request(url!);
    expect(subscribed.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(await subscribed.text()));
    const statuses = calendar.getAllSubcomponents("vevent").map((v) => [v.getFirstPropertyValue("uid"), v.getFirstPropertyValue("status")]);
    expect(statuses).toEqual([
      ["1@127.0.0.1:8787", "CONFIRMED"],
      ["2@127.0.0.1:8787", "CONFIRMED"],
      ["3@127.0.0.1:8787", "TENTATIVE"],
    ]);
    // Another user's feed is untouched.
    expect((await request(`/calendar/${TOKENS.otto}/`)).status).toBe(200);
  });

  it("makes a new token each time", async () => {
    const cookie = await login("vera@example.org", PASSWORD);
    const first = shownUrl(await (await postForm("/settings/calendar/", { reset: "1" }, { cookie })).text());
    const second = shownUrl(await (await postForm("/settings/calendar/", { reset: "1" }, { cookie })).text());
    expect(first).not.toBe(second);
    expect((await request(first!)).status).toBe(404);
    expect((await request(second!)).status).toBe(200);
  });

  it("refuses a post from another site, and a form without reset, changing nothing", async () => {
    const cookie = await login("vera@example.org", PASSWORD);
    const before = await snapshot();
    const forged = await postForm("/settings/calendar/", { reset: "1" }, { cookie, origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    for (const fields of [{}, { reset: "" }, { reset: "false" }] as Record<string, string>[]) {
      const response = await postForm("/settings/calendar/", fields, { cookie });
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(await response.text()).toContain("This field is required.");
    }
    expect(await snapshot()).toEqual(before);
    expect((await request(`/calendar/${TOKENS.vera}/`)).status).toBe(200);
  });
});
