/**
 * The shift write API: `POST /api/shifts/`, `PATCH` and `DELETE /api/shifts/{id}/` (PUBLIC_WRITE,
 * change_event on the shift's event as object or global permission, validated times, slugs and
 * configurations, ETag and If-Match, `?force=true`). Every test starts from a fresh world.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { CONFIRMED, GETTING_DISPATCHED, REQUESTED, USER_DECLINED, expectError, stats } from "../helpers/api";
import { resetWorld, snapshot } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, sendJson } from "../helpers/http";

const USERS = { admin: 1, manager: 2, volunteer: 3, changer: 4, outsider: 5 };
const WRITE = ["PUBLIC_READ", "PUBLIC_WRITE"];
const TOKENS = {
  admin: "sw-admin-token-0123456789",
  manager: "sw-manager-token-0123456789",
  managerReadOnly: "sw-manager-read-only-0123456789",
  volunteer: "sw-volunteer-token-0123456789",
  changer: "sw-changer-token-0123456789",
  outsider: "sw-outsider-token-0123456789",
};
const BLOCK_UUID = "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0b01";

function world() {
  const user = (id: number, email: string, extra: Record<string, unknown> = {}) => ({ id, email, display_name: email.split("@")[0], password: null, ...extra });
  return {
    format: "ephios-fixture/1",
    users: [
      user(USERS.admin, "admin@example.org", { is_superuser: true }),
      user(USERS.manager, "manager@example.org"),
      user(USERS.volunteer, "volunteer@example.org"),
      user(USERS.changer, "changer@example.org"),
      user(USERS.outsider, "outsider@example.org"),
    ],
    groups: [
      { id: 1, name: "Managers", members: [USERS.manager], permissions: ["view_event", "change_event"] },
      { id: 2, name: "Volunteers", members: [USERS.volunteer, USERS.changer], permissions: [] },
    ],
    qualification_categories: [{ id: 1, uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0a01", title: "Medical" }],
    qualifications: [
      { id: 1, uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0a02", title: "Rettungssanitäter", abbreviation: "RS", category: 1, includes: [2] },
      { id: 2, uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0a03", title: "Sanitäter", abbreviation: "San", category: 1, includes: [] },
    ],
    event_types: [{ id: 1, title: "Sanitätsdienst" }],
    events: [
      { id: 1, title: "Sommerfest", location: "Festwiese", type: 1, active: true },
      { id: 2, title: "Entwurf", location: "Wache", type: 1, active: false },
      { id: 3, title: "Blutspende", location: "Halle", type: 1, active: true },
    ],
    event_permissions: [
      { event: 1, group: 2, permission: "view_event" },
      { event: 3, group: 2, permission: "view_event" },
      { event: 1, user: USERS.changer, permission: "change_event" },
    ],
    shifts: [
      {
        id: 11,
        event: 1,
        label: "Früh",
        meeting_time: "2099-06-30T07:00:00",
        start_time: "2099-06-30T08:00:00",
        end_time: "2099-06-30T14:00:00",
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 1, maximum_number_of_participants: 3 },
      },
      {
        id: 12,
        event: 1,
        label: "Spät",
        meeting_time: "2099-06-30T14:00:00",
        start_time: "2099-06-30T14:00:00",
        end_time: "2099-06-30T20:00:00",
        // stored before validation existed: kept as it is while not changed
        signup_flow_slug: "legacy_flow",
        signup_flow_configuration: { whatever: true },
        structure_slug: "uniform",
        structure_configuration: { maximum_number_of_participants: 2 },
      },
      { id: 21, event: 2, meeting_time: "2099-07-01T08:00:00", start_time: "2099-07-01T08:00:00", end_time: "2099-07-01T10:00:00", signup_flow_slug: "manual", structure_slug: "uniform" },
      {
        // a coupled shift stored without a usable leader
        id: 22,
        event: 2,
        meeting_time: "2099-07-01T08:00:00",
        start_time: "2099-07-01T08:00:00",
        end_time: "2099-07-01T10:00:00",
        signup_flow_slug: "coupled",
        signup_flow_configuration: {},
        structure_slug: "uniform",
      },
      { id: 31, event: 3, meeting_time: "2099-08-01T08:00:00", start_time: "2099-08-01T08:00:00", end_time: "2099-08-01T10:00:00", signup_flow_slug: "manual", structure_slug: "uniform" },
    ],
    participations: [
      { id: 1, shift: 11, kind: "local", user: USERS.volunteer, state: CONFIRMED },
      { id: 2, shift: 11, kind: "placeholder", display_name: "Max Extern", state: REQUESTED },
      { id: 3, shift: 11, kind: "placeholder", display_name: "Doris Dispatch", state: GETTING_DISPATCHED },
      { id: 4, shift: 11, kind: "local", user: USERS.changer, state: USER_DECLINED },
    ],
    building_blocks: [
      {
        id: 1,
        uuid: BLOCK_UUID,
        name: "RTW",
        block_type: "atomic",
        allow_more: false,
        positions: [
          { id: 1, label: "Fahrer", optional: false, qualifications: [1] },
          { id: 2, label: "Beifahrer", optional: true, qualifications: [] },
        ],
        qualification_requirements: [],
        sub_compositions: [],
      },
    ],
    api_tokens: [
      { id: 1, user: USERS.admin, token: TOKENS.admin, scope: WRITE },
      { id: 2, user: USERS.manager, token: TOKENS.manager, scope: WRITE },
      { id: 3, user: USERS.manager, token: TOKENS.managerReadOnly, scope: ["PUBLIC_READ", "ME_WRITE", "CONFIDENTIAL_WRITE"] },
      { id: 4, user: USERS.volunteer, token: TOKENS.volunteer, scope: WRITE },
      { id: 5, user: USERS.changer, token: TOKENS.changer, scope: WRITE },
      { id: 6, user: USERS.outsider, token: TOKENS.outsider, scope: WRITE },
    ],
  };
}

beforeEach(() => resetWorld(world()));

async function json(response: Response): Promise<any> {
  return response.json();
}

const NEW_SHIFT = {
  event: 1,
  label: "Abend",
  meeting_time: "2099-06-30T19:30:00+02:00",
  start_time: "2099-06-30T20:00:00+02:00",
  end_time: "2099-06-30T23:30:00+02:00",
  signup_flow_slug: "request_confirm",
  signup_flow_configuration: { signup_until: "2099-06-29T12:00:00+02:00", user_can_decline_confirmed: true },
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 2, maximum_number_of_participants: 4, required_qualification_ids: [2, 2], minimum_age: 16 },
};

describe("POST /api/shifts/", () => {
  it("adds a shift to an event and answers it as GET shows it", async () => {
    const response = await sendJson("POST", "/api/shifts/", TOKENS.changer, NEW_SHIFT);
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created).toEqual({
      id: 32,
      label: "Abend",
      event_id: 1,
      event_title: "Sommerfest",
      meeting_time: "2099-06-30T19:30:00+02:00",
      start_time: "2099-06-30T20:00:00+02:00",
      end_time: "2099-06-30T23:30:00+02:00",
      signup_flow_slug: "request_confirm",
      signup_flow_configuration: { signup_until: "2099-06-29T12:00:00+02:00", user_can_decline_confirmed: true },
      structure_slug: "uniform",
      structure_configuration: { minimum_number_of_participants: 2, maximum_number_of_participants: 4, required_qualification_ids: [2], minimum_age: 16 },
      signup_stats: stats(0, 0, 2, 4, 2, 4),
    });
    expect(response.headers.get("Location")).toBe(`${ORIGIN}/api/shifts/32/`);
    const detail = await sendJson("GET", "/api/shifts/32/", TOKENS.volunteer);
    expect(await json(detail)).toEqual(created);
    expect(detail.headers.get("ETag")).toBe(response.headers.get("ETag"));
  });

  it("never hands a deleted shift's id to the next shift", async () => {
    const first = await json(await sendJson("POST", "/api/shifts/", TOKENS.changer, NEW_SHIFT));
    expect((await sendJson("DELETE", `/api/shifts/${first.id}/`, TOKENS.changer)).status).toBe(204);
    const next = await json(await sendJson("POST", "/api/shifts/", TOKENS.changer, NEW_SHIFT));
    expect(next.id).toBe(first.id + 1);
  });

  it("shows the new shift in its event: times, shifts and signup stats", async () => {
    const before = await json(await sendJson("GET", "/api/events/1/", TOKENS.volunteer));
    expect(before.signup_stats).toEqual(stats(1, 1, 0, 4, 1, 5));
    expect((await sendJson("POST", "/api/shifts/", TOKENS.manager, NEW_SHIFT)).status).toBe(201);
    const after = await json(await sendJson("GET", "/api/events/1/", TOKENS.volunteer));
    expect(after.shifts.map((s: { id: number }) => s.id)).toEqual([11, 12, 32]);
    expect(after.end_time).toBe("2099-06-30T23:30:00+02:00");
    expect(after.signup_stats).toEqual(stats(1, 1, 2, 8, 3, 9));
  });

  it("reads naive times in the instance's zone and lets the meeting time default to the start", async () => {
    const response = await sendJson("POST", "/api/shifts/", TOKENS.changer, {
      event: 1,
      start_time: "2099-12-24 18:00",
      end_time: "2099-12-24T17:30:00Z",
      signup_flow_slug: "manual",
      structure_slug: "uniform",
    });
    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({
      label: "",
      meeting_time: "2099-12-24T18:00:00+01:00",
      start_time: "2099-12-24T18:00:00+01:00",
      end_time: "2099-12-24T18:30:00+01:00",
      signup_flow_configuration: {},
      structure_configuration: {},
      signup_stats: stats(0, 0, 0, null, null, null),
    });
  });

  it("accepts every structure with its configuration, generating missing uuids", async () => {
    const teams = await sendJson("POST", "/api/shifts/", TOKENS.changer, {
      ...NEW_SHIFT,
      structure_slug: "named_teams",
      structure_configuration: { teams: [{ title: "A", min_count: 1, max_count: 2, qualification: 1 }, { title: "B", min_count: 0, uuid: "" }], choose_preferred_team: true },
    });
    expect(teams.status).toBe(201);
    const teamConfig = (await json(teams)).structure_configuration;
    expect(teamConfig.teams).toHaveLength(2);
    for (const team of teamConfig.teams) expect(team.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(teamConfig.teams[0].uuid).not.toBe(teamConfig.teams[1].uuid);
    expect(teamConfig.teams[1]).toMatchObject({ title: "B", min_count: 0, max_count: null, qualification: null });

    const mix = await sendJson("POST", "/api/shifts/", TOKENS.changer, {
      ...NEW_SHIFT,
      structure_slug: "qualification_mix",
      structure_configuration: { qualification_requirements: [{ qualification: 1, min_count: 1, max_count: 1 }, { qualification: null, min_count: 0 }] },
    });
    expect(mix.status).toBe(201);
    expect((await json(mix)).signup_stats).toEqual(stats(0, 0, 1, null, 1, null));

    const complex = await sendJson("POST", "/api/shifts/", TOKENS.changer, {
      ...NEW_SHIFT,
      structure_slug: "complex",
      structure_configuration: { starting_blocks: [{ building_block: 1, uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0c01" }], choose_preferred_unit: false },
    });
    expect(complex.status).toBe(201);
    const complexJson = await json(complex);
    expect(complexJson.structure_configuration.starting_blocks).toEqual([{ building_block: 1, label: "", optional: false, uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0c01" }]);
    expect(complexJson.signup_stats).toEqual(stats(0, 0, 1, 2, 1, 2));
  });

  it("couples a shift to its leader and copies the leader's participations (not the ones getting dispatched)", async () => {
    const response = await sendJson("POST", "/api/shifts/", TOKENS.changer, { ...NEW_SHIFT, signup_flow_slug: "coupled", signup_flow_configuration: { leader_shift_id: 11 } });
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created.signup_stats).toEqual(stats(1, 1, 1, 3, 2, 4));
    const copied = (await snapshot()).participations.filter((p: any) => p.shift_id === created.id);
    expect(copied.map((p: any) => [p.kind, p.user_id, p.display_name, p.state])).toEqual([
      ["local", USERS.volunteer, null, CONFIRMED],
      ["placeholder", null, "Max Extern", REQUESTED],
      ["local", USERS.changer, null, USER_DECLINED],
    ]);
  });

  it("refuses without PUBLIC_WRITE or change_event on the event, and changes nothing", async () => {
    const before = await snapshot();
    await expectError(await sendJson("POST", "/api/shifts/", TOKENS.managerReadOnly, NEW_SHIFT), 403, PERMISSION_DENIED);
    await expectError(await sendJson("POST", "/api/shifts/", TOKENS.volunteer, NEW_SHIFT), 403, PERMISSION_DENIED);
    await expectError(await sendJson("POST", "/api/shifts/", TOKENS.changer, { ...NEW_SHIFT, event: 3 }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("POST", "/api/shifts/", null, NEW_SHIFT), 403, NOT_AUTHENTICATED);
    // change_event nowhere: refused before the body is looked at
    await expectError(await sendJson("POST", "/api/shifts/", TOKENS.outsider, NEW_SHIFT), 403, PERMISSION_DENIED);
    // an event out of sight does not exist for a caller who may change another one
    await expectError(await sendJson("POST", "/api/shifts/", TOKENS.changer, { ...NEW_SHIFT, event: 2 }), 400, { event: ['Invalid pk "2" - object does not exist.'] });
    expect(await snapshot()).toEqual(before);
    // global change_event reaches an inactive event
    expect((await sendJson("POST", "/api/shifts/", TOKENS.manager, { ...NEW_SHIFT, event: 2 })).status).toBe(201);
  });

  const DATETIME = "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
  it.each([
    [
      "nothing",
      {},
      {
        event: ["This field is required."],
        start_time: ["This field is required."],
        end_time: ["This field is required."],
        signup_flow_slug: ["This field is required."],
        structure_slug: ["This field is required."],
      },
    ],
    ["an event id as string", { ...NEW_SHIFT, event: "1" }, { event: ["Incorrect type. Expected pk value, received str."] }],
    ["an unknown event", { ...NEW_SHIFT, event: 99 }, { event: ['Invalid pk "99" - object does not exist.'] }],
    ["a date without time", { ...NEW_SHIFT, start_time: "2099-06-30" }, { start_time: [DATETIME] }],
    ["an impossible date", { ...NEW_SHIFT, end_time: "2099-02-30T10:00:00Z" }, { end_time: [DATETIME] }],
    ["a number as time", { ...NEW_SHIFT, meeting_time: 1700000000 }, { meeting_time: [DATETIME] }],
    ["a meeting after the start", { ...NEW_SHIFT, meeting_time: "2099-06-30T20:00:01+02:00" }, { meeting_time: ["The meeting time must not be after the start time."] }],
    ["an end before the start", { ...NEW_SHIFT, end_time: "2099-06-30T19:00:00+02:00" }, { end_time: ["The end time must be after the start time."] }],
    ["an end at the start", { ...NEW_SHIFT, end_time: "2099-06-30T18:00:00Z" }, { end_time: ["The end time must be after the start time."] }],
    ["a long label", { ...NEW_SHIFT, label: "x".repeat(256) }, { label: ["Ensure this field has no more than 255 characters."] }],
    ["an unknown signup flow", { ...NEW_SHIFT, signup_flow_slug: "first_come" }, { signup_flow_slug: ['"first_come" is not a valid choice.'] }],
    ["an unknown structure", { ...NEW_SHIFT, structure_slug: "fallback" }, { structure_slug: ['"fallback" is not a valid choice.'] }],
    ["a configuration that is a list", { ...NEW_SHIFT, structure_configuration: [] }, { structure_configuration: ['Expected a dictionary of items but got type "list".'] }],
    ["an unknown flow key", { ...NEW_SHIFT, signup_flow_configuration: { signup_untill: null } }, { signup_flow_configuration: ["Unknown key: signup_untill."] }],
    ["a bad signup_until", { ...NEW_SHIFT, signup_flow_configuration: { signup_until: "tomorrow" } }, { signup_flow_configuration: [`signup_until: ${DATETIME}`] }],
    ["a string as boolean", { ...NEW_SHIFT, signup_flow_configuration: { user_can_decline_confirmed: "true" } }, { signup_flow_configuration: ["user_can_decline_confirmed: Must be a valid boolean."] }],
    ["a coupled flow without leader", { ...NEW_SHIFT, signup_flow_slug: "coupled", signup_flow_configuration: {} }, { signup_flow_configuration: ["leader_shift_id: This field is required."] }],
    [
      "a leader in another event",
      { ...NEW_SHIFT, signup_flow_slug: "coupled", signup_flow_configuration: { leader_shift_id: 31 } },
      { signup_flow_configuration: ["leader_shift_id: Must be another shift of the same event whose signup flow is not coupled."] },
    ],
    [
      "an unknown leader",
      { ...NEW_SHIFT, signup_flow_slug: "coupled", signup_flow_configuration: { leader_shift_id: 999 } },
      { signup_flow_configuration: ["leader_shift_id: Must be another shift of the same event whose signup flow is not coupled."] },
    ],
    [
      "a minimum above the maximum",
      { ...NEW_SHIFT, structure_configuration: { minimum_number_of_participants: 5, maximum_number_of_participants: 4 } },
      { structure_configuration: ["maximum_number_of_participants: The maximum must not be below the minimum."] },
    ],
    ["a maximum of 0", { ...NEW_SHIFT, structure_configuration: { maximum_number_of_participants: 0 } }, { structure_configuration: ["maximum_number_of_participants: Ensure this value is greater than or equal to 1."] }],
    ["an unknown qualification", { ...NEW_SHIFT, structure_configuration: { required_qualification_ids: [1, 7] } }, { structure_configuration: ["Unknown qualification id 7."] }],
    ["named teams without teams", { ...NEW_SHIFT, structure_slug: "named_teams", structure_configuration: {} }, { structure_configuration: ["teams: This field is required."] }],
    ["an empty team list", { ...NEW_SHIFT, structure_slug: "named_teams", structure_configuration: { teams: [] } }, { structure_configuration: ["teams: This list may not be empty."] }],
    [
      "a team without title and a bad uuid",
      { ...NEW_SHIFT, structure_slug: "named_teams", structure_configuration: { teams: [{ min_count: 1, uuid: "abc" }] } },
      { structure_configuration: ["teams.0.title: This field is required.", "teams.0.uuid: Must be a valid UUID."] },
    ],
    [
      "two teams with one uuid",
      {
        ...NEW_SHIFT,
        structure_slug: "named_teams",
        structure_configuration: { teams: [{ title: "A", min_count: 0, uuid: BLOCK_UUID }, { title: "B", min_count: 0, uuid: BLOCK_UUID }] },
      },
      { structure_configuration: ["teams.1.uuid: This uuid is used twice."] },
    ],
    [
      "a requirement of an unknown qualification",
      { ...NEW_SHIFT, structure_slug: "qualification_mix", structure_configuration: { qualification_requirements: [{ qualification: 9, min_count: 1 }] } },
      { structure_configuration: ["Unknown qualification id 9."] },
    ],
    [
      "an unknown building block",
      { ...NEW_SHIFT, structure_slug: "complex", structure_configuration: { starting_blocks: [{ building_block: 1 }, { building_block: 5 }] } },
      { structure_configuration: ["Unknown building block id 5."] },
    ],
    [
      "problems in several fields at once",
      { ...NEW_SHIFT, meeting_time: "2099-07-01T00:00:00Z", structure_configuration: { minimum_age: 1000 } },
      { meeting_time: ["The meeting time must not be after the start time."], structure_configuration: ["minimum_age: Ensure this value is less than or equal to 999."] },
    ],
  ])("refuses %s with a field-keyed 400 and changes nothing", async (_name, body, errors) => {
    const before = await snapshot();
    await expectError(await sendJson("POST", "/api/shifts/", TOKENS.changer, body), 400, errors);
    expect(await snapshot()).toEqual(before);
  });
});

describe("PATCH /api/shifts/{id}/", () => {
  it("changes the given fields, checks the result as a whole, and answers the shift with a new ETag", async () => {
    const etag = (await sendJson("GET", "/api/shifts/11/", TOKENS.volunteer)).headers.get("ETag")!;
    const response = await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { label: "Morgens", start_time: "2099-06-30T07:30:00+02:00", event: 3, event_id: 3 }, { "If-Match": etag });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ id: 11, event_id: 1, label: "Morgens", meeting_time: "2099-06-30T07:00:00+02:00", start_time: "2099-06-30T07:30:00+02:00", end_time: "2099-06-30T14:00:00+02:00" });
    expect(body.signup_stats).toEqual(stats(1, 1, 0, 2, 1, 3));
    expect(response.headers.get("ETag")).not.toBe(etag);
    expect(response.headers.get("ETag")).toBe((await sendJson("GET", "/api/shifts/11/", TOKENS.volunteer)).headers.get("ETag"));
  });

  it("checks a new configuration against the stored slug, and a new slug against the stored configuration", async () => {
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { structure_configuration: { teams: [] } }), 400, { structure_configuration: ["Unknown key: teams."] });
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { structure_slug: "named_teams" }), 400, {
      structure_configuration: ["teams: This field is required.", "Unknown keys: minimum_number_of_participants, maximum_number_of_participants."],
    });
    expect(await snapshot()).toEqual(before);
    const changed = await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { structure_slug: "named_teams", structure_configuration: { teams: [{ title: "A", min_count: 2 }] } });
    expect(changed.status).toBe(200);
    // team A is empty; the two participants without a team count in "noteam"
    expect((await json(changed)).signup_stats).toEqual(stats(1, 1, 2, null, 2, null));
  });

  it("leaves a stored configuration alone while neither it nor its slug changes, and refuses to check it against an unknown stored slug", async () => {
    const response = await sendJson("PATCH", "/api/shifts/12/", TOKENS.changer, { label: "Abends" });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ label: "Abends", signup_flow_slug: "legacy_flow", signup_flow_configuration: { whatever: true } });
    await expectError(await sendJson("PATCH", "/api/shifts/12/", TOKENS.changer, { signup_flow_configuration: {} }), 400, {
      signup_flow_slug: ['The stored "legacy_flow" is not a valid choice; set a known one with its configuration.'],
    });
    expect((await sendJson("PATCH", "/api/shifts/12/", TOKENS.changer, { signup_flow_slug: "manual", signup_flow_configuration: {} })).status).toBe(200);    // a stored coupled flow without a usable leader copies nothing
    const before = (await snapshot()).participations;
    // Written; its event is inactive, so no GET shows the shift, nor does the answer.
    expect((await sendJson("PATCH", "/api/shifts/22/", TOKENS.manager, { label: "gekoppelt" })).status).toBe(204);
    expect((await snapshot()).participations).toEqual(before);
  });

  it("refuses times out of order with the stored ones", async () => {
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { start_time: "2099-06-30T06:00:00+02:00" }), 400, {
      meeting_time: ["The meeting time must not be after the start time."],
    });
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { end_time: "2099-06-30T08:00:00+02:00" }), 400, { end_time: ["The end time must be after the start time."] });
    expect(await snapshot()).toEqual(before);
  });

  it("couples a shift later and takes over the leader's states; a leader cannot be coupled", async () => {
    const response = await sendJson("PATCH", "/api/shifts/12/", TOKENS.changer, { signup_flow_slug: "coupled", signup_flow_configuration: { leader_shift_id: 11 } });
    expect(response.status).toBe(200);
    expect((await json(response)).signup_stats).toEqual(stats(1, 1, 0, 1, null, 2));
    // again: the participants are already there and are not doubled
    expect((await sendJson("PATCH", "/api/shifts/12/", TOKENS.changer, { label: "gekoppelt" })).status).toBe(200);
    expect((await sendJson("PATCH", "/api/shifts/12/", TOKENS.changer, { signup_flow_configuration: { leader_shift_id: 11 } })).status).toBe(200);
    expect((await snapshot()).participations.filter((p: any) => p.shift_id === 12)).toHaveLength(3);
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { signup_flow_slug: "coupled", signup_flow_configuration: { leader_shift_id: 12 } }), 400, {
      signup_flow_configuration: ["leader_shift_id: Must be another shift of the same event whose signup flow is not coupled."],
    });
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { signup_flow_slug: "coupled", signup_flow_configuration: { leader_shift_id: 11 } }), 400, {
      signup_flow_configuration: ["leader_shift_id: Must be another shift of the same event whose signup flow is not coupled."],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a stale If-Match with 412 and changes nothing", async () => {
    const etag = (await sendJson("GET", "/api/shifts/11/", TOKENS.volunteer)).headers.get("ETag")!;
    expect((await sendJson("PATCH", "/api/shifts/11/", TOKENS.manager, { label: "Erst" }, { "If-Match": etag })).status).toBe(200);
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.changer, { label: "Zweit" }, { "If-Match": etag }), 412, {
      detail: "Precondition failed: the object was changed since you read it.",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses users without change_event (anywhere: 403 first; on this event: 403 when they see the shift, 404 otherwise), tokens without PUBLIC_WRITE, and changes nothing", async () => {
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.volunteer, { label: "X" }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("PATCH", "/api/shifts/31/", TOKENS.changer, { label: "X" }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.outsider, { label: "X" }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("PATCH", "/api/shifts/21/", TOKENS.changer, { label: "X" }), 404, { detail: "No Shift matches the given query." });
    await expectError(await sendJson("PATCH", "/api/shifts/11/", TOKENS.managerReadOnly, { label: "X" }), 403, PERMISSION_DENIED);
    await expectError(await sendJson("PATCH", "/api/shifts/11/", null, { label: "X" }), 403, NOT_AUTHENTICATED);
    expect(await snapshot()).toEqual(before);
    // global change_event reaches a shift of an inactive event (which no GET shows: no body)
    expect((await sendJson("PATCH", "/api/shifts/21/", TOKENS.manager, { label: "Y" })).status).toBe(204);
  });
});

describe("DELETE /api/shifts/{id}/", () => {
  it("deletes a shift without participations, and the event's stats follow", async () => {
    expect((await sendJson("DELETE", "/api/shifts/12/", TOKENS.changer)).status).toBe(204);
    expect((await sendJson("GET", "/api/shifts/12/", TOKENS.volunteer)).status).toBe(404);
    const event = await json(await sendJson("GET", "/api/events/1/", TOKENS.volunteer));
    expect(event.shifts.map((s: { id: number }) => s.id)).toEqual([11]);
    expect(event.signup_stats).toEqual(stats(1, 1, 0, 2, 1, 3));
  });

  it("refuses a shift with participations unless forced, then deletes them with it", async () => {
    const before = await snapshot();
    await expectError(await sendJson("DELETE", "/api/shifts/11/", TOKENS.changer), 400, {
      detail: "This shift has participations, which would be deleted with it. Repeat the request with ?force=true to delete them too.",
    });
    expect(await snapshot()).toEqual(before);
    expect((await sendJson("DELETE", "/api/shifts/11/?force=true", TOKENS.changer)).status).toBe(204);
    const after = await snapshot();
    expect(after.shifts.map((s: any) => s.id)).toEqual([12, 21, 22, 31]);
    expect(after.participations).toEqual([]);
  });

  it("refuses to delete a leader of coupled shifts", async () => {
    expect((await sendJson("PATCH", "/api/shifts/12/", TOKENS.changer, { signup_flow_slug: "coupled", signup_flow_configuration: { leader_shift_id: 11 } })).status).toBe(200);
    const before = await snapshot();
    await expectError(await sendJson("DELETE", "/api/shifts/11/?force=true", TOKENS.changer), 400, {
      detail: "Shift 12 is coupled to this shift; change its signup flow or delete it first.",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("honours If-Match", async () => {
    const etag = (await sendJson("GET", "/api/shifts/12/", TOKENS.volunteer)).headers.get("ETag")!;
    expect((await sendJson("PATCH", "/api/shifts/12/", TOKENS.manager, { label: "neu" })).status).toBe(200);
    expect((await sendJson("DELETE", "/api/shifts/12/", TOKENS.changer, undefined, { "If-Match": etag })).status).toBe(412);
    expect((await sendJson("DELETE", "/api/shifts/12/", TOKENS.changer, undefined, { "If-Match": "*" })).status).toBe(204);
  });

  it("refuses users without change_event and tokens without PUBLIC_WRITE, and changes nothing", async () => {
    const before = await snapshot();
    await expectError(await sendJson("DELETE", "/api/shifts/12/", TOKENS.volunteer), 403, PERMISSION_DENIED);
    await expectError(await sendJson("DELETE", "/api/shifts/12/", TOKENS.outsider), 403, PERMISSION_DENIED);
    await expectError(await sendJson("DELETE", "/api/shifts/21/", TOKENS.changer), 404, { detail: "No Shift matches the given query." });
    await expectError(await sendJson("DELETE", "/api/shifts/12/", TOKENS.managerReadOnly), 403, PERMISSION_DENIED);
    await expectError(await sendJson("DELETE", "/api/shifts/12/", null), 403, NOT_AUTHENTICATED);
    await expectError(await sendJson("DELETE", "/api/shifts/12/?force=1", TOKENS.changer), 400, { force: ['Must be "true" or "false".'] });
    expect(await snapshot()).toEqual(before);
  });
});
