/**
 * `/api/events/` and `/api/events/{id}/` through the real Worker. Storage is shared by the whole file, so every describe block loads the
 * world it needs in its own beforeAll.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../../src/lib/api/pagination";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../helpers/http";
import { d1Cost, d1Timing, roundTripsFirstAndAgain } from "../helpers/timing";
import { CONFIRMED, GETTING_DISPATCHED, REQUESTED, RESPONSIBLE_REJECTED, USER_DECLINED, type Page, expectError, page, stats } from "../helpers/api";
import { resetWorld as reset } from "../helpers/db";
import { pageLink, withoutPosition } from "../helpers/links";

const NO_EVENT = { detail: "No Event matches the given query." };
const NOT_FOUND = { detail: "Not found." };
const INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices.";
const INVALID_DATETIME = "Enter a valid date/time.";

/** A JSON body, loosely typed for assertions. */
async function json(response: Response): Promise<any> {
  return response.json();
}

async function ids(path: string, token: string): Promise<number[]> {
  return (await page(path, token)).results.map((r) => r.id as number);
}


// ---------------------------------------------------------------------------------------------
// The main world: people with different permissions, and events covering the interesting shapes.

const TOKENS = {
  admin: "events-admin-public-read-token-01",
  manager: "events-manager-public-read-token-01",
  volunteer: "events-volunteer-public-read-token-01",
  volunteerMeOnly: "events-volunteer-me-read-token-01",
  volunteerAllButPublic: "events-volunteer-all-but-public-01",
  volunteerExpired: "events-volunteer-expired-token-01",
  volunteerRevoked: "events-volunteer-revoked-token-01",
  direct: "events-direct-public-read-token-01",
  planner: "events-planner-public-read-token-01",
  outsider: "events-outsider-public-read-token-01",
  inactive: "events-inactive-public-read-token-01",
};

const PASSWORDS = { admin: "admin-password-events-1", volunteer: "volunteer-password-events-1" };

const USERS = { admin: 1, manager: 2, volunteer: 3, direct: 4, planner: 5, outsider: 6, inactive: 7 };

const SHIFT_11_FLOW = {
  signup_until: "2099-06-29T18:00:00+02:00",
  user_can_decline_confirmed: false,
  user_can_customize_signup_times: true,
  extra: { nested: [1, 2.5, null, "Übergabe", { deep: true }], empty: {}, list: [] },
};
const SHIFT_11_STRUCTURE = {
  minimum_number_of_participants: 2,
  maximum_number_of_participants: 4,
  required_qualification_ids: [],
  minimum_age: 16,
  unknown_key: "kept as stored",
};

function mainWorld() {
  const user = (id: number, email: string, display_name: string, extra: Record<string, unknown> = {}) => ({ id, email, display_name, password: null, ...extra });
  const placeholder = (id: number, shift: number, display_name: string, state: number) => ({ id, shift, kind: "placeholder", display_name, state });
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
    ],
    groups: [
      // ephios's management group: global view_event (which /api/events/ does not count), change_event …
      { id: 1, name: "Managers", members: [USERS.manager], permissions: ["view_userprofile", "view_event", "change_event"] },
      // … volunteers see events through object permissions of their group …
      { id: 2, name: "Volunteers", members: [USERS.volunteer, USERS.inactive], permissions: [] },
      // … planners may add and change events, but not delete them.
      { id: 3, name: "Planners", members: [USERS.planner], permissions: ["add_event", "change_event"] },
    ],
    event_types: [
      { id: 1, title: "Sanitätsdienst", color: "#ff0000" },
      { id: 2, title: "Ausbildung" },
    ],
    events: [
      { id: 1, title: "Sommerfest in Lärz", description: "Sanitätsdienst beim **Sommerfest**", location: "Festwiese Lärz", type: 1, active: true },
      { id: 2, title: "Winterübung", description: "", location: "Wache Süd", type: 2, active: true },
      { id: 3, title: "Blutspende", description: null, location: "Stadthalle", type: 1, active: true },
      { id: 4, title: "Planungstreffen", description: "Jahresplanung 2100", type: 2, active: true }, // no shifts, default location
      { id: 5, title: "Altes Event", type: 1, active: false },
      { id: 6, title: "Geheimübung: Straße & Co. — Teil 2", location: "Übungsgelände", type: 2, active: true },
      { id: 7, title: "???", type: 1, active: true },
    ],
    event_permissions: [
      { event: 1, group: 2, permission: "view_event" },
      { event: 2, group: 2, permission: "view_event" },
      { event: 4, group: 2, permission: "view_event" },
      { event: 5, group: 2, permission: "view_event" }, // inactive: never visible
      { event: 3, user: USERS.direct, permission: "view_event" },
      { event: 1, user: USERS.planner, permission: "change_event" }, // change_event alone does not show the event
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
      {
        // earlier meeting time, later start: comes first among the event's shifts
        id: 12,
        event: 1,
        label: "Aufbau",
        meeting_time: "2099-06-30T04:30:00Z",
        start_time: "2099-06-30T09:00:00+02:00",
        end_time: "2099-06-30T23:00:00Z", // 01:00 the next day in Berlin: the event's end
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: { maximum_number_of_participants: 2 },
      },
      {
        // same meeting and start time as 11: after it by id
        id: 13,
        event: 1,
        meeting_time: "2099-06-30T07:00:00",
        start_time: "2099-06-30T08:00:00",
        end_time: "2099-06-30T12:00:00",
        signup_flow_slug: "manual",
        signup_flow_configuration: { no_selfservice_explanation: "Bitte bei der Leitung melden." },
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 1 },
      },
      {
        id: 21,
        event: 2,
        label: "Tag 1",
        meeting_time: "2099-12-05T09:00:00",
        start_time: "2099-12-05T10:00:00",
        end_time: "2099-12-05T16:00:00",
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 1, maximum_number_of_participants: 3 },
      },
      {
        id: 22,
        event: 2,
        label: "Tag 2",
        meeting_time: "2099-12-06T10:00:00+01:00",
        start_time: "2099-12-06T10:00:00+01:00",
        end_time: "2099-12-06T14:00:00+01:00",
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: { maximum_number_of_participants: 2 },
      },
      { id: 31, event: 3, meeting_time: "2099-08-15T15:00:00", start_time: "2099-08-15T15:30:00", end_time: "2099-08-15T19:00:00", signup_flow_slug: "instant_confirmation", structure_slug: "uniform" },
      { id: 51, event: 5, meeting_time: "2099-05-01T08:00:00", start_time: "2099-05-01T09:00:00", end_time: "2099-05-01T10:00:00", signup_flow_slug: "instant_confirmation", structure_slug: "uniform" },
      { id: 61, event: 6, meeting_time: "2099-09-01T08:00:00", start_time: "2099-09-01T09:00:00", end_time: "2099-09-01T17:00:00", signup_flow_slug: "instant_confirmation", structure_slug: "uniform" },
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
      placeholder(10, 51, "Otto Old", CONFIRMED),
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

