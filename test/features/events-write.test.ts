/**
 * The event write API: `POST /api/events/`, `PATCH` and `DELETE /api/events/{id}/` (PUBLIC_WRITE,
 * add_event / change_event / delete_event as object or global permissions, ETag and If-Match,
 * `?force=true`), and the methods that stay refused. Storage is shared by the file: every test
 * starts from a fresh world.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { eventGroupPermissions, eventUserPermissions, events } from "../../src/db/schema";
import { CONFIRMED, GETTING_DISPATCHED, expectError, stats } from "../helpers/api";
import { resetWorld, snapshot, testDb } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, login, sendJson } from "../helpers/http";

const USERS = { admin: 1, planner: 2, manager: 3, volunteer: 4, objectChanger: 5, deleter: 6, objectDeleter: 7 };
const WRITE = ["PUBLIC_READ", "PUBLIC_WRITE"];
const TOKENS = {
  admin: "ew-admin-token-0123456789",
  planner: "ew-planner-token-0123456789",
  plannerReadOnly: "ew-planner-read-only-0123456789",
  plannerWriteOnly: "ew-planner-write-only-0123456789",
  manager: "ew-manager-token-0123456789",
  volunteer: "ew-volunteer-token-0123456789",
  objectChanger: "ew-object-changer-token-0123456789",
  deleter: "ew-deleter-token-0123456789",
  objectDeleter: "ew-object-deleter-token-0123456789",
};
const PLANNER_PASSWORD = "planner-password-ew-1";

function world() {
  const user = (id: number, email: string, extra: Record<string, unknown> = {}) => ({ id, email, display_name: email.split("@")[0], password: null, ...extra });
  return {
    format: "ephios-fixture/1",
    users: [
      user(USERS.admin, "admin@example.org", { is_superuser: true, is_staff: true }),
      user(USERS.planner, "planner@example.org", { password: PLANNER_PASSWORD }),
      user(USERS.manager, "manager@example.org"),
      user(USERS.volunteer, "volunteer@example.org"),
      user(USERS.objectChanger, "changer@example.org"),
      user(USERS.deleter, "deleter@example.org", { permissions: ["delete_event"] }),
      user(USERS.objectDeleter, "objectdeleter@example.org"),
    ],
    groups: [
      { id: 1, name: "Planners", members: [USERS.planner], permissions: ["add_event", "change_event"] },
      { id: 2, name: "Managers", members: [USERS.manager], permissions: ["view_event", "change_event"] },
      { id: 3, name: "Volunteers", members: [USERS.volunteer, USERS.objectChanger, USERS.objectDeleter], permissions: [] },
      { id: 4, name: "Guests", members: [], permissions: [] },
    ],
    event_types: [
      { id: 1, title: "Sanitätsdienst" },
      { id: 2, title: "Ausbildung" },
    ],
    events: [
      { id: 1, title: "Sommerfest", description: "Dienst", location: "Festwiese", type: 1, active: true },
      { id: 2, title: "Übung", location: "Wache", type: 2, active: true },
      { id: 3, title: "Entwurf", location: "Wache", type: 2, active: false },
    ],
    event_permissions: [
      { event: 1, group: 3, permission: "view_event" },
      { event: 2, group: 3, permission: "view_event" },
      { event: 1, user: USERS.objectChanger, permission: "change_event" },
      { event: 1, user: USERS.objectDeleter, permission: "delete_event" },
      { event: 2, user: USERS.objectDeleter, permission: "delete_event" },
    ],
    shifts: [
      {
        id: 11,
        event: 1,
        meeting_time: "2099-06-30T07:00:00",
        start_time: "2099-06-30T08:00:00",
        end_time: "2099-06-30T14:00:00",
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: { maximum_number_of_participants: 3 },
      },
      { id: 21, event: 2, meeting_time: "2099-07-01T08:00:00", start_time: "2099-07-01T08:00:00", end_time: "2099-07-01T10:00:00", signup_flow_slug: "manual", structure_slug: "uniform" },
    ],
    participations: [
      { id: 1, shift: 11, kind: "placeholder", display_name: "Max Extern", state: CONFIRMED },
      { id: 2, shift: 11, kind: "local", user: USERS.volunteer, state: GETTING_DISPATCHED },
    ],
    api_tokens: [
      { id: 1, user: USERS.admin, token: TOKENS.admin, scope: WRITE },
      { id: 2, user: USERS.planner, token: TOKENS.planner, scope: WRITE },
      { id: 3, user: USERS.planner, token: TOKENS.plannerReadOnly, scope: ["PUBLIC_READ", "ME_WRITE", "CONFIDENTIAL_WRITE"] },
      { id: 4, user: USERS.planner, token: TOKENS.plannerWriteOnly, scope: ["PUBLIC_WRITE"] },
      { id: 5, user: USERS.manager, token: TOKENS.manager, scope: WRITE },
      { id: 6, user: USERS.volunteer, token: TOKENS.volunteer, scope: WRITE },
      { id: 7, user: USERS.objectChanger, token: TOKENS.objectChanger, scope: WRITE },
      { id: 8, user: USERS.deleter, token: TOKENS.deleter, scope: WRITE },
      { id: 9, user: USERS.objectDeleter, token: TOKENS.objectDeleter, scope: WRITE },
    ],
  };
}

beforeEach(() => resetWorld(world()));

async function json(response: Response): Promise<any> {
  return response.json();
}

async function groupsThatMayView(eventId: number) {
  const rows = await testDb().select().from(eventGroupPermissions);
  return rows.filter((r) => r.eventId === eventId && r.permission === "view_event").map((r) => r.groupId).sort();
}

const NEW_EVENT = { title: "  Stadtlauf ", description: "Zwei Wachen", location: "Marktplatz", type: 2, visible_for: [3, 4, 3] };

describe("POST /api/events/", () => {
  it("creates an active event visible to the named groups and changeable by its creator", async () => {
    const response = await sendJson("POST", "/api/events/", TOKENS.planner, NEW_EVENT);
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created).toEqual({
      id: 4,
      title: "Stadtlauf",
      description: "Zwei Wachen",
      location: "Marktplatz",
      type: { id: 2, title: "Ausbildung" },
      frontend_url: expect.stringMatching(/\/events\/4-stadtlauf\/$/),
      start_time: null,
      end_time: null,
      signup_stats: stats(0, 0, 0, 0, null, 0),
      shifts: [],
    });
    expect(response.headers.get("Location")).toBe(`${ORIGIN}/api/events/4/`);
    expect(response.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);

    const [row] = (await testDb().select().from(events)).filter((e) => e.id === 4);
    expect(row).toMatchObject({ active: true, typeId: 2 });
    expect(await groupsThatMayView(4)).toEqual([3, 4]);
    const own = (await testDb().select().from(eventUserPermissions)).filter((p) => p.eventId === 4);
    expect(own.map((p) => `${p.userId}:${p.permission}`).sort()).toEqual([`${USERS.planner}:change_event`, `${USERS.planner}:view_event`]);

    // The creator and the groups' members see it; the GET answers the same body and ETag.
    const detail = await sendJson("GET", "/api/events/4/", TOKENS.planner);
    expect(await json(detail)).toEqual(created);
    expect(detail.headers.get("ETag")).toBe(response.headers.get("ETag"));
    expect((await sendJson("GET", "/api/events/4/", TOKENS.volunteer)).status).toBe(200);
    expect((await sendJson("GET", "/api/events/4/", TOKENS.manager)).status).toBe(404);
  });

  it("takes the defaults: no description, active, no groups", async () => {
    const response = await sendJson("POST", "/api/events/", TOKENS.admin, { title: "Minimal", location: "Ort", type: 1 });
    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({ id: 4, description: null });
    expect(await groupsThatMayView(4)).toEqual([]);
  });

  it("never hands a deleted event's id to the next event", async () => {
    const first = await json(await sendJson("POST", "/api/events/", TOKENS.admin, { title: "Erstes", location: "Ort", type: 1 }));
    expect((await sendJson("DELETE", `/api/events/${first.id}/`, TOKENS.admin)).status).toBe(204);
    const next = await json(await sendJson("POST", "/api/events/", TOKENS.admin, { title: "Zweites", location: "Ort", type: 1 }));
    expect(next.id).toBe(first.id + 1);
    const own = await testDb().select().from(eventUserPermissions).where(eq(eventUserPermissions.eventId, next.id));
    expect(own.map((p) => p.permission).sort()).toEqual(["change_event", "view_event"]);
  });

  it("creates an inactive event, which the listings do not show", async () => {
    const response = await sendJson("POST", "/api/events/", TOKENS.planner, { ...NEW_EVENT, active: false });
    expect(response.status).toBe(201);
    expect((await sendJson("GET", "/api/events/4/", TOKENS.planner)).status).toBe(404);
  });

  it("works for a session, same-origin only", async () => {
    const cookie = await login("planner@example.org", PLANNER_PASSWORD);
    const before = await snapshot();
    expect((await sendJson("POST", "/api/events/", null, NEW_EVENT, { Cookie: cookie, Origin: "https://evil.example.org" })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await sendJson("POST", "/api/events/", null, NEW_EVENT, { Cookie: cookie, Origin: ORIGIN })).status).toBe(201);
  });

  it("refuses without PUBLIC_WRITE, without add_event, or anonymously, and changes nothing", async () => {
    const before = await snapshot();
    await expectError(await sendJson("POST", "/api/events/", TOKENS.plannerReadOnly, NEW_EVENT), 403, PERMISSION_DENIED);
    for (const token of [TOKENS.manager, TOKENS.volunteer, TOKENS.objectChanger, TOKENS.deleter]) {
      await expectError(await sendJson("POST", "/api/events/", token, NEW_EVENT), 403, PERMISSION_DENIED);
    }
    await expectError(await sendJson("POST", "/api/events/", null, NEW_EVENT), 403, NOT_AUTHENTICATED);
    // the permission is checked before the body
    await expectError(await sendJson("POST", "/api/events/", TOKENS.volunteer, { title: 5 }), 403, PERMISSION_DENIED);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["nothing", {}, { title: ["This field is required."], location: ["This field is required."], type: ["This field is required."] }],
    ["a blank title", { ...NEW_EVENT, title: "   " }, { title: ["This field may not be blank."] }],
    ["a long location", { ...NEW_EVENT, location: "x".repeat(255) }, { location: ["Ensure this field has no more than 254 characters."] }],
    ["null as title", { ...NEW_EVENT, title: null }, { title: ["This field may not be null."] }],
    ["a number as description", { ...NEW_EVENT, description: 7 }, { description: ["Not a valid string."] }],
    ["a string as type", { ...NEW_EVENT, type: "2" }, { type: ["Incorrect type. Expected pk value, received str."] }],
    ["a fraction as type", { ...NEW_EVENT, type: 1.5 }, { type: ["Incorrect type. Expected pk value, received float."] }],
    ["an unknown type", { ...NEW_EVENT, type: 9 }, { type: ['Invalid pk "9" - object does not exist.'] }],
    ["a string as active", { ...NEW_EVENT, active: "yes" }, { active: ["Must be a valid boolean."] }],
    ["a group id instead of a list", { ...NEW_EVENT, visible_for: 3 }, { visible_for: ['Expected a list of items but got type "int".'] }],
    ["a group name in the list", { ...NEW_EVENT, visible_for: [3, "Volunteers"] }, { visible_for: ["Incorrect type. Expected pk value, received str."] }],
    ["unknown groups", { ...NEW_EVENT, visible_for: [3, 8, 9] }, { visible_for: ['Invalid pk "8" - object does not exist.', 'Invalid pk "9" - object does not exist.'] }],
    ["an unknown type and group", { ...NEW_EVENT, type: 0, visible_for: [0] }, { type: ['Invalid pk "0" - object does not exist.'], visible_for: ['Invalid pk "0" - object does not exist.'] }],
    ["a list", [NEW_EVENT], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
  ])("refuses %s with a field-keyed 400 and changes nothing", async (_name, body, errors) => {
    const before = await snapshot();
    await expectError(await sendJson("POST", "/api/events/", TOKENS.planner, body), 400, errors);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses broken JSON with a 4xx JSON body", async () => {
    const before = await snapshot();
    const response = await sendJson("POST", "/api/events/", TOKENS.planner, "{");
    expect(response.status).toBe(400);
    expect(await json(response)).toBeTypeOf("object");
    expect(await snapshot()).toEqual(before);
  });
});

describe("PATCH /api/events/{id}/", () => {
  it("changes the given fields, answers the event with a new ETag, and keeps the rest", async () => {
    const read = await sendJson("GET", "/api/events/1/", TOKENS.objectChanger);
    const etag = read.headers.get("ETag")!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const response = await sendJson("PATCH", "/api/events/1/", TOKENS.objectChanger, { title: "Sommerfest 2099", description: null, type: 2, id: 99, frontend_url: "x" }, { "If-Match": etag });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ id: 1, title: "Sommerfest 2099", description: null, location: "Festwiese", type: { id: 2, title: "Ausbildung" } });
    expect(body.shifts.map((s: { id: number }) => s.id)).toEqual([11]);
    expect(response.headers.get("ETag")).not.toBe(etag);
    expect(response.headers.get("ETag")).toBe((await sendJson("GET", "/api/events/1/", TOKENS.objectChanger)).headers.get("ETag"));
    expect(await groupsThatMayView(1)).toEqual([3]);
  });

  it("replaces the groups that may view the event, and leaves users' permissions alone", async () => {
    // The manager's global view_event does not count on /api/events/ (as in ephios): no body.
    const response = await sendJson("PATCH", "/api/events/1/", TOKENS.manager, { visible_for: [4] });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(await groupsThatMayView(1)).toEqual([4]);
    expect((await sendJson("GET", "/api/events/1/", TOKENS.volunteer)).status).toBe(404);
    const users = (await testDb().select().from(eventUserPermissions)).filter((p) => p.eventId === 1);
    expect(users).toHaveLength(2);
    expect((await sendJson("PATCH", "/api/events/1/", TOKENS.manager, { visible_for: [] })).status).toBe(204);
    expect(await groupsThatMayView(1)).toEqual([]);
  });

  it("deactivates and reactivates an event for holders of change_event", async () => {
    // An inactive event is in no listing or GET, so the answer shows nothing of it.
    expect((await sendJson("PATCH", "/api/events/1/", TOKENS.objectChanger, { active: false })).status).toBe(204);
    expect((await sendJson("GET", "/api/events/1/", TOKENS.volunteer)).status).toBe(404);
    const reactivated = await sendJson("PATCH", "/api/events/1/", TOKENS.objectChanger, { active: true });
    expect(reactivated.status).toBe(200);
    expect((await sendJson("GET", "/api/events/1/", TOKENS.volunteer)).status).toBe(200);
    // an event created inactive by someone else: global change_event reaches it (but /api/events/
    // shows it only to holders of the object view_event, so the answer has no body)
    expect((await sendJson("PATCH", "/api/events/3/", TOKENS.planner, { active: true })).status).toBe(204);
  });

  it("accepts an empty body (and changes nothing)", async () => {
    const before = await snapshot();
    expect((await sendJson("PATCH", "/api/events/1/", TOKENS.objectChanger, {})).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a stale If-Match with 412 and changes nothing; * and a matching tag pass", async () => {
    const etag = (await sendJson("GET", "/api/events/1/", TOKENS.objectChanger)).headers.get("ETag")!;
    expect((await sendJson("PATCH", "/api/events/1/", TOKENS.objectChanger, { title: "Erst" }, { "If-Match": etag })).status).toBe(200);
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/events/1/", TOKENS.objectChanger, { title: "Zweit" }, { "If-Match": etag }), 412, {
      detail: "Precondition failed: the object was changed since you read it.",
    });
    expect(await snapshot()).toEqual(before);
    expect((await sendJson("PATCH", "/api/events/1/", TOKENS.objectChanger, { title: "Dritt" }, { "If-Match": "*" })).status).toBe(200);
  });

  it("refuses users without change_event (anywhere: 403 first; on this event: 403 when they see it, 404 otherwise) and changes nothing", async () => {
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/events/1/", TOKENS.volunteer, { title: "X" }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("PATCH", "/api/events/2/", TOKENS.objectChanger, { title: "X" }), 403, PERMISSION_DENIED);
    // change_event nowhere: refused before the event is looked up, seen or not.
    await expectError(await sendJson("PATCH", "/api/events/1/", TOKENS.deleter, { title: "X" }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("PATCH", "/api/events/3/", TOKENS.volunteer, { title: "X" }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("PATCH", "/api/events/3/", TOKENS.objectChanger, { title: "X" }), 404, { detail: "No Event matches the given query." });
    await expectError(await sendJson("PATCH", "/api/events/99/", TOKENS.admin, { title: "X" }), 404, { detail: "No Event matches the given query." });
    await expectError(await sendJson("PATCH", "/api/events/1/", TOKENS.plannerReadOnly, { title: "X" }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("PATCH", "/api/events/1/", null, { title: "X" }), 403, NOT_AUTHENTICATED);
    expect(await snapshot()).toEqual(before);
  });

  it("needs PUBLIC_WRITE, not PUBLIC_READ", async () => {
    // Without PUBLIC_READ the answer shows nothing of the event.
    const response = await sendJson("PATCH", "/api/events/1/", TOKENS.plannerWriteOnly, { title: "Nur Schreiben" });
    expect(response.status).toBe(204);
    expect(response.headers.get("ETag")).toBeNull();
    expect((await json(await sendJson("GET", "/api/events/1/", TOKENS.objectChanger))).title).toBe("Nur Schreiben");
  });

  it.each([
    ["a blank title", { title: "" }, { title: ["This field may not be blank."] }],
    ["null as type", { type: null }, { type: ["This field may not be null."] }],
    ["an unknown type", { type: 3 }, { type: ['Invalid pk "3" - object does not exist.'] }],
    ["an unknown group", { visible_for: [3, 5] }, { visible_for: ['Invalid pk "5" - object does not exist.'] }],
    ["null as active", { active: null }, { active: ["This field may not be null."] }],
    ["a string", "x", { non_field_errors: ["Invalid data. Expected a dictionary, but got str."] }],
  ])("refuses %s with a field-keyed 400 and changes nothing", async (_name, body, errors) => {
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/events/1/", TOKENS.planner, typeof body === "string" ? JSON.stringify(body) : body), 400, errors);
    expect(await snapshot()).toEqual(before);
  });

  it("answers a malformed id with 404", async () => {
    await expectError(await sendJson("PATCH", "/api/events/abc/", TOKENS.admin, {}), 404, { detail: "Not found." });
  });
});

describe("DELETE /api/events/{id}/", () => {
  it("deletes an event without participations, with its shifts and permissions", async () => {
    const response = await sendJson("DELETE", "/api/events/2/", TOKENS.deleter);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    const after = await snapshot();
    expect(after.events.map((e: any) => e.id)).toEqual([1, 3]);
    expect(after.shifts.map((s: any) => s.id)).toEqual([11]);
    expect(after.event_group_permissions.some((p: any) => p.event_id === 2)).toBe(false);
    expect(after.event_user_permissions.some((p: any) => p.event_id === 2)).toBe(false);
    expect((await sendJson("GET", "/api/events/2/", TOKENS.volunteer)).status).toBe(404);
  });

  it("refuses an event with participations (any state) unless forced", async () => {
    const before = await snapshot();
    await expectError(await sendJson("DELETE", "/api/events/1/", TOKENS.objectDeleter), 400, {
      detail: "This event has participations, which would be deleted with it. Repeat the request with ?force=true to delete them too.",
    });
    await expectError(await sendJson("DELETE", "/api/events/1/?force=false", TOKENS.objectDeleter), 400, {
      detail: "This event has participations, which would be deleted with it. Repeat the request with ?force=true to delete them too.",
    });
    await expectError(await sendJson("DELETE", "/api/events/1/?force=yes", TOKENS.objectDeleter), 400, { force: ['Must be "true" or "false".'] });
    expect(await snapshot()).toEqual(before);

    expect((await sendJson("DELETE", "/api/events/1/?force=true", TOKENS.objectDeleter)).status).toBe(204);
    const after = await snapshot();
    expect(after.events.map((e: any) => e.id)).toEqual([2, 3]);
    expect(after.participations).toEqual([]);
  });

  it("honours If-Match", async () => {
    const etag = (await sendJson("GET", "/api/events/2/", TOKENS.objectDeleter)).headers.get("ETag")!;
    expect((await sendJson("PATCH", "/api/events/2/", TOKENS.admin, { location: "Woanders" })).status).toBe(200);
    const before = await snapshot();
    expect((await sendJson("DELETE", "/api/events/2/", TOKENS.objectDeleter, undefined, { "If-Match": etag })).status).toBe(412);
    expect(await snapshot()).toEqual(before);
    const fresh = (await sendJson("GET", "/api/events/2/", TOKENS.objectDeleter)).headers.get("ETag")!;
    expect((await sendJson("DELETE", "/api/events/2/", TOKENS.objectDeleter, undefined, { "If-Match": fresh })).status).toBe(204);
  });

  it("refuses users without delete_event, and tokens without PUBLIC_WRITE, and changes nothing", async () => {
    const before = await snapshot();
    // The planner may add and change events, not delete them (not even their own).
    await expectError(await sendJson("DELETE", "/api/events/2/", TOKENS.planner), 403, PERMISSION_DENIED);
    await expectError(await sendJson("DELETE", "/api/events/2/", TOKENS.objectChanger), 403, PERMISSION_DENIED);
    await expectError(await sendJson("DELETE", "/api/events/3/", TOKENS.objectChanger), 403, PERMISSION_DENIED);
    await expectError(await sendJson("DELETE", "/api/events/3/", TOKENS.objectDeleter), 404, { detail: "No Event matches the given query." });
    await expectError(await sendJson("DELETE", "/api/events/2/", TOKENS.plannerReadOnly), 403, PERMISSION_DENIED);
    await expectError(await sendJson("DELETE", "/api/events/2/", null), 403, NOT_AUTHENTICATED);
    expect(await snapshot()).toEqual(before);
    const created = await json(await sendJson("POST", "/api/events/", TOKENS.planner, NEW_EVENT));
    await expectError(await sendJson("DELETE", `/api/events/${created.id}/`, TOKENS.planner), 403, PERMISSION_DENIED);
  });
});

describe("events: methods that stay refused", () => {
  it("answers PUT, POST on an event and PATCH/DELETE on the list with 405 after the permission check", async () => {
    for (const [method, path] of [
      ["PUT", "/api/events/1/"],
      ["PUT", "/api/events/"],
      ["POST", "/api/events/1/"],
      ["PATCH", "/api/events/"],
      ["DELETE", "/api/events/"],
    ]) {
      await expectError(await sendJson(method, path, TOKENS.admin, {}), 405, { detail: `Method "${method}" not allowed.` });
      await expectError(await sendJson(method, path, TOKENS.volunteer, {}), 403, PERMISSION_DENIED);
    }
    // the planner holds add_event and change_event, not delete_event
    await expectError(await sendJson("PUT", "/api/events/1/", TOKENS.planner, {}), 405, { detail: 'Method "PUT" not allowed.' });
    await expectError(await sendJson("DELETE", "/api/events/", TOKENS.planner, {}), 403, PERMISSION_DENIED);
  });
});
