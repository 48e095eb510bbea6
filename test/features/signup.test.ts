/**
 * `POST /api/shifts/{id}/signup/` and `/decline/` (ME_WRITE) through the
 * real Worker, and the reusable `signUp` for a federated participant. The world is reset before
 * every test: storage is shared by the file.
 */
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { participationComments, participations } from "../../src/db/schema";
import { decline, signUp } from "../../src/features/signup/actions";
import { confirmedBelow, ownStateIs, writeParticipation } from "../../src/features/signup/queries";
import { CONFIRMED, REQUESTED, RESPONSIBLE_REJECTED, USER_DECLINED, stats } from "../helpers/api";
import { TEST_TIME_ZONE, resetWorld, snapshot, testDb } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../helpers/http";

const PASSWORD = "signup-password-1";
const T = {
  vera: "signup-vera-me-write-token-0001",
  veraNoWrite: "signup-vera-all-but-me-write-0001",
  una: "signup-una-me-write-token-0001",
  kid: "signup-kid-me-write-token-0001",
  rex: "signup-rex-me-write-token-0001",
  nina: "signup-nina-me-write-token-0001",
  reader: "signup-vera-public-read-token-0001",
};
const crowd = [20, 21, 22, 23, 24, 25];
const crowdToken = (id: number) => `signup-crowd-${id}-me-write-token`;

const ALL_BUT_ME_WRITE = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const WRITE = ["ME_READ", "ME_WRITE"];

const future = (time: string) => `2099-06-30T${time}`;

/** A shift of event 1 on 2099-06-30, 08:00–12:00 unless told otherwise. */
const shift = (
  id: number,
  flow: string,
  flowConfig: Record<string, unknown>,
  structure: string,
  structureConfig: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  id,
  event: 1,
  label: `S${id}`,
  meeting_time: future("07:30:00"),
  start_time: future("08:00:00"),
  end_time: future("12:00:00"),
  signup_flow_slug: flow,
  signup_flow_configuration: flowConfig,
  structure_slug: structure,
  structure_configuration: structureConfig,
  ...extra,
});

const uniform = (max: number | null, extra: Record<string, unknown> = {}) => ({ minimum_number_of_participants: 0, maximum_number_of_participants: max, ...extra });

