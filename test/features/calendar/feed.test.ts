/**
 * GET /calendar/<token>/: the personal calendar feed, read back with a real iCalendar parser
 * (ical.js) as a calendar app would.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { events as eventsTable, participations, users } from "../../../src/db/schema";
import { resetWorld, testDb } from "../../helpers/db";
import { veventsOf } from "../../helpers/ical";
import { login, postForm, request } from "../../helpers/http";
import { d1Cost, d1Timing } from "../../helpers/timing";
import { DESCRIPTION, TOKENS, calendarWorld } from "./world";

const SITE_URL = "http://127.0.0.1:8787";

beforeEach(() => resetWorld(calendarWorld()));

const feed = (token: string, query = "", headers: Record<string, string> = {}) => request(`/calendar/${token}/${query}`, { headers });

/** The VEVENTs of a feed answer, parsed by ical.js. */
async function events(response: Response) {
  expect(response.status).toBe(200);
  return veventsOf(await response.text());
}

const uids = async (response: Response) => (await events(response)).map((e) => e.uid);

describe("the feed", () => {
  it("answers an iCalendar file of the shifts the user is confirmed for, each as ephios writes it", async () => {
    const response = await feed(TOKENS.vera);
    expect(response.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="events.ics"');
    expect(await events(response)).toEqual([
      {
        uid: "1@127.0.0.1:8787",
        summary: "Früh (Stadtfest, Innenstadt)",
        description: DESCRIPTION.replace(/\r\n/g, "\n"),
        location: "Markt; Nord",
        start: "2099-07-01T06:00:00.000Z",
        end: "2099-07-01T10:00:00.000Z",
        url: `${SITE_URL}/events/1-stadtfest-innenstadt/#shift-1`,
        // Ina (4) is the Planners' first member but inactive; Paul (5) comes before Sam (6, directly).
        organizer: "MAILTO:paul@example.org",
        status: "CONFIRMED",
      },
      {
        // No label: the event title; own times; no description, location or responsible: none written.
        uid: "2@127.0.0.1:8787",
        summary: "Blutspende",
        description: null,
        location: null,
        start: "2099-07-02T07:30:00.000Z",
        end: "2099-07-02T09:15:00.000Z",
        url: `${SITE_URL}/events/2-blutspende/#shift-2`,
        organizer: null,
        status: "CONFIRMED",
      },
    ]);
  });

  it("is RFC 5545 text: CRLF lines of at most 75 octets, folded with a space, times in UTC", async () => {
    const text = await (await feed(TOKENS.vera, "?requested=1&rejected=1")).text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nPRODID:-//ephios//ephios//EN\r\nMETHOD:PUBLISH\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = text.split("\r\n").slice(0, -1);
    for (const line of lines) expect(new TextEncoder().encode(line).length, line).toBeLessThanOrEqual(75);
    // The long description is folded, and the unfolded line holds it escaped.
    const unfolded = text.replace(/\r\n /g, "").split("\r\n");
    expect(lines.some((line) => line.startsWith(" "))).toBe(true);
    expect(unfolded).toContain(`DESCRIPTION:${DESCRIPTION.replace(/\\/g, "\\\\").replace(/[;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n")}`);
    for (const line of unfolded.filter((l) => /^(DTSTART|DTEND|DTSTAMP):/.test(l))) expect(line).toMatch(/^[A-Z]+:\d{8}T\d{6}Z$/);
  });

  it("adds requested participations as TENTATIVE with ?requested=1 and rejected ones as CANCELLED with ?rejected=1", async () => {
    const all = await events(await feed(TOKENS.vera, "?requested=1&rejected=1"));
    expect(all.map((e) => [e.uid, e.status])).toEqual([
      ["1@127.0.0.1:8787", "CONFIRMED"],
      ["2@127.0.0.1:8787", "CONFIRMED"],
      ["3@127.0.0.1:8787", "TENTATIVE"],
      ["4@127.0.0.1:8787", "CANCELLED"],
    ]);
    expect(await uids(await feed(TOKENS.vera, "?requested=1&rejected=0"))).toEqual(["1@127.0.0.1:8787", "2@127.0.0.1:8787", "3@127.0.0.1:8787"]);
    expect(await uids(await feed(TOKENS.vera, "?rejected=1"))).toEqual(["1@127.0.0.1:8787", "2@127.0.0.1:8787", "4@127.0.0.1:8787"]);
  });

  it("reads the switches as ephios: the last value counts, empty and 0 are off, anything else on", async () => {
    const confirmedOnly = ["1@127.0.0.1:8787", "2@127.0.0.1:8787"];
    const withRequested = [...confirmedOnly, "3@127.0.0.1:8787"];
    expect(await uids(await feed(TOKENS.vera, "?requested="))).toEqual(confirmedOnly);
    expect(await uids(await feed(TOKENS.vera, "?requested=0"))).toEqual(confirmedOnly);
    expect(await uids(await feed(TOKENS.vera, "?requested=1&requested=0"))).toEqual(confirmedOnly);
    expect(await uids(await feed(TOKENS.vera, "?requested=0&requested=yes"))).toEqual(withRequested);
    expect(await uids(await feed(TOKENS.vera, "?requested=true&unknown=1"))).toEqual(withRequested);
  });

  it("never shows declined or dispatching participations, shifts of inactive events or events the user may not view", async () => {
    const shown = await uids(await feed(TOKENS.vera, "?requested=1&rejected=1"));
    for (const shift of [5, 6, 7, 8]) expect(shown).not.toContain(`${shift}@127.0.0.1:8787`);
  });

  it("follows the user's participations: a new state shows at once", async () => {
    await testDb().update(participations).set({ state: 2 }).where(eq(participations.id, 1));
    expect(await uids(await feed(TOKENS.vera))).toEqual(["2@127.0.0.1:8787"]);
  });
});

describe("refused", () => {
  it("answers 404 to an unknown token, without the feed", async () => {
    const response = await feed("unknown-calendar-token-0123456789-abcdefghijk");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Content-Disposition")).toBeNull();
    expect(response.headers.get("Cache-Control")).toBe("no-store");
  });

  it("answers 404 to malformed tokens without asking the database", async () => {
    for (const token of ["a".repeat(255), "bad%20token", "%00", "bad.token", "b%C3%A4d"]) {
      const response = await feed(token);
      expect(response.status, token).toBe(404);
      expect(d1Cost(response).queries, token).toBe(0);
    }
  });

  it("answers 404 to the token of a deactivated user, and again once they are reactivated", async () => {
    expect((await feed(TOKENS.ina)).status).toBe(404);
    await testDb().update(users).set({ isActive: false }).where(eq(users.id, 2));
    expect((await feed(TOKENS.vera)).status).toBe(404);
    await testDb().update(users).set({ isActive: true }).where(eq(users.id, 2));
    expect((await feed(TOKENS.vera)).status).toBe(200);
  });

  it("answers 404 once an administrator revoked the user's password and tokens (as ephios, the calendar token too)", async () => {
    const admin = await login("admin@example.org", "admin-password-1");
    expect((await postForm("/users/2/password_revoke/", {}, { cookie: admin })).status).toBe(302);
    expect((await feed(TOKENS.vera)).status).toBe(404);
    expect((await feed(TOKENS.otto)).status).toBe(200);
  });

  it("shows each user their own participations only", async () => {
    expect(await uids(await feed(TOKENS.otto, "?requested=1&rejected=1"))).toEqual(["1@127.0.0.1:8787", "9@127.0.0.1:8787"]);
    expect(await uids(await feed(TOKENS.vera, "?requested=1&rejected=1"))).not.toContain("9@127.0.0.1:8787");
  });

  it("answers a bad query string like every page: 400 before anything is read", async () => {
    const response = await feed(TOKENS.vera, "?requested=%FF");
    expect(response.status).toBe(400);
    expect(d1Cost(response).queries).toBe(0);
  });
});

describe("caching and polling", () => {
  it("lets only the calendar app keep the answer, revalidated with its ETag", async () => {
    const response = await feed(TOKENS.vera);
    expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(response.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(response.headers.get("ETag")).toMatch(/^W\/"[0-9a-f]{32}"$/);
  });

  it("answers If-None-Match with 304 and no body while nothing changed, weak or strong, listed or *", async () => {
    const etag = (await feed(TOKENS.vera)).headers.get("ETag")!;
    for (const ifNoneMatch of [etag, etag.slice(2), `"other", ${etag}`, "*"]) {
      const response = await feed(TOKENS.vera, "", { "If-None-Match": ifNoneMatch });
      expect(response.status, ifNoneMatch).toBe(304);
      expect(await response.text()).toBe("");
      expect(response.headers.get("ETag")).toBe(etag);
      expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
    }
  });

  it("answers the whole feed with a new ETag once the selection, a shown participation or its event changed", async () => {
    const etag = (await feed(TOKENS.vera)).headers.get("ETag")!;
    const again = (query = "") => feed(TOKENS.vera, query, { "If-None-Match": etag });
    const withRequested = await again("?requested=1");
    expect(withRequested.status).toBe(200);
    expect(withRequested.headers.get("ETag")).not.toBe(etag);

    await testDb().update(participations).set({ individualEndTime: Date.parse("2099-07-01T11:00:00Z") }).where(eq(participations.id, 1));
    const changed = await again();
    expect(changed.status).toBe(200);
    expect((await events(changed))[0].end).toBe("2099-07-01T11:00:00.000Z");

    const latest = changed.headers.get("ETag")!;
    await testDb().update(eventsTable).set({ location: "Rathaus" }).where(eq(eventsTable.id, 1));
    const moved = await feed(TOKENS.vera, "", { "If-None-Match": latest });
    expect(moved.status).toBe(200);
    expect((await events(moved))[0].location).toBe("Rathaus");
  });

  it("costs the same D1 statements and round trips however many shifts a user has", async () => {
    const small = d1Cost(await feed(TOKENS.otto));
    const big = calendarWorld();
    for (let i = 0; i < 40; i++) {
      big.events.push({ id: 100 + i, title: `Dienst ${i}`, description: `Dienst ${i}`, location: "Wache", type: 1, active: true });
      big.event_permissions.push({ event: 100 + i, group: 1, permission: "view_event" }, { event: 100 + i, group: 2, permission: "change_event" });
      big.shifts.push({ ...big.shifts[0], id: 100 + i, event: 100 + i, label: "" });
      big.participations.push({ id: 100 + i, shift: 100 + i, kind: "local", user: 2, state: i % 2 });
    }
    await resetWorld(big);
    const response = await feed(TOKENS.vera, "?requested=1");
    expect((await events(response)).length).toBe(43);
    expect(d1Cost(response)).toEqual(small);
    expect(small.roundTrips).toBe(2);
  });

  it("reads no more rows for events the user may see without taking part, nor for other users' participations", async () => {
    const before = d1Timing(await feed(TOKENS.vera)).rowsRead;
    const big = calendarWorld();
    for (let i = 0; i < 100; i++) {
      big.events.push({ id: 100 + i, title: `Dienst ${i}`, description: "Wache", location: "Wache", type: 1, active: true });
      big.event_permissions.push({ event: 100 + i, group: 1, permission: "view_event" });
      big.shifts.push({ ...big.shifts[0], id: 100 + i, event: 100 + i, label: "" });
      big.participations.push({ id: 100 + i, shift: 100 + i, kind: "local", user: 3, state: 1 });
    }
    await resetWorld(big);
    expect(d1Timing(await feed(TOKENS.vera)).rowsRead).toBe(before);
  });
});
