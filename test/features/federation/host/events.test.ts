import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { accessTokens, eventShares, federatedGuests, federatedUsers, participations } from "../../../../src/db/schema";
import { sha256Hex } from "../../../../src/lib/crypto";
import { expectError } from "../../../helpers/api";
import { resetWorld, snapshot, testDb } from "../../../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../../../helpers/http";
import { d1Queries, d1Timing } from "../../../helpers/timing";
import { GUEST_TOKENS, PASSWORDS, TOKENS, hostWorld } from "./host-world";
import { pageLink } from "../../../helpers/links";

const EVENTS = "/api/federation/events/";
const DELETE = "/api/federation/guest/delete/";

const asGuest = (path: string, token = GUEST_TOKENS.one, init: RequestInit = {}) => request(path, { ...init, headers: { ...bearer(token), ...init.headers } });

async function results(query = "", token = GUEST_TOKENS.one) {
  const response = await asGuest(`${EVENTS}${query}`, token);
  expect(response.status, query).toBe(200);
  return (await response.json()) as { count: number; next: string | null; previous: string | null; results: { id: number }[] };
}

const ids = async (query = "", token = GUEST_TOKENS.one) => (await results(query, token)).results.map((e) => e.id);

describe("GET /api/federation/events/", () => {
  beforeEach(() => resetWorld(hostWorld()));

  it("lists the active events shared with the calling guest, by start time, in ephios's SharedEvent shape", async () => {
    const body = await results();
    expect(body.count).toBe(3);
    expect(body.next).toBeNull();
    expect(body.previous).toBeNull();
    expect(body.results.map((e) => e.id)).toEqual([6, 1, 2]);
    expect(body.results[1]).toEqual({
      id: 1,
      title: "Summer Festival",
      description: "<p>Big</p>",
      location: "Park",
      type: { id: 1, title: "Service" },
      start_time: "2099-07-01T08:00:00+02:00",
      end_time: "2099-07-02T18:30:00+02:00",
      signup_url: `${env.SITE_URL}/events/shared/1/1/`,
    });
    expect(body.results[0]).toMatchObject({ description: "", start_time: "2099-01-10T09:00:00+01:00" });
    expect(body.results[2]).toMatchObject({ description: null, type: { id: 2, title: "Training" } });
    // Each guest sees only its own shares, with its own signup URL.
    expect((await results("", GUEST_TOKENS.two)).results).toEqual([expect.objectContaining({ id: 4, signup_url: `${env.SITE_URL}/events/shared/4/2/` })]);
  });

  it("applies the event filters", async () => {
    expect(await ids("?type=2")).toEqual([2]);
    expect(await ids("?end_time_after=2099-07-02T18:30:00")).toEqual([1, 2]);
    // What an ephios guest sends: now - 14 days in UTC with microseconds, + encoded.
    expect(await ids("?end_time_after=2099-06-15T10:11:12.345678%2B00:00")).toEqual([1, 2]);
    expect(await ids("?start_time_before=2099-07-01T08:00:00%2B02:00")).toEqual([6, 1]);
    expect(await ids("?start_time_after=2099-07-01&end_time_before=2099-07-31")).toEqual([1]);
    expect(await ids("?start_gte=2099-07-02&start_lte=2099-12-31")).toEqual([2]);
    // No search and no ordering here (ephios has neither on this list).
    expect(await ids("?search=Course&ordering=-start_time")).toEqual([6, 1, 2]);
  });

  it("paginates as the other lists, in a constant number of queries", async () => {
    const first = await results("?limit=1");
    expect(first).toMatchObject({ count: 3, previous: null, next: pageLink(`${ORIGIN}${EVENTS}?limit=1&offset=1`) });
    expect(first.results.map((e) => e.id)).toEqual([6]);
    const second = await results("?limit=1&offset=1");
    expect(second.results.map((e) => e.id)).toEqual([1]);
    expect(second.previous).toBe(`${ORIGIN}${EVENTS}?limit=1`);
    const small = d1Queries(await asGuest(`${EVENTS}?limit=1`));
    const large = d1Queries(await asGuest(`${EVENTS}?limit=100`));
    expect(small).toBe(large);
    expect(large).toBeLessThanOrEqual(4);
  });

  it("reads the guest's shares, not the events beside them", async () => {
    const before = d1Timing(await asGuest(`${EVENTS}?limit=10`)).rowsRead;
    // 300 active events nobody shares, earlier than every shared one: a page walking the events in
    // time order would pass them all.
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
       INSERT INTO events (title, location, type_id, active) SELECT 'Unshared ' || i, 'Elsewhere', 1, 1 FROM n`,
    ).run();
    const early = Date.parse("2098-01-01T08:00:00Z");
    await env.DB.prepare(
      `INSERT INTO shifts (event_id, label, meeting_time, start_time, end_time, signup_flow_slug, signup_flow_configuration, structure_slug, structure_configuration)
       SELECT id, 'Early', ?1, ?1, ?1 + 3600000, 'instant_confirmation', '{}', 'uniform', '{}' FROM events WHERE title LIKE 'Unshared %'`,
    )
      .bind(early)
      .run();
    const after = await asGuest(`${EVENTS}?limit=10`);
    expect(((await after.json()) as { count: number }).count).toBe(3);
    expect(d1Timing(after).rowsRead, `${before} rows before`).toBeLessThanOrEqual(before + 10);
  });

  it.each([
    ["an unknown type", "?type=99", { type: ["Select a valid choice. That choice is not one of the available choices."] }],
    ["a type that is no id", "?type=abc", { type: ["Select a valid choice. That choice is not one of the available choices."] }],
    // Keyed by the range filter's field, as django-filter keys it.
    ["an invalid datetime", "?end_time_after=yesterday", { end_time: ["Enter a valid date/time."] }],
    ["an unencoded + in the offset", "?end_time_after=2099-06-15T10:11:12+00:00", { end_time: ["Enter a valid date/time."] }],
  ])("refuses %s with 400", async (_name, query, body) => {
    await expectError(await asGuest(`${EVENTS}${query}`), 400, body);
  });

  it("refuses everybody but a guest: no credentials, bad tokens, sessions, personal tokens", async () => {
    await expectError(await request(EVENTS), 403, NOT_AUTHENTICATED);
    await expectError(await request(EVENTS, { headers: bearer("no-such-token") }), 403, NOT_AUTHENTICATED);
    await expectError(await request(EVENTS, { headers: bearer(TOKENS.volunteerRevoked) }), 403, NOT_AUTHENTICATED);
    await expectError(await request(EVENTS, { headers: bearer(TOKENS.volunteerAll) }), 403, PERMISSION_DENIED);
    await expectError(await request(EVENTS, { headers: bearer(TOKENS.staffWrite) }), 403, PERMISSION_DENIED);
  });

  it("refuses a session, also a staff session with a guest token beside it (the session wins)", async () => {
    await resetWorld(hostWorld({ withPasswords: true }));
    const cookie = await login("staff@example.org", PASSWORDS.staff);
    await expectError(await request(EVENTS, { headers: { Cookie: cookie } }), 403, PERMISSION_DENIED);
    await expectError(await request(EVENTS, { headers: { Cookie: cookie, ...bearer(GUEST_TOKENS.one) } }), 403, PERMISSION_DENIED);
  });

  it("answers unsafe methods after the guard: 403 for others, 405 for a guest", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      await expectError(await request(EVENTS, { method }), 403, NOT_AUTHENTICATED);
      await expectError(await request(EVENTS, { method, headers: bearer(TOKENS.volunteerAll) }), 403, PERMISSION_DENIED);
      await expectError(await asGuest(EVENTS, GUEST_TOKENS.one, { method }), 405, { detail: `Method "${method}" not allowed.` });
    }
  });
});

describe("DELETE /api/federation/guest/delete/", () => {
  beforeEach(() => resetWorld(hostWorld()));

  it("deletes the calling guest with its federated users, their participations and its shares, and revokes its token", async () => {
    const response = await asGuest(DELETE, GUEST_TOKENS.one, { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");

    const db = testDb();
    expect((await db.select().from(federatedGuests)).map((g) => g.id)).toEqual([2]);
    expect((await db.select().from(federatedUsers)).map((u) => u.id)).toEqual([2]);
    expect((await db.select().from(participations)).map((p) => p.id).sort()).toEqual([2, 3]);
    expect(await db.select().from(eventShares)).toEqual([{ eventId: 4, guestId: 2 }]);
    const hashes = (await db.select().from(accessTokens)).map((t) => t.tokenHash);
    expect(hashes).not.toContain(await sha256Hex(GUEST_TOKENS.one));
    expect(hashes).toContain(await sha256Hex(GUEST_TOKENS.two));

    // The token no longer works anywhere; the guest reads the 403 as "share ended".
    await expectError(await asGuest(EVENTS), 403, NOT_AUTHENTICATED);
    await expectError(await asGuest(DELETE, GUEST_TOKENS.one, { method: "DELETE" }), 403, NOT_AUTHENTICATED);
    // The other guest is untouched.
    expect(await ids("", GUEST_TOKENS.two)).toEqual([4]);
  });

  it("refuses everybody but a guest and changes nothing", async () => {
    const before = await snapshot();
    await expectError(await request(DELETE, { method: "DELETE" }), 403, NOT_AUTHENTICATED);
    await expectError(await request(DELETE, { method: "DELETE", headers: bearer("no-such-token") }), 403, NOT_AUTHENTICATED);
    await expectError(await request(DELETE, { method: "DELETE", headers: bearer(TOKENS.volunteerAll) }), 403, PERMISSION_DENIED);
    await expectError(await request(DELETE, { method: "DELETE", headers: bearer(TOKENS.staffWrite) }), 403, PERMISSION_DENIED);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a session and changes nothing", async () => {
    await resetWorld(hostWorld({ withPasswords: true }));
    const cookie = await login("staff@example.org", PASSWORDS.staff);
    const before = await snapshot();
    await expectError(await request(DELETE, { method: "DELETE", headers: { Cookie: cookie, Origin: ORIGIN } }), 403, PERMISSION_DENIED);
    expect(await snapshot()).toEqual(before);
  });

  it("answers other methods of a guest with 405 and changes nothing", async () => {
    const before = await snapshot();
    for (const method of ["GET", "POST", "PUT", "PATCH"]) {
      await expectError(await asGuest(DELETE, GUEST_TOKENS.one, { method }), 405, { detail: `Method "${method}" not allowed.` });
      await expectError(await request(DELETE, { method }), 403, NOT_AUTHENTICATED);
    }
    expect(await snapshot()).toEqual(before);
  });
});