function world() {
  return {
    format: "ephios-fixture/1",
    users: [
      // only Vera logs in (password hashing is slow)
      { id: 1, email: "vera@example.org", display_name: "Vera Volunteer", password: PASSWORD, date_of_birth: "1990-01-01" },
      { id: 2, email: "una@example.org", display_name: "Una Unqualified", password: null, date_of_birth: "1990-01-01" },
      { id: 3, email: "kid@example.org", display_name: "Kim Kid", password: null, date_of_birth: "2090-01-01" },
      { id: 4, email: "rex@example.org", display_name: "Rex Rejected", password: null, date_of_birth: null },
      { id: 5, email: "nina@example.org", display_name: "Nina Notfallsanitäterin", password: null, date_of_birth: "1980-01-01" },
      { id: 6, email: "tom@example.org", display_name: "Tom Teammate", password: null },
      ...crowd.map((id) => ({ id, email: `crowd${id}@example.org`, display_name: `Crowd ${id}`, password: null })),
    ],
    groups: [{ id: 1, name: "Volunteers", members: [1, 2, 3, 4, 5, 6, ...crowd], permissions: [] }],
    qualification_categories: [{ id: 1, uuid: "5e0c1a4e-0000-4000-8000-000000000001", title: "Medical", show_with_user: true }],
    qualifications: [
      { id: 1, uuid: "5e0c1a4e-0000-4000-8000-000000000011", title: "Notfallsanitäter", abbreviation: "NFS", category: 1, includes: [2] },
      { id: 2, uuid: "5e0c1a4e-0000-4000-8000-000000000012", title: "Rettungssanitäter", abbreviation: "RS", category: 1, includes: [3] },
      { id: 3, uuid: "5e0c1a4e-0000-4000-8000-000000000013", title: "Sanitäter", abbreviation: "SAN", category: 1, includes: [] },
    ],
    qualification_grants: [
      { user: 1, qualification: 2, expires: null },
      { user: 3, qualification: 3, expires: null },
      { user: 5, qualification: 1, expires: null },
      // expired: counts as none
      { user: 2, qualification: 3, expires: "2020-01-01T00:00:00Z" },
    ],
    event_types: [{ id: 1, title: "Service", show_participant_data: 0 }],
    events: [
      { id: 1, title: "Stadtfest", description: null, location: "Markt", type: 1, active: true },
      { id: 2, title: "Inactive", description: null, location: "", type: 1, active: false },
      { id: 3, title: "Hidden", description: null, location: "", type: 1, active: true },
    ],
    event_permissions: [
      { event: 1, group: 1, permission: "view_event" },
      { event: 2, group: 1, permission: "view_event" },
    ],
    shifts: [
      shift(1, "instant_confirmation", {}, "uniform", uniform(2, { required_qualification_ids: [3], minimum_age: 18 })),
      shift(2, "request_confirm", {}, "uniform", uniform(1)),
      shift(3, "manual", { no_selfservice_explanation: "Ask the planner." }, "uniform", uniform(null)),
      shift(4, "manual", {}, "uniform", uniform(null)),
      shift(5, "coupled", { leader_shift_id: 2 }, "uniform", uniform(null)),
      shift(6, "some_plugin_flow", {}, "uniform", uniform(null)),
      shift(7, "instant_confirmation", {}, "uniform", uniform(null), { meeting_time: "2020-06-30T07:00:00", start_time: "2020-06-30T08:00:00", end_time: "2020-06-30T12:00:00" }),
      shift(8, "instant_confirmation", { signup_until: "2020-01-01T00:00:00" }, "uniform", uniform(null)),
      shift(9, "instant_confirmation", {}, "uniform", uniform(1)),
      // same times as shift 1 (total overlap), and a partial one where times cannot be chosen
      shift(10, "instant_confirmation", {}, "uniform", uniform(null), { label: "Parallel" }),
      shift(11, "instant_confirmation", { user_can_customize_signup_times: false }, "uniform", uniform(null), { start_time: future("11:00:00"), end_time: future("14:00:00") }),
      shift(12, "instant_confirmation", {}, "qualification_mix", { qualification_requirements: [{ qualification: 1, min_count: 1, max_count: 1 }] }),
      shift(13, "instant_confirmation", {}, "named_teams", {
        teams: [
          { title: "Lead", uuid: "team-lead", qualification: 1, min_count: 0, max_count: 1 },
          { title: "Helpers", uuid: "team-help", qualification: null, min_count: 0, max_count: 1 },
        ],
      }),
      shift(14, "instant_confirmation", {}, "complex", { starting_blocks: [{ building_block: 1, label: "", optional: false, uuid: "start-1" }] }),
      shift(15, "instant_confirmation", { user_can_decline_confirmed: true }, "uniform", uniform(null), { start_time: future("20:00:00"), end_time: future("22:00:00") }),
      shift(16, "instant_confirmation", {}, "uniform", uniform(null), { event: 3 }),
      shift(17, "instant_confirmation", {}, "uniform", uniform(null), { event: 2 }),
      shift(18, "request_confirm", {}, "qualification_mix", { qualification_requirements: [{ qualification: 1, min_count: 1, max_count: 1 }] }, { start_time: future("14:00:00"), end_time: future("16:00:00") }),
      shift(19, "request_confirm", {}, "named_teams", {
        choose_preferred_team: true,
        teams: [
          { title: "Lead", uuid: "team-lead", qualification: 1, min_count: 0, max_count: 1 },
          { title: "Helpers", uuid: "team-help", qualification: null, min_count: 1, max_count: 2 },
        ],
      }, { start_time: future("16:00:00"), end_time: future("17:00:00") }),
      shift(20, "request_confirm", {}, "complex", {
        choose_preferred_unit: true,
        starting_blocks: [
          { building_block: 1, label: "", optional: false, uuid: "start-a" },
          { building_block: 2, label: "", optional: false, uuid: "start-b" },
        ],
      }, { start_time: future("17:00:00"), end_time: future("18:00:00") }),
    ],
    building_blocks: [
      {
        id: 1,
        uuid: "5e0c1a4e-0000-4000-8000-0000000000b1",
        name: "RTW",
        block_type: "atomic",
        allow_more: false,
        positions: [{ id: 1, label: "Lead", optional: false, qualifications: [1] }],
        qualification_requirements: [],
        sub_compositions: [],
      },
      {
        id: 2,
        uuid: "5e0c1a4e-0000-4000-8000-0000000000b2",
        name: "Sani",
        block_type: "atomic",
        allow_more: false,
        positions: [{ id: 2, label: "Sani", optional: false, qualifications: [3] }],
        qualification_requirements: [],
        sub_compositions: [],
      },
    ],
    participations: [
      { id: 1, shift: 2, kind: "local", user: 4, state: RESPONSIBLE_REJECTED },
      { id: 2, shift: 13, kind: "local", user: 6, state: CONFIRMED, structure_data: { dispatched_team_uuid: "team-help" } },
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: "signup-guest-token-0001", client_id: "c", client_secret: "s" }],
    federated_users: [{ id: 1, guest: 1, email: "fed@guest.example.org", display_name: "Fred Federated", date_of_birth: null, qualifications: [3] }],
    api_tokens: [
      { id: 1, user: 1, token: T.vera, scope: WRITE },
      { id: 2, user: 1, token: T.veraNoWrite, scope: ALL_BUT_ME_WRITE },
      { id: 3, user: 2, token: T.una, scope: WRITE },
      { id: 4, user: 3, token: T.kid, scope: WRITE },
      { id: 5, user: 4, token: T.rex, scope: WRITE },
      { id: 6, user: 5, token: T.nina, scope: WRITE },
      { id: 7, user: 1, token: T.reader, scope: ["PUBLIC_READ"] },
      ...crowd.map((id) => ({ id: 100 + id, user: id, token: crowdToken(id), scope: WRITE })),
    ],
  };
}