const SHIFT_12_JSON = {
  id: 12,
  label: "Aufbau",
  event_id: 1,
  event_title: "Sommerfest in Lärz",
  meeting_time: "2099-06-30T06:30:00+02:00",
  start_time: "2099-06-30T09:00:00+02:00",
  end_time: "2099-07-01T01:00:00+02:00",
  signup_flow_slug: "instant_confirmation",
  signup_flow_configuration: {},
  structure_slug: "uniform",
  structure_configuration: { maximum_number_of_participants: 2 },
  signup_stats: stats(0, 1, 0, 1, null, 2),
};

const SHIFT_13_JSON = {
  id: 13,
  label: "",
  event_id: 1,
  event_title: "Sommerfest in Lärz",
  meeting_time: "2099-06-30T07:00:00+02:00",
  start_time: "2099-06-30T08:00:00+02:00",
  end_time: "2099-06-30T12:00:00+02:00",
  signup_flow_slug: "manual",
  signup_flow_configuration: { no_selfservice_explanation: "Bitte bei der Leitung melden." },
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 1 },
  signup_stats: stats(0, 0, 1, null, 1, null),
};

const EVENT_1_JSON = {
  id: 1,
  title: "Sommerfest in Lärz",
  description: "Sanitätsdienst beim **Sommerfest**",
  location: "Festwiese Lärz",
  type: { id: 1, title: "Sanitätsdienst" },
  frontend_url: `${ORIGIN}/events/1-sommerfest-in-larz/`,
  start_time: "2099-06-30T08:00:00+02:00",
  end_time: "2099-07-01T01:00:00+02:00",
  // {2,1,1,3,2,4} + {0,1,0,1,null,2} + {0,0,1,null,1,null}
  signup_stats: stats(2, 2, 2, null, 3, null),
  shifts: [SHIFT_12_JSON, SHIFT_11_JSON, SHIFT_13_JSON],
};

const EVENT_4_JSON = {
  id: 4,
  title: "Planungstreffen",
  description: "Jahresplanung 2100",
  location: "",
  type: { id: 2, title: "Ausbildung" },
  frontend_url: `${ORIGIN}/events/4-planungstreffen/`,
  start_time: null,
  end_time: null,
  signup_stats: stats(0, 0, 0, 0, null, 0),
  shifts: [],
};

