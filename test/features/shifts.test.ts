/**
 * `/api/shifts/` and `/api/shifts/{id}/` through the real Worker. Storage is shared by the whole file, so every describe
 * block loads the world it needs in its own beforeAll.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMIT } from "../../src/lib/api/pagination";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../helpers/http";
import { d1Cost, roundTripsFirstAndAgain } from "../helpers/timing";
import { CONFIRMED, GETTING_DISPATCHED, REQUESTED, RESPONSIBLE_REJECTED, USER_DECLINED, type Page, expectError, page, stats } from "../helpers/api";
import { resetWorld as reset } from "../helpers/db";
import { pageLink } from "../helpers/links";

const NO_SHIFT = { detail: "No Shift matches the given query." };
const NOT_FOUND = { detail: "Not found." };
const INVALID_DATETIME = "Enter a valid date/time.";

/** A JSON body, loosely typed for assertions. */
async function json(response: Response): Promise<any> {
  return response.json();
}

async function ids(path: string, token: string): Promise<number[]> {
  return (await page(path, token)).results.map((r) => r.id as number);
}


// ---------------------------------------------------------------------------------------------
// The world: people with different permissions and shifts of several shapes.

const TOKENS = {
  admin: "shifts-admin-public-read-token-01",
  manager: "shifts-manager-public-read-token-01",
  volunteer: "shifts-volunteer-public-read-token-01",
  volunteerMeOnly: "shifts-volunteer-me-read-token-01",
  volunteerAllButPublic: "shifts-volunteer-all-but-public-01",
  volunteerExpired: "shifts-volunteer-expired-token-01",
  volunteerRevoked: "shifts-volunteer-revoked-token-01",
  direct: "shifts-direct-public-read-token-01",
  planner: "shifts-planner-public-read-token-01",
  outsider: "shifts-outsider-public-read-token-01",
  inactive: "shifts-inactive-public-read-token-01",
};

const PASSWORDS = { admin: "admin-password-shifts-1", volunteer: "volunteer-password-shifts-1" };

const USERS = { admin: 1, manager: 2, volunteer: 3, direct: 4, planner: 5, outsider: 6, inactive: 7, expired: 8 };

const QUALIFICATION = { NFS: 1, RS: 2 };

const SHIFT_11_FLOW = {
  signup_until: "2099-06-29T18:00:00+02:00",
  user_can_decline_confirmed: false,
  user_can_customize_signup_times: true,
  extra: { nested: [1, 2.5, null, "Übergabe", { deep: true }], empty: {}, list: [] },
};
const SHIFT_11_STRUCTURE = {
  minimum_number_of_participants: 2,
  maximum_number_of_participants: 4,
  required_qualification_ids: [QUALIFICATION.RS],
  minimum_age: 16,
  unknown_key: "kept as stored",
};
const RTW_STRUCTURE = {
  choose_preferred_unit: false,
  minimum_age: null,
  starting_blocks: [{ building_block: 1, label: "", optional: false, uuid: "c0ffee00-0000-4000-8000-000000000001" }],
};

