/**
 * Participation edits: `PATCH /api/users/me/participations/{id}/` (ME_WRITE, the participant's
 * "customize"), `PATCH /api/participations-userinfo/{id}/` (CONFIDENTIAL_WRITE + change_event,
 * responsibles), and the ETags of the participation detail routes.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { participationComments, participations } from "../../src/db/schema";
import { CONFIRMED, GETTING_DISPATCHED, REQUESTED, RESPONSIBLE_REJECTED, stats } from "../helpers/api";
import { resetWorld, snapshot, testDb } from "../helpers/db";
import { NOT_AUTHENTICATED, PERMISSION_DENIED, bearer, request } from "../helpers/http";

const ALL = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const T = {
  vera: "pw-vera-all-scopes-token-0001",
  veraRead: "pw-vera-me-read-token-0001",
  paula: "pw-paula-all-scopes-token-0001",
  paulaNoWrite: "pw-paula-all-but-confidential-write-0001",
  manni: "pw-manni-all-scopes-token-0001",
  admin: "pw-admin-all-scopes-token-0001",
};

const at = (time: string) => `2099-07-01T${time}`;
const shift = (id: number, event: number, flow: string, flowConfig: Record<string, unknown>, start: string, end: string, max: number | null = null) => ({
  id,
  event,
  label: `S${id}`,
  meeting_time: at(start),
  start_time: at(start),
  end_time: at(end),
  signup_flow_slug: flow,
  signup_flow_configuration: flowConfig,
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: max },
});

function world() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "paula@example.org", display_name: "Paula Planner", password: null },
      { id: 2, email: "manni@example.org", display_name: "Manni Manager", password: null },
      { id: 3, email: "vera@example.org", display_name: "Vera Volunteer", password: null },
      { id: 4, email: "otto@example.org", display_name: "Otto Other", password: null },
      { id: 5, email: "admin@example.org", display_name: "Ada Admin", password: null, is_superuser: true },
    ],
    groups: [
      { id: 1, name: "Volunteers", members: [1, 3, 4], permissions: [] },
      { id: 2, name: "Managers", members: [2], permissions: ["view_userprofile", "view_event", "change_event"] },
    ],
    event_types: [{ id: 1, title: "Service", show_participant_data: 0 }],
    events: [
      { id: 1, title: "Stadtfest", description: null, location: "", type: 1, active: true },
      { id: 2, title: "Other", description: null, location: "", type: 1, active: true },
      { id: 3, title: "Hidden", description: null, location: "", type: 1, active: true },
      { id: 4, title: "Doppeldienst", description: null, location: "", type: 1, active: true },
    ],
    event_permissions: [
      { event: 1, group: 1, permission: "view_event" },
      { event: 2, group: 1, permission: "view_event" },
      { event: 1, user: 1, permission: "change_event" },
      { event: 4, group: 1, permission: "view_event" },
      { event: 4, user: 1, permission: "change_event" },
    ],
    shifts: [
      shift(1, 1, "request_confirm", {}, "08:00:00", "12:00:00", 2),
      shift(2, 1, "coupled", { leader_shift_id: 1 }, "12:00:00", "14:00:00"),
      shift(3, 1, "instant_confirmation", {}, "15:00:00", "17:00:00"),
      shift(4, 1, "request_confirm", { user_can_customize_signup_times: false }, "18:00:00", "20:00:00"),
      shift(5, 2, "request_confirm", {}, "08:00:00", "12:00:00"),
      shift(6, 3, "request_confirm", {}, "08:00:00", "12:00:00"),
      // event 4: two leaders (7, 10) with placeholders of the same name; 8 and 9 follow 7, 11 follows 10
      shift(7, 4, "request_confirm", {}, "08:00:00", "12:00:00"),
      shift(8, 4, "coupled", { leader_shift_id: 7 }, "12:00:00", "14:00:00"),
      shift(9, 4, "coupled", { leader_shift_id: 7 }, "14:00:00", "16:00:00"),
      shift(10, 4, "request_confirm", {}, "16:00:00", "18:00:00"),
      shift(11, 4, "coupled", { leader_shift_id: 10 }, "18:00:00", "20:00:00"),
    ],
    participations: [
      { id: 1, shift: 1, kind: "local", user: 3, state: REQUESTED },
      { id: 2, shift: 2, kind: "local", user: 3, state: REQUESTED },
      { id: 3, shift: 3, kind: "local", user: 3, state: CONFIRMED },
      { id: 4, shift: 1, kind: "local", user: 4, state: REQUESTED },
      { id: 5, shift: 4, kind: "local", user: 3, state: REQUESTED },
      { id: 6, shift: 5, kind: "local", user: 4, state: REQUESTED },
      { id: 7, shift: 6, kind: "local", user: 4, state: REQUESTED },
      { id: 8, shift: 1, kind: "placeholder", display_name: "Max Extern", state: REQUESTED },
      { id: 9, shift: 7, kind: "placeholder", display_name: "Max Extern", state: REQUESTED },
      { id: 10, shift: 8, kind: "placeholder", display_name: "Max Extern", state: REQUESTED },
      { id: 11, shift: 8, kind: "placeholder", display_name: "Erika Extern", state: REQUESTED },
      { id: 12, shift: 10, kind: "placeholder", display_name: "Max Extern", state: REQUESTED },
      { id: 13, shift: 11, kind: "placeholder", display_name: "Max Extern", state: REQUESTED },
      { id: 14, shift: 7, kind: "local", user: 4, state: REQUESTED },
      { id: 15, shift: 8, kind: "local", user: 4, state: REQUESTED },
    ],
    api_tokens: [
      { id: 1, user: 3, token: T.vera, scope: ALL },
      { id: 2, user: 3, token: T.veraRead, scope: ["ME_READ"] },
      { id: 3, user: 1, token: T.paula, scope: ALL },
      { id: 4, user: 1, token: T.paulaNoWrite, scope: ALL.filter((s) => s !== "CONFIDENTIAL_WRITE") },
      { id: 5, user: 2, token: T.manni, scope: ALL },
      { id: 6, user: 5, token: T.admin, scope: ALL },
    ],
  };
}

beforeEach(() => resetWorld(world()));

const patch = (path: string, token: string | null, body: unknown, headers: Record<string, string> = {}) =>
  request(path, {
    method: "PATCH",
    headers: { ...(token ? bearer(token) : {}), "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const own = (id: number | string, token: string | null, body: unknown, headers: Record<string, string> = {}) => patch(`/api/users/me/participations/${id}/`, token, body, headers);
const responsible = (id: number | string, token: string | null, body: unknown, headers: Record<string, string> = {}) =>
  patch(`/api/participations-userinfo/${id}/`, token, body, headers);

async function row(id: number) {
  const [found] = await testDb().select().from(participations).where(eq(participations.id, id));
  return found;
}

async function etagOf(path: string, token: string) {
  const response = await request(path, { headers: bearer(token) });
  expect(response.status, path).toBe(200);
  const etag = response.headers.get("ETag");
  expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
  return etag!;
}

async function expectUnchanged(send: () => Promise<Response>, status: number, body: unknown) {
  const before = await snapshot();
  const response = await send();
  expect(response.status).toBe(status);
  expect(await response.json()).toEqual(body);
  expect(await snapshot()).toEqual(before);
}

const STALE = { detail: "Precondition failed: the object was changed since you read it." };

describe("ETags of the participation details", () => {
  it("every detail route answers one, stable while nothing changes, new after a change", async () => {
    const paths: [string, string][] = [
      ["/api/participations/1/", T.manni],
      ["/api/participations-userinfo/1/", T.manni],
      ["/api/users/me/participations/1/", T.vera],
      ["/api/users/3/participations/1/", T.manni],
    ];
    const before = await Promise.all(paths.map(([path, token]) => etagOf(path, token)));
    expect(await Promise.all(paths.map(([path, token]) => etagOf(path, token)))).toEqual(before);
    expect((await responsible(1, T.paula, { state: CONFIRMED })).status).toBe(200);
    const after = await Promise.all(paths.map(([path, token]) => etagOf(path, token)));
    after.forEach((etag, i) => expect(etag, paths[i][0]).not.toBe(before[i]));
  });
});

describe("PATCH /api/users/me/participations/{id}/", () => {
  it("changes your times and adds a comment; the state stays", async () => {
    const etag = await etagOf("/api/users/me/participations/1/", T.vera);
    const response = await own(1, T.vera, { individual_start_time: "2099-07-01T09:00:00+02:00", comment: "später", comment_is_public: false }, { "If-Match": etag });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, any>;
    expect(body).toMatchObject({ id: 1, state: { value: REQUESTED }, start_time: "2099-07-01T09:00:00+02:00", end_time: "2099-07-01T12:00:00+02:00", comments: [{ text: "später" }] });
    expect(response.headers.get("ETag")).not.toBe(etag);
    expect(response.headers.get("ETag")).toBe(await etagOf("/api/users/me/participations/1/", T.vera));
    expect(await testDb().select().from(participationComments)).toMatchObject([{ participationId: 1, visibleFor: 1 }]);
    // null resets to the shift's time
    expect(await (await own(1, T.vera, { individual_start_time: null })).json()).toMatchObject({ start_time: "2099-07-01T08:00:00+02:00" });
    expect(await row(1)).toMatchObject({ individualStartTime: null, state: REQUESTED });
  });

  it("refuses a stale If-Match with 412 and changes nothing; * passes", async () => {
    const etag = await etagOf("/api/users/me/participations/1/", T.vera);
    expect((await own(1, T.vera, { comment: "one" }, { "If-Match": etag })).status).toBe(200);
    await expectUnchanged(() => own(1, T.vera, { comment: "two" }, { "If-Match": etag }), 412, STALE);
    expect((await own(1, T.vera, { comment: "three" }, { "If-Match": "*" })).status).toBe(200);
  });

  it("follows the flow: no own times where the flow fixes them; a confirmed place only where you could decline", async () => {
    await expectUnchanged(() => own(5, T.vera, { individual_end_time: "2099-07-01T19:00:00" }), 400, { non_field_errors: ["Participants cannot choose their own times for this shift."] });
    expect((await own(5, T.vera, { comment: "fine" })).status).toBe(200);
    await expectUnchanged(() => own(3, T.vera, { comment: "x" }), 400, { non_field_errors: ["You cannot decline by yourself."] });
    await expectUnchanged(() => own(1, T.vera, { individual_end_time: "2099-07-01T07:00:00" }), 400, { individual_end_time: ["The end time must be after the start time."] });
  });

  it("404 for participations of others, unknown and malformed ids", async () => {
    for (const id of [4, 999]) await expectUnchanged(() => own(id, T.vera, { comment: "x" }), 404, { detail: "No AbstractParticipation matches the given query." });
    await expectUnchanged(() => own("abc", T.vera, { comment: "x" }), 404, { detail: "Not found." });
  });

  it("needs ME_WRITE", async () => {
    await expectUnchanged(() => own(1, T.veraRead, { comment: "x" }), 403, PERMISSION_DENIED);
    await expectUnchanged(() => own(1, null, { comment: "x" }), 403, NOT_AUTHENTICATED);
  });

  it.each([
    ["a malformed time", { individual_start_time: "soon" }, { individual_start_time: ["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."] }],
    ["a list", [], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
    ["a number as comment", { comment: 1 }, { comment: ["Not a valid string."] }],
  ])("refuses %s with a field-keyed 400", async (_name, body, errors) => {
    await expectUnchanged(() => own(1, T.vera, body), 400, errors);
  });
});

describe("PATCH /api/participations-userinfo/{id}/", () => {
  it("a responsible with an object change_event confirms; the stats count it and coupled shifts mirror it", async () => {
    const statsOf = async (id: number) => ((await (await request(`/api/shifts/${id}/`, { headers: bearer(T.vera) })).json()) as { signup_stats: unknown }).signup_stats;
    expect(await statsOf(1)).toEqual(stats(3, 0, 0, 2, 0, 2));
    const response = await responsible(4, T.paula, { state: CONFIRMED });
    expect(response.status).toBe(200);
    expect(response.headers.get("ETag")).toMatch(/^"[0-9a-f]{32}"$/);
    // Paula has no view_userprofile: the answer is what her GET /api/participations/4/ shows, no confidential data.
    const body = await response.json();
    expect(body).toMatchObject({ id: 4, state: { value: CONFIRMED, label: "confirmed" }, participant: { display_name: "Otto Other" } });
    expect(body).toEqual(await (await request("/api/participations/4/", { headers: bearer(T.paula) })).json());
    expect(await statsOf(1)).toEqual(stats(2, 1, 0, 1, 0, 2));
    const mirrored = await testDb().select().from(participations).where(eq(participations.shiftId, 2));
    expect(mirrored.map((p) => [p.userId, p.state])).toEqual([
      [3, REQUESTED],
      [4, CONFIRMED],
    ]);
    // a rejection of Vera in the leader reaches her coupled participation too (and takes it off
    // /api/participations/, the only participation GET Paula has: no body)
    expect((await responsible(1, T.paula, { state: RESPONSIBLE_REJECTED })).status).toBe(204);
    expect(await row(2)).toMatchObject({ state: RESPONSIBLE_REJECTED });
  });

  it("sets and resets individual times; placeholders can be changed too", async () => {
    const response = await responsible(1, T.paula, { individual_start_time: "2099-07-01T10:00:00", individual_end_time: "2099-07-01T11:00:00" });
    expect(await response.json()).toMatchObject({ start_time: "2099-07-01T10:00:00+02:00", end_time: "2099-07-01T11:00:00+02:00", duration: 3600 });
    expect((await responsible(1, T.paula, { individual_start_time: null, individual_end_time: null })).status).toBe(200);
    expect(await row(1)).toMatchObject({ individualStartTime: null, individualEndTime: null, state: REQUESTED });
    expect(await (await responsible(8, T.paula, { state: CONFIRMED })).json()).toMatchObject({ state: { value: CONFIRMED }, participant: { type: "PlaceholderParticipant" } });
  });

  it("a global change_event counts; If-Match with the ETag of GET userinfo, 412 when stale", async () => {
    const etag = await etagOf("/api/participations-userinfo/6/", T.manni);
    expect((await responsible(6, T.manni, { state: CONFIRMED }, { "If-Match": etag })).status).toBe(200);
    await expectUnchanged(() => responsible(6, T.manni, { state: REQUESTED }, { "If-Match": etag }), 412, STALE);
  });

  it("the state of a coupled shift's participation follows its leader", async () => {
    const before = await snapshot();
    const response = await responsible(2, T.paula, { state: CONFIRMED });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { state: string[] };
    expect(body.state).toEqual([expect.stringMatching(/^Participation is coupled to Stadtfest S1 \(1 Jul 2099, 08:00 – 1 Jul 2099, 12:00\)\.$/)]);
    expect(await snapshot()).toEqual(before);
    // its times can still be changed
    expect((await responsible(2, T.paula, { individual_end_time: "2099-07-01T13:00:00" })).status).toBe(200);
  });

  it("needs CONFIDENTIAL_WRITE and change_event on the event; 404 for what you cannot see", async () => {
    await expectUnchanged(() => responsible(4, T.paulaNoWrite, { state: CONFIRMED }), 403, PERMISSION_DENIED);
    await expectUnchanged(() => responsible(4, null, { state: CONFIRMED }), 403, NOT_AUTHENTICATED);
    // Vera sees her own participation but may not change the event
    await expectUnchanged(() => responsible(1, T.vera, { state: CONFIRMED }), 403, PERMISSION_DENIED);
    // event 2: Paula sees it, may not change it; event 3: hidden from her
    await expectUnchanged(() => responsible(6, T.paula, { state: CONFIRMED }), 403, PERMISSION_DENIED);
    for (const id of [7, 999]) await expectUnchanged(() => responsible(id, T.paula, { state: CONFIRMED }), 404, { detail: "No AbstractParticipation matches the given query." });
    await expectUnchanged(() => responsible("x", T.paula, { state: CONFIRMED }), 404, { detail: "Not found." });
    expect((await responsible(7, T.admin, { state: CONFIRMED })).status).toBe(200);
  });

  it.each([
    ["a state out of range", { state: 7 }, { state: ["Ensure this value is less than or equal to 4."] }],
    ["a string state", { state: "confirmed" }, { state: ["A valid integer is required."] }],
    ["times out of order", { individual_start_time: "2099-07-01T12:00:00" }, { individual_end_time: ["The end time must be after the start time."] }],
    ["a string body", '"x"', { non_field_errors: ["Invalid data. Expected a dictionary, but got str."] }],
  ])("refuses %s with a field-keyed 400", async (_name, body, errors) => {
    await expectUnchanged(() => responsible(1, T.paula, body), 400, errors);
  });
});

describe("coupled shifts mirror placeholders", () => {
  type Row = { id: number; shift_id: number; version: number };
  const COUNTERS_UNCOMPARED = { participation_count: 0, positive_participation_count: 0, local_participation_count: 0, local_positive_participation_count: 0 };

  /**
   * Runs `send` and checks that of all rows of all tables only the participations listed changed
   * (by id, to these columns; each change bumps the row's version) and that `added` were created.
   */
  async function expectOnly(send: () => Promise<Response>, status: number, changed: Record<number, Record<string, unknown>>, added: Record<string, unknown>[]) {
    const before = await snapshot();
    const response = await send();
    expect(response.status).toBe(status);
    const after = await snapshot();
    const rows = (snap: Record<string, unknown[]>) => snap.participations as Row[];
    const known = new Set(rows(before).map((p) => p.id));
    // The events' participation counters and their totals follow the participations (test/db/integrity.test.ts holds them).
    const rest = (snap: Record<string, unknown[]>) => ({
      ...snap,
      participations: [],
      events: snap.events.map((e) => ({ ...(e as object), ...COUNTERS_UNCOMPARED })),
      active_event_totals: [],
    });
    expect(rest(after)).toEqual(rest(before));
    const expected = rows(before).map((p) => (p.id in changed ? { ...p, ...changed[p.id], version: p.version + 1 } : p));
    expect(rows(after).filter((p) => known.has(p.id))).toEqual(expected);
    expect(rows(after).filter((p) => !known.has(p.id))).toEqual(added.map((p) => expect.objectContaining(p)));
    return response;
  }

  const maxIn = (shiftId: number, state: number) => ({ shift_id: shiftId, kind: "placeholder", display_name: "Max Extern", state, version: 1 });

  it("a new state of a placeholder in a leader reaches the same name in every coupled shift, created where missing", async () => {
    await expectOnly(() => responsible(9, T.paula, { state: CONFIRMED }), 200, { 9: { state: CONFIRMED }, 10: { state: CONFIRMED } }, [maxIn(9, CONFIRMED)]);
    // again, now rejected (204: no longer on /api/participations/): the copy made above follows too, and no second one is made
    const [copy] = (await snapshot()).participations.filter((p) => (p as Row).shift_id === 9) as Row[];
    const rejected = { state: RESPONSIBLE_REJECTED };
    await expectOnly(() => responsible(9, T.paula, rejected), 204, { 9: rejected, 10: rejected, [copy.id]: rejected }, []);
  });

  it("the same name under another leader is another placeholder: only that leader's coupled shifts follow", async () => {
    await expectOnly(() => responsible(12, T.paula, { state: CONFIRMED }), 200, { 12: { state: CONFIRMED }, 13: { state: CONFIRMED } }, []);
  });

  it("getting dispatched is not mirrored, as for users; a change of times alone neither", async () => {
    // (204: a participation getting dispatched is not on /api/participations/, the only GET Paula has)
    await expectOnly(() => responsible(9, T.paula, { state: GETTING_DISPATCHED }), 204, { 9: { state: GETTING_DISPATCHED } }, []);
    await expectOnly(() => responsible(12, T.paula, { individual_end_time: "2099-07-01T17:00:00" }), 200, { 12: { individual_end_time: expect.any(Number) } }, []);
  });

  it("users are still mirrored by who they are, beside the placeholders", async () => {
    await expectOnly(() => responsible(14, T.paula, { state: CONFIRMED }), 200, { 14: { state: CONFIRMED }, 15: { state: CONFIRMED } }, [
      { shift_id: 9, kind: "local", user_id: 4, state: CONFIRMED, version: 1 },
    ]);
  });

  it("a stale If-Match writes neither the placeholder nor its mirror; a fresh one writes both", async () => {
    const etag = await etagOf("/api/participations-userinfo/9/", T.manni);
    expect((await responsible(9, T.paula, { individual_end_time: "2099-07-01T11:00:00" })).status).toBe(200);
    await expectUnchanged(() => responsible(9, T.paula, { state: CONFIRMED }, { "If-Match": etag }), 412, STALE);
    const fresh = await etagOf("/api/participations-userinfo/9/", T.manni);
    await expectOnly(() => responsible(9, T.paula, { state: CONFIRMED }, { "If-Match": fresh }), 200, { 9: { state: CONFIRMED }, 10: { state: CONFIRMED } }, [maxIn(9, CONFIRMED)]);
  });

  it("a placeholder's state in a coupled shift cannot be changed there", async () => {
    const response = await expectOnly(() => responsible(10, T.paula, { state: CONFIRMED }), 400, {}, []);
    expect(((await response.json()) as { state: string[] }).state).toEqual([expect.stringMatching(/^Participation is coupled to Doppeldienst S7 /)]);
  });
});

describe("the other unsafe methods stay refused", () => {
  it("405 on the detail routes that now take PATCH", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      for (const [path, token] of [
        ["/api/users/me/participations/1/", T.veraRead],
        ["/api/participations-userinfo/1/", T.admin],
      ]) {
        const response = await request(path, { method, headers: { ...bearer(token), "Content-Type": "application/json" }, body: method === "DELETE" ? undefined : "{}" });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(await response.json()).toEqual({ detail: `Method "${method}" not allowed.` });
      }
    }
  });
});