describe("events: serialization", () => {
  beforeAll(() => reset(mainWorld()));

  it("renders one event exactly, with its shifts in meeting_time, start_time, id order", async () => {
    const response = await request("/api/events/1/", { headers: bearer(TOKENS.volunteer) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(EVENT_1_JSON);
  });

  it("lists the same representation as the detail route", async () => {
    const body = await page("/api/events/", TOKENS.volunteer);
    expect(body.results[0]).toEqual(EVENT_1_JSON);
  });

  it("renders an event without shifts with null times and ZERO stats", async () => {
    const response = await request("/api/events/4/", { headers: bearer(TOKENS.volunteer) });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(EVENT_4_JSON);
  });

  it("renders winter times with +01:00 and folds the stats of two shifts", async () => {
    const response = await request("/api/events/2/", { headers: bearer(TOKENS.volunteer) });
    expect(response.status).toBe(200);
    const event = await json(response);
    expect(event).toMatchObject({
      id: 2,
      title: "Winterübung",
      description: "",
      location: "Wache Süd",
      type: { id: 2, title: "Ausbildung" },
      frontend_url: `${ORIGIN}/events/2-winterubung/`,
      start_time: "2099-12-05T10:00:00+01:00",
      end_time: "2099-12-06T14:00:00+01:00",
    });
    expect(event.shifts.map((s: { id: number }) => s.id)).toEqual([21, 22]);
    expect(event.shifts[0].signup_stats).toEqual(stats(0, 1, 0, 2, 1, 3));
    expect(event.shifts[1].signup_stats).toEqual(stats(1, 0, 0, 2, null, 2));
    expect(event.shifts[1]).toMatchObject({ meeting_time: "2099-12-06T10:00:00+01:00", start_time: "2099-12-06T10:00:00+01:00", end_time: "2099-12-06T14:00:00+01:00" });
    expect(event.signup_stats).toEqual(stats(1, 1, 0, 4, 1, 5));
  });

  it("gives a shift the uniform numbers (min 2, max 4; 1 confirmed, 2 requested, others ignored)", async () => {
    const response = await request("/api/events/1/", { headers: bearer(TOKENS.volunteer) });
    const event = await json(response);
    expect(event.shifts.find((s: { id: number }) => s.id === 11).signup_stats).toEqual(stats(2, 1, 1, 3, 2, 4));
  });

  it("passes the flow and structure configurations through unchanged", async () => {
    const event = await json(await request("/api/events/1/", { headers: bearer(TOKENS.volunteer) }));
    const shift = event.shifts.find((s: { id: number }) => s.id === 11);
    expect(shift.signup_flow_configuration).toStrictEqual(SHIFT_11_FLOW);
    expect(shift.structure_configuration).toStrictEqual(SHIFT_11_STRUCTURE);
  });

  it("builds frontend_url from SITE_URL and Django's slugify (diacritics folded, ß and dashes dropped, id if empty)", async () => {
    const six = await json(await request("/api/events/6/", { headers: bearer(TOKENS.admin) }));
    expect(six.frontend_url).toBe(`${ORIGIN}/events/6-geheimubung-strae-co-teil-2/`);
    const seven = await json(await request("/api/events/7/", { headers: bearer(TOKENS.admin) }));
    expect(seven.frontend_url).toBe(`${ORIGIN}/events/7-7/`);
    expect(seven.description).toBeNull();
  });

  it("renders a null description as null", async () => {
    const three = await json(await request("/api/events/3/", { headers: bearer(TOKENS.direct) }));
    expect(three).toMatchObject({ id: 3, description: null, location: "Stadthalle", start_time: "2099-08-15T15:30:00+02:00", end_time: "2099-08-15T19:00:00+02:00" });
  });
});

describe("events: authentication and scopes", () => {
  beforeAll(() => reset(mainWorld()));

  it("passes a token holding PUBLIC_READ", async () => {
    expect(await ids("/api/events/", TOKENS.volunteer)).toEqual([1, 2, 4]);
    expect((await request("/api/events/1/", { headers: bearer(TOKENS.volunteer) })).status).toBe(200);
  });

  it.each([
    ["ME_READ only", TOKENS.volunteerMeOnly],
    ["every scope but PUBLIC_READ", TOKENS.volunteerAllButPublic],
  ])("refuses a token with %s as not permitted", async (_name, token) => {
    for (const path of ["/api/events/", "/api/events/1/", "/api/events/999/", "/api/events/abc/"]) {
      await expectError(await request(path, { headers: bearer(token) }), 403, PERMISSION_DENIED);
    }
  });

  it.each([
    ["no credentials", {}],
    ["an unknown token", bearer("no-such-token-0123456789")],
    ["an expired token", bearer(TOKENS.volunteerExpired)],
    ["a revoked token", bearer(TOKENS.volunteerRevoked)],
    ["the token of an inactive user", bearer(TOKENS.inactive)],
    ["a malformed Authorization header", { Authorization: `Token ${TOKENS.volunteer}` }],
    ["a bearer header with three parts", { Authorization: `Bearer ${TOKENS.volunteer} extra` }],
  ])("answers %s with 'credentials were not provided'", async (_name, headers) => {
    for (const path of ["/api/events/", "/api/events/1/", "/api/events/abc/"]) {
      await expectError(await request(path, { headers }), 403, NOT_AUTHENTICATED);
    }
  });

  it("accepts the bearer scheme case-insensitively", async () => {
    const response = await request("/api/events/", { headers: { Authorization: `bearer ${TOKENS.volunteer}` } });
    expect(response.status).toBe(200);
  });

  it("passes a session cookie, whatever the scopes, with the session user's visibility", async () => {
    const cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
    const response = await request("/api/events/", { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Page;
    expect(body.results.map((r) => r.id)).toEqual([1, 2, 4]);
    expect(body.results[0]).toEqual(EVENT_1_JSON);
    // the session wins over a token of someone else
    const both = await request("/api/events/", { headers: { Cookie: cookie, ...bearer(TOKENS.admin) } });
    expect(((await both.json()) as Page).results.map((r) => r.id)).toEqual([1, 2, 4]);
  });
});

describe("events: visibility", () => {
  beforeAll(() => reset(mainWorld()));

  it("shows events with an object view_event through a group", async () => {
    const body = await page("/api/events/", TOKENS.volunteer);
    expect(body.count).toBe(3);
    expect(body.results.map((r) => r.id)).toEqual([1, 2, 4]);
  });

  it("shows events with an object view_event given to the user directly", async () => {
    expect(await ids("/api/events/", TOKENS.direct)).toEqual([3]);
    expect((await request("/api/events/3/", { headers: bearer(TOKENS.direct) })).status).toBe(200);
  });

  it("does not count a global view_event (an ephios quirk)", async () => {
    const body = await page("/api/events/", TOKENS.manager);
    expect(body).toEqual({ count: 0, next: null, previous: null, results: [] });
    await expectError(await request("/api/events/1/", { headers: bearer(TOKENS.manager) }), 404, NO_EVENT);
  });

  it("does not count other object permissions or global add/change permissions", async () => {
    expect(await ids("/api/events/", TOKENS.planner)).toEqual([]);
    await expectError(await request("/api/events/1/", { headers: bearer(TOKENS.planner) }), 404, NO_EVENT);
    await expectError(await request("/api/events/6/", { headers: bearer(TOKENS.planner) }), 404, NO_EVENT);
  });

  it("shows nothing to a user without permissions", async () => {
    expect(await page("/api/events/", TOKENS.outsider)).toEqual({ count: 0, next: null, previous: null, results: [] });
  });

  it("shows a superuser every active event, events without shifts last", async () => {
    const body = await page("/api/events/", TOKENS.admin);
    expect(body.count).toBe(6);
    expect(body.results.map((r) => r.id)).toEqual([1, 3, 6, 2, 4, 7]);
  });

  it("never shows an inactive event, not even to a superuser or a group holding view_event on it", async () => {
    for (const token of [TOKENS.admin, TOKENS.volunteer, TOKENS.manager]) {
      expect(await ids("/api/events/", token)).not.toContain(5);
      await expectError(await request("/api/events/5/", { headers: bearer(token) }), 404, NO_EVENT);
    }
  });

  it("answers the detail of an invisible or unknown event with 404", async () => {
    await expectError(await request("/api/events/3/", { headers: bearer(TOKENS.volunteer) }), 404, NO_EVENT);
    await expectError(await request("/api/events/6/", { headers: bearer(TOKENS.volunteer) }), 404, NO_EVENT);
    await expectError(await request("/api/events/999/", { headers: bearer(TOKENS.admin) }), 404, NO_EVENT);
    await expectError(await request("/api/events/123456789012345/", { headers: bearer(TOKENS.admin) }), 404, NO_EVENT);
  });

  it("nests every shift of a visible event", async () => {
    const event = await json(await request("/api/events/1/", { headers: bearer(TOKENS.volunteer) }));
    expect(event.shifts).toHaveLength(3);
  });
});

describe("events: unsafe methods", () => {
  beforeAll(() => reset(mainWorld()));

  const METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;
  const send = (method: string, path: string, headers: Record<string, string>) =>
    request(path, { method, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify({ title: "Neu", type: 1 }) });

  it.each(METHODS)("%s: refuses anonymous requests as not authenticated", async (method) => {
    for (const path of ["/api/events/", "/api/events/1/"]) {
      await expectError(await send(method, path, {}), 403, NOT_AUTHENTICATED);
    }
  });

  it.each(METHODS)("%s: refuses users without the model permission", async (method) => {
    for (const token of [TOKENS.outsider, TOKENS.volunteer, TOKENS.direct]) {
      for (const path of ["/api/events/", "/api/events/1/", "/api/events/999/"]) {
        await expectError(await send(method, path, bearer(token)), 403, PERMISSION_DENIED);
      }
    }
  });

  it.each(METHODS)("%s: refuses a token without PUBLIC_READ before anything else", async (method) => {
    await expectError(await send(method, "/api/events/", bearer(TOKENS.volunteerMeOnly)), 403, PERMISSION_DENIED);
  });

  // The write API (test/features/events-write.test.ts) needs PUBLIC_WRITE, which these tokens lack.
  it("refuses the writes to a token with PUBLIC_READ only, even a superuser's", async () => {
    for (const [method, path] of [
      ["POST", "/api/events/"],
      ["PATCH", "/api/events/1/"],
      ["DELETE", "/api/events/1/"],
    ]) {
      await expectError(await send(method, path, bearer(TOKENS.admin)), 403, PERMISSION_DENIED);
    }
  });

  it("answers what stays unsupported with 405 after the permission check", async () => {
    for (const [method, path] of [
      ["PUT", "/api/events/"],
      ["PUT", "/api/events/1/"],
      ["PUT", "/api/events/999/"],
      ["POST", "/api/events/1/"],
      ["PATCH", "/api/events/"],
      ["DELETE", "/api/events/"],
    ]) {
      await expectError(await send(method, path, bearer(TOKENS.admin)), 405, { detail: `Method "${method}" not allowed.` });
    }
  });

  it("checks the permission DRF's DjangoObjectPermissions asks for per method (add/change, not delete)", async () => {
    // Paula holds global add_event and change_event, not delete_event.
    await expectError(await send("POST", "/api/events/1/", bearer(TOKENS.planner)), 405, { detail: 'Method "POST" not allowed.' });
    await expectError(await send("PUT", "/api/events/1/", bearer(TOKENS.planner)), 405, { detail: 'Method "PUT" not allowed.' });
    await expectError(await send("PATCH", "/api/events/", bearer(TOKENS.planner)), 405, { detail: 'Method "PATCH" not allowed.' });
    await expectError(await send("DELETE", "/api/events/", bearer(TOKENS.planner)), 403, PERMISSION_DENIED);
    // a manager: change_event globally, no add_event
    await expectError(await send("POST", "/api/events/1/", bearer(TOKENS.manager)), 403, PERMISSION_DENIED);
    await expectError(await send("PUT", "/api/events/1/", bearer(TOKENS.manager)), 405, { detail: 'Method "PUT" not allowed.' });
  });

  it("answers a superuser's session (same origin) with 405 as well", async () => {
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    const response = await send("PUT", "/api/events/1/", { Cookie: cookie, Origin: ORIGIN });
    await expectError(response, 405, { detail: 'Method "PUT" not allowed.' });
  });

  it("changes nothing", async () => {
    expect(await ids("/api/events/", TOKENS.admin)).toEqual([1, 3, 6, 2, 4, 7]);
  });
});

describe("events: malformed requests", () => {
  beforeAll(() => reset(mainWorld()));

  it.each(["abc", "1abc", "1e3", "0x1", "%20", "%00", "1%2F2"])("answers /api/events/%s/ with 404 Not found.", async (id) => {
    await expectError(await request(`/api/events/${id}/`, { headers: bearer(TOKENS.admin) }), 404, NOT_FOUND);
  });

  it.each(["-1", "1.5", "1.xml", "99999999999999999999999", "9007199254740993", "1".repeat(300)])("answers /api/events/%s/ with a JSON 404, never a 500", async (id) => {
    const response = await request(`/api/events/${id}/`, { headers: bearer(TOKENS.admin) });
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(typeof (await json(response)).detail).toBe("string");
  });

  it("answers paths below an event with a JSON 404", async () => {
    await expectError(await request("/api/events/1/shifts/", { headers: bearer(TOKENS.admin) }), 404, NOT_FOUND);
  });

  it("redirects the list and detail without trailing slash", async () => {
    const list = await request("/api/events?limit=1", { headers: bearer(TOKENS.admin) });
    expect(list.status).toBe(301);
    expect(list.headers.get("Location")).toBe("/api/events/?limit=1");
    const detail = await request("/api/events/1", { headers: bearer(TOKENS.admin) });
    expect(detail.status).toBe(301);
    expect(detail.headers.get("Location")).toBe("/api/events/1/");
  });

  it.each([
    "search=%25",
    "search=%5C",
    "search=%22",
    "search=%27%22%27",
    `search=${"x".repeat(5000)}`,
    "ordering=,,,-",
    "ordering=%00",
    "ordering=get_signup_stats",
    "ordering=shifts",
    "type=%00",
    "type=99999999999999999999999",
    "limit=1e309",
    "offset=1e309",
    "offset=99999999999999999999",
    "limit=%FF",
    "start_time_after=0001-01-01",
    "start_time_after=9999-12-31T23:59:59.999999",
    "start_time_after=2099-06-30T08:00:00%2B99:00",
    "start_time_after=2099-13-01",
    `start_time_after=${"9".repeat(5000)}`,
    "start_time_after=2099-06-30&start_time_after=garbage",
  ])("never answers ?%s with a 500", async (query) => {
    const response = await request(`/api/events/?${query}`, { headers: bearer(TOKENS.admin) });
    expect(response.status, await response.clone().text()).toBeLessThan(500);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = await json(response);
    if (response.status === 200) expect(body).toHaveProperty("results");
    else expect(Object.keys(body).length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// A catalogue for search, ordering, filters and pagination: a superuser sees all of it.

const ADMIN = "catalogue-admin-token-0123456789";

function catalogueWorld() {
  const shift = (id: number, event: number, start: string, end: string) => ({
    id,
    event,
    meeting_time: start,
    start_time: start,
    end_time: end,
    signup_flow_slug: "instant_confirmation",
    structure_slug: "uniform",
  });
  return {
    format: "ephios-fixture/1",
    users: [{ id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_superuser: true }],
    event_types: [
      { id: 1, title: "Sanitätsdienst" },
      { id: 2, title: "Ausbildung" },
      { id: 3, title: "Unbenutzt" },
    ],
    events: [
      { id: 101, title: "Sommerfest", description: "Sanitätsdienst mit Zelt", location: "Festwiese Lärz", type: 1, active: true },
      { id: 102, title: "Fission Festival", description: "Musik und Zelte", location: "Lärz", type: 1, active: true },
      { id: 103, title: "Blutspende", description: null, location: "Stadthalle, Raum 2", type: 2, active: true },
      { id: 104, title: "Winterdienst", description: "Streuen", location: "Bauhof", type: 2, active: true },
      { id: 105, title: "Jahresplanung", description: "100% Beteiligung erwünscht", location: "Wache", type: 1, active: true },
      { id: 106, title: "Erste Hilfe Kurs", description: "1000 Teilnehmende", location: "Wache", type: 2, active: true },
      { id: 107, title: "Inaktives Sommerfest", description: "Zelt", location: "Lärz", type: 1, active: false },
    ],
    shifts: [
      shift(1, 101, "2099-06-30T08:00:00", "2099-06-30T20:30:00"),
      shift(2, 102, "2099-06-30T08:00:00", "2099-06-30T12:00:00"),
      shift(3, 103, "2099-08-15T01:00:00", "2099-08-15T05:00:00"), // Aug 14 in UTC
      shift(4, 104, "2099-12-05T10:00:00", "2099-12-05T16:00:00"),
      shift(5, 104, "2099-12-06T10:00:00", "2099-12-06T14:00:00"),
      shift(6, 106, "2099-10-01T18:00:00", "2099-10-01T21:00:00"),
      shift(7, 107, "2099-06-30T08:00:00", "2099-06-30T20:30:00"),
    ],
    api_tokens: [{ id: 1, user: 1, token: ADMIN, scope: ["PUBLIC_READ"] }],
  };
}

/** The catalogue's default order: start_time, end_time; no shifts last. */
const DEFAULT_ORDER = [102, 101, 103, 106, 104, 105];
const catalogue = (query: string) => ids(`/api/events/?${query}`, ADMIN);

describe("events: search", () => {
  beforeAll(() => reset(catalogueWorld()));

  it.each([
    ["search=zelt", [102, 101]], // description, case-insensitive
    ["search=STADTHALLE", [103]], // location
    ["search=festival", [102]], // title
    ["search=streuen", [104]],
    ["search=raum", [103]], // a null description is no problem
    ["search=fest%20l%C3%A4rz", [102, 101]], // terms ANDed, fields ORed
    ["search=fest%20wache", []],
    ["search=sommer,zelt", [101]], // commas split like spaces
    ["search=sommer,,%20,zelt", [101]],
    ["search=Festival%20Fission", [102]],
    ["search=%22Fission%20Festival%22", [102]], // a quoted phrase stays together …
    ["search=%22Festival%20Fission%22", []], // … so it must occur as written
    ["search=%22festwiese%20l%C3%A4rz%22%20sommer", [101]],
    ["search=100%25", [105]], // % is a literal character, not a wildcard
    ["search=_", []], // and so is _
    ["search=", DEFAULT_ORDER],
    ["search=%20%20", DEFAULT_ORDER],
    ["search=%2C", DEFAULT_ORDER],
    ["search=nirgends", []],
  ])("?%s", async (query, expected) => {
    expect(await catalogue(query)).toEqual(expected);
  });

  it("combines with filters and ordering, and counts what it found", async () => {
    expect(await catalogue("search=wache&type=2")).toEqual([106]);
    expect(await catalogue("search=zelt&ordering=-title")).toEqual([101, 102]);
    const body = await page("/api/events/?search=zelt&limit=1", ADMIN);
    expect(body.count).toBe(2);
    // DRF writes the link's parameters sorted by name.
    expect(withoutPosition(body.next)).toBe(`${ORIGIN}/api/events/?limit=1&offset=1&search=zelt`);
  });

  it("never finds inactive events", async () => {
    expect(await catalogue("search=inaktives")).toEqual([]);
  });

  it("takes the last of repeated search parameters", async () => {
    expect(await catalogue("search=festival&search=streuen")).toEqual([104]);
  });

  // DRF's SearchFilter splits with Django's smart_split, which keeps single-quoted phrases together
  // as well (search_smart_split: `term.startswith(('"', "'")) and term[0] == term[-1]`).
  it("keeps a single-quoted phrase together as DRF does", async () => {
    expect(await catalogue("search=%27Fission%20Festival%27")).toEqual([102]);
  });
});

describe("events: ordering", () => {
  beforeAll(() => reset(catalogueWorld()));

  it.each([
    ["(none)", "", DEFAULT_ORDER],
    ["start_time,end_time", "ordering=start_time,end_time", DEFAULT_ORDER],
    ["end_time", "ordering=end_time", [102, 101, 103, 106, 104, 105]],
    ["-end_time (nulls first)", "ordering=-end_time", [105, 104, 106, 103, 101, 102]],
    ["-start_time,-end_time", "ordering=-start_time,-end_time", [105, 104, 106, 103, 101, 102]],
    ["-start_time,end_time", "ordering=-start_time,end_time", [105, 104, 106, 103, 102, 101]],
    ["start_time,-end_time", "ordering=start_time,-end_time", [101, 102, 103, 106, 104, 105]],
    ["title", "ordering=title", [103, 106, 102, 105, 101, 104]],
    ["-title", "ordering=-title", [104, 101, 105, 102, 106, 103]],
    ["unknown fields only → default", "ordering=bogus,-nothing", DEFAULT_ORDER],
    ["not an event ordering field → default", "ordering=-id", DEFAULT_ORDER],
    ["description is not orderable → default", "ordering=-description", DEFAULT_ORDER],
    ["unknown fields dropped", "ordering=bogus,-title", [104, 101, 105, 102, 106, 103]],
    ["spaces around names", "ordering=%20-title%20", [104, 101, 105, 102, 106, 103]],
    ["empty", "ordering=", DEFAULT_ORDER],
    ["last of repeated", "ordering=title&ordering=-title", [104, 101, 105, 102, 106, 103]],
    ["a field's first mention counts", "ordering=-title,title", [104, 101, 105, 102, 106, 103]],
    ["hundreds of terms (beyond SQLite's ORDER BY limit if kept)", `ordering=${"-title,start_time,".repeat(55)}`, [104, 101, 105, 102, 106, 103]],
  ])("%s", async (_name, query, expected) => {
    expect(await catalogue(query)).toEqual(expected);
  });
});

describe("events: filters", () => {
  beforeAll(() => reset(catalogueWorld()));

  it.each([
    // inclusive bounds, naive values in Europe/Berlin
    ["start_time_after=2099-06-30T08:00:00", [102, 101, 103, 106, 104]],
    ["start_time_after=2099-06-30T08:00:01", [103, 106, 104]],
    ["start_time_after=2099-06-30T08:00", [102, 101, 103, 106, 104]],
    ["start_time_after=2099-06-30%2008:00:00", [102, 101, 103, 106, 104]],
    // explicit offsets: Z, and an encoded +
    ["start_time_after=2099-06-30T06:00:00Z", [102, 101, 103, 106, 104]],
    ["start_time_after=2099-06-30T06:00:01Z", [103, 106, 104]],
    ["start_time_after=2099-06-30T08:00:00%2B02:00", [102, 101, 103, 106, 104]],
    ["start_time_after=2099-06-30T08:00:00%2B01:00", [103, 106, 104]],
    ["start_time_after=2099-06-30T02:00:00-04:00", [102, 101, 103, 106, 104]],
    ["start_time_before=2099-08-15T01:00:00", [102, 101, 103]],
    ["start_time_before=2099-08-15T00:59:59", [102, 101]],
    ["end_time_after=2099-12-06T14:00:00%2B01:00", [104]],
    ["end_time_after=2099-12-06T14:00:01%2B01:00", []],
    ["end_time_before=2099-06-30T20:30:00", [102, 101]],
    ["end_time_before=2099-06-30T20:29:59", [102]],
    // date-only values mean midnight in Europe/Berlin (shift 3 starts Aug 15 01:00 Berlin = Aug 14 UTC)
    ["start_time_after=2099-08-15", [103, 106, 104]],
    ["start_time_before=2099-08-15", [102, 101]],
    ["start_time_after=2099-07-01&start_time_before=2099-11-01", [103, 106]],
    ["end_time_after=2099-07-01&end_time_before=2099-10-01T21:00:00", [103, 106]],
    // deprecated aliases
    ["start_gte=2099-08-15", [103, 106, 104]],
    ["start_gte=2099-06-30T08:00:00", [102, 101, 103, 106, 104]],
    ["start_lte=2099-08-15T01:00:00", [102, 101, 103]],
    ["start_gte=2099-07-01&start_lte=2099-11-01", [103, 106]],
    ["start_gte=2099-07-01&start_time_before=2099-09-01", [103]],
    // type
    ["type=1", [102, 101, 105]],
    ["type=2", [103, 106, 104]],
    ["type=3", []],
    ["type=%202%20", [103, 106, 104]],
    ["type=1&type=2", [103, 106, 104]], // the last of repeated single-valued parameters
    ["type=2&start_time_before=2099-11-01", [103, 106]],
    // empty values are ignored
    ["type=", DEFAULT_ORDER],
    ["start_time_after=", DEFAULT_ORDER],
    ["start_time_after=&end_time_before=&start_gte=&start_lte=&type=&search=&ordering=", DEFAULT_ORDER],
    ["start_time_after=2099-12-01&start_time_after=2099-06-01", [102, 101, 103, 106, 104]],
    // unknown parameters are ignored
    ["state=1&event=999&format=json", DEFAULT_ORDER],
  ])("?%s", async (query, expected) => {
    expect(await catalogue(query)).toEqual(expected);
  });

  it("counts the filtered events", async () => {
    const body = await page("/api/events/?type=2&limit=2", ADMIN);
    expect(body.count).toBe(3);
    expect(body.results.map((r) => r.id)).toEqual([103, 106]);
  });

  it.each(["type=99", "type=0", "type=abc", "type=1.5", "type=-1", "type=1,2", "type=1&type=abc"])("?%s → 400 invalid choice", async (query) => {
    await expectError(await request(`/api/events/?${query}`, { headers: bearer(ADMIN) }), 400, { type: [INVALID_CHOICE] });
  });

  it.each([
    ["start_time_after", "tomorrow"],
    ["start_time_after", "2099-06-30T08:00:00+02:00"], // an unencoded + arrives as a space
    ["start_time_before", "2099-02-30"],
    ["end_time_after", "2099-06-30T25:00:00"],
    ["end_time_before", "30.06.2099"],
    ["start_gte", "2099/06/30"],
    ["start_lte", "2099-06-31"],
    ["start_time_after", "2099-06-30T08:00:00%2B02:00junk"],
  ])("?%s=%s → 400 Enter a valid date/time.", async (param, value) => {
    // The range's `_after`/`_before` are widget suffixes: django-filter keys the error by its field.
    const field = param.replace(/_(after|before)$/, "");
    await expectError(await request(`/api/events/?${param}=${value}`, { headers: bearer(ADMIN) }), 400, { [field]: [INVALID_DATETIME] });
  });

  it("reports every invalid filter at once", async () => {
    await expectError(await request("/api/events/?start_time_after=bad&end_time_before=worse&type=abc", { headers: bearer(ADMIN) }), 400, {
      type: [INVALID_CHOICE],
      start_time: [INVALID_DATETIME],
      end_time: [INVALID_DATETIME],
    });
  });

  // django-filter reports every invalid field at once; here malformed values are reported first
  // and an unknown type once the values parse (docs/compatibility.md, "Differences from ephios").
  it("reports a malformed date first, and an unknown type once the values parse", async () => {
    await expectError(await request("/api/events/?start_time_after=bad&type=99", { headers: bearer(ADMIN) }), 400, {
      start_time: [INVALID_DATETIME],
    });
    await expectError(await request("/api/events/?start_time_after=2024-01-01&type=99", { headers: bearer(ADMIN) }), 400, {
      type: [INVALID_CHOICE],
    });
  });
});

describe("events: pagination", () => {
  beforeAll(() => reset(catalogueWorld()));

  const url = (query: string) => pageLink(`${ORIGIN}/api/events/?${query}`);

  it("wraps results in count/next/previous without parameters", async () => {
    const body = await page("/api/events/", ADMIN);
    expect(body).toMatchObject({ count: 6, next: null, previous: null });
    expect(body.results).toHaveLength(6);
  });

  it("links to the next page with limit and offset", async () => {
    const body = await page("/api/events/?limit=2", ADMIN);
    expect(body).toMatchObject({ count: 6, next: url("limit=2&offset=2"), previous: null });
    expect(body.results.map((r) => r.id)).toEqual([102, 101]);
  });

  it("drops offset from previous when offset - limit <= 0", async () => {
    const body = await page("/api/events/?limit=2&offset=2", ADMIN);
    expect(body).toMatchObject({ count: 6, next: url("limit=2&offset=4"), previous: url("limit=2") });
    expect(body.results.map((r) => r.id)).toEqual([103, 106]);
    const one = await page("/api/events/?limit=2&offset=1", ADMIN);
    expect(one).toMatchObject({ next: url("limit=2&offset=3"), previous: url("limit=2") });
    expect(one.results.map((r) => r.id)).toEqual([101, 103]);
  });

  it("keeps offset in previous when offset - limit > 0 and ends with next null", async () => {
    const body = await page("/api/events/?limit=2&offset=3", ADMIN);
    expect(body).toMatchObject({ count: 6, next: url("limit=2&offset=5"), previous: url("limit=2&offset=1") });
    const last = await page("/api/events/?limit=2&offset=4", ADMIN);
    expect(last).toMatchObject({ count: 6, next: null, previous: url("limit=2&offset=2") });
    expect(last.results.map((r) => r.id)).toEqual([104, 105]);
  });

  it("answers an offset beyond count with empty results", async () => {
    const body = await page("/api/events/?limit=2&offset=10", ADMIN);
    expect(body).toEqual({ count: 6, next: null, previous: url("limit=2&offset=8"), results: [] });
    const atCount = await page("/api/events/?offset=6", ADMIN);
    expect(atCount).toMatchObject({ count: 6, next: null, results: [] });
  });

  it("adds the default limit to links when only offset is given", async () => {
    const body = await page("/api/events/?offset=5", ADMIN);
    expect(body).toMatchObject({ count: 6, next: null, previous: url(`limit=${DEFAULT_LIMIT}`) });
    expect(body.results.map((r) => r.id)).toEqual([105]);
  });

  it("keeps the other query parameters in the links", async () => {
    const body = await page("/api/events/?ordering=title&type=2&limit=1", ADMIN);
    expect(body.count).toBe(3);
    expect(body.results.map((r) => r.id)).toEqual([103]);
    const next = new URL(withoutPosition(body.next!));
    expect(next.origin + next.pathname).toBe(`${ORIGIN}/api/events/`);
    expect(Object.fromEntries(next.searchParams)).toEqual({ ordering: "title", type: "2", limit: "1", offset: "1" });
  });

  it("gives links that can be followed, also with encoded values", async () => {
    const seen: number[] = [];
    let next: string | null = "/api/events/?start_time_after=2099-06-30T08:00:00%2B02:00&limit=2";
    let pages = 0;
    while (next) {
      const body: Page = await page(next, ADMIN);
      expect(body.count).toBe(5);
      seen.push(...body.results.map((r) => r.id as number));
      next = body.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([102, 101, 103, 106, 104]);
  });

  it.each(["0", "-1", "abc", "1.5", "", "%20"])("falls back to the default limit for limit=%s", async (limit) => {
    const body = await page(`/api/events/?limit=${limit}&offset=1`, ADMIN);
    expect(body.results).toHaveLength(5);
    expect(body.next).toBeNull();
    expect(body.previous).toEqual(url(`limit=${DEFAULT_LIMIT}`));
  });

  it("clamps a very large limit to MAX_LIMIT (or falls back to the default)", async () => {
    const large = await page("/api/events/?limit=5000&offset=3000", ADMIN);
    const clamped = Math.min(5000, MAX_LIMIT);
    expect(large).toMatchObject({ count: 6, next: null, results: [] });
    expect(large.previous).toEqual(3000 - clamped <= 0 ? url(`limit=${clamped}`) : url(`limit=${clamped}&offset=${3000 - clamped}`));
    const huge = await page("/api/events/?limit=99999999999999999999&offset=1", ADMIN);
    expect(huge.results).toHaveLength(5);
    expect([DEFAULT_LIMIT, MAX_LIMIT].map((limit) => `${ORIGIN}/api/events/?limit=${limit}`)).toContain(huge.previous);
  });

  it.each(["-1", "abc", "", "1.5", "-0"])("reads offset=%s as 0", async (offset) => {
    const body = await page(`/api/events/?limit=2&offset=${offset}`, ADMIN);
    expect(body.previous).toBeNull();
    expect(body.results.map((r) => r.id)).toEqual([102, 101]);
    expect(new URL(body.next!).searchParams.get("offset")).toBe("2");
  });

  it("takes the last of repeated limit and offset parameters", async () => {
    const body = await page("/api/events/?limit=5&limit=2&offset=0&offset=2", ADMIN);
    expect(body.results.map((r) => r.id)).toEqual([103, 106]);
    expect(new URL(body.next!).searchParams.getAll("limit")).toEqual(["2"]);
    expect(new URL(body.next!).searchParams.getAll("offset")).toEqual(["4"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Cost: the number of D1 statements does not grow with the page.

const COST_ADMIN = "cost-admin-token-0123456789";
const COST_VOLUNTEER = "cost-volunteer-token-0123456789";
const COST_EVENTS = 120;

function costWorld() {
  const events = [];
  const shifts = [];
  const participations = [];
  const permissions = [];
  let shiftId = 0;
  let participationId = 0;
  for (let e = 1; e <= COST_EVENTS; e++) {
    events.push({ id: e, title: `Einsatz ${e}`, description: `Beschreibung ${e}`, location: "Wache", type: 1 + (e % 2), active: true });
    permissions.push({ event: e, group: 1, permission: "view_event" });
    for (let s = 0; s < 2; s++) {
      const id = ++shiftId;
      const day = String(1 + (e % 28)).padStart(2, "0");
      shifts.push({
        id,
        event: e,
        meeting_time: `2099-0${1 + (e % 9)}-${day}T0${7 + s}:00:00`,
        start_time: `2099-0${1 + (e % 9)}-${day}T0${8 + s}:00:00`,
        end_time: `2099-0${1 + (e % 9)}-${day}T1${2 + s}:00:00`,
        signup_flow_slug: "instant_confirmation",
        structure_slug: s === 0 ? "uniform" : "qualification_mix",
        structure_configuration:
          s === 0 ? { minimum_number_of_participants: 1, maximum_number_of_participants: 3 } : { qualification_requirements: [{ qualification: 1, min_count: 1, max_count: 2 }] },
      });
      participations.push({ id: ++participationId, shift: id, kind: "local", user: 2, state: CONFIRMED });
      for (const state of [REQUESTED, CONFIRMED, USER_DECLINED]) {
        participations.push({ id: ++participationId, shift: id, kind: "placeholder", display_name: `Extern ${participationId}`, state });
      }
    }
  }
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_superuser: true },
      { id: 2, email: "volunteer@example.org", display_name: "Vera Volunteer", password: null },
    ],
    groups: [{ id: 1, name: "Volunteers", members: [2], permissions: [] }],
    qualification_categories: [{ id: 1, uuid: "5a1f4a0e-0000-4000-8000-000000000001", title: "Medical" }],
    qualifications: [{ id: 1, uuid: "5a1f4a0e-0000-4000-8000-000000000002", title: "Sanitäter", abbreviation: "San", category: 1 }],
    qualification_grants: [{ user: 2, qualification: 1, expires: null }],
    event_types: [
      { id: 1, title: "Sanitätsdienst" },
      { id: 2, title: "Ausbildung" },
    ],
    events,
    event_permissions: permissions,
    shifts,
    participations,
    api_tokens: [
      { id: 1, user: 1, token: COST_ADMIN, scope: ["PUBLIC_READ"] },
      { id: 2, user: 2, token: COST_VOLUNTEER, scope: ["PUBLIC_READ"] },
    ],
  };
}

describe("events: cost", () => {
  beforeAll(() => reset(costWorld()));

  it.each([
    ["a superuser", COST_ADMIN],
    ["a volunteer with group object permissions", COST_VOLUNTEER],
  ])("needs as many D1 statements for 100 events as for 1 (%s)", async (_name, token) => {
    // Both with the token remembered (src/auth/token-cache.ts): the first request of a token costs one round trip more.
    await (await request("/api/events/?limit=1", { headers: bearer(token) })).arrayBuffer();
    const one = await request("/api/events/?limit=1", { headers: bearer(token) });
    const hundred = await request("/api/events/?limit=100", { headers: bearer(token) });
    expect(one.status).toBe(200);
    expect(hundred.status).toBe(200);
    const onePage = (await one.json()) as Page<{ shifts: { signup_stats: unknown }[] }>;
    const hundredPage = (await hundred.json()) as Page<{ shifts: { signup_stats: unknown }[] }>;
    expect(onePage.count).toBe(COST_EVENTS);
    expect(hundredPage.results).toHaveLength(100);
    expect(hundredPage.results.every((e) => e.shifts.length === 2)).toBe(true);
    expect(hundredPage.results[0].shifts[0].signup_stats).toEqual(stats(1, 2, 0, 1, 1, 3));
    expect(d1Cost(hundred)).toEqual(d1Cost(one));
  });

  it.each(["/api/events/?limit=100", "/api/events/?search=einsatz&type=1&start_time_after=2099-01-01&ordering=-title", "/api/events/1/"])(
    "%s: calls D1 twice with a token not seen before (the token, then the page with its count, shifts and stats inputs), once after",
    async (path) => {
      const send = (token: string) => request(path, { headers: bearer(token) });
      expect(await roundTripsFirstAndAgain(send, 1, ["PUBLIC_READ"])).toEqual({ first: 2, again: 1 });
    },
  );

  it("needs as many statements with filters, search and ordering", async () => {
    const query = "search=einsatz&type=1&start_time_after=2099-01-01&ordering=-title";
    const one = await request(`/api/events/?${query}&limit=1`, { headers: bearer(COST_ADMIN) });
    const many = await request(`/api/events/?${query}&limit=100`, { headers: bearer(COST_ADMIN) });
    expect(((await many.json()) as Page).results).toHaveLength(COST_EVENTS / 2);
    expect(d1Cost(many)).toEqual(d1Cost(one));
  });

  it("needs as many statements for the detail route as for a one-event page", async () => {
    const detail = await request("/api/events/1/", { headers: bearer(COST_ADMIN) });
    expect(detail.status).toBe(200);
    expect(d1Timing(detail).queries).toBeLessThanOrEqual(d1Timing(await request("/api/events/?limit=1", { headers: bearer(COST_ADMIN) })).queries);
  });
});
