/**
 * The four participation endpoints through the real Worker (docs/compatibility.md, "Differences from ephios":
 * detail routes obey the list's visibility, comments are
 * filtered by `visible_for`).
 *
 * One main world serves most describes (loaded once in their `beforeAll`, never changed); the
 * `viewable_by` walk-through and the query-count check load worlds of their own afterwards.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "cloudflare:workers";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../helpers/http";
import { d1Cost, d1Timing, roundTripsFirstAndAgain } from "../helpers/timing";
import { pageLink, withoutPosition } from "../helpers/links";

// ---------------------------------------------------------------------------------------------
// Dates relative to today (in the instance's zone), so ages never rot.

const TIME_ZONE = "Europe/Berlin";

// Some tests walk whole matrices of requests through the Worker.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

function todayInBerlin(): { y: number; m: number; d: number; iso: string } {
  const iso = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [y, m, d] = iso.split("-").map(Number);
  return { y, m, d, iso };
}

/** A birth date `years` years before today, shifted by `days` (normalised by the calendar). */
function bornYearsAgo(years: number, days = 0): string {
  const { y, m, d } = todayInBerlin();
  return new Date(Date.UTC(y - years, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Python/ephios: today.year - born.year - ((today.month, today.day) < (born.month, born.day)). */
function ageOf(dateOfBirth: string): number {
  const { y, m, d } = todayInBerlin();
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const isoInstant = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

// ---------------------------------------------------------------------------------------------
// The main world.

const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];

const U = { admin: 1, manager: 2, vera: 3, ina: 4, hanna: 5, paul: 6, minnie: 7, olaf: 8, gina: 9, bea: 10, tom: 11, adam: 12 } as const;

const PASSWORD = "participations-password-1";

const DOB = {
  vera: bornYearsAgo(30, -40),
  ina: "1990-03-15",
  minnie: bornYearsAgo(17, -100),
  bea: bornYearsAgo(18), // 18th birthday today: of age
  tom: bornYearsAgo(18, 1), // 18th birthday tomorrow: still a minor
  fred: bornYearsAgo(16, -10),
};

const T = {
  veraAll: "vera-all-scopes-token-0001",
  veraPublic: "vera-public-read-token-0001",
  veraMe: "vera-me-read-token-0001",
  veraConfidential: "vera-confidential-read-token-0001",
  managerAll: "manager-all-scopes-token-0001",
  managerMe: "manager-me-read-token-0001",
  managerPublicWrite: "manager-public-write-token-0001",
  adminAll: "admin-all-scopes-token-0001",
  adminMe: "admin-me-read-token-0001",
  adminNone: "admin-no-scope-token-0001",
  hannaAll: "hanna-all-scopes-token-0001",
  paulAll: "paul-all-scopes-token-0001",
  minnieAll: "minnie-all-scopes-token-0001",
  olafAll: "olaf-all-scopes-token-0001",
  ginaAll: "gina-all-scopes-token-0001",
  adamAll: "adam-all-scopes-token-0001",
  inaAll: "ina-all-scopes-token-0001",
  expired: "vera-expired-token-0001",
  revoked: "vera-revoked-token-0001",
};

const CAT = { medical: "6f1e0a3c-0000-4000-8000-00000000c001", driving: "6f1e0a3c-0000-4000-8000-00000000c002" };
const QU = {
  rs: "6f1e0a3c-0000-4000-8000-000000000001",
  san: "6f1e0a3c-0000-4000-8000-000000000002",
  helfer: "6f1e0a3c-0000-4000-8000-000000000003",
  fahrer: "6f1e0a3c-0000-4000-8000-000000000004",
};

/** QualificationSerializer output; `includes` is the transitive closure (RS → San → Helfer). */
const QJ = {
  rs: { uuid: QU.rs, title: "Rettungssanitäter", abbreviation: "RS", category: CAT.medical, includes: [QU.san, QU.helfer] },
  san: { uuid: QU.san, title: "Sanitäter", abbreviation: "San", category: CAT.medical, includes: [QU.helfer] },
  helfer: { uuid: QU.helfer, title: "Helfer", abbreviation: "H", category: CAT.medical, includes: [] },
  fahrer: { uuid: QU.fahrer, title: "Fahrer C", abbreviation: "C", category: CAT.driving, includes: [] },
};

const MANAGEMENT = ["view_userprofile", "view_event", "change_event", "add_event", "delete_event", "add_userprofile", "change_userprofile"];

const user = (id: number, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  email: `${name.split(" ")[0].toLowerCase()}@example.org`,
  display_name: name,
  password: PASSWORD,
  ...extra,
});

const token = (id: number, owner: number, value: string, scope: string[] = ALL_SCOPES, extra: Record<string, unknown> = {}) => ({ id, user: owner, token: value, scope, ...extra });

const shift = (id: number, event: number, day: string, start: string, end: string, label = "") => ({
  id,
  event,
  label,
  meeting_time: `${day}T${start}`,
  start_time: `${day}T${start}`,
  end_time: `${day}T${end}`,
  signup_flow_slug: "instant_confirmation",
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 20 },
});

function mainWorld() {
  return {
    format: "ephios-fixture/1",
    users: [
      user(U.admin, "Ada Admin", { is_staff: true, is_superuser: true }),
      user(U.manager, "Manni Manager"),
      user(U.vera, "Vera Volunteer", { date_of_birth: DOB.vera }),
      user(U.ina, "Ina Inactive", { is_active: false, date_of_birth: DOB.ina }),
      user(U.hanna, "Hanna HR"),
      user(U.paul, "Paul Planner"),
      user(U.minnie, "Minnie Minor", { date_of_birth: DOB.minnie }),
      user(U.olaf, "Olaf Outsider"),
      user(U.gina, "Gina Global", { permissions: ["view_event"] }),
      user(U.bea, "Bea Birthday", { date_of_birth: DOB.bea }),
      user(U.tom, "Tom Tomorrow", { date_of_birth: DOB.tom }),
      user(U.adam, "Adam Adder", { permissions: ["add_userprofile", "delete_userprofile"] }),
    ],
    groups: [
      { id: 1, name: "Managers", members: [U.manager], permissions: MANAGEMENT },
      { id: 2, name: "Volunteers", members: [U.vera, U.ina, U.hanna, U.paul, U.minnie, U.bea, U.tom], permissions: [] },
      { id: 3, name: "HR", members: [U.hanna], permissions: ["view_userprofile"] },
      { id: 4, name: "Planners", members: [U.paul], permissions: ["view_userprofile"] },
    ],
    qualification_categories: [
      { id: 1, uuid: CAT.medical, title: "Medical" },
      { id: 2, uuid: CAT.driving, title: "Driving licences" },
    ],
    qualifications: [
      { id: 1, uuid: QU.rs, title: "Rettungssanitäter", abbreviation: "RS", category: 1, includes: [2] },
      { id: 2, uuid: QU.san, title: "Sanitäter", abbreviation: "San", category: 1, includes: [3] },
      { id: 3, uuid: QU.helfer, title: "Helfer", abbreviation: "H", category: 1, includes: [] },
      { id: 4, uuid: QU.fahrer, title: "Fahrer C", abbreviation: "C", category: 2, includes: [] },
    ],
    qualification_grants: [
      { user: U.vera, qualification: 1, expires: null },
      { user: U.vera, qualification: 4, expires: "2020-01-01T00:00:00Z" },
      { user: U.ina, qualification: 3, expires: "2099-01-01T00:00:00Z" },
      { user: U.hanna, qualification: 1, expires: isoInstant(86_400_000) },
      { user: U.hanna, qualification: 4, expires: null },
      { user: U.hanna, qualification: 3, expires: isoInstant(-60_000) },
    ],
    event_types: [
      { id: 1, title: "Service", show_participant_data: 0 },
      { id: 2, title: "Closed Training", show_participant_data: 1 },
    ],
    events: [
      { id: 1, title: "Fission Festival", location: "Lärz", type: 1, active: true },
      { id: 2, title: "Draft Event", location: "Nowhere", type: 1, active: false },
      { id: 3, title: "Staff Training", location: "HQ", type: 2, active: true },
    ],
    event_permissions: [
      { event: 1, group: 2, permission: "view_event" },
      { event: 1, group: 4, permission: "change_event" },
      { event: 2, group: 2, permission: "view_event" },
      { event: 2, group: 4, permission: "change_event" },
    ],
    shifts: [
      { ...shift(1, 1, "2099-06-30", "08:00:00", "20:30:00"), meeting_time: "2099-06-30T07:00:00" },
      { ...shift(2, 1, "2099-07-01", "10:00:00", "14:00:00", "Late"), meeting_time: "2099-07-01T09:30:00" },
      shift(3, 2, "2099-08-01", "08:00:00", "12:00:00"),
      shift(4, 3, "2099-09-01", "08:00:00", "12:00:00"),
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: "participations-guest-token", client_id: "c", client_secret: "s" }],
    federated_users: [{ id: 1, guest: 1, email: "fred@guest.example.org", display_name: "Fred Federated", date_of_birth: DOB.fred, qualifications: [2] }],
    // Deliberately not in id order.
    participations: [
      { id: 11, shift: 2, kind: "local", user: U.tom, state: 0, individual_end_time: "2099-07-01T12:00:00" },
      {
        id: 1,
        shift: 1,
        kind: "local",
        user: U.vera,
        state: 1,
        structure_data: { preferred_team: "north", dispatched: [1, 2] },
        individual_start_time: "2099-06-30T09:00:00",
        individual_end_time: "2099-06-30T17:00:00+02:00",
        comments: [
          { text: "keep an eye on the radio", visible_for: 0, authored_by_responsible: U.paul, created_at: "2099-06-02T10:00:00Z" },
          { text: "thanks for helping", visible_for: 2, authored_by_responsible: U.manager, created_at: "2099-06-03T08:30:00.5Z" },
          { text: "I will arrive late", visible_for: 1, created_at: "2099-06-01T10:00:00Z" },
        ],
      },
      { id: 2, shift: 1, kind: "placeholder", display_name: "Max Extern", state: 0, comments: [{ text: "called in", visible_for: 2, created_at: "2099-06-04T09:00:00Z" }] },
      { id: 3, shift: 1, kind: "federated", federated_user: 1, state: 1, comments: [{ text: "from the guest side", visible_for: 2, created_at: "2099-06-05T09:00:00Z" }] },
      { id: 4, shift: 1, kind: "local", user: U.ina, state: 1 },
      { id: 5, shift: 1, kind: "local", user: U.minnie, state: 2 },
      { id: 6, shift: 2, kind: "local", user: U.vera, state: 4 },
      { id: 7, shift: 3, kind: "local", user: U.vera, state: 1 },
      { id: 8, shift: 4, kind: "local", user: U.vera, state: 1 },
      { id: 9, shift: 2, kind: "local", user: U.hanna, state: 3 },
      { id: 10, shift: 2, kind: "local", user: U.bea, state: 1 },
    ],
    api_tokens: [
      token(1, U.vera, T.veraAll),
      token(2, U.vera, T.veraPublic, ["PUBLIC_READ"]),
      token(3, U.vera, T.veraMe, ["ME_READ"]),
      token(4, U.vera, T.veraConfidential, ["CONFIDENTIAL_READ"]),
      token(5, U.manager, T.managerAll),
      token(6, U.manager, T.managerMe, ["ME_READ"]),
      token(7, U.manager, T.managerPublicWrite, ["PUBLIC_READ", "PUBLIC_WRITE", "CONFIDENTIAL_WRITE", "ME_WRITE"]),
      token(8, U.admin, T.adminAll),
      token(9, U.admin, T.adminMe, ["ME_READ"]),
      token(10, U.admin, T.adminNone, []),
      token(11, U.hanna, T.hannaAll),
      token(12, U.paul, T.paulAll),
      token(13, U.minnie, T.minnieAll),
      token(14, U.olaf, T.olafAll),
      token(15, U.gina, T.ginaAll),
      token(16, U.adam, T.adamAll),
      token(17, U.ina, T.inaAll),
      token(18, U.vera, T.expired, ALL_SCOPES, { expires: "2020-01-01T00:00:00Z" }),
      token(19, U.vera, T.revoked, ALL_SCOPES, { revoked: true }),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Expected JSON.

const EVENT1 = { event: 1, event_title: "Fission Festival", event_type: { id: 1, title: "Service" } };
const STATE = {
  requested: { value: 0, label: "requested" },
  confirmed: { value: 1, label: "confirmed" },
  declined: { value: 2, label: "declined by user" },
  rejected: { value: 3, label: "rejected by responsible" },
  dispatching: { value: 4, label: "getting dispatched" },
};
const SHIFT1_TIMES = { start_time: "2099-06-30T08:00:00+02:00", end_time: "2099-06-30T20:30:00+02:00", duration: 45000 };

const COMMENT = {
  participant: { author: "Vera Volunteer", text: "I will arrive late", created_at: "2099-06-01T12:00:00+02:00" },
  responsibles: { author: "Paul Planner", text: "keep an eye on the radio", created_at: "2099-06-02T12:00:00+02:00" },
  everyone: { author: "Manni Manager", text: "thanks for helping", created_at: "2099-06-03T10:30:00.500000+02:00" },
};

const P1_PUBLIC = {
  id: 1,
  shift: 1,
  ...EVENT1,
  state: STATE.confirmed,
  start_time: "2099-06-30T09:00:00+02:00",
  end_time: "2099-06-30T17:00:00+02:00",
  duration: 28800,
  structure_data: { preferred_team: "north", dispatched: [1, 2] },
  user: U.vera,
  participant: { display_name: "Vera Volunteer", is_minor: false, type: "LocalUserParticipant", qualifications: [QJ.rs] },
};

const p1Userinfo = (comments: unknown[]) => ({
  ...P1_PUBLIC,
  comments,
  participant: { ...P1_PUBLIC.participant, email: "vera@example.org", date_of_birth: DOB.vera, age: ageOf(DOB.vera) },
});

const P2_PUBLIC = {
  id: 2,
  shift: 1,
  ...EVENT1,
  state: STATE.requested,
  ...SHIFT1_TIMES,
  structure_data: {},
  user: null,
  participant: { display_name: "Max Extern", is_minor: false, type: "PlaceholderParticipant", qualifications: [] },
};
const P2_USERINFO = {
  ...P2_PUBLIC,
  comments: [{ author: "Max Extern", text: "called in", created_at: "2099-06-04T11:00:00+02:00" }],
  participant: { ...P2_PUBLIC.participant, email: null, date_of_birth: null, age: null },
};

const P3_PUBLIC = {
  id: 3,
  shift: 1,
  ...EVENT1,
  state: STATE.confirmed,
  ...SHIFT1_TIMES,
  structure_data: {},
  user: null,
  participant: { display_name: "Fred Federated", is_minor: true, type: "FederatedParticipant", qualifications: [QJ.san] },
};
const P3_USERINFO = {
  ...P3_PUBLIC,
  comments: [{ author: "Fred Federated", text: "from the guest side", created_at: "2099-06-05T11:00:00+02:00" }],
  participant: { ...P3_PUBLIC.participant, email: "fred@guest.example.org", date_of_birth: DOB.fred, age: ageOf(DOB.fred) },
};

const P4_PUBLIC = {
  id: 4,
  shift: 1,
  ...EVENT1,
  state: STATE.confirmed,
  ...SHIFT1_TIMES,
  structure_data: {},
  user: U.ina,
  participant: { display_name: "Ina Inactive", is_minor: false, type: "LocalUserParticipant", qualifications: [QJ.helfer] },
};
const P4_USERINFO = { ...P4_PUBLIC, comments: [], participant: { ...P4_PUBLIC.participant, email: null, date_of_birth: DOB.ina, age: ageOf(DOB.ina) } };

const P5_PUBLIC = {
  id: 5,
  shift: 1,
  ...EVENT1,
  state: STATE.declined,
  ...SHIFT1_TIMES,
  structure_data: {},
  user: U.minnie,
  participant: { display_name: "Minnie Minor", is_minor: true, type: "LocalUserParticipant", qualifications: [] },
};
const P5_USERINFO = { ...P5_PUBLIC, comments: [], participant: { ...P5_PUBLIC.participant, email: "minnie@example.org", date_of_birth: DOB.minnie, age: 17 } };

const SHIFT2 = { shift: 2, ...EVENT1, start_time: "2099-07-01T10:00:00+02:00", end_time: "2099-07-01T14:00:00+02:00", duration: 14400, structure_data: {} };

const P10_USERINFO = {
  id: 10,
  ...SHIFT2,
  state: STATE.confirmed,
  comments: [],
  user: U.bea,
  participant: {
    display_name: "Bea Birthday",
    is_minor: ageOf(DOB.bea) < 18,
    type: "LocalUserParticipant",
    qualifications: [],
    email: "bea@example.org",
    date_of_birth: DOB.bea,
    age: ageOf(DOB.bea),
  },
};
const P11_USERINFO = {
  id: 11,
  ...SHIFT2,
  end_time: "2099-07-01T12:00:00+02:00",
  duration: 7200,
  state: STATE.requested,
  comments: [],
  user: U.tom,
  participant: {
    display_name: "Tom Tomorrow",
    is_minor: ageOf(DOB.tom) < 18,
    type: "LocalUserParticipant",
    qualifications: [],
    email: "tom@example.org",
    date_of_birth: DOB.tom,
    age: ageOf(DOB.tom),
  },
};

// ---------------------------------------------------------------------------------------------
// Helpers.

type Json = Record<string, any>;

/** Qualification lists and `includes` are unordered in ephios: sort them so comparisons are exact otherwise. */
function canonical<T>(value: T): T {
  if (Array.isArray(value)) return value.map(canonical) as T;
  if (value && typeof value === "object") {
    const out: Json = {};
    for (const [key, v] of Object.entries(value)) {
      if (key === "includes" && Array.isArray(v)) out[key] = [...v].sort();
      else if (key === "qualifications" && Array.isArray(v)) out[key] = canonical(v).sort((a: Json, b: Json) => String(a.uuid).localeCompare(String(b.uuid)));
      else out[key] = canonical(v);
    }
    return out as T;
  }
  return value;
}

async function getAs(path: string, auth: string | { cookie: string } | null, init: RequestInit = {}) {
  const headers: Record<string, string> = {};
  if (typeof auth === "string") Object.assign(headers, bearer(auth));
  else if (auth) headers.Cookie = auth.cookie;
  return request(path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
}

async function json(path: string, auth: string | { cookie: string } | null, status = 200): Promise<any> {
  const response = await getAs(path, auth);
  const text = await response.text();
  expect(response.status, `${path}: ${text}`).toBe(status);
  expect(response.headers.get("Content-Type") ?? "").toContain("application/json");
  return JSON.parse(text);
}

/** The ids of a list answer (checking the envelope on the way). */
async function ids(path: string, auth: string | { cookie: string } | null): Promise<number[]> {
  const body = await json(path, auth);
  expect(Object.keys(body)).toEqual(["count", "next", "previous", "results"]);
  expect(body.count).toBe(body.results.length);
  return body.results.map((r: Json) => r.id);
}

const NOT_FOUND_PARTICIPATION = { detail: "No AbstractParticipation matches the given query." };
const NOT_FOUND = { detail: "Not found." };

const PUBLIC_KEYS = ["id", "shift", "event", "event_title", "event_type", "state", "start_time", "end_time", "duration", "structure_data", "user", "participant"];
const USERINFO_KEYS = ["id", "shift", "event", "event_title", "event_type", "state", "comments", "start_time", "end_time", "duration", "structure_data", "user", "participant"];

// =============================================================================================

describe("with the main world", () => {
  beforeAll(async () => {
    await emptyDatabase();
    await loadWorld(mainWorld());
  });

  describe("serializers", () => {
    it("public participation (/api/participations/): exact JSON, field order, no comments, no confidential data", async () => {
      const body = await json("/api/participations/", T.veraAll);
      const p1 = body.results.find((r: Json) => r.id === 1);
      expect(canonical(p1)).toEqual(canonical(P1_PUBLIC));
      expect(Object.keys(p1)).toEqual(PUBLIC_KEYS);
      expect(Object.keys(p1.participant)).toEqual(["display_name", "is_minor", "type", "qualifications"]);
      expect(Object.keys(p1.participant.qualifications[0])).toEqual(["uuid", "title", "abbreviation", "category", "includes"]);
      for (const result of body.results) {
        expect(result).not.toHaveProperty("comments");
        expect(result.participant).not.toHaveProperty("email");
        expect(result.participant).not.toHaveProperty("date_of_birth");
        expect(result.participant).not.toHaveProperty("age");
      }
    });

    it("public participation: placeholder, federated, inactive and shift-timed participations", async () => {
      const body = await json("/api/participations/", T.veraAll);
      const byId = new Map(body.results.map((r: Json) => [r.id, r]));
      expect(canonical(byId.get(2))).toEqual(canonical(P2_PUBLIC));
      expect(canonical(byId.get(3))).toEqual(canonical(P3_PUBLIC));
      expect(canonical(byId.get(4))).toEqual(canonical(P4_PUBLIC));
      const { comments: _c10, participant: p10, ...rest10 } = P10_USERINFO;
      expect(byId.get(10)).toEqual({ ...rest10, participant: { display_name: p10.display_name, is_minor: p10.is_minor, type: p10.type, qualifications: [] } });
      const { comments: _c11, participant: p11, ...rest11 } = P11_USERINFO;
      expect(byId.get(11)).toEqual({ ...rest11, participant: { display_name: p11.display_name, is_minor: p11.is_minor, type: p11.type, qualifications: [] } });
    });

    it("userinfo participation: exact JSON, comments after state, email/date_of_birth/age", async () => {
      const body = await json("/api/participations-userinfo/", T.managerAll);
      const p1 = body.results.find((r: Json) => r.id === 1);
      expect(canonical(p1)).toEqual(canonical(p1Userinfo([COMMENT.participant, COMMENT.responsibles, COMMENT.everyone])));
      expect(Object.keys(p1)).toEqual(USERINFO_KEYS);
      expect(Object.keys(p1.participant)).toEqual(["display_name", "is_minor", "type", "qualifications", "email", "date_of_birth", "age"]);
      expect(Object.keys(p1.comments[0])).toEqual(["author", "text", "created_at"]);
    });

    it("userinfo participation: every participant type, states, ages, inactive users' email", async () => {
      const body = await json("/api/participations-userinfo/", T.managerAll);
      const byId = new Map(body.results.map((r: Json) => [r.id, r]));
      expect(canonical(byId.get(2))).toEqual(canonical(P2_USERINFO));
      expect(canonical(byId.get(3))).toEqual(canonical(P3_USERINFO));
      expect(canonical(byId.get(4))).toEqual(canonical(P4_USERINFO));
      expect(canonical(byId.get(5))).toEqual(canonical(P5_USERINFO));
      expect(byId.get(10)).toEqual(P10_USERINFO);
      expect(byId.get(11)).toEqual(P11_USERINFO);
      expect(byId.get(6)).toMatchObject({ state: STATE.dispatching, user: U.vera, ...SHIFT2 });
      expect(byId.get(9)).toMatchObject({ state: STATE.rejected, user: U.hanna });
    });

    it("ages relative to today: 18th birthday today is of age, tomorrow still a minor", async () => {
      const body = await json("/api/participations-userinfo/", T.managerAll);
      const byId = new Map<number, Json>(body.results.map((r: Json) => [r.id, r]));
      expect(byId.get(10)!.participant).toMatchObject({ age: ageOf(DOB.bea), is_minor: ageOf(DOB.bea) < 18 });
      expect(byId.get(11)!.participant).toMatchObject({ age: ageOf(DOB.tom), is_minor: ageOf(DOB.tom) < 18 });
      // On any day but 29 February, these are exactly 18 and 17.
      if (todayInBerlin().iso.slice(5) !== "02-29") {
        expect(byId.get(10)!.participant).toMatchObject({ age: 18, is_minor: false });
        expect(byId.get(11)!.participant).toMatchObject({ age: 17, is_minor: true });
      }
      expect(byId.get(1)!.participant).toMatchObject({ age: 30, is_minor: false });
      expect(byId.get(3)!.participant).toMatchObject({ age: 16, is_minor: true });
    });

    it("qualifications: only unexpired grants (expires null or in the future), with the includes closure", async () => {
      const body = await json("/api/users/5/participations/", T.managerAll);
      expect(body.results.map((r: Json) => r.id)).toEqual([9]);
      // Hanna: RS (expires tomorrow) and Fahrer (never); Helfer expired a minute ago.
      expect(canonical(body.results[0].participant.qualifications)).toEqual(canonical([QJ.rs, QJ.fahrer]));
      // Vera: RS only (Fahrer expired in 2020); RS includes San and, through it, Helfer.
      const vera = await json("/api/participations/1/", T.veraAll);
      expect(canonical(vera.participant.qualifications)).toEqual([canonical(QJ.rs)]);
      // Federated users: the stored qualifications, with their closure.
      const fred = await json("/api/participations/3/", T.veraAll);
      expect(fred.participant.qualifications).toEqual([QJ.san]);
    });

    it("users/me/participations uses the userinfo serializer; users/{id}/participations the public one", async () => {
      const own = await json("/api/users/me/participations/", T.veraAll);
      expect(Object.keys(own.results[0])).toEqual(USERINFO_KEYS);
      expect(canonical(own.results[0])).toEqual(canonical(p1Userinfo([COMMENT.participant, COMMENT.everyone])));
      const ofUser = await json("/api/users/7/participations/", T.managerAll);
      expect(ofUser.results).toEqual([P5_PUBLIC]);
      expect(Object.keys(ofUser.results[0])).toEqual(PUBLIC_KEYS);
    });
  });

  describe("scopes and authentication", () => {
    const lists = ["/api/participations/", "/api/participations-userinfo/", "/api/users/me/participations/", "/api/users/3/participations/"];
    const details = ["/api/participations/1/", "/api/participations-userinfo/1/", "/api/users/me/participations/1/", "/api/users/3/participations/1/"];

    it.each([...lists, ...details])("no credentials, bad, expired, revoked or inactive user's token → 403 not authenticated: %s", async (path) => {
      for (const auth of [null, "no-such-token", T.expired, T.revoked, T.inaAll]) {
        const response = await getAs(path, auth);
        expect(response.status, `${path} with ${auth}`).toBe(403);
        expect(await response.json()).toEqual(NOT_AUTHENTICATED);
      }
    });

    it.each([
      ["/api/participations/", T.veraPublic],
      ["/api/participations/", T.veraMe],
      ["/api/participations/1/", T.veraMe],
      ["/api/participations-userinfo/", T.managerMe],
      ["/api/participations-userinfo/1/", T.managerMe],
      ["/api/participations-userinfo/", T.managerPublicWrite],
      ["/api/users/3/participations/", T.managerMe],
      ["/api/users/3/participations/1/", T.managerPublicWrite],
      ["/api/users/me/participations/", T.veraConfidential],
      ["/api/users/me/participations/1/", T.veraPublic],
      ["/api/participations/", T.adminMe],
      ["/api/participations-userinfo/", T.adminNone],
      ["/api/users/me/participations/", T.adminNone],
    ])("missing scope → 403 permission denied: %s", async (path, auth) => {
      const response = await getAs(path, auth);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(PERMISSION_DENIED);
    });

    it("CONFIDENTIAL_READ suffices for participations, participations-userinfo and users/{id}/participations; ME_READ for users/me", async () => {
      expect(await ids("/api/participations/", T.veraConfidential)).toEqual([1, 2, 3, 4, 10, 11]);
      expect(await ids("/api/users/me/participations/", T.veraMe)).toEqual([1, 6]);
      expect((await json("/api/participations/1/", T.veraConfidential)).id).toBe(1);
      expect((await json("/api/users/me/participations/6/", T.veraMe)).id).toBe(6);
    });

    it("a login session passes every scope check", async () => {
      const vera = { cookie: await login("vera@example.org", PASSWORD) };
      expect(await ids("/api/participations/", vera)).toEqual([1, 2, 3, 4, 10, 11]);
      expect(await ids("/api/users/me/participations/", vera)).toEqual([1, 6]);
      expect(await json("/api/participations-userinfo/", vera, 403)).toEqual(PERMISSION_DENIED);
      const hanna = { cookie: await login("hanna@example.org", PASSWORD) };
      expect(await ids("/api/participations-userinfo/", hanna)).toEqual([1, 2, 3, 4, 5, 6, 9, 10, 11]);
      expect(await ids("/api/users/3/participations/", hanna)).toEqual([1, 6]);
      expect(canonical(await json("/api/participations-userinfo/1/", hanna))).toEqual(canonical(p1Userinfo([COMMENT.everyone])));
    });
  });

  describe("permissions and visibility", () => {
    it("/api/participations/: only REQUESTED and CONFIRMED, of active events the user can view", async () => {
      expect(await ids("/api/participations/", T.veraAll)).toEqual([1, 2, 3, 4, 10, 11]);
      expect(await ids("/api/participations/", T.paulAll)).toEqual([1, 2, 3, 4, 10, 11]);
      // Global view_event + change_event: also event 3 (whose type shows data to confirmed participants only).
      expect(await ids("/api/participations/", T.managerAll)).toEqual([1, 2, 3, 4, 8, 10, 11]);
      expect(await ids("/api/participations/", T.adminAll)).toEqual([1, 2, 3, 4, 8, 10, 11]);
      // Global view_event alone: event 3 is viewable but its type hides participants from non-participants.
      expect(await ids("/api/participations/", T.ginaAll)).toEqual([1, 2, 3, 4, 10, 11]);
      // No event permission at all.
      expect(await ids("/api/participations/", T.olafAll)).toEqual([]);
    });

    it("participations-userinfo and users/{id}/participations need the global view_userprofile", async () => {
      for (const path of ["/api/participations-userinfo/", "/api/participations-userinfo/1/", "/api/users/3/participations/", "/api/users/3/participations/1/", "/api/users/999/participations/"]) {
        for (const auth of [T.veraAll, T.olafAll, T.ginaAll, T.adamAll, T.minnieAll]) {
          expect(await json(path, auth, 403), `${path} ${auth}`).toEqual(PERMISSION_DENIED);
        }
      }
      // Through a group (HR, Planners, Managers), and as superuser.
      expect(await ids("/api/participations-userinfo/", T.hannaAll)).toEqual([1, 2, 3, 4, 5, 6, 9, 10, 11]);
      expect(await ids("/api/participations-userinfo/", T.paulAll)).toEqual([1, 2, 3, 4, 5, 6, 9, 10, 11]);
      expect(await ids("/api/participations-userinfo/", T.managerAll)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
      expect(await ids("/api/participations-userinfo/", T.adminAll)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
    });

    it("with the global view_userprofile, non-local participations stay in userinfo", async () => {
      const body = await json("/api/participations-userinfo/", T.hannaAll);
      const types = body.results.map((r: Json) => r.participant.type);
      expect(types).toContain("PlaceholderParticipant");
      expect(types).toContain("FederatedParticipant");
    });

    it("users/me/participations: only one's own local participations, all states, in active viewable events", async () => {
      // Vera: 1 (confirmed), 6 (getting dispatched); 7 is in an inactive event, 8 in an event she cannot view.
      expect(await ids("/api/users/me/participations/", T.veraAll)).toEqual([1, 6]);
      expect(await ids("/api/users/me/participations/", T.minnieAll)).toEqual([5]);
      expect(await ids("/api/users/me/participations/", T.hannaAll)).toEqual([9]);
      // The manager sees Vera's participations elsewhere, but has none of their own.
      expect(await ids("/api/users/me/participations/", T.managerAll)).toEqual([]);
      expect(await ids("/api/users/me/participations/", T.adminAll)).toEqual([]);
      expect(await ids("/api/users/me/participations/", T.olafAll)).toEqual([]);
    });

    it("users/{id}/participations: that user's local participations in all states, through viewable_by", async () => {
      expect(await ids("/api/users/3/participations/", T.managerAll)).toEqual([1, 6, 8]);
      expect(await ids("/api/users/3/participations/", T.adminAll)).toEqual([1, 6, 8]);
      expect(await ids("/api/users/3/participations/", T.hannaAll)).toEqual([1, 6]);
      // An inactive user's participations are listed; placeholders and federated ones never.
      expect(await ids("/api/users/4/participations/", T.managerAll)).toEqual([4]);
      expect(await ids("/api/users/1/participations/", T.managerAll)).toEqual([]);
      // Unknown user: an empty list, not 404.
      const unknown = await json("/api/users/999/participations/", T.managerAll);
      expect(unknown).toEqual({ count: 0, next: null, previous: null, results: [] });
    });
  });

  describe("detail routes", () => {
    it("a visible participation: 200 with the same JSON as in the list", async () => {
      const cases: [string, string, string][] = [
        ["/api/participations/", "/api/participations/", T.veraAll],
        ["/api/participations/", "/api/participations/", T.managerAll],
        ["/api/participations-userinfo/", "/api/participations-userinfo/", T.hannaAll],
        ["/api/participations-userinfo/", "/api/participations-userinfo/", T.paulAll],
        ["/api/participations-userinfo/", "/api/participations-userinfo/", T.managerAll],
        ["/api/users/me/participations/", "/api/users/me/participations/", T.veraAll],
        ["/api/users/3/participations/", "/api/users/3/participations/", T.hannaAll],
        ["/api/users/3/participations/", "/api/users/3/participations/", T.managerAll],
      ];
      for (const [list, detail, auth] of cases) {
        const body = await json(list, auth);
        expect(body.results.length).toBeGreaterThan(0);
        for (const item of body.results) {
          expect(await json(`${detail}${item.id}/`, auth), `${detail}${item.id}/`).toEqual(item);
        }
      }
    });

    it("userinfo detail works for non-superusers with view_userprofile (fixed here, unlike ephios)", async () => {
      expect(canonical(await json("/api/participations-userinfo/1/", T.hannaAll))).toEqual(canonical(p1Userinfo([COMMENT.everyone])));
      expect(canonical(await json("/api/participations-userinfo/3/", T.hannaAll))).toEqual(canonical(P3_USERINFO));
      expect(canonical(await json("/api/users/3/participations/1/", T.hannaAll))).toEqual(canonical(P1_PUBLIC));
    });

    it.each([
      ["/api/participations/5/", T.veraAll], // declined: not in the public list
      ["/api/participations/6/", T.veraAll], // getting dispatched
      ["/api/participations/7/", T.adminAll], // inactive event, even for superusers
      ["/api/participations/8/", T.veraAll], // event she cannot view, although it is her own
      ["/api/participations/1/", T.olafAll],
      ["/api/participations/999/", T.adminAll],
      ["/api/participations/0/", T.adminAll],
      ["/api/participations-userinfo/8/", T.hannaAll],
      ["/api/participations-userinfo/7/", T.adminAll],
      ["/api/participations-userinfo/999/", T.adminAll],
      ["/api/users/me/participations/2/", T.veraAll], // placeholder, not hers
      ["/api/users/me/participations/4/", T.veraAll], // someone else's
      ["/api/users/me/participations/7/", T.veraAll], // own, inactive event
      ["/api/users/me/participations/8/", T.veraAll], // own, event not viewable
      ["/api/users/me/participations/1/", T.managerAll],
      ["/api/users/2/participations/1/", T.managerAll], // exists, but not the manager's
      ["/api/users/3/participations/2/", T.managerAll], // placeholder
      ["/api/users/3/participations/8/", T.hannaAll], // Vera's, event not viewable for Hanna
      ["/api/users/3/participations/7/", T.adminAll], // inactive event
      ["/api/users/999/participations/1/", T.adminAll],
    ])("invisible or unknown: 404 No AbstractParticipation: %s", async (path, auth) => {
      expect(await json(path, auth, 404)).toEqual(NOT_FOUND_PARTICIPATION);
    });

    it("a detail the user may not use at all is refused before the lookup", async () => {
      expect(await json("/api/participations-userinfo/999/", T.veraAll, 403)).toEqual(PERMISSION_DENIED);
      expect(await json("/api/users/3/participations/999/", T.veraAll, 403)).toEqual(PERMISSION_DENIED);
    });

    it.each([
      "/api/participations/abc/",
      "/api/participations/1.5/",
      "/api/participations/%201/",
      "/api/participations-userinfo/abc/",
      "/api/users/me/participations/abc/",
      "/api/users/3/participations/abc/",
      "/api/users/abc/participations/1/",
      "/api/users/abc/participations/",
      "/api/users/%20/participations/",
    ])("non-numeric ids: 404 Not found (JSON): %s", async (path) => {
      expect(await json(path, T.adminAll, 404)).toEqual(NOT_FOUND);
    });

    // BUG (src/features/participations/routes.ts, allowedUser() inside the handler; the param
    // validator of src/lib/api/router.ts answers 404 first): DRF's detail route matches any
    // `[^/.]+` pk and runs the permission classes before the lookup, so a user without
    // view_userprofile gets 403 here in ephios, not 404.
    it("a non-numeric detail id is refused with 403 for users without view_userprofile", async () => {
      expect(await json("/api/participations-userinfo/abc/", T.veraAll, 403)).toEqual(PERMISSION_DENIED);
      expect(await json("/api/users/3/participations/abc/", T.veraAll, 403)).toEqual(PERMISSION_DENIED);
    });

    it("an id too large for any row: 404, never 500", async () => {
      for (const path of ["/api/participations/99999999999999999999999/", "/api/users/99999999999999999999999/participations/", "/api/users/3/participations/99999999999999999999/"]) {
        const response = await getAs(path, T.adminAll);
        expect([200, 404], path).toContain(response.status);
        if (response.status === 200) expect(((await response.json()) as Json).results).toEqual([]);
        else expect(Object.keys(await response.json())).toEqual(["detail"]);
      }
    });
  });

  describe("comments", () => {
    const p1Comments = async (path: string, auth: string) => (await json(path, auth)).comments;

    it("the participant sees visible_for 1 and 2, not the responsibles-only comment", async () => {
      expect(await p1Comments("/api/users/me/participations/1/", T.veraAll)).toEqual([COMMENT.participant, COMMENT.everyone]);
    });

    it("a plain viewer (view_userprofile, not responsible) sees only visible_for 2", async () => {
      expect(await p1Comments("/api/participations-userinfo/1/", T.hannaAll)).toEqual([COMMENT.everyone]);
      const list = await json("/api/participations-userinfo/", T.hannaAll);
      expect(list.results.find((r: Json) => r.id === 1).comments).toEqual([COMMENT.everyone]);
    });

    it("a responsible through the object permission change_event sees all, ordered by created_at", async () => {
      expect(await p1Comments("/api/participations-userinfo/1/", T.paulAll)).toEqual([COMMENT.participant, COMMENT.responsibles, COMMENT.everyone]);
    });

    it("a responsible through the global change_event sees all", async () => {
      expect(await p1Comments("/api/participations-userinfo/1/", T.managerAll)).toEqual([COMMENT.participant, COMMENT.responsibles, COMMENT.everyone]);
    });

    it("a superuser sees all", async () => {
      expect(await p1Comments("/api/participations-userinfo/1/", T.adminAll)).toEqual([COMMENT.participant, COMMENT.responsibles, COMMENT.everyone]);
    });

    it("the author is the responsible's display name, else the participant's (placeholder, federated)", async () => {
      const body = await json("/api/participations-userinfo/", T.hannaAll);
      const byId = new Map<number, Json>(body.results.map((r: Json) => [r.id, r]));
      expect(byId.get(2)!.comments).toEqual(P2_USERINFO.comments);
      expect(byId.get(3)!.comments).toEqual(P3_USERINFO.comments);
      expect(byId.get(4)!.comments).toEqual([]);
    });
  });

  describe("filters", () => {
    const mgr = (query: string) => ids(`/api/participations/${query}`, T.managerAll);
    const hr = (query: string) => ids(`/api/participations-userinfo/${query}`, T.hannaAll);

    it("time ranges use the effective times (individual, else the shift's), bounds inclusive", async () => {
      // Starts: 1 → 09:00 (individual), 2/3/4 → 08:00 (shift 1), 8 → 1 Sep, 10/11 → 1 Jul 10:00.
      expect(await mgr("?start_time_after=2099-06-30T08:30:00%2B02:00")).toEqual([1, 8, 10, 11]);
      expect(await mgr("?start_time_after=2099-06-30T09:00:00")).toEqual([1, 8, 10, 11]);
      expect(await mgr("?start_time_after=2099-06-30T07:00:00Z")).toEqual([1, 8, 10, 11]);
      expect(await mgr("?start_time_after=2099-06-30T09:00:01")).toEqual([8, 10, 11]);
      expect(await mgr("?start_time_before=2099-06-30T08:00:00")).toEqual([2, 3, 4]);
      expect(await mgr("?start_time_before=2099-06-30T09:00:00%2B02:00")).toEqual([1, 2, 3, 4]);
      // Ends: 1 → 17:00 (individual), 2/3/4 → 20:30, 11 → 12:00 (individual end only), 10 → 14:00.
      expect(await mgr("?end_time_before=2099-06-30T17:00:00")).toEqual([1]);
      expect(await mgr("?end_time_after=2099-06-30T20:30:00%2B02:00&end_time_before=2099-06-30T23:59:59")).toEqual([2, 3, 4]);
      expect(await mgr("?end_time_after=2099-07-01T12:00:00&end_time_before=2099-07-01T12:00:00")).toEqual([11]);
      expect(await mgr("?end_time_after=2099-07-01T12:00:01&end_time_before=2099-07-01T23:00:00")).toEqual([10]);
      // Date only: midnight in Berlin.
      expect(await mgr("?start_time_after=2099-07-01")).toEqual([8, 10, 11]);
      expect(await mgr("?start_time_after=2099-06-30&start_time_before=2099-07-01")).toEqual([1, 2, 3, 4]);
    });

    it("the deprecated start_gte / start_lte", async () => {
      expect(await mgr("?start_gte=2099-06-30T09:00:00")).toEqual([1, 8, 10, 11]);
      expect(await mgr("?start_lte=2099-06-30T09:00:00")).toEqual([1, 2, 3, 4]);
      expect(await mgr("?start_gte=2099-06-30T09:00:00&start_lte=2099-07-01T10:00:00")).toEqual([1, 10, 11]);
    });

    it("state: 0–4 exact", async () => {
      expect(await mgr("?state=0")).toEqual([2, 11]);
      expect(await mgr("?state=1")).toEqual([1, 3, 4, 8, 10]);
      expect(await mgr("?state=2")).toEqual([]); // /api/participations/ has only positive states
      expect(await hr("?state=2")).toEqual([5]);
      expect(await hr("?state=3")).toEqual([9]);
      expect(await hr("?state=4")).toEqual([6]);
      expect(await ids("/api/users/me/participations/?state=4", T.veraAll)).toEqual([6]);
      expect(await ids("/api/users/3/participations/?state=1", T.managerAll)).toEqual([1, 8]);
    });

    it.each(["7", "x", "-1", "01", "1.0", "5"])("state=%s → 400", async (value) => {
      expect(await json(`/api/participations/?state=${value}`, T.managerAll, 400)).toEqual({ state: [`Select a valid choice. ${value} is not one of the available choices.`] });
    });

    it("event_type: multi-valued, ORed; each id must exist", async () => {
      expect(await mgr("?event_type=1")).toEqual([1, 2, 3, 4, 10, 11]);
      expect(await mgr("?event_type=2")).toEqual([8]);
      expect(await mgr("?event_type=1&event_type=2")).toEqual([1, 2, 3, 4, 8, 10, 11]);
      expect(await json("/api/participations/?event_type=99", T.managerAll, 400)).toEqual({ event_type: ["Select a valid choice. 99 is not one of the available choices."] });
      expect(await json("/api/participations/?event_type=1&event_type=99", T.managerAll, 400)).toEqual({ event_type: ["Select a valid choice. 99 is not one of the available choices."] });
    });

    it("event: multi-valued, ORed; each id must be an active event", async () => {
      expect(await mgr("?event=1")).toEqual([1, 2, 3, 4, 10, 11]);
      expect(await mgr("?event=3")).toEqual([8]);
      expect(await mgr("?event=1&event=3")).toEqual([1, 2, 3, 4, 8, 10, 11]);
      // An active event the user cannot view is a valid choice that filters to nothing.
      expect(await ids("/api/participations/?event=3", T.veraAll)).toEqual([]);
      expect(await json("/api/participations/?event=99", T.managerAll, 400)).toEqual({ event: ["Select a valid choice. 99 is not one of the available choices."] });
      expect(await json("/api/participations/?event=2", T.managerAll, 400)).toEqual({ event: ["Select a valid choice. 2 is not one of the available choices."] });
      expect(await json("/api/participations/?event=1&event=99&event=2", T.managerAll, 400)).toEqual({ event: ["Select a valid choice. 99 is not one of the available choices."] });
      expect(await json("/api/participations/?event=abc", T.managerAll, 400)).toEqual({ event: ["“abc” is not a valid value."] });
      expect(await json("/api/participations/?event=1&event=abc", T.managerAll, 400)).toEqual({ event: ["“abc” is not a valid value."] });
    });

    it("shift: multi-valued, ORed; each id must exist", async () => {
      expect(await mgr("?shift=2")).toEqual([10, 11]);
      expect(await mgr("?shift=1&shift=4")).toEqual([1, 2, 3, 4, 8]);
      // A shift of an inactive event exists: a valid choice, no rows.
      expect(await mgr("?shift=3")).toEqual([]);
      expect(await json("/api/participations/?shift=99", T.managerAll, 400)).toEqual({ shift: ["Select a valid choice. 99 is not one of the available choices."] });
      expect(await json("/api/participations/?shift=x1", T.managerAll, 400)).toEqual({ shift: ["“x1” is not a valid value."] });
    });

    it("filters on different parameters are ANDed; all endpoints take them", async () => {
      expect(await mgr("?event=1&state=0")).toEqual([2, 11]);
      expect(await mgr("?event_type=1&shift=1&state=1")).toEqual([1, 3, 4]);
      expect(await hr("?shift=2&state=3")).toEqual([9]);
      expect(await ids("/api/users/me/participations/?event=1&start_time_after=2099-07-01", T.veraAll)).toEqual([6]);
      expect(await ids("/api/users/3/participations/?event_type=2", T.managerAll)).toEqual([8]);
    });

    it("several invalid filters: every one reported", async () => {
      expect(await json("/api/participations/?event=99&event_type=98&shift=97", T.managerAll, 400)).toEqual({
        event_type: ["Select a valid choice. 98 is not one of the available choices."],
        event: ["Select a valid choice. 99 is not one of the available choices."],
        shift: ["Select a valid choice. 97 is not one of the available choices."],
      });
      expect(await json("/api/participations/?event=abc&state=9", T.managerAll, 400)).toEqual({
        state: ["Select a valid choice. 9 is not one of the available choices."],
        event: ["“abc” is not a valid value."],
      });
    });

    // django-filter reports every invalid field at once; here malformed values are reported first
    // and unknown ids once the values parse (docs/compatibility.md, "Differences from ephios").
    it("reports malformed values first, and unknown ids once the values parse", async () => {
      expect(await json("/api/participations/?event=99&state=9", T.managerAll, 400)).toEqual({
        state: ["Select a valid choice. 9 is not one of the available choices."],
      });
      expect(await json("/api/participations/?event=99&state=1", T.managerAll, 400)).toEqual({
        event: ["Select a valid choice. 99 is not one of the available choices."],
      });
    });

    it("authentication and permission checks come before filter validation", async () => {
      expect(await json("/api/participations/?event=99&state=x", null, 403)).toEqual(NOT_AUTHENTICATED);
      expect(await json("/api/participations/?event=99&state=x", T.veraMe, 403)).toEqual(PERMISSION_DENIED);
      expect(await json("/api/participations-userinfo/?event=99", T.veraAll, 403)).toEqual(PERMISSION_DENIED);
    });

    // The global view_userprofile check is part of the route's access guard, so it runs before
    // the query is validated, as DRF runs permission classes before any filtering.
    it("the view_userprofile check comes before the validation of malformed filter values", async () => {
      expect(await json("/api/participations-userinfo/?state=x", T.veraAll, 403)).toEqual(PERMISSION_DENIED);
      expect(await json("/api/users/3/participations/?start_time_after=garbage", T.olafAll, 403)).toEqual(PERMISSION_DENIED);
    });

    // django-filter skips empty single values; a model multiple choice filter checks every value
    // given, an empty one too (test/features/wire-parity.test.ts).
    it("empty values are ignored, except by the repeatable id filters", async () => {
      const all = [1, 2, 3, 4, 8, 10, 11];
      expect(await mgr("?state=&start_time_after=&end_time_before=&start_gte=&start_lte=")).toEqual(all);
      expect(await json("/api/participations/?event_type=", T.managerAll, 400)).toEqual({ event_type: ["“” is not a valid value."] });
      expect(await json("/api/participations/?event=&event=3", T.managerAll, 400)).toEqual({ event: ["“” is not a valid value."] });
    });

    it("bad datetimes → 400 Enter a valid date/time.", async () => {
      for (const [param, value] of [
        ["start_time_after", "2024-13-01"],
        ["start_time_before", "2024-02-30"],
        ["end_time_after", "yesterday"],
        ["end_time_before", "2099-06-30T25:00:00"],
        ["start_gte", "2099-06-30T09:00:00+02:00"], // an unencoded + becomes a space
        ["start_lte", "2099-06-30T09:00:00 02:00"],
      ]) {
        // The range's `_after`/`_before` are widget suffixes: django-filter keys the error by its field.
        const field = param.replace(/_(after|before)$/, "");
        expect(await json(`/api/participations/?${param}=${value}`, T.managerAll, 400), `${param}=${value}`).toEqual({ [field]: ["Enter a valid date/time."] });
      }
    });

    // BUG (src/lib/api/filters.ts, dateTimeParam): a value longer than 64 characters fails both
    // `.max(64, …)` and the `.refine(…)`, so the message is listed twice; Django lists it once.
    it("a very long datetime value: the message once", async () => {
      expect(await json(`/api/participations/?start_lte=${"2".repeat(5000)}`, T.managerAll, 400)).toEqual({ start_lte: ["Enter a valid date/time."] });
    });

    // BUG (src/lib/api/filters.ts, idListParam): a value longer than 32 characters fails both the
    // bare `.max(32)` (zod's own English text "Too big: expected string to have <=32 characters")
    // and the refine; Django answers one message of its own.
    it("a very long id value: one Django message, no zod text", async () => {
      for (const param of ["event", "event_type", "shift"]) {
        const body = await json(`/api/participations/?${param}=${"1".repeat(40)}`, T.managerAll, 400);
        expect(Object.keys(body)).toEqual([param]);
        expect(body[param]).toHaveLength(1);
        expect(body[param][0]).not.toMatch(/Too big/);
      }
    });
  });

  describe("pagination", () => {
    const LIST = `${ORIGIN}/api/participations/`;

    it("envelope, next and previous links, ordered by id", async () => {
      expect(await json("/api/participations/?limit=3", T.managerAll)).toMatchObject({ count: 7, next: pageLink(`${LIST}?limit=3&offset=3`), previous: null });
      const second = await json("/api/participations/?limit=3&offset=3", T.managerAll);
      expect(second).toMatchObject({ count: 7, next: pageLink(`${LIST}?limit=3&offset=6`), previous: `${LIST}?limit=3` });
      expect(second.results.map((r: Json) => r.id)).toEqual([4, 8, 10]);
      const third = await json("/api/participations/?limit=3&offset=6", T.managerAll);
      expect(third).toMatchObject({ count: 7, next: null, previous: `${LIST}?limit=3&offset=3` });
      expect(third.results.map((r: Json) => r.id)).toEqual([11]);
      const first = await json("/api/participations/?limit=3&offset=1", T.managerAll);
      expect(first).toMatchObject({ next: pageLink(`${LIST}?limit=3&offset=4`), previous: `${LIST}?limit=3` });
      expect(first.results.map((r: Json) => r.id)).toEqual([2, 3, 4]);
    });

    it("offset beyond count: empty results", async () => {
      expect(await json("/api/participations/?offset=100", T.managerAll)).toEqual({ count: 7, next: null, previous: `${LIST}?limit=100`, results: [] });
    });

    it("links keep the filters", async () => {
      const body = await json("/api/participations/?state=1&limit=2", T.managerAll);
      expect(body.count).toBe(5);
      const next = new URL(withoutPosition(body.next));
      expect(next.pathname).toBe("/api/participations/");
      expect(Object.fromEntries(next.searchParams)).toEqual({ state: "1", limit: "2", offset: "2" });
      expect(body.results.map((r: Json) => r.id)).toEqual([1, 3]);
      const page2 = await json(body.next, T.managerAll);
      expect(page2.results.map((r: Json) => r.id)).toEqual([4, 8]);
    });

    it("all four lists are paginated", async () => {
      expect(await json("/api/participations-userinfo/?limit=2", T.hannaAll)).toMatchObject({ count: 9, next: pageLink(`${ORIGIN}/api/participations-userinfo/?limit=2&offset=2`), previous: null });
      expect(await json("/api/users/me/participations/?limit=1", T.veraAll)).toMatchObject({ count: 2, next: pageLink(`${ORIGIN}/api/users/me/participations/?limit=1&offset=1`) });
      expect(await json("/api/users/3/participations/?limit=1&offset=2", T.managerAll)).toMatchObject({ count: 3, next: null, previous: `${ORIGIN}/api/users/3/participations/?limit=1&offset=1` });
    });

    it("invalid limit and offset fall back silently", async () => {
      for (const query of ["?limit=-5&offset=abc", "?limit=0", "?limit=abc", "?offset=-3", "?limit=1.5", "?limit=" + "9".repeat(400), "?limit=&offset="]) {
        const body = await json(`/api/participations/${query}`, T.managerAll);
        expect(body.results.map((r: Json) => r.id), query).toEqual([1, 2, 3, 4, 8, 10, 11]);
        expect(body.next, query).toBeNull();
      }
    });
  });

  describe("unsafe methods", () => {
    const send = (method: string, path: string, auth: string | { cookie: string } | null, headers: Record<string, string> = {}) =>
      getAs(path, auth, { method, body: method === "DELETE" ? undefined : "{}", headers: { "Content-Type": "application/json", ...headers } });

    const METHODS = ["POST", "PUT", "PATCH", "DELETE"];

    it("/api/participations/ and users/me/participations: 405 for anyone authenticated with the scope", async () => {
      for (const method of METHODS) {
        for (const [path, auths] of [
          ["/api/participations/", [T.veraAll, T.veraConfidential, T.olafAll, T.adminAll]],
          ["/api/participations/1/", [T.veraConfidential, T.adminAll]],
          ["/api/participations/999/", [T.olafAll]],
          ["/api/users/me/participations/", [T.veraMe, T.managerAll]],
          ["/api/users/me/participations/1/", [T.veraMe, T.olafAll]],
        ] as [string, string[]][]) {
          // PATCH on a participation of your own is the write route (test/features/participations-write.test.ts).
          if (method === "PATCH" && path === "/api/users/me/participations/1/") continue;
          for (const auth of auths) {
            const response = await send(method, path, auth);
            expect(response.status, `${method} ${path} ${auth}`).toBe(405);
            expect(await response.json()).toEqual({ detail: `Method "${method}" not allowed.` });
          }
        }
      }
    });

    it("without the read scope: 403; without credentials: 403 not authenticated", async () => {
      for (const method of METHODS) {
        expect(await (await send(method, "/api/participations/", T.veraMe)).json()).toEqual(PERMISSION_DENIED);
        expect(await (await send(method, "/api/users/me/participations/", T.veraConfidential)).json()).toEqual(PERMISSION_DENIED);
        expect(await (await send(method, "/api/participations-userinfo/", T.managerMe)).json()).toEqual(PERMISSION_DENIED);
        expect(await (await send(method, "/api/users/3/participations/1/", T.adminMe)).json()).toEqual(PERMISSION_DENIED);
        for (const path of ["/api/participations/", "/api/participations-userinfo/1/", "/api/users/me/participations/", "/api/users/3/participations/"]) {
          const response = await send(method, path, null);
          expect(response.status).toBe(403);
          expect(await response.json()).toEqual(NOT_AUTHENTICATED);
        }
      }
    });

    it("participations-userinfo and users/{id}/participations: 403 without the model permission, 405 with it", async () => {
      const paths = ["/api/participations-userinfo/", "/api/participations-userinfo/1/", "/api/users/3/participations/", "/api/users/3/participations/1/"];
      // [auth, methods answered 405 (the rest 403)]
      const cases: [string, string[]][] = [
        [T.veraAll, []],
        [T.hannaAll, []], // view_userprofile only
        [T.managerAll, ["POST", "PUT", "PATCH"]], // add_ and change_userprofile, no delete_
        [T.adamAll, ["POST", "DELETE"]], // add_ and delete_userprofile, not even view_
        [T.adminAll, METHODS],
      ];
      for (const path of paths) {
        for (const [auth, allowed] of cases) {
          for (const method of METHODS) {
            // PATCH on one userinfo participation is the responsibles' write route (participations-write.test.ts).
            if (method === "PATCH" && path === "/api/participations-userinfo/1/") continue;
            const response = await send(method, path, auth);
            const body = await response.json();
            if (allowed.includes(method)) {
              expect(response.status, `${method} ${path} ${auth}`).toBe(405);
              expect(body).toEqual({ detail: `Method "${method}" not allowed.` });
            } else {
              expect(response.status, `${method} ${path} ${auth}`).toBe(403);
              expect(body).toEqual(PERMISSION_DENIED);
            }
          }
        }
      }
    });

    it("sessions: CSRF first, then the same answers", async () => {
      const manager = { cookie: await login("manni@example.org", PASSWORD) };
      const noOrigin = await send("POST", "/api/participations/", manager);
      expect(noOrigin.status).toBe(403);
      expect(((await noOrigin.json()) as Json).detail).toMatch(/^CSRF Failed/);
      const post = await send("POST", "/api/participations/", manager, { Origin: ORIGIN });
      expect(post.status).toBe(405);
      const del = await send("DELETE", "/api/participations-userinfo/1/", manager, { Origin: ORIGIN });
      expect(del.status).toBe(403);
      expect(await del.json()).toEqual(PERMISSION_DENIED);
      const patch = await send("PATCH", "/api/users/3/participations/1/", manager, { Origin: ORIGIN });
      expect(patch.status).toBe(405);
    });

    it("nothing was changed by any of it", async () => {
      expect(await ids("/api/participations-userinfo/", T.adminAll)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
    });
  });

  describe("malformed input never gives a 500", () => {
    const weird = [
      "?limit=-5&offset=abc",
      "?event_type=",
      "?event_type=&event_type=&event_type=1",
      "?start_time_after=2024-13-01",
      "?state=" + "9".repeat(10000),
      "?event=" + "1".repeat(5000),
      "?event=" + "1".repeat(16),
      "?shift=" + "1,".repeat(2000),
      "?event_type=" + Array.from({ length: 150 }, (_, i) => i + 1).join("&event_type="),
      // 100 values each, the most accepted: more than D1's 100 bound parameters if bound one by one
      ["event", "shift", "event_type"].map((name) => Array.from({ length: 100 }, (_, i) => `${name}=${i + 1}`).join("&")).join("&").replace(/^/, "?"),
      "?event=1&event=1&event=1",
      "?state=0&state=1",
      "?state=1&state=x",
      "?limit=1&limit=2",
      "?start_time_after=2099-01-01&start_time_after=garbage",
      "?=&&&=x&%=%",
      "?state=%00",
      "?state=%F0%9F%98%80",
      "?event=%E2%80%9C1%E2%80%9D",
      // U+FFFD twice; invalid UTF-8 such as %FF%FE never reaches the filters (test/security/bad-input.test.ts).
      "?start_time_after=%EF%BF%BD%EF%BF%BD",
      "?start_time_after=2099-06-30T09:00:00.1234567",
      "?start_time_after=0000-01-01",
      "?start_time_after=9999-12-31T23:59:59-23:59",
      "?format=api",
      "?limit[]=1&state[]=1",
      "?" + "x=1&".repeat(2000),
    ];

    it.each(["/api/participations/", "/api/participations-userinfo/", "/api/users/me/participations/", "/api/users/3/participations/"])("%s", async (path) => {
      for (const query of weird) {
        const response = await getAs(`${path}${query}`, T.adminAll);
        const text = await response.text();
        expect([200, 400], `${path}${query.slice(0, 80)} → ${response.status} ${text.slice(0, 200)}`).toContain(response.status);
        const body = JSON.parse(text);
        if (response.status === 400) {
          for (const [key, messages] of Object.entries(body)) {
            expect(Array.isArray(messages), key).toBe(true);
            for (const message of messages as unknown[]) expect(typeof message).toBe("string");
          }
        } else {
          expect(Object.keys(body)).toEqual(["count", "next", "previous", "results"]);
        }
      }
    });

    it("repeated single-valued parameters: the last one counts (Django's QueryDict)", async () => {
      expect(await ids("/api/participations/?state=0&state=1", T.managerAll)).toEqual([1, 3, 4, 8, 10]);
      expect((await json("/api/participations/?limit=5&limit=1", T.managerAll)).results).toHaveLength(1);
      expect(await json("/api/participations/?state=1&state=x", T.managerAll, 400)).toEqual({ state: ["Select a valid choice. x is not one of the available choices."] });
    });

    it("a very long invalid value gives a 400 naming the parameter", async () => {
      const state = await json(`/api/participations/?state=${"9".repeat(10000)}`, T.managerAll, 400);
      expect(Object.keys(state)).toEqual(["state"]);
      const event = await json(`/api/participations/?event=${"1".repeat(5000)}`, T.managerAll, 400);
      expect(Object.keys(event)).toEqual(["event"]);
    });
  });
});

// =============================================================================================
// viewable_by, through /api/participations/ (and the userinfo list), world by world.

describe("viewable_by walk-through", () => {
  const W = { superuser: 1, planner: 2, volunteer: 3, hr: 4, outsider: 5, boss: 6, viewer: 7, editor: 8 } as const;
  const TOK = Object.fromEntries(Object.keys(W).map((name) => [name, `walk-${name}-token-0001`])) as Record<keyof typeof W, string>;

  interface Options {
    show: 0 | 1 | 2 | 3;
    /** The volunteer's own participation: its state and shift, or none. */
    volunteer?: { state: number; shift: number };
    active?: boolean;
    volunteersMayView?: boolean;
  }

  async function load({ show, volunteer, active = true, volunteersMayView = true }: Options) {
    await emptyDatabase();
    await loadWorld({
      format: "ephios-fixture/1",
      users: [
        { id: W.superuser, email: "rica@example.org", display_name: "Rica", is_superuser: true },
        { id: W.planner, email: "luisa@example.org", display_name: "Luisa" },
        { id: W.volunteer, email: "heinrich@example.org", display_name: "Heinrich" },
        { id: W.hr, email: "hanna@example.org", display_name: "Hanna" },
        { id: W.outsider, email: "olaf@example.org", display_name: "Olaf" },
        // Global view_event and change_event, nothing else.
        { id: W.boss, email: "boss@example.org", display_name: "Boss", permissions: ["view_event", "change_event"] },
        { id: W.viewer, email: "viktor@example.org", display_name: "Viktor" },
        // Global change_event, but no way to view the event.
        { id: W.editor, email: "edith@example.org", display_name: "Edith", permissions: ["change_event"] },
      ],
      groups: [
        { id: 1, name: "Planners", members: [W.planner], permissions: ["add_event"] },
        { id: 2, name: "Volunteers", members: [W.planner, W.volunteer, W.hr, W.viewer], permissions: [] },
        { id: 3, name: "HR", members: [W.hr], permissions: ["view_userprofile"] },
      ],
      event_types: [{ id: 1, title: "Type", show_participant_data: show }],
      events: [{ id: 1, title: "Event", type: 1, active }],
      event_permissions: [
        ...(volunteersMayView ? [{ event: 1, group: 2, permission: "view_event" }] : []),
        { event: 1, group: 1, permission: "view_event" },
        { event: 1, group: 1, permission: "change_event" },
      ],
      shifts: [shift(1, 1, "2099-06-30", "08:00:00", "12:00:00"), shift(2, 1, "2099-06-30", "13:00:00", "17:00:00")],
      participations: [
        { id: 1, shift: 1, kind: "local", user: W.planner, state: 1 },
        { id: 2, shift: 1, kind: "placeholder", display_name: "Max Extern", state: 0 },
        ...(volunteer ? [{ id: 3, kind: "local", user: W.volunteer, ...volunteer }] : []),
      ],
      api_tokens: Object.entries(W).map(([name, id]) => ({ id, user: id, token: TOK[name as keyof typeof W], scope: ALL_SCOPES })),
    });
  }

  const seen = (who: keyof typeof W) => ids("/api/participations/", TOK[who]);

  afterAll(emptyDatabase);

  it("ephios's test_show_participation_data_filter, step by step", async () => {
    await load({ show: 0 });
    expect((await seen("volunteer")).filter((id) => id === 1)).toEqual([1]);
    await load({ show: 1 });
    expect(await seen("volunteer")).toEqual([]);
    expect((await seen("planner")).filter((id) => id === 1)).toEqual([1]);
    await load({ show: 2 });
    expect(await seen("volunteer")).toEqual([]);
    expect((await seen("planner")).filter((id) => id !== 2)).toEqual([1]);
    await load({ show: 2, volunteer: { state: 1, shift: 1 } });
    expect(await seen("volunteer")).toEqual([3]);
    expect((await seen("planner")).filter((id) => id !== 2)).toEqual([1, 3]);
    await load({ show: 1, volunteer: { state: 1, shift: 1 } });
    expect((await seen("volunteer")).filter((id) => id !== 2)).toEqual([1, 3]);
    expect((await seen("planner")).filter((id) => id !== 2)).toEqual([1, 3]);
  });

  it.each([0, 3] as const)("show_participant_data=%s: everyone who can view the event sees all", async (show) => {
    await load({ show });
    expect(await seen("volunteer")).toEqual([1, 2]);
    expect(await seen("viewer")).toEqual([1, 2]);
    expect(await seen("hr")).toEqual([1, 2]);
    expect(await seen("planner")).toEqual([1, 2]);
    expect(await seen("boss")).toEqual([1, 2]);
    expect(await seen("superuser")).toEqual([1, 2]);
    expect(await seen("outsider")).toEqual([]);
    expect(await seen("editor")).toEqual([]);
  });

  it("show_participant_data=1: confirmed participants of the event (any shift) see all", async () => {
    await load({ show: 1, volunteer: { state: 1, shift: 2 } });
    expect(await seen("volunteer")).toEqual([1, 2, 3]);
    expect(await seen("viewer")).toEqual([]);
    // Global view_userprofile: every local participation, not the placeholder.
    expect(await seen("hr")).toEqual([1, 3]);
    // Responsibles (object or global change_event) and superusers: all.
    expect(await seen("planner")).toEqual([1, 2, 3]);
    expect(await seen("boss")).toEqual([1, 2, 3]);
    expect(await seen("superuser")).toEqual([1, 2, 3]);
    expect(await seen("outsider")).toEqual([]);
    expect(await seen("editor")).toEqual([]);
  });

  it("show_participant_data=1: a requested participant sees only their own", async () => {
    await load({ show: 1, volunteer: { state: 0, shift: 2 } });
    expect(await seen("volunteer")).toEqual([3]);
    expect(await seen("planner")).toEqual([1, 2, 3]);
  });

  it("show_participant_data=2: only responsibles, one's own, and holders of view_userprofile", async () => {
    await load({ show: 2, volunteer: { state: 1, shift: 2 } });
    expect(await seen("volunteer")).toEqual([3]);
    expect(await seen("viewer")).toEqual([]);
    expect(await seen("hr")).toEqual([1, 3]);
    expect(await seen("planner")).toEqual([1, 2, 3]);
    expect(await seen("boss")).toEqual([1, 2, 3]);
    expect(await seen("superuser")).toEqual([1, 2, 3]);
  });

  it("inactive events: hidden from everyone, superusers included", async () => {
    await load({ show: 0, volunteer: { state: 1, shift: 1 }, active: false });
    for (const who of Object.keys(W) as (keyof typeof W)[]) expect(await seen(who), who).toEqual([]);
    expect(await ids("/api/participations-userinfo/", TOK.superuser)).toEqual([]);
    expect(await ids("/api/users/me/participations/", TOK.volunteer)).toEqual([]);
  });

  it("events without view_event: hidden, even one's own participation; global view_event counts", async () => {
    await load({ show: 0, volunteer: { state: 1, shift: 1 }, volunteersMayView: false });
    expect(await seen("volunteer")).toEqual([]);
    expect(await seen("viewer")).toEqual([]);
    expect(await seen("hr")).toEqual([]);
    expect(await ids("/api/users/me/participations/", TOK.volunteer)).toEqual([]);
    expect(await json("/api/participations/3/", TOK.volunteer, 404)).toEqual(NOT_FOUND_PARTICIPATION);
    expect(await seen("planner")).toEqual([1, 2, 3]);
    expect(await seen("boss")).toEqual([1, 2, 3]);
    expect(await seen("superuser")).toEqual([1, 2, 3]);
  });

  it("userinfo applies the same walk plus the userinfo rules", async () => {
    await load({ show: 2, volunteer: { state: 1, shift: 2 } });
    // HR: global view_userprofile, so the list is open to them; the placeholder is hidden by viewable_by.
    expect(await ids("/api/participations-userinfo/", TOK.hr)).toEqual([1, 3]);
    expect(await ids("/api/participations-userinfo/", TOK.superuser)).toEqual([1, 2, 3]);
    expect(await json("/api/participations-userinfo/", TOK.planner, 403)).toEqual(PERMISSION_DENIED);
    // The volunteer's own list: only the local own participation.
    expect(await ids("/api/users/me/participations/", TOK.volunteer)).toEqual([3]);
    expect(await ids("/api/users/me/participations/", TOK.planner)).toEqual([1]);
  });
});

// =============================================================================================

describe("constant number of queries per page", () => {
  const USERS = 10;
  const SHIFTS = 12;
  const SUPER = "count-super-token-0001";
  const VOLUNTEER = "count-volunteer-token-0001";

  beforeAll(async () => {
    await emptyDatabase();
    const users = Array.from({ length: USERS }, (_, i) => ({
      id: i + 1,
      email: `user${i + 1}@example.org`,
      display_name: `User ${i + 1}`,
      is_superuser: i === 0,
      date_of_birth: bornYearsAgo(20 + i),
    }));
    const shifts = Array.from({ length: SHIFTS }, (_, i) => shift(i + 1, 1 + (i % 2), `2099-07-${String(i + 1).padStart(2, "0")}`, "08:00:00", "12:00:00"));
    const participations = [];
    let id = 0;
    for (const s of shifts) {
      for (const u of users) {
        id += 1;
        participations.push({
          id,
          shift: s.id,
          kind: "local",
          user: u.id,
          state: id % 2,
          comments: [
            { text: `comment ${id}`, visible_for: 2, authored_by_responsible: 1, created_at: "2099-06-01T10:00:00Z" },
            { text: `private ${id}`, visible_for: id % 3, created_at: "2099-06-02T10:00:00Z" },
          ],
        });
      }
      id += 1;
      participations.push({ id, shift: s.id, kind: "placeholder", display_name: `Extern ${id}`, state: 1 });
    }
    await loadWorld({
      format: "ephios-fixture/1",
      users,
      groups: [{ id: 1, name: "Volunteers", members: users.map((u) => u.id), permissions: ["view_userprofile"] }],
      qualification_categories: [{ id: 1, uuid: CAT.medical, title: "Medical" }],
      qualifications: [
        { id: 1, uuid: QU.rs, title: "RS", abbreviation: "RS", category: 1, includes: [2] },
        { id: 2, uuid: QU.san, title: "San", abbreviation: "San", category: 1, includes: [] },
      ],
      qualification_grants: users.map((u) => ({ user: u.id, qualification: 1 + (u.id % 2), expires: null })),
      event_types: [{ id: 1, title: "Service", show_participant_data: 0 }],
      events: [
        { id: 1, title: "One", type: 1, active: true },
        { id: 2, title: "Two", type: 1, active: true },
      ],
      event_permissions: [
        { event: 1, group: 1, permission: "view_event" },
        { event: 2, group: 1, permission: "view_event" },
        { event: 1, user: 2, permission: "change_event" },
      ],
      shifts,
      participations,
      api_tokens: [
        { id: 1, user: 1, token: SUPER, scope: ALL_SCOPES },
        { id: 2, user: 2, token: VOLUNTEER, scope: ALL_SCOPES },
      ],
    });
  });

  afterAll(emptyDatabase);

  it.each([
    ["/api/participations/", VOLUNTEER],
    ["/api/participations/", SUPER],
    ["/api/participations-userinfo/", VOLUNTEER],
    ["/api/participations-userinfo/", SUPER],
    ["/api/users/me/participations/", VOLUNTEER],
    ["/api/users/2/participations/", SUPER],
  ])("%s (%s): queries=N equal for limit=1 and limit=100", async (path, auth) => {
    // Both with the token remembered (src/auth/token-cache.ts): the first request of a token costs one round trip more.
    await (await getAs(`${path}?limit=1`, auth)).arrayBuffer();
    const one = await getAs(`${path}?limit=1`, auth);
    const hundred = await getAs(`${path}?limit=100`, auth);
    expect(one.status).toBe(200);
    expect(hundred.status).toBe(200);
    const bodyOne = (await one.json()) as Json;
    const bodyHundred = (await hundred.json()) as Json;
    expect(bodyOne.results).toHaveLength(1);
    expect(bodyHundred.results).toHaveLength(Math.min(100, bodyHundred.count));
    if (!path.includes("/users/")) expect(bodyHundred.count).toBeGreaterThanOrEqual(100);
    expect(d1Cost(hundred)).toEqual(d1Cost(one));
    // The same with filters applied.
    const filtered = await getAs(`${path}?limit=100&event=1&event_type=1&shift=1&shift=3&state=1&start_time_after=2099-01-01`, auth);
    expect(filtered.status).toBe(200);
    expect(d1Cost(filtered)).toEqual(d1Cost(one));
  });

  it.each([
    ["/api/participations/?limit=100", 1],
    ["/api/participations-userinfo/?limit=100&state=1", 2],
    ["/api/users/me/participations/", 2],
    ["/api/users/2/participations/", 1],
    ["/api/participations/1/", 1],
    ["/api/participations-userinfo/1/", 1],
    ["/api/users/me/participations/2/", 2],
  ])("%s (user %s): calls D1 twice with a token not seen before (the token, then the page or row with its count, comments and qualifications), once after", async (path, userId) => {
    const send = (token: string) => request(path, { headers: bearer(token) });
    expect(await roundTripsFirstAndAgain(send, userId, ALL_SCOPES)).toEqual({ first: 2, again: 1 });
  });

  it("the page is complete and ordered by id", async () => {
    const body = await json("/api/participations-userinfo/?limit=100", SUPER);
    const list = body.results.map((r: Json) => r.id);
    expect(list).toEqual([...list].sort((a: number, b: number) => a - b));
    expect(body.count).toBe(SHIFTS * (USERS + 1));
    expect(body.results[0].comments).toHaveLength(2);
  });
});

describe("a user's own participations", () => {
  const OWN = 300;
  const TOKEN = "own-participations-token-0123456789";

  beforeAll(async () => {
    await emptyDatabase();
    await loadWorld({
      format: "ephios-fixture/1",
      users: [{ id: 1, email: "vera@example.org", display_name: "Vera Volunteer" }],
      groups: [{ id: 1, name: "Volunteers", members: [1], permissions: [] }],
      event_types: [{ id: 1, title: "Service", show_participant_data: 0 }],
      events: [{ id: 1, title: "Season", type: 1, active: true }],
      event_permissions: [{ event: 1, group: 1, permission: "view_event" }],
      api_tokens: [{ id: 1, user: 1, token: TOKEN, scope: ALL_SCOPES }],
    });
    await env.DB.batch([
      env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO shifts (event_id, label, meeting_time, start_time, end_time, signup_flow_slug, signup_flow_configuration, structure_slug, structure_configuration)
         SELECT 1, 'Shift ' || i, 4100000000000 + i * 86400000, 4100000000000 + i * 86400000, 4100003600000 + i * 86400000, 'instant_confirmation', '{}', 'uniform', '{}' FROM n`,
      ).bind(OWN),
      env.DB.prepare(`INSERT INTO participations (shift_id, kind, user_id, state) SELECT id, 'local', 1, id % 3 FROM shifts`),
    ]);
  });

  afterAll(emptyDatabase);

  it("are paged in id order without reading all of them for the page", async () => {
    const rows = async (limit: number) => {
      await (await getAs(`/api/users/me/participations/?limit=${limit}`, TOKEN)).arrayBuffer();
      const response = await getAs(`/api/users/me/participations/?limit=${limit}`, TOKEN);
      expect(((await response.json()) as { count: number }).count).toBe(OWN);
      return d1Timing(response).rowsRead;
    };
    // The count reads each of them with its shift, event, type and permission probes, about six
    // rows each; a page that sorted all of them to return ten read as much again (4,240 rows here).
    expect(await rows(10)).toBeLessThan(7 * OWN);
  });
});
