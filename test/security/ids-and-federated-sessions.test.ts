/**
 * Issue 12 item 1: ids are never reused, and a federated session belongs to one federated user row.
 * The reproduction: a guest's user X logs in; the guest is removed and added again; a user Y of the
 * new guest gets X's old ids (forced here, as a database without AUTOINCREMENT handed them out);
 * X's old cookie must not act as Y. test/federation/two-instances.test.ts replays the sequence
 * with two real instances.
 */
import { env } from "cloudflare:workers";
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { events, federatedGuests, federatedUsers, participations } from "../../src/db/schema";
import { emptyDatabase, loadWorld, testDb } from "../helpers/db";
import { postForm, request, withCookiesFrom } from "../helpers/http";
import { fakeNetwork, json } from "../helpers/outbound";

const GUEST = { id: 1, url: "https://guest.example.org" };

function world() {
  return {
    format: "ephios-fixture/1",
    users: [{ id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_staff: true, is_superuser: true }],
    event_types: [{ id: 1, title: "Service" }],
    events: [{ id: 1, title: "Shared Festival", location: "Field", type: 1, active: true }],
    shifts: [
      {
        id: 1,
        event: 1,
        label: "Early",
        meeting_time: "2099-06-30T07:00:00+02:00",
        start_time: "2099-06-30T08:00:00+02:00",
        end_time: "2099-06-30T12:00:00+02:00",
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 5 },
      },
    ],
    federated_guests: [{ id: GUEST.id, name: "Guest Org", url: GUEST.url, access_token: "guest-setup-token-0123456789", client_id: "guest-client", client_secret: "guest-secret" }],
    event_shares: [{ event: 1, guest: GUEST.id }],
  };
}

const profile = (email: string) => ({ id: 7, display_name: email.split("@")[0], email, phone: null, date_of_birth: null, is_staff: false, qualifications: [] });

/** The whole federated login of a browser whose user at the guest is `email`; returns its cookies. */
async function federatedLogin(email: string): Promise<string> {
  const start = await request("/events/shared/1/1/");
  expect(start.status).toBe(302);
  const state = new URL(start.headers.get("Location")!).searchParams.get("state");
  fakeNetwork((outbound) => {
    const path = new URL(outbound.url).pathname;
    if (path === "/api/oauth/token/") return json({ access_token: "t", token_type: "Bearer", expires_in: 3600, scope: "ME_READ" });
    if (path === "/api/users/me/") return json(profile(email));
    return json({ detail: "Not found." }, 404);
  });
  const back = await request(`/api/federation/oauth-callback/?code=c&state=${state}`, { headers: { Cookie: withCookiesFrom(start, "") } });
  vi.restoreAllMocks();
  expect(back.status).toBe(302);
  expect(back.headers.get("Location")).toBe("/events/shared/1/1/");
  return withCookiesFrom(back, "");
}

const eventPage = (cookie: string) => request("/events/shared/1/1/", { headers: { Cookie: cookie } });
const idOf = async (email: string) => (await testDb().select({ id: federatedUsers.id }).from(federatedUsers).where(eq(federatedUsers.email, email)))[0]?.id;

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(world());
});

afterEach(() => vi.restoreAllMocks());

describe("a federated session after its guest was removed and added again", () => {
  it("does not act as the user who now has the old ids", async () => {
    const x = await federatedLogin("x@guest.example.org");
    expect((await eventPage(x)).status).toBe(200);
    const xId = await idOf("x@guest.example.org");

    // The guest is removed (its users and shares go with it) and comes back with the same ids.
    const db = testDb();
    const [guestRow] = await db.select().from(federatedGuests).where(eq(federatedGuests.id, GUEST.id));
    await db.delete(federatedGuests).where(eq(federatedGuests.id, GUEST.id));
    expect((await eventPage(x)).status).toBe(403);
    await db.insert(federatedGuests).values(guestRow);
    await db.run(sql`INSERT INTO event_shares (event_id, guest_id) VALUES (1, ${GUEST.id})`);
    await db.insert(federatedUsers).values({ id: xId, guestId: GUEST.id, email: "y@guest.example.org", displayName: "y", createdAt: 0 });

    const y = await federatedLogin("y@guest.example.org");
    expect(await idOf("y@guest.example.org")).toBe(xId);
    const signup = await postForm("/shifts/shared/1/1/signup/", { signup_choice: "sign_up" }, { cookie: y });
    expect(signup.status).toBe(302);

    // X's old cookie is no session any more: the page sends it to log in at the guest ...
    const stale = await eventPage(x);
    expect(stale.status).toBe(302);
    expect(stale.headers.get("Location")).toMatch(new RegExp(`^${GUEST.url}/api/oauth/authorize/`));
    // ... and its decline changes nothing of Y's participation.
    const decline = await postForm("/shifts/shared/1/1/signup/", { signup_choice: "decline" }, { cookie: x });
    expect(decline.headers.get("Location")).toBe("/events/shared/1/1/");
    const [row] = await db.select({ state: participations.state }).from(participations).where(and(eq(participations.shiftId, 1), eq(participations.federatedUserId, xId)));
    expect(row.state).toBe(1);
    // Y's own session still works.
    expect((await eventPage(y)).status).toBe(200);
  });

  it("refuses a session whose federated user was deleted", async () => {
    const z = await federatedLogin("z@guest.example.org");
    expect((await eventPage(z)).status).toBe(200);
    await testDb().delete(federatedUsers).where(eq(federatedUsers.email, "z@guest.example.org"));
    expect((await eventPage(z)).status).toBe(302);
  });
});

describe("ids", () => {
  it("every table with an integer id is AUTOINCREMENT", async () => {
    const tables = await env.DB.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%\`id\` integer PRIMARY KEY%'`).all<{ name: string; sql: string }>();
    expect(tables.results.length).toBeGreaterThan(20);
    for (const table of tables.results) expect(table.sql, table.name).toMatch(/`id` integer PRIMARY KEY AUTOINCREMENT/);
  });

  it("a deleted row's id is not handed to the next row", async () => {
    const db = testDb();
    const [created] = await db.insert(events).values({ title: "Newest", location: "x", typeId: 1, active: false }).returning({ id: events.id });
    await db.delete(events).where(eq(events.id, created.id));
    const [next] = await db.insert(events).values({ title: "Next", location: "x", typeId: 1, active: false }).returning({ id: events.id });
    expect(next.id).toBeGreaterThan(created.id);
  });
});