function world() {
  const user = (id: number, email: string, display_name: string, extra: Record<string, unknown> = {}) => ({ id, email, display_name, password: null, ...extra });
  const placeholder = (id: number, shift: number, display_name: string, state: number) => ({ id, shift, kind: "placeholder", display_name, state });
  const simpleShift = (id: number, event: number, label: string, meeting: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
    id,
    event,
    label,
    meeting_time: meeting,
    start_time: start,
    end_time: end,
    signup_flow_slug: "instant_confirmation",
    structure_slug: "uniform",
    ...extra,
  });
  return {
    format: "ephios-fixture/1",
    users: [
      user(USERS.admin, "admin@example.org", "Ada Admin", { password: PASSWORDS.admin, is_staff: true, is_superuser: true }),
      user(USERS.manager, "manager@example.org", "Manni Manager"),
      user(USERS.volunteer, "volunteer@example.org", "Vera Volunteer", { password: PASSWORDS.volunteer }),
      user(USERS.direct, "direct@example.org", "Dirk Direkt"),
      user(USERS.planner, "planner@example.org", "Paula Planer"),
      user(USERS.outsider, "outsider@example.org", "Otto Outsider"),
      user(USERS.inactive, "inactive@example.org", "Ina Inaktiv", { is_active: false }),
      user(USERS.expired, "expired@example.org", "Ernst Abgelaufen"),
    ],
    groups: [
      // the management group holds a GLOBAL view_event, which counts for shifts
      { id: 1, name: "Managers", members: [USERS.manager], permissions: ["view_userprofile", "view_event", "change_event", "add_event", "delete_event"] },
      { id: 2, name: "Volunteers", members: [USERS.volunteer, USERS.inactive, USERS.expired], permissions: [] },
      { id: 3, name: "Planners", members: [USERS.planner], permissions: ["add_event", "change_event"] },
    ],
    qualification_categories: [{ id: 1, uuid: "c0ffee00-0000-4000-8000-0000000000c1", title: "Rettungsdienst" }],
    qualifications: [
      { id: QUALIFICATION.NFS, uuid: "c0ffee00-0000-4000-8000-0000000000a1", title: "Notfallsanitäter", abbreviation: "NFS", category: 1, includes: [QUALIFICATION.RS] },
      { id: QUALIFICATION.RS, uuid: "c0ffee00-0000-4000-8000-0000000000a2", title: "Rettungssanitäter", abbreviation: "RS", category: 1 },
    ],
    qualification_grants: [
      { user: USERS.volunteer, qualification: QUALIFICATION.NFS, expires: null },
      { user: USERS.expired, qualification: QUALIFICATION.NFS, expires: "2020-01-01T00:00:00Z" },
    ],
    building_blocks: [
      {
        id: 1,
        uuid: "c0ffee00-0000-4000-8000-0000000000b1",
        name: "RTW",
        block_type: "atomic",
        positions: [
          { id: 1, label: "Fahrer", qualifications: [QUALIFICATION.RS] },
          { id: 2, label: "Beifahrer", qualifications: [] },
        ],
      },
    ],
    event_types: [
      { id: 1, title: "Sanitätsdienst" },
      { id: 2, title: "Ausbildung" },
    ],
    events: [
      { id: 1, title: "Sommerfest in Lärz", description: "Sanitätsdienst", location: "Festwiese Lärz", type: 1, active: true },
      { id: 2, title: "Winterübung", location: "Wache Süd", type: 2, active: true },
      { id: 3, title: "Blutspende", location: "Stadthalle", type: 1, active: true },
      { id: 5, title: "Altes Event", type: 1, active: false },
      { id: 6, title: "Geheimübung", type: 2, active: true },
    ],
    event_permissions: [
      { event: 1, group: 2, permission: "view_event" },
      { event: 2, group: 2, permission: "view_event" },
      { event: 5, group: 2, permission: "view_event" }, // inactive: never visible
      { event: 3, user: USERS.direct, permission: "view_event" },
      { event: 1, user: USERS.planner, permission: "change_event" }, // change_event alone shows nothing
      { event: 6, group: 3, permission: "change_event" },
    ],
    shifts: [
      {
        id: 11,
        event: 1,
        label: "Frühschicht",
        meeting_time: "2099-06-30T07:00:00",
        start_time: "2099-06-30T08:00:00",
        end_time: "2099-06-30T14:00:00",
        signup_flow_slug: "request_confirm",
        signup_flow_configuration: SHIFT_11_FLOW,
        structure_slug: "uniform",
        structure_configuration: SHIFT_11_STRUCTURE,
      },
      simpleShift(12, 1, "Aufbau", "2099-06-30T04:30:00Z", "2099-06-30T09:00:00+02:00", "2099-06-30T23:00:00Z", { structure_configuration: { maximum_number_of_participants: 2 } }),
      simpleShift(13, 1, "", "2099-06-30T07:00:00", "2099-06-30T08:00:00", "2099-06-30T12:00:00", {
        signup_flow_slug: "manual",
        signup_flow_configuration: { no_selfservice_explanation: "Bitte bei der Leitung melden." },
        structure_configuration: { minimum_number_of_participants: 1 },
      }),
      simpleShift(21, 2, "Tag 1", "2099-12-05T09:00:00", "2099-12-05T10:00:00", "2099-12-05T16:00:00", {
        structure_configuration: { minimum_number_of_participants: 1, maximum_number_of_participants: 3 },
      }),
      simpleShift(22, 2, "Tag 2", "2099-12-06T10:00:00+01:00", "2099-12-06T10:00:00+01:00", "2099-12-06T14:00:00+01:00", {
        structure_configuration: { maximum_number_of_participants: 2 },
      }),
      simpleShift(24, 2, "RTW 1", "2099-12-07T08:00:00", "2099-12-07T09:00:00", "2099-12-07T17:00:00", { structure_slug: "complex", structure_configuration: RTW_STRUCTURE }),
      simpleShift(25, 2, "RTW 2", "2099-12-07T08:00:00", "2099-12-07T09:00:00", "2099-12-07T12:00:00", { structure_slug: "complex", structure_configuration: RTW_STRUCTURE }),
      simpleShift(31, 3, "", "2099-08-15T15:00:00", "2099-08-15T15:30:00", "2099-08-15T19:00:00"),
      simpleShift(51, 5, "", "2099-05-01T08:00:00", "2099-05-01T09:00:00", "2099-05-01T10:00:00"),
      simpleShift(61, 6, "", "2099-09-01T08:00:00", "2099-09-01T09:00:00", "2099-09-01T17:00:00"),
    ],
    participations: [
      // shift 11: the uniform example (1 confirmed, 2 requested, 1 declined, 1 rejected) plus one getting dispatched
      { id: 1, shift: 11, kind: "local", user: USERS.volunteer, state: CONFIRMED },
      placeholder(2, 11, "Max Extern", REQUESTED),
      placeholder(3, 11, "Erika Extern", REQUESTED),
      placeholder(4, 11, "Dora Declined", USER_DECLINED),
      placeholder(5, 11, "Rudi Rejected", RESPONSIBLE_REJECTED),
      placeholder(6, 11, "Doris Dispatch", GETTING_DISPATCHED),
      placeholder(7, 12, "Anton Aufbau", CONFIRMED),
      placeholder(8, 21, "Wilma Winter", CONFIRMED),
      placeholder(9, 22, "Walter Winter", REQUESTED),
      // complex RTW: Vera (NFS, which includes RS) can drive, so both seats are filled …
      { id: 10, shift: 24, kind: "local", user: USERS.volunteer, state: CONFIRMED },
      placeholder(11, 24, "Bernd Beifahrer", CONFIRMED),
      // … Ernst's NFS grant has expired, so nobody may drive and one of the two stays unassigned.
      { id: 12, shift: 25, kind: "local", user: USERS.expired, state: CONFIRMED },
      placeholder(13, 25, "Berta Beifahrer", CONFIRMED),
      placeholder(14, 51, "Otto Old", CONFIRMED),
    ],
    api_tokens: [
      { id: 1, user: USERS.admin, token: TOKENS.admin, scope: ["PUBLIC_READ"] },
      { id: 2, user: USERS.manager, token: TOKENS.manager, scope: ["PUBLIC_READ"] },
      { id: 3, user: USERS.volunteer, token: TOKENS.volunteer, scope: ["PUBLIC_READ"] },
      { id: 4, user: USERS.volunteer, token: TOKENS.volunteerMeOnly, scope: ["ME_READ"] },
      { id: 5, user: USERS.volunteer, token: TOKENS.volunteerAllButPublic, scope: ["PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] },
      { id: 6, user: USERS.volunteer, token: TOKENS.volunteerExpired, scope: ["PUBLIC_READ"], expires: "2020-01-01T00:00:00Z" },
      { id: 7, user: USERS.volunteer, token: TOKENS.volunteerRevoked, scope: ["PUBLIC_READ"], revoked: true },
      { id: 8, user: USERS.direct, token: TOKENS.direct, scope: ["PUBLIC_READ"] },
      { id: 9, user: USERS.planner, token: TOKENS.planner, scope: ["PUBLIC_READ"] },
      { id: 10, user: USERS.outsider, token: TOKENS.outsider, scope: ["PUBLIC_READ"] },
      { id: 11, user: USERS.inactive, token: TOKENS.inactive, scope: ["PUBLIC_READ"] },
    ],
  };
}

/** Everything a superuser (and a holder of global view_event) sees, in ephios's default order. */
const ALL = [12, 11, 13, 31, 61, 21, 22, 24, 25];
const VOLUNTEER_SEES = [12, 11, 13, 21, 22, 24, 25];

const SHIFT_11_JSON = {
  id: 11,
  label: "Frühschicht",
  event_id: 1,
  event_title: "Sommerfest in Lärz",
  meeting_time: "2099-06-30T07:00:00+02:00",
  start_time: "2099-06-30T08:00:00+02:00",
  end_time: "2099-06-30T14:00:00+02:00",
  signup_flow_slug: "request_confirm",
  signup_flow_configuration: SHIFT_11_FLOW,
  structure_slug: "uniform",
  structure_configuration: SHIFT_11_STRUCTURE,
  signup_stats: stats(2, 1, 1, 3, 2, 4),
};

const SHIFT_21_JSON = {
  id: 21,
  label: "Tag 1",
  event_id: 2,
  event_title: "Winterübung",
  meeting_time: "2099-12-05T09:00:00+01:00",
  start_time: "2099-12-05T10:00:00+01:00",
  end_time: "2099-12-05T16:00:00+01:00",
  signup_flow_slug: "instant_confirmation",
  signup_flow_configuration: {},
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 1, maximum_number_of_participants: 3 },
  signup_stats: stats(0, 1, 0, 2, 1, 3),
};