beforeEach(() => resetWorld(world()));

const post = (path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) =>
  request(path, {
    method: "POST",
    headers: { ...(token ? bearer(token) : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
const signup = (shiftId: number | string, token: string | null, body?: unknown) => post(`/api/shifts/${shiftId}/signup/`, token, body);
const declineShift = (shiftId: number | string, token: string | null, body?: unknown) => post(`/api/shifts/${shiftId}/decline/`, token, body);

async function rows(shiftId: number) {
  return testDb().select().from(participations).where(eq(participations.shiftId, shiftId)).orderBy(participations.id);
}

/** Expects a 400 with these checker messages and an unchanged database. */
async function expectRefused(send: () => Promise<Response>, messages: string[] | Record<string, string[]>) {
  const before = await snapshot();
  const response = await send();
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual(Array.isArray(messages) ? { non_field_errors: messages } : messages);
  expect(await snapshot()).toEqual(before);
}

async function shiftStats(id: number) {
  const response = await request(`/api/shifts/${id}/`, { headers: bearer(T.reader) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { signup_stats: unknown }).signup_stats;
}

/** GET /api/events/ counts object view_event: the group holds it on event 1. */
async function eventStats() {
  const event = await request("/api/events/1/", { headers: bearer(T.reader) });
  expect(event.status).toBe(200);
  return ((await event.json()) as { signup_stats: unknown }).signup_stats;
}

describe("sign-up per flow", () => {
  it("instant_confirmation confirms, answers the participation with an ETag, and the stats count it", async () => {
    expect(await shiftStats(1)).toEqual(stats(0, 0, 0, 2, 0, 2));
    const before = (await eventStats()) as { confirmed_count: number };
    const response = await signup(1, T.vera);
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({ shift: 1, event: 1, state: { value: CONFIRMED, label: "confirmed" }, user: 1, comments: [], participant: { display_name: "Vera Volunteer" } });
    // the same representation (and ETag) as the own detail route
    const detail = await request(`/api/users/me/participations/${body.id}/`, { headers: bearer(T.vera) });
    expect(await detail.json()).toEqual(body);
    expect(detail.headers.get("ETag")).toBe(response.headers.get("ETag"));

    expect(await rows(1)).toMatchObject([{ kind: "local", userId: 1, state: CONFIRMED, individualStartTime: null, individualEndTime: null }]);
    expect(await shiftStats(1)).toEqual(stats(0, 1, 0, 1, 0, 2));
    expect(await eventStats()).toMatchObject({ confirmed_count: before.confirmed_count + 1 });
  });

  it("request_confirm requests; a coupled shift mirrors the leader's state", async () => {
    const response = await signup(2, T.vera);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ shift: 2, state: { value: REQUESTED, label: "requested" } });
    expect(await shiftStats(2)).toEqual(stats(1, 0, 0, 1, 0, 1));
    expect((await eventStats()) as object).toMatchObject({ requested_count: 2 }); // shift 2 and its coupled shift 5
    expect(await rows(5)).toMatchObject([{ kind: "local", userId: 1, state: REQUESTED }]);

    const declined = await declineShift(2, T.vera);
    expect(declined.status).toBe(200);
    expect(await declined.json()).toMatchObject({ state: { value: USER_DECLINED } });
    expect(await rows(5)).toMatchObject([{ userId: 1, state: USER_DECLINED }]);
  });

  it("manual, coupled and unknown flows refuse both actions with their message", async () => {
    for (const action of [signup, declineShift]) {
      await expectRefused(() => action(3, T.vera), ["Ask the planner."]);
      await expectRefused(() => action(4, T.vera), ["Signup for this shift is disabled."]);
      await expectRefused(() => action(6, T.vera), ["Signup configuration is invalid!"]);
      const coupled = await action(5, T.vera);
      expect(coupled.status).toBe(400);
      const [message] = ((await coupled.json()) as { non_field_errors: string[] }).non_field_errors;
      expect(message).toMatch(/^Participation is coupled to Stadtfest S2 \(30 Jun 2099, 08:00 – 30 Jun 2099, 12:00\)\.$/);
    }
  });

  it("one row per participant and shift: declining and signing up again reuse it", async () => {
    expect((await declineShift(9, T.vera)).status).toBe(200);
    expect(await rows(9)).toMatchObject([{ userId: 1, state: USER_DECLINED }]);
    await expectRefused(() => declineShift(9, T.vera), ["You have already declined participating."]);
    expect((await signup(9, T.vera)).status).toBe(200);
    await expectRefused(() => signup(9, T.vera), ["This action is not allowed."]);
    const [row, ...more] = await rows(9);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ userId: 1, state: CONFIRMED });
  });

  it("stores a comment and individual times where the flow allows them", async () => {
    const response = await signup(1, T.vera, { comment: "  Komme später  ", comment_is_public: true, individual_start_time: "2099-06-30T09:00:00", individual_end_time: null });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({ start_time: "2099-06-30T09:00:00+02:00", end_time: "2099-06-30T12:00:00+02:00", duration: 3 * 3600 });
    expect(body.comments).toMatchObject([{ author: "Vera Volunteer", text: "Komme später" }]);
    expect(await testDb().select().from(participationComments)).toMatchObject([{ participationId: body.id, visibleFor: 2, authoredByResponsibleId: null }]);
    // a time equal to the shift's is stored as none
    expect((await declineShift(15, T.vera)).status).toBe(200);
    expect((await signup(15, T.vera, { individual_start_time: "2099-06-30T20:00:00+02:00" })).status).toBe(200);
    expect(await rows(15)).toMatchObject([{ individualStartTime: null, individualEndTime: null }]);
  });

  it("refuses individual times where the flow does not allow them, and times out of order", async () => {
    await expectRefused(() => signup(11, T.vera, { individual_start_time: "2099-06-30T12:00:00" }), ["Participants cannot choose their own times for this shift."]);
    await expectRefused(() => signup(1, T.vera, { individual_start_time: "2099-06-30T12:00:00" }), { individual_end_time: ["The end time must be after the start time."] });
  });
});

describe("checkers", () => {
  it("signup period: the shift's end, or signup_until when earlier", async () => {
    await expectRefused(() => signup(7, T.vera), ["The signup period is over."]);
    await expectRefused(() => declineShift(7, T.vera), ["The signup period is over."]);
    await expectRefused(() => signup(8, T.vera), ["The signup period is over."]);
  });

  it("a rejected participant can neither sign up nor decline", async () => {
    await expectRefused(() => signup(2, T.rex), ["You have been rejected."]);
    await expectRefused(() => declineShift(2, T.rex), ["You have been rejected."]);
  });

  it("uniform: minimum age, qualifications with inclusions (unexpired grants only), capacity", async () => {
    await expectRefused(() => signup(1, T.kid), ["You are too young. The minimum age is 18."]);
    await expectRefused(() => signup(1, T.una), ["You are not qualified."]);
    // NFS includes RS includes SAN
    expect((await signup(1, T.nina)).status).toBe(200);
    expect((await signup(1, T.vera)).status).toBe(200);
    const crowdSignup = await signup(1, crowdToken(20));
    expect(crowdSignup.status).toBe(400);
    // no birth date passes the age check; no qualification fails
    expect(await crowdSignup.json()).toEqual({ non_field_errors: ["You are not qualified.", "The maximum number of participants is reached."] });
  });

  it("request_confirm never checks capacity", async () => {
    expect((await signup(2, T.vera)).status).toBe(200);
    expect((await signup(2, T.nina)).status).toBe(200);
    expect(await shiftStats(2)).toEqual(stats(2, 0, 0, 1, 0, 1));
  });

  it("overlaps: a confirmed shift covering this one blocks; partial overlaps only where times are fixed", async () => {
    expect((await signup(1, T.vera)).status).toBe(200);
    await expectRefused(() => signup(10, T.vera), ["You are already confirmed for other shifts at this time: Stadtfest S1 (30 Jun 2099, 08:00 – 30 Jun 2099, 12:00)."]);
    // asking for own times checks any overlap with them
    await expectRefused(() => signup(10, T.vera, { individual_start_time: "2099-06-30T11:30:00" }), [
      "You are already confirmed for other shifts at this time: Stadtfest S1 (30 Jun 2099, 08:00 – 30 Jun 2099, 12:00).",
    ]);
    await expectRefused(() => signup(11, T.vera), ["You are already confirmed for other shifts at this time: Stadtfest S1 (30 Jun 2099, 08:00 – 30 Jun 2099, 12:00)."]);
    // not overlapping at all
    expect((await signup(15, T.vera)).status).toBe(200);
  });

  it("qualification_mix: a place must be gained (instant) or a requirement met (request)", async () => {
    await expectRefused(() => signup(12, T.vera), ["You are not qualified."]);
    await expectRefused(() => signup(18, T.vera), ["You are not qualified."]);
    expect((await signup(12, T.nina)).status).toBe(200);
    expect((await signup(18, T.nina)).status).toBe(200);
  });

  it("named_teams: qualified for a team, and (instant) a team with room", async () => {
    // Vera qualifies only for "Helpers", which Tom fills.
    await expectRefused(() => signup(13, T.vera), ["All teams you qualify for are full."]);
    expect((await signup(13, T.nina)).status).toBe(200);
  });

  it("complex: qualified for a position of some block", async () => {
    await expectRefused(() => signup(14, T.vera), ["You are not qualified."]);
    expect((await signup(14, T.nina)).status).toBe(200);
    await expectRefused(() => signup(14, crowdToken(21)), ["The maximum number of participants is reached."]);
  });

  it("named_teams and complex: a preferred team or unit where the structure asks for one", async () => {
    await expectRefused(() => signup(19, T.vera), { preferred_team_uuid: ["This field is required."] });
    await expectRefused(() => signup(19, T.vera, { preferred_team_uuid: "team-lead" }), { preferred_team_uuid: ["Select a valid choice. team-lead is not one of the available choices."] });
    const team = await signup(19, T.vera, { preferred_team_uuid: "team-help" });
    expect(team.status).toBe(200);
    expect(await team.json()).toMatchObject({ state: { value: REQUESTED }, structure_data: { preferred_team_uuid: "team-help" } });
    // counted in its team: Helpers still misses its one required place (only CONFIRMED fill it)
    expect(await shiftStats(19)).toEqual(stats(1, 0, 1, 3, 1, 3));

    await expectRefused(() => signup(20, T.vera), { preferred_unit_path: ["This field is required."] });
    await expectRefused(() => signup(20, T.vera, { preferred_unit_path: "root.start-a." }), { preferred_unit_path: ["Select a valid choice. root.start-a. is not one of the available choices."] });
    const unit = await signup(20, T.vera, { preferred_unit_path: "root.start-b." });
    expect(unit.status).toBe(200);
    expect(await unit.json()).toMatchObject({ structure_data: { preferred_unit_path: "root.start-b." } });
    // kept when declining and signing up again
    expect((await declineShift(20, T.vera)).status).toBe(200);
    expect(await rows(20)).toMatchObject([{ state: USER_DECLINED, structureData: { preferred_unit_path: "root.start-b." } }]);
  });

  it("decline: a confirmed participant only where the flow allows it", async () => {
    expect((await signup(1, T.vera)).status).toBe(200);
    await expectRefused(() => declineShift(1, T.vera), ["You cannot decline by yourself."]);
    expect((await signup(15, T.vera)).status).toBe(200);
    const declined = await declineShift(15, T.vera, { comment: "krank" });
    expect(declined.status).toBe(200);
    expect(await declined.json()).toMatchObject({ state: { value: USER_DECLINED }, comments: [{ text: "krank" }] });
  });
});

describe("concurrency", () => {
  it("of simultaneous sign-ups for the last place exactly one is confirmed", async () => {
    const responses = await Promise.all(crowd.map((id) => signup(9, crowdToken(id))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 400 || s === 409)).toBe(true);
    for (const response of responses.filter((r) => r.status === 400)) {
      expect(await response.json()).toEqual({ non_field_errors: ["The maximum number of participants is reached."] });
    }
    const confirmed = (await rows(9)).filter((r) => r.state === CONFIRMED);
    expect(confirmed).toHaveLength(1);
    expect(await shiftStats(9)).toEqual(stats(0, 1, 0, 0, 0, 1));
  });

  it("the capacity is decided by the writing statement: a write checked against a stale count changes nothing", async () => {
    const db = testDb();
    const write = (userId: number) =>
      writeParticipation(db, {
        shiftId: 9,
        participant: { kind: "local", userId },
        state: CONFIRMED,
        individualStartTime: null,
        individualEndTime: null,
        structureData: {},
        guard: and(ownStateIs(9, { kind: "local", userId }, null), confirmedBelow(9, 1))!,
        comment: { text: "hi", visibleFor: 1, createdAt: 0 },
      });
    // both were checked while the place was free; only the first write takes it
    expect(await write(20)).toBeTypeOf("number");
    const before = await snapshot();
    expect(await write(21)).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it("simultaneous sign-ups of one user for two overlapping shifts confirm only one", async () => {
    const [a, b] = await Promise.all([signup(1, T.vera), signup(10, T.vera)]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const mine = await testDb().select().from(participations).where(and(eq(participations.userId, 1), eq(participations.state, CONFIRMED)));
    expect(mine).toHaveLength(1);
  });
});

describe("access", () => {
  it("needs ME_WRITE; anonymous requests are not authenticated", async () => {
    for (const path of ["/api/shifts/1/signup/", "/api/shifts/1/decline/"]) {
      const before = await snapshot();
      const refused = await post(path, T.veraNoWrite);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual(PERMISSION_DENIED);
      const anonymous = await post(path, null);
      expect(anonymous.status).toBe(403);
      expect(await anonymous.json()).toEqual(NOT_AUTHENTICATED);
      expect(await snapshot()).toEqual(before);
    }
  });

  it("works for a session, same-origin only", async () => {
    const cookie = await login("vera@example.org", PASSWORD);
    const crossSite = await post("/api/shifts/9/signup/", null, undefined, { Cookie: cookie, Origin: "https://evil.example.org" });
    expect(crossSite.status).toBe(403);
    expect(await rows(9)).toEqual([]);
    expect((await post("/api/shifts/9/signup/", null, undefined, { Cookie: cookie, Origin: ORIGIN })).status).toBe(200);
  });

  it("404 for shifts the user may not see, unknown ones and malformed ids", async () => {
    for (const id of [16, 17, 999, "abc", "1.5"]) {
      for (const action of [signup, declineShift]) {
        const before = await snapshot();
        const response = await action(id, T.vera);
        expect(response.status, `${id}`).toBe(404);
        expect(await response.json()).toEqual(typeof id === "number" ? { detail: "No Shift matches the given query." } : { detail: "Not found." });
        expect(await snapshot()).toEqual(before);
      }
    }
  });
});

describe("malformed bodies", () => {
  it.each([
    ["a number as comment", { comment: 5 }, { comment: ["Not a valid string."] }],
    ["a long comment", { comment: "x".repeat(256) }, { comment: ["Ensure this field has no more than 255 characters."] }],
    ["a string as comment_is_public", { comment_is_public: "yes" }, { comment_is_public: ["Must be a valid boolean."] }],
    [
      "a malformed datetime",
      { individual_start_time: "tomorrow" },
      { individual_start_time: ["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."] },
    ],
    ["a list", [1], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
  ])("refuses %s with a field-keyed 400 and changes nothing", async (_name, body, errors) => {
    await expectRefused(() => signup(9, T.vera, body), errors);
  });

  it("refuses broken JSON with a 4xx JSON body", async () => {
    const before = await snapshot();
    const response = await signup(9, T.vera, "{");
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toBeTypeOf("object");
    expect(await snapshot()).toEqual(before);
  });
});

describe("signUp() for a federated participant", () => {
  const fred = { kind: "federated", federatedUserId: 1 } as const;

  it("signs up, declines and checks like for a local user", async () => {
    // the caller decides what the participant may see; an inactive event still refuses (ephios's checker never did)
    expect(await signUp(testDb(), { shiftId: 17, participant: fred, timeZone: TEST_TIME_ZONE })).toEqual({ status: "refused", errors: { non_field_errors: ["The event is not active."] } });
    const result = await signUp(testDb(), { shiftId: 9, participant: fred, timeZone: TEST_TIME_ZONE });
    expect(result).toMatchObject({ status: "done", state: CONFIRMED });
    expect(await rows(9)).toMatchObject([{ kind: "federated", federatedUserId: 1, userId: null, state: CONFIRMED }]);
    expect(await signUp(testDb(), { shiftId: 1, participant: fred, timeZone: TEST_TIME_ZONE })).toEqual({
      status: "refused",
      errors: { non_field_errors: ["You are already confirmed for other shifts at this time: Stadtfest S9 (30 Jun 2099, 08:00 – 30 Jun 2099, 12:00)."] },
    });
    expect(await decline(testDb(), { shiftId: 9, participant: fred, timeZone: TEST_TIME_ZONE })).toEqual({ status: "refused", errors: { non_field_errors: ["You cannot decline by yourself."] } });
    expect(await signUp(testDb(), { shiftId: 999, participant: fred, timeZone: TEST_TIME_ZONE })).toEqual({ status: "not_found" });
    expect(await signUp(testDb(), { shiftId: 9, participant: { kind: "federated", federatedUserId: 99 }, timeZone: TEST_TIME_ZONE })).toEqual({ status: "not_found" });
  });

  it("mirrors to coupled shifts as a federated participation", async () => {
    expect(await signUp(testDb(), { shiftId: 2, participant: fred, timeZone: TEST_TIME_ZONE })).toMatchObject({ status: "done", state: REQUESTED });
    expect(await rows(5)).toMatchObject([{ kind: "federated", federatedUserId: 1, state: REQUESTED }]);
  });
});
