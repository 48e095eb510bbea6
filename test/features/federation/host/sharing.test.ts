import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { eventShares } from "../../../../src/db/schema";
import { expectError } from "../../../helpers/api";
import { resetWorld, snapshot, testDb } from "../../../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, postForm, request } from "../../../helpers/http";
import { GUEST_TOKENS, GUEST_TWO_URL, PASSWORDS, TOKENS, hostWorld } from "./host-world";

const api = (id: number | string) => `/api/events/${id}/federation/`;
const page = (id: number | string) => `/events/${id}/federation/`;

const AVAILABLE = [
  { id: 1, name: "Guest One", url: "https://one.example.org" },
  { id: 2, name: "Guest Two", url: GUEST_TWO_URL },
];

const put = (id: number | string, body: unknown, headers: Record<string, string> = bearer(TOKENS.plannerWrite)) =>
  request(api(id), { method: "PUT", headers: { "Content-Type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function sharedWith(eventId: number) {
  const rows = await testDb().select().from(eventShares).where(eq(eventShares.eventId, eventId)).orderBy(asc(eventShares.guestId));
  return rows.map((r) => r.guestId);
}

// Passwords are hashed anew on every reset, which ends earlier sessions: log in after it.
beforeEach(() => resetWorld(hostWorld({ withPasswords: true })));

const cookieOf = (who: keyof typeof PASSWORDS) => login(`${who}@example.org`, PASSWORDS[who]);

describe("GET/PUT /api/events/{id}/federation/", () => {
  it("shows the shares and every guest to a user who may change the event, with an ETag", async () => {
    const response = await request(api(1), { headers: bearer(TOKENS.plannerRead) });
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await response.json()).toEqual({ guests: [1], available_guests: AVAILABLE });
  });

  it("lets a user who may change the event share it with exactly the given guests", async () => {
    const response = await put(1, { guests: [2, 2] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ guests: [2], available_guests: AVAILABLE });
    expect(await sharedWith(1)).toEqual([2]);
    // The guest sees the change at once.
    const list = await request("/api/federation/events/", { headers: bearer(GUEST_TOKENS.two) });
    expect(((await list.json()) as { results: { id: number }[] }).results.map((e) => e.id)).toEqual([1, 4]);

    expect((await put(1, { guests: [] })).status).toBe(200);
    expect(await sharedWith(1)).toEqual([]);
  });

  it("lets staff share any event, also an inactive one, and a session user", async () => {
    expect((await put(5, { guests: [1, 2] }, bearer(TOKENS.staffWrite))).status).toBe(200);
    expect(await sharedWith(5)).toEqual([1, 2]);
    expect((await put(3, { guests: [2] }, bearer(TOKENS.staffWrite))).status).toBe(200);
    expect(await sharedWith(3)).toEqual([2]);
    expect((await put(1, { guests: [1, 2] }, { Cookie: await cookieOf("planner"), Origin: ORIGIN })).status).toBe(200);
    expect(await sharedWith(1)).toEqual([1, 2]);
  });

  it("refuses a stale If-Match with 412 and changes nothing", async () => {
    const etag = (await request(api(1), { headers: bearer(TOKENS.plannerRead) })).headers.get("ETag")!;
    expect((await put(1, { guests: [1, 2] }, { ...bearer(TOKENS.plannerWrite), "If-Match": etag })).status).toBe(200);
    const before = await snapshot();
    await expectError(await put(1, { guests: [] }, { ...bearer(TOKENS.plannerWrite), "If-Match": etag }), 412, { detail: "Precondition failed: the object was changed since you read it." });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses users who may only view the event (403) or not even that (404), and changes nothing", async () => {
    const volunteer = await cookieOf("volunteer");
    const before = await snapshot();
    await expectError(await request(api(1), { headers: bearer(TOKENS.volunteerAll) }), 403, PERMISSION_DENIED);
    await expectError(await put(1, { guests: [] }, bearer(TOKENS.volunteerAll)), 403, PERMISSION_DENIED);
    await expectError(await request(api(5), { headers: bearer(TOKENS.volunteerAll) }), 404, { detail: "No Event matches the given query." });
    await expectError(await put(5, { guests: [1] }, bearer(TOKENS.volunteerAll)), 404, { detail: "No Event matches the given query." });
    await expectError(await put(2, { guests: [1] }, bearer(TOKENS.plannerWrite)), 404, { detail: "No Event matches the given query." });
    await expectError(await put(1, { guests: [] }, { Cookie: volunteer, Origin: ORIGIN }), 403, PERMISSION_DENIED);
    expect(await snapshot()).toEqual(before);
  });

  it("needs PUBLIC_READ to read and PUBLIC_WRITE to write, and is no guest's business", async () => {
    const planner = await cookieOf("planner");
    const before = await snapshot();
    await expectError(await request(api(1)), 403, NOT_AUTHENTICATED);
    await expectError(await put(1, { guests: [] }, {}), 403, NOT_AUTHENTICATED);
    await expectError(await put(1, { guests: [] }, bearer(TOKENS.plannerRead)), 403, PERMISSION_DENIED);
    await expectError(await request(api(1), { headers: bearer(GUEST_TOKENS.one) }), 403, PERMISSION_DENIED);
    await expectError(await put(1, { guests: [] }, bearer(GUEST_TOKENS.one)), 403, PERMISSION_DENIED);
    // A session from another site may not write.
    expect((await put(1, { guests: [] }, { Cookie: planner, Origin: "https://evil.example.org" })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["an unknown guest", { guests: [1, 99] }, { guests: ['Invalid pk "99" - object does not exist.'] }],
    ["a guest id that is no number", { guests: ["1"] }, { guests: ["Incorrect type. Expected pk value, received str."] }],
    ["guests that are no list", { guests: 1 }, { guests: ['Expected a list of items but got type "int".'] }],
    ["no guests", {}, { guests: ["This field is required."] }],
    ["a list body", [1], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
    ["too many guests", { guests: Array.from({ length: 101 }, (_, i) => i + 1) }, { guests: ["Ensure this field has no more than 100 elements."] }],
  ])("refuses %s with 400 and changes nothing", async (_name, body, errors) => {
    const before = await snapshot();
    await expectError(await put(1, body), 400, errors);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses malformed requests with 4xx JSON and changes nothing", async () => {
    const before = await snapshot();
    for (const [path, init] of [
      [api(1), { method: "PUT", headers: { ...bearer(TOKENS.plannerWrite), "Content-Type": "application/json" }, body: "{" }],
      [api(1), { method: "PUT", headers: { ...bearer(TOKENS.plannerWrite), "Content-Type": "text/plain" }, body: "guests=1" }],
      [api(1), { method: "PUT", headers: bearer(TOKENS.plannerWrite) }],
      [api("abc"), { method: "PUT", headers: { ...bearer(TOKENS.plannerWrite), "Content-Type": "application/json" }, body: "{}" }],
      [api(99), { method: "GET", headers: bearer(TOKENS.plannerWrite) }],
    ] as [string, RequestInit][]) {
      const response = await request(path, init);
      expect(response.status, `${init.method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await response.json()).toBeTypeOf("object");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers the other unsafe methods with 405 after the access check", async () => {
    for (const method of ["POST", "PATCH", "DELETE"]) {
      await expectError(await request(api(1), { method, headers: bearer(TOKENS.plannerWrite) }), 405, { detail: `Method "${method}" not allowed.` });
      await expectError(await request(api(1), { method, headers: bearer(TOKENS.plannerRead) }), 403, PERMISSION_DENIED);
    }
  });
});

describe("the sharing page /events/<id>/federation/", () => {
  it("shows checkboxes of every guest to a user who may change the event", async () => {
    const response = await request(page(1), { headers: { Cookie: await cookieOf("planner") } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Share Summer Festival");
    expect(html).toMatch(/<input type="checkbox" name="guests" value="1" checked=""\/?> Guest One/);
    expect(html).toMatch(/<input type="checkbox" name="guests" value="2"\/?> Guest Two/);
  });

  it("saves the checked guests", async () => {
    const planner = await cookieOf("planner");
    const response = await postForm(page(1), { guests: ["2"] }, { cookie: planner });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(page(1));
    expect(await sharedWith(1)).toEqual([2]);
    expect((await postForm(page(1), {}, { cookie: planner })).status).toBe(302);
    expect(await sharedWith(1)).toEqual([]);
    expect((await postForm(page(5), { guests: ["1", "2"] }, { cookie: await cookieOf("staff") })).status).toBe(302);
    expect(await sharedWith(5)).toEqual([1, 2]);
  });

  it("refuses unknown choices, other users, anonymous visitors and other origins, and changes nothing", async () => {
    const [planner, volunteer] = [await cookieOf("planner"), await cookieOf("volunteer")];
    const before = await snapshot();
    expect((await postForm(page(1), { guests: ["99"] }, { cookie: planner })).status).toBe(400);
    expect((await postForm(page(1), { guests: ["x"] }, { cookie: planner })).status).toBe(400);
    expect((await postForm(page(1), { guests: ["2"] }, { cookie: volunteer })).status).toBe(403);
    expect((await request(page(1), { headers: { Cookie: volunteer } })).status).toBe(403);
    expect((await request(page(5), { headers: { Cookie: volunteer } })).status).toBe(404);
    expect((await request(page("abc"), { headers: { Cookie: planner } })).status).toBe(404);
    const anonymous = await postForm(page(1), { guests: ["2"] });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(`/accounts/login/?next=${encodeURIComponent(page(1))}`);
    expect((await postForm(page(1), { guests: ["2"] }, { cookie: planner, origin: "https://evil.example.org" })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});