describe("shifts: serialization", () => {
  beforeAll(() => reset(world()));

  it("renders one summer shift exactly", async () => {
    const response = await request("/api/shifts/11/", { headers: bearer(TOKENS.volunteer) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(SHIFT_11_JSON);
  });

  it("renders a winter shift with +01:00", async () => {
    const response = await request("/api/shifts/21/", { headers: bearer(TOKENS.volunteer) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(SHIFT_21_JSON);
  });

  it("lists the same representation as the detail route", async () => {
    const body = await page("/api/shifts/", TOKENS.volunteer);
    expect(body.results.find((s) => s.id === 11)).toEqual(SHIFT_11_JSON);
    expect(body.results.find((s) => s.id === 21)).toEqual(SHIFT_21_JSON);
  });

  it("renders instants given in UTC or with an offset in Europe/Berlin", async () => {
    const shift = await json(await request("/api/shifts/12/", { headers: bearer(TOKENS.volunteer) }));
    expect(shift).toMatchObject({
      label: "Aufbau",
      meeting_time: "2099-06-30T06:30:00+02:00",
      start_time: "2099-06-30T09:00:00+02:00",
      end_time: "2099-07-01T01:00:00+02:00",
      signup_flow_configuration: {},
      structure_configuration: { maximum_number_of_participants: 2 },
    });
    const winter = await json(await request("/api/shifts/22/", { headers: bearer(TOKENS.volunteer) }));
    expect(winter).toMatchObject({ meeting_time: "2099-12-06T10:00:00+01:00", start_time: "2099-12-06T10:00:00+01:00", end_time: "2099-12-06T14:00:00+01:00" });
  });

  it("passes the flow and structure configurations through unchanged", async () => {
    const shift = await json(await request("/api/shifts/11/", { headers: bearer(TOKENS.volunteer) }));
    expect(shift.signup_flow_configuration).toStrictEqual(SHIFT_11_FLOW);
    expect(shift.structure_configuration).toStrictEqual(SHIFT_11_STRUCTURE);
    const manual = await json(await request("/api/shifts/13/", { headers: bearer(TOKENS.volunteer) }));
    expect(manual).toMatchObject({ label: "", signup_flow_slug: "manual", signup_flow_configuration: { no_selfservice_explanation: "Bitte bei der Leitung melden." } });
    const complex = await json(await request("/api/shifts/24/", { headers: bearer(TOKENS.volunteer) }));
    expect(complex.structure_slug).toBe("complex");
    expect(complex.structure_configuration).toStrictEqual(RTW_STRUCTURE);
  });

  it.each([
    // uniform min 2 max 4; 1 confirmed, 2 requested; declined, rejected and dispatching ignored
    [11, stats(2, 1, 1, 3, 2, 4)],
    // max 2 only: no minimum, one place left
    [12, stats(0, 1, 0, 1, null, 2)],
    // min 1 only: unlimited
    [13, stats(0, 0, 1, null, 1, null)],
    [21, stats(0, 1, 0, 2, 1, 3)],
    [22, stats(1, 0, 0, 2, null, 2)],
    // complex RTW (driver needs RS, NFS includes RS): a qualified driver and a co-driver fill both seats
    [24, stats(0, 2, 0, 0, 2, 2)],
    // no configuration at all
    [31, stats(0, 0, 0, null, null, null)],
  ])("gives shift %i its signup stats", async (id, expected) => {
    const shift = await json(await request(`/api/shifts/${id}/`, { headers: bearer(TOKENS.admin) }));
    expect(shift.signup_stats).toEqual(expected);
  });

  // Shift 25: Ernst's only grant (NFS) expired in 2020 and Berta is a placeholder, so nobody may take
  // the driver's seat (RS): one confirmed person sits as co-driver, the other is unassigned,
  // i.e. {requested 0, confirmed 2, missing 1, free 1, min 2, max 2}.
  //
  // BUG (src/features/shifts/queries.ts:41, statsInputQueries): the correlated subquery is written
  // `WHERE g.user_id = ${participations.userId}`, and drizzle renders the column of a single-table
  // select unqualified, giving `WHERE g.user_id = "user_id"`. SQLite resolves "user_id" to the
  // innermost table (g), so the condition is always true and EVERY local participant gets the
  // unexpired grants of ALL users (here Vera's NFS) → Ernst drives → {0,2,0,0,2,2}. The federated
  // branch (line 43, `q.federated_user_id = "federated_user_id"`) has the same defect. It changes
  // qualification_mix and complex stats on /api/shifts/ and /api/events/.
  it("does not count an expired grant or another user's grant as a participant's qualification", async () => {
    const shift = await json(await request("/api/shifts/25/", { headers: bearer(TOKENS.admin) }));
    expect(shift.signup_stats).toEqual(stats(0, 2, 1, 1, 2, 2));
  });

  it("gives the nested shifts of an event the same stats, and the event their fold", async () => {
    const event = await json(await request("/api/events/2/", { headers: bearer(TOKENS.volunteer) }));
    const shifts = await page("/api/shifts/?start_time_after=2099-12-01", TOKENS.volunteer);
    expect(shifts.results.map((s) => s.id)).toEqual([21, 22, 24, 25]);
    expect(event.shifts).toEqual(shifts.results);
    type Stats = ReturnType<typeof stats>;
    const add = (a: Stats, b: Stats): Stats => ({
      requested_count: a.requested_count + b.requested_count,
      confirmed_count: a.confirmed_count + b.confirmed_count,
      missing: a.missing + b.missing,
      free: a.free !== null && b.free !== null ? a.free + b.free : null,
      min_count: a.min_count === null && b.min_count === null ? null : (a.min_count ?? 0) + (b.min_count ?? 0),
      max_count: a.max_count !== null && b.max_count !== null ? a.max_count + b.max_count : null,
    });
    const folded = shifts.results.map((s) => s.signup_stats as Stats).reduce(add, stats(0, 0, 0, 0, null, 0));
    expect(event.signup_stats).toEqual(folded);
    // {0,1,0,2,1,3} + {1,0,0,2,null,2} + {0,2,0,0,2,2} + shift 25
    expect(event.signup_stats).toMatchObject({ requested_count: 1, confirmed_count: 5, min_count: 5, max_count: 9 });
  });
});

describe("shifts: authentication and scopes", () => {
  beforeAll(() => reset(world()));

  it("passes a token holding PUBLIC_READ", async () => {
    expect(await ids("/api/shifts/", TOKENS.volunteer)).toEqual(VOLUNTEER_SEES);
    expect((await request("/api/shifts/11/", { headers: bearer(TOKENS.volunteer) })).status).toBe(200);
  });

  it.each([
    ["ME_READ only", TOKENS.volunteerMeOnly],
    ["every scope but PUBLIC_READ", TOKENS.volunteerAllButPublic],
  ])("refuses a token with %s as not permitted", async (_name, token) => {
    for (const path of ["/api/shifts/", "/api/shifts/11/", "/api/shifts/999/", "/api/shifts/abc/"]) {
      await expectError(await request(path, { headers: bearer(token) }), 403, PERMISSION_DENIED);
    }
  });

  it.each([
    ["no credentials", {}],
    ["an unknown token", bearer("no-such-token-0123456789")],
    ["an expired token", bearer(TOKENS.volunteerExpired)],
    ["a revoked token", bearer(TOKENS.volunteerRevoked)],
    ["the token of an inactive user", bearer(TOKENS.inactive)],
    ["a malformed Authorization header", { Authorization: `Basic ${TOKENS.volunteer}` }],
  ])("answers %s with 'credentials were not provided'", async (_name, headers) => {
    for (const path of ["/api/shifts/", "/api/shifts/11/", "/api/shifts/abc/"]) {
      await expectError(await request(path, { headers }), 403, NOT_AUTHENTICATED);
    }
  });

  it("passes a session cookie with the session user's visibility", async () => {
    const cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
    const response = await request("/api/shifts/", { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Page;
    expect(body.results.map((r) => r.id)).toEqual(VOLUNTEER_SEES);
    expect(body.results[1]).toEqual(SHIFT_11_JSON);
    const detail = await request("/api/shifts/11/", { headers: { Cookie: cookie } });
    expect(await detail.json()).toEqual(SHIFT_11_JSON);
  });
});

describe("shifts: visibility", () => {
  beforeAll(() => reset(world()));

  it("shows the shifts of events with a group object view_event", async () => {
    const body = await page("/api/shifts/", TOKENS.volunteer);
    expect(body.count).toBe(VOLUNTEER_SEES.length);
    expect(body.results.map((r) => r.id)).toEqual(VOLUNTEER_SEES);
  });

  it("shows the shifts of events with a user object view_event", async () => {
    expect(await ids("/api/shifts/", TOKENS.direct)).toEqual([31]);
    expect((await request("/api/shifts/31/", { headers: bearer(TOKENS.direct) })).status).toBe(200);
  });

  it("counts a GLOBAL view_event here, unlike /api/events/ (an ephios quirk, kept)", async () => {
    const body = await page("/api/shifts/", TOKENS.manager);
    expect(body.count).toBe(ALL.length);
    expect(body.results.map((r) => r.id)).toEqual(ALL);
    expect((await request("/api/shifts/61/", { headers: bearer(TOKENS.manager) })).status).toBe(200);
    // … while the event itself stays invisible to the manager
    const event = await request("/api/events/6/", { headers: bearer(TOKENS.manager) });
    expect(event.status).toBe(404);
    expect(((await page("/api/events/", TOKENS.manager)) as Page).count).toBe(0);
  });

  it("shows a superuser the shifts of every active event", async () => {
    expect(await ids("/api/shifts/", TOKENS.admin)).toEqual(ALL);
  });

  it("does not count object change_event or global add/change permissions", async () => {
    expect(await page("/api/shifts/", TOKENS.planner)).toEqual({ count: 0, next: null, previous: null, results: [] });
    await expectError(await request("/api/shifts/11/", { headers: bearer(TOKENS.planner) }), 404, NO_SHIFT);
    await expectError(await request("/api/shifts/61/", { headers: bearer(TOKENS.planner) }), 404, NO_SHIFT);
  });

  it("shows nothing to a user without permissions", async () => {
    expect(await page("/api/shifts/", TOKENS.outsider)).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it("never shows shifts of inactive events", async () => {
    for (const token of [TOKENS.admin, TOKENS.manager, TOKENS.volunteer]) {
      expect(await ids("/api/shifts/", token)).not.toContain(51);
      await expectError(await request("/api/shifts/51/", { headers: bearer(token) }), 404, NO_SHIFT);
    }
  });

  it("answers the detail of an invisible or unknown shift with 404", async () => {
    await expectError(await request("/api/shifts/31/", { headers: bearer(TOKENS.volunteer) }), 404, NO_SHIFT);
    await expectError(await request("/api/shifts/61/", { headers: bearer(TOKENS.volunteer) }), 404, NO_SHIFT);
    await expectError(await request("/api/shifts/999/", { headers: bearer(TOKENS.admin) }), 404, NO_SHIFT);
    await expectError(await request("/api/shifts/123456789012345/", { headers: bearer(TOKENS.admin) }), 404, NO_SHIFT);
  });
});

describe("shifts: unsafe methods", () => {
  beforeAll(() => reset(world()));

  const METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
  const send = (method: string, path: string, headers: Record<string, string>) =>
    request(path, { method, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify({ label: "Neu", event: 1 }) });

  it.each(METHODS)("%s: refuses anonymous requests as not authenticated", async (method) => {
    for (const path of ["/api/shifts/", "/api/shifts/11/"]) {
      await expectError(await send(method, path, {}), 403, NOT_AUTHENTICATED);
    }
  });

  it.each(METHODS)("%s: refuses everybody but superusers, also holders of every event permission", async (method) => {
    for (const token of [TOKENS.manager, TOKENS.planner, TOKENS.volunteer, TOKENS.outsider]) {
      for (const path of ["/api/shifts/", "/api/shifts/11/", "/api/shifts/999/"]) {
        await expectError(await send(method, path, bearer(token)), 403, PERMISSION_DENIED);
      }
    }
  });

  it.each(METHODS)("%s: refuses a token without PUBLIC_READ", async (method) => {
    await expectError(await send(method, "/api/shifts/", bearer(TOKENS.volunteerMeOnly)), 403, PERMISSION_DENIED);
  });

  // The write API (test/features/shifts-write.test.ts) needs PUBLIC_WRITE, which these tokens lack.
  it("refuses the writes to a token with PUBLIC_READ only, even a superuser's", async () => {
    for (const [method, path] of [
      ["POST", "/api/shifts/"],
      ["PATCH", "/api/shifts/11/"],
      ["DELETE", "/api/shifts/11/"],
    ]) {
      await expectError(await send(method, path, bearer(TOKENS.admin)), 403, PERMISSION_DENIED);
    }
  });

  it("answers a superuser what stays unsupported with 405", async () => {
    for (const [method, path] of [
      ["PUT", "/api/shifts/"],
      ["PUT", "/api/shifts/11/"],
      ["PUT", "/api/shifts/999/"],
      ["POST", "/api/shifts/11/"],
      ["PATCH", "/api/shifts/"],
      ["DELETE", "/api/shifts/"],
    ]) {
      await expectError(await send(method, path, bearer(TOKENS.admin)), 405, { detail: `Method "${method}" not allowed.` });
    }
  });

  it("answers a superuser's session (same origin) with 405 as well", async () => {
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    await expectError(await send("PUT", "/api/shifts/11/", { Cookie: cookie, Origin: ORIGIN }), 405, { detail: 'Method "PUT" not allowed.' });
  });

  it("changes nothing", async () => {
    expect(await ids("/api/shifts/", TOKENS.admin)).toEqual(ALL);
  });
});

describe("shifts: malformed requests", () => {
  beforeAll(() => reset(world()));

  it.each(["abc", "11abc", "1e3", "0x1", "%20", "%00"])("answers /api/shifts/%s/ with 404 Not found.", async (id) => {
    await expectError(await request(`/api/shifts/${id}/`, { headers: bearer(TOKENS.admin) }), 404, NOT_FOUND);
  });

  it.each(["-1", "11.5", "11.xml", "99999999999999999999999", "9007199254740993"])("answers /api/shifts/%s/ with a JSON 404, never a 500", async (id) => {
    const response = await request(`/api/shifts/${id}/`, { headers: bearer(TOKENS.admin) });
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(typeof (await json(response)).detail).toBe("string");
  });

  it.each([
    "ordering=get_signup_stats",
    "ordering=signup_stats",
    "ordering=signup_flow_configuration",
    "ordering=event__title__foo",
    "ordering=event__type__title",
    "ordering=-%00",
    "limit=%FF",
    "offset=-99999999999999999999",
    "search=%25%5C",
    "start_time_after=2099-06-30T08:00:00%2B24:00",
    "end_time_before=2099-02-29",
  ])("never answers ?%s with a 500", async (query) => {
    const response = await request(`/api/shifts/?${query}`, { headers: bearer(TOKENS.admin) });
    expect(response.status, await response.clone().text()).toBeLessThan(500);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = await json(response);
    if (response.status === 200) expect(body).toHaveProperty("results");
    else expect(Object.keys(body).length).toBeGreaterThan(0);
  });
});

describe("shifts: filters", () => {
  beforeAll(() => reset(world()));

  const shifts = (query: string) => ids(`/api/shifts/?${query}`, TOKENS.admin);

  it.each([
    // the shift's own times; inclusive bounds; naive values in Europe/Berlin
    ["start_time_before=2099-06-30T08:00:00", [11, 13]],
    ["start_time_before=2099-06-30T07:59:59", []],
    ["start_time_after=2099-06-30T08:00:01&start_time_before=2099-06-30T23:59:59", [12]],
    ["start_time_after=2099-06-30T06:00:00Z&start_time_before=2099-06-30T06:00:00Z", [11, 13]],
    ["end_time_before=2099-06-30T14:00:00%2B02:00", [11, 13]],
    ["end_time_before=2099-06-30T13:59:59%2B02:00", [13]],
    // date-only: midnight in Berlin (shift 12 ends 2099-06-30T23:00Z, i.e. July 1 in Berlin)
    ["end_time_after=2099-07-01", [12, 31, 61, 21, 22, 24, 25]],
    ["end_time_after=2099-07-01T01:00:01%2B02:00", [31, 61, 21, 22, 24, 25]],
    ["start_time_after=2099-12-06", [22, 24, 25]],
    ["start_time_after=2099-12-05T10:00:00%2B01:00", [21, 22, 24, 25]],
    ["start_time_after=2099-12-05T10:00:00-01:00", [22, 24, 25]],
    ["end_time_after=2099-12-07T12:00:00&end_time_before=2099-12-07T12:00:00", [25]],
    ["start_time_after=2099-07-01&end_time_before=2099-12-06T14:00:00%2B01:00", [31, 61, 21, 22]],
    // deprecated aliases
    ["start_gte=2099-12-01", [21, 22, 24, 25]],
    ["start_lte=2099-08-15T15:30:00", [12, 11, 13, 31]],
    ["start_gte=2099-07-01&start_lte=2099-09-30", [31, 61]],
    // the last of repeated parameters; empty values ignored
    ["start_time_after=2099-12-01&start_time_after=2099-08-01", [31, 61, 21, 22, 24, 25]],
    ["start_time_after=&start_time_before=&end_time_after=&end_time_before=&start_gte=&start_lte=", ALL],
    // no type filter and no search on shifts: ignored
    ["type=1", ALL],
    ["type=abc", ALL],
    ["search=Sommerfest", ALL],
    ["search=%22nirgends%22", ALL],
  ])("?%s", async (query, expected) => {
    expect(await shifts(query)).toEqual(expected);
  });

  it("applies the filters within the user's visibility", async () => {
    expect(await ids("/api/shifts/?start_time_after=2099-08-01&start_time_before=2099-09-30", TOKENS.volunteer)).toEqual([]);
    expect(await ids("/api/shifts/?start_time_after=2099-08-01&start_time_before=2099-09-30", TOKENS.manager)).toEqual([31, 61]);
  });

  it.each([
    ["start_time_after", "tomorrow"],
    ["start_time_after", "2099-06-30T08:00:00+02:00"], // an unencoded + arrives as a space
    ["start_time_before", "2099-02-30"],
    ["end_time_after", "2099-06-30T24:00:00"],
    ["end_time_before", "2099-06-30T08:60"],
    ["start_gte", "30.06.2099"],
    ["start_lte", "2099-06-30Tnoon"],
  ])("?%s=%s → 400 Enter a valid date/time.", async (param, value) => {
    // The range's `_after`/`_before` are widget suffixes: django-filter keys the error by its field.
    const field = param.replace(/_(after|before)$/, "");
    await expectError(await request(`/api/shifts/?${param}=${value}`, { headers: bearer(TOKENS.admin) }), 400, { [field]: [INVALID_DATETIME] });
  });

  it("reports every invalid filter at once", async () => {
    await expectError(await request("/api/shifts/?start_gte=x&start_lte=y", { headers: bearer(TOKENS.admin) }), 400, {
      start_gte: [INVALID_DATETIME],
      start_lte: [INVALID_DATETIME],
    });
  });
});

describe("shifts: ordering", () => {
  beforeAll(() => reset(world()));

  it.each([
    ["(default: meeting_time, start_time, id)", "", ALL],
    ["meeting_time,start_time,id", "ordering=meeting_time,start_time,id", ALL],
    ["-start_time,id", "ordering=-start_time,id", [24, 25, 22, 21, 61, 31, 12, 11, 13]],
    ["-start_time,-id", "ordering=-start_time,-id", [25, 24, 22, 21, 61, 31, 12, 13, 11]],
    ["end_time", "ordering=end_time", [13, 11, 12, 31, 61, 21, 22, 25, 24]],
    ["event__title,-id", "ordering=event__title,-id", [31, 61, 13, 12, 11, 25, 24, 22, 21]],
    ["-event__title,start_time,id", "ordering=-event__title,start_time,id", [21, 22, 24, 25, 11, 13, 12, 61, 31]],
    ["label,id", "ordering=label,id", [13, 31, 61, 12, 11, 24, 25, 21, 22]],
    ["-id", "ordering=-id", [61, 31, 25, 24, 22, 21, 13, 12, 11]],
    ["event_id,-id", "ordering=event_id,-id", [13, 12, 11, 25, 24, 22, 21, 31, 61]],
    ["meeting_time,-id", "ordering=meeting_time,-id", [12, 13, 11, 31, 61, 21, 22, 25, 24]],
    ["signup_flow_slug,id", "ordering=signup_flow_slug,id", [12, 21, 22, 24, 25, 31, 61, 13, 11]],
    ["structure_slug,id", "ordering=structure_slug,id", [24, 25, 11, 12, 13, 21, 22, 31, 61]],
    ["unknown → default", "ordering=bogus", ALL],
    ["unknown dropped", "ordering=bogus,-id", [61, 31, 25, 24, 22, 21, 13, 12, 11]],
    ["not a model field → default", "ordering=signup_stats", ALL],
    ["empty → default", "ordering=", ALL],
    ["last of repeated", "ordering=id&ordering=-id", [61, 31, 25, 24, 22, 21, 13, 12, 11]],
  ])("%s", async (_name, query, expected) => {
    expect(await ids(`/api/shifts/?${query}`, TOKENS.admin)).toEqual(expected);
  });
});

describe("shifts: pagination", () => {
  beforeAll(() => reset(world()));

  const url = (query: string) => pageLink(`${ORIGIN}/api/shifts/?${query}`);

  it("pages through with next and previous", async () => {
    const first = await page("/api/shifts/?limit=4", TOKENS.admin);
    expect(first).toMatchObject({ count: 9, next: url("limit=4&offset=4"), previous: null });
    expect(first.results.map((r) => r.id)).toEqual(ALL.slice(0, 4));
    const second = await page("/api/shifts/?limit=4&offset=4", TOKENS.admin);
    expect(second).toMatchObject({ count: 9, next: url("limit=4&offset=8"), previous: url("limit=4") });
    expect(second.results.map((r) => r.id)).toEqual(ALL.slice(4, 8));
    const third = await page("/api/shifts/?limit=4&offset=8", TOKENS.admin);
    expect(third).toMatchObject({ count: 9, next: null, previous: url("limit=4&offset=4") });
    expect(third.results.map((r) => r.id)).toEqual([25]);
  });

  it("answers an offset beyond count with empty results", async () => {
    expect(await page("/api/shifts/?limit=4&offset=20", TOKENS.admin)).toEqual({ count: 9, next: null, previous: url("limit=4&offset=16"), results: [] });
  });

  it("keeps filters and ordering in the links and follows them", async () => {
    const seen: number[] = [];
    let next: string | null = "/api/shifts/?ordering=-id&end_time_after=2099-07-01T00:00:00%2B02:00&limit=2";
    while (next) {
      const body: Page = await page(next, TOKENS.admin);
      expect(body.count).toBe(7);
      seen.push(...body.results.map((r) => r.id as number));
      if (body.next) expect(new URL(body.next).searchParams.get("ordering")).toBe("-id");
      next = body.next;
    }
    expect(seen).toEqual([61, 31, 25, 24, 22, 21, 12]);
  });

  it.each(["0", "-1", "abc", ""])("falls back to the default limit for limit=%s", async (limit) => {
    const body = await page(`/api/shifts/?limit=${limit}&offset=2`, TOKENS.admin);
    expect(body.results.map((r) => r.id)).toEqual(ALL.slice(2));
    expect(body).toMatchObject({ count: 9, next: null, previous: url(`limit=${DEFAULT_LIMIT}`) });
  });

  it.each(["-3", "abc", ""])("reads offset=%s as 0", async (offset) => {
    const body = await page(`/api/shifts/?limit=3&offset=${offset}`, TOKENS.admin);
    expect(body.previous).toBeNull();
    expect(body.results.map((r) => r.id)).toEqual(ALL.slice(0, 3));
  });
});

// ---------------------------------------------------------------------------------------------
// Cost: the number of D1 statements does not grow with the page.

const COST = { admin: "shift-cost-admin-token-01234", manager: "shift-cost-manager-token-01234", volunteer: "shift-cost-volunteer-token-01234" };
const COST_EVENTS = 40;
const SHIFTS_PER_EVENT = 3;

function costWorld() {
  const events = [];
  const shifts = [];
  const participations = [];
  const permissions = [];
  let participationId = 0;
  const structures = [
    ["uniform", { minimum_number_of_participants: 1, maximum_number_of_participants: 3 }],
    ["qualification_mix", { qualification_requirements: [{ qualification: 1, min_count: 1, max_count: 2 }, { qualification: null, min_count: 0, max_count: 2 }] }],
    ["complex", { starting_blocks: [{ building_block: 1, label: "", optional: false, uuid: "c0ffee00-0000-4000-8000-0000000000f1" }] }],
  ] as const;
  for (let e = 1; e <= COST_EVENTS; e++) {
    events.push({ id: e, title: `Einsatz ${e}`, type: 1, active: true });
    permissions.push({ event: e, group: 2, permission: "view_event" });
    for (let s = 0; s < SHIFTS_PER_EVENT; s++) {
      const id = (e - 1) * SHIFTS_PER_EVENT + s + 1;
      const day = String(1 + (e % 28)).padStart(2, "0");
      const [structure_slug, structure_configuration] = structures[s];
      shifts.push({
        id,
        event: e,
        meeting_time: `2099-03-${day}T0${6 + s}:00:00`,
        start_time: `2099-03-${day}T0${7 + s}:00:00`,
        end_time: `2099-03-${day}T1${5 + s}:00:00`,
        signup_flow_slug: "instant_confirmation",
        structure_slug,
        structure_configuration,
      });
      participations.push({ id: ++participationId, shift: id, kind: "local", user: 3, state: CONFIRMED });
      for (const state of [REQUESTED, CONFIRMED, USER_DECLINED]) {
        participations.push({ id: ++participationId, shift: id, kind: "placeholder", display_name: `Extern ${participationId}`, state });
      }
    }
  }
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_superuser: true },
      { id: 2, email: "manager@example.org", display_name: "Manni Manager", password: null },
      { id: 3, email: "volunteer@example.org", display_name: "Vera Volunteer", password: null },
    ],
    groups: [
      { id: 1, name: "Managers", members: [2], permissions: ["view_event"] },
      { id: 2, name: "Volunteers", members: [3], permissions: [] },
    ],
    qualification_categories: [{ id: 1, uuid: "c0ffee00-0000-4000-8000-0000000000e1", title: "Rettungsdienst" }],
    qualifications: [{ id: 1, uuid: "c0ffee00-0000-4000-8000-0000000000e2", title: "Rettungssanitäter", abbreviation: "RS", category: 1 }],
    qualification_grants: [{ user: 3, qualification: 1, expires: null }],
    building_blocks: [
      {
        id: 1,
        uuid: "c0ffee00-0000-4000-8000-0000000000e3",
        name: "RTW",
        block_type: "atomic",
        allow_more: true,
        positions: [
          { id: 1, label: "Fahrer", qualifications: [1] },
          { id: 2, label: "Beifahrer", qualifications: [] },
        ],
      },
    ],
    event_types: [{ id: 1, title: "Sanitätsdienst" }],
    events,
    event_permissions: permissions,
    shifts,
    participations,
    api_tokens: [
      { id: 1, user: 1, token: COST.admin, scope: ["PUBLIC_READ"] },
      { id: 2, user: 2, token: COST.manager, scope: ["PUBLIC_READ"] },
      { id: 3, user: 3, token: COST.volunteer, scope: ["PUBLIC_READ"] },
    ],
  };
}

describe("shifts: cost", () => {
  beforeAll(() => reset(costWorld()));

  it.each([
    ["a superuser", COST.admin],
    ["a holder of global view_event", COST.manager],
    ["a volunteer with group object permissions", COST.volunteer],
  ])("needs as many D1 statements for 100 shifts as for 1 (%s)", async (_name, token) => {
    // Both with the token remembered (src/auth/token-cache.ts): the first request of a token costs one round trip more.
    await (await request("/api/shifts/?limit=1", { headers: bearer(token) })).arrayBuffer();
    const one = await request("/api/shifts/?limit=1", { headers: bearer(token) });
    const hundred = await request("/api/shifts/?limit=100", { headers: bearer(token) });
    expect(one.status).toBe(200);
    expect(hundred.status).toBe(200);
    const onePage = (await one.json()) as Page;
    const hundredPage = (await hundred.json()) as Page<{ structure_slug: string; signup_stats: { confirmed_count: number; requested_count: number } }>;
    expect(onePage.count).toBe(COST_EVENTS * SHIFTS_PER_EVENT);
    expect(hundredPage.results).toHaveLength(100);
    expect(new Set(hundredPage.results.map((s) => s.structure_slug))).toEqual(new Set(["uniform", "qualification_mix", "complex"]));
    for (const shift of hundredPage.results) expect(shift.signup_stats).toMatchObject({ confirmed_count: 2, requested_count: 1 });
    expect(d1Cost(hundred)).toEqual(d1Cost(one));
  });

  it.each(["", "&start_time_after=2099-03-01&ordering=-event__title"])(
    "calls D1 twice for a page with a token not seen before (the token, then the count, the page and its stats inputs in one batch), once after (%s)",
    async (query) => {
      const send = (token: string) => request(`/api/shifts/?limit=100${query}`, { headers: bearer(token) });
      expect(await roundTripsFirstAndAgain(send, 3, ["PUBLIC_READ"])).toEqual({ first: 2, again: 1 });
    },
  );

  it("calls D1 twice for a shift with a token not seen before, once after", async () => {
    const [first] = (await page("/api/shifts/?limit=1", COST.volunteer)).results as { id: number }[];
    const send = (token: string) => request(`/api/shifts/${first.id}/`, { headers: bearer(token) });
    expect(await roundTripsFirstAndAgain(send, 3, ["PUBLIC_READ"])).toEqual({ first: 2, again: 1 });
  });

  it("needs as many statements with filters and ordering", async () => {
    const query = "start_time_after=2099-03-01&end_time_before=2099-04-01&ordering=-event__title,start_time";
    await (await request(`/api/shifts/?${query}&limit=1`, { headers: bearer(COST.volunteer) })).arrayBuffer();
    const one = await request(`/api/shifts/?${query}&limit=1`, { headers: bearer(COST.volunteer) });
    const many = await request(`/api/shifts/?${query}&limit=100`, { headers: bearer(COST.volunteer) });
    expect(((await many.json()) as Page).results).toHaveLength(100);
    expect(d1Cost(many)).toEqual(d1Cost(one));
  });
});
