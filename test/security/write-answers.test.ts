/**
 * A write's answer shows at most what the same caller's GET of the written object shows right
 * after it, or nothing (issue 12, item 2). It started from `PATCH /api/participations-userinfo/{id}/`
 * with `{}`, which answered email, date of birth, age and comments to a planner whose token lacked
 * CONFIDENTIAL_READ and who lacked view_userprofile (the GET was 403).
 *
 * A walker: every write route the app registers × callers with different scopes and permissions.
 * After each successful write the caller GETs every detail route of the object; the answer's fields
 * must be fields of one of the GETs that succeeded, with equal values (and its ETag that GET's), and
 * without any GET that succeeds the answer has no body and no ETag. A new write route without a case
 * here fails "every write route has a case".
 */
import { isDeepStrictEqual } from "node:util";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { SCOPE_NAMES, type Scope } from "../../src/auth/scopes";
import { participations } from "../../src/db/schema";
import { REFUSES_METHOD } from "../../src/lib/http";
import { isBrowserPage } from "../../src/middleware/csrf";
import { REQUESTED } from "../helpers/api";
import { resetWorld, testDb } from "../helpers/db";
import { ORIGIN, bearer, login, request } from "../helpers/http";
import { stadtfestEvent } from "../helpers/world";

const HELPERS_GROUP = 3;
const GUEST_TOKEN = "wa-guest-token-0123456789";
const ADMIN_TOKEN = "wa-admin-setup-token-0123456789";

const USERS = {
  admin: { id: 1, email: "admin@example.org", password: "wa-admin-password" },
  manager: { id: 2, email: "manager@example.org", password: "wa-manager-password" },
  planner: { id: 3, email: "planner@example.org", password: "wa-planner-password" },
  volunteer: { id: 4, email: "volunteer@example.org", password: "wa-volunteer-password" },
} as const;
type UserName = keyof typeof USERS;

/** Token scope sets: the write scopes alone, the demo planner's (no CONFIDENTIAL_READ), all six. */
const SCOPE_SETS: Record<string, Scope[]> = {
  "write scopes only": ["PUBLIC_WRITE", "ME_WRITE", "CONFIDENTIAL_WRITE"],
  "all but CONFIDENTIAL_READ": SCOPE_NAMES.filter((s) => s !== "CONFIDENTIAL_READ"),
  "all scopes": SCOPE_NAMES,
};
const tokenOf = (user: UserName, set: string) => `wa-${user}-${set.replaceAll(" ", "-")}-token`;

function world() {
  const userRow = (name: UserName, displayName: string, extra: Record<string, unknown> = {}) => ({
    id: USERS[name].id,
    email: USERS[name].email,
    display_name: displayName,
    password: USERS[name].password,
    ...extra,
  });
  const event = stadtfestEvent(HELPERS_GROUP, null);
  return {
    format: "ephios-fixture/1",
    users: [
      userRow("admin", "Ada Admin", { is_staff: true, is_superuser: true }),
      userRow("manager", "Manni Manager", { date_of_birth: "1980-02-03" }),
      userRow("planner", "Paula Planner"),
      userRow("volunteer", "Vera Volunteer", { date_of_birth: "2010-05-01", phone: "+49 170 1111111" }),
      { id: 5, email: "otto@example.org", display_name: "Otto Other", password: null, date_of_birth: "1999-09-09", phone: "+49 170 2222222" },
    ],
    groups: [
      {
        id: 1,
        name: "Managers",
        members: [2],
        permissions: ["view_userprofile", "add_userprofile", "change_userprofile", "delete_userprofile", "view_event", "add_event", "change_event", "delete_event"],
      },
      // Planners may change users without reading them: the combination a write answer must not betray.
      { id: 2, name: "Planners", members: [3], permissions: ["add_event", "view_event", "add_userprofile", "change_userprofile"] },
      { id: HELPERS_GROUP, name: "Helpers", members: [3, 4, 5], permissions: [] },
    ],
    // The manager sees event 1 only through the global view_event (shifts, participations), not on /api/events/.
    ...event,
    event_permissions: [...event.event_permissions, { event: 1, user: 3, permission: "change_event" }],
    participations: [1, 2, 3, 4, 5].map((user) => ({
      id: user,
      shift: 1,
      kind: "local",
      user,
      state: REQUESTED,
      comments: [{ text: `note on ${user}`, visible_for: 2, authored_by_responsible: 1, created_at: "2099-06-01T10:00:00Z" }],
    })),
    api_tokens: [
      { id: 1, user: 1, token: ADMIN_TOKEN, scope: SCOPE_NAMES },
      ...Object.keys(USERS).flatMap((name, u) =>
        Object.entries(SCOPE_SETS).map(([set, scope], s) => ({ id: 10 + u * 10 + s, user: USERS[name as UserName].id, token: tokenOf(name as UserName, set), scope })),
      ),
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: GUEST_TOKEN, client_id: "c", client_secret: "s" }],
  };
}

interface Caller {
  name: string;
  /** null: the federated guest instance's token. */
  userId: number | null;
  headers: Record<string, string>;
}

let callers: Caller[] = [];

beforeAll(async () => {
  await resetWorld(world());
  const sessions = await Promise.all(
    Object.entries(USERS).map(async ([name, user]) => ({ name: `${name}, session`, userId: user.id, headers: { Cookie: await login(user.email, user.password) } })),
  );
  callers = [
    ...Object.entries(USERS).flatMap(([name, user]) => Object.keys(SCOPE_SETS).map((set) => ({ name: `${name}, token with ${set}`, userId: user.id, headers: bearer(tokenOf(name as UserName, set)) }))),
    ...sessions,
    { name: "federated guest's token", userId: null, headers: bearer(GUEST_TOKEN) },
  ];
});

interface Answer {
  status: number;
  etag: string | null;
  location: string | null;
  text: string;
}

async function send(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const response = await request(path, {
    method,
    headers: { Origin: ORIGIN, ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, etag: response.headers.get("ETag"), location: response.headers.get("Location"), text: await response.text() };
}

/** Makes what a write needs as the admin, so each caller writes on a fresh object where it must. */
let fresh = 0;
async function made(path: string, body: Record<string, unknown>): Promise<number> {
  const answer = await send("POST", path, bearer(ADMIN_TOKEN), body);
  expect(answer.status, `setup ${path}: ${answer.text}`).toBe(201);
  return Number(/\/(\d+)\/$/.exec(answer.location ?? "")?.[1] ?? JSON.parse(answer.text).id);
}
const freshEvent = () => made("/api/events/", { title: `Fresh ${++fresh}`, location: "Hof", type: 1, visible_for: [HELPERS_GROUP] });
/** An instant-confirmation shift of event 1 on a day of its own, so sign-ups never overlap. */
function shiftBody() {
  const day = new Date(Date.UTC(2099, 7, 1) + ++fresh * 86_400_000).toISOString().slice(0, 10);
  return {
    event: 1,
    start_time: `${day}T08:00:00`,
    end_time: `${day}T12:00:00`,
    signup_flow_slug: "instant_confirmation",
    structure_slug: "uniform",
    structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 10 },
  };
}
const freshShift = () => made("/api/shifts/", shiftBody());
const freshUser = () => made("/api/users/", { email: `fresh${++fresh}@example.org`, display_name: `Fresh ${fresh}` });

/** The id a creation answered: from its `Location`, else from its body; null when it shows neither. */
function createdId(answer: Answer): number | null {
  const fromLocation = /\/(\d+)\/$/.exec(answer.location ?? "")?.[1];
  if (fromLocation) return Number(fromLocation);
  const id = answer.text ? (JSON.parse(answer.text) as { id?: unknown }).id : undefined;
  return typeof id === "number" ? id : null;
}

/** The detail GETs of each kind of object. */
const READS = {
  event: (id: number) => [`/api/events/${id}/`],
  shift: (id: number) => [`/api/shifts/${id}/`],
  shares: (eventId: number) => [`/api/events/${eventId}/federation/`],
  user: (id: number, caller: Caller) => [`/api/users/${id}/`, ...(id === caller.userId ? ["/api/users/me/"] : [])],
  participation: (id: number, userId: number) => [`/api/users/me/participations/${id}/`, `/api/participations-userinfo/${id}/`, `/api/participations/${id}/`, `/api/users/${userId}/participations/${id}/`],
};

async function participationOf(shiftId: number, userId: number): Promise<number | null> {
  const [row] = await testDb()
    .select({ id: participations.id })
    .from(participations)
    .where(and(eq(participations.shiftId, shiftId), eq(participations.userId, userId)));
  return row?.id ?? null;
}

interface Write {
  path: string;
  body?: unknown;
  /** The detail GETs of the object written, once the answer is in. */
  reads: (answer: Answer) => Promise<string[]> | string[];
}

/** Per write route (method and path as registered): named variants, each a write for a caller. */
const CASES: Record<string, Record<string, (caller: Caller) => Promise<Write> | Write>> = {
  "POST /api/events/": {
    create: () => ({ path: "/api/events/", body: { title: "Neu", location: "Hof", type: 1, visible_for: [HELPERS_GROUP] }, reads: (a) => READS.event(createdId(a) ?? 0) }),
  },
  "PATCH /api/events/:id/": {
    "change event 1": () => ({ path: "/api/events/1/", body: { description: "Mit Umzug" }, reads: () => READS.event(1) }),
    "deactivate a fresh event": async () => {
      const id = await freshEvent();
      return { path: `/api/events/${id}/`, body: { active: false }, reads: () => READS.event(id) };
    },
  },
  "DELETE /api/events/:id/": {
    delete: async () => {
      const id = await freshEvent();
      return { path: `/api/events/${id}/`, reads: () => READS.event(id) };
    },
  },
  "POST /api/shifts/": {
    create: () => ({ path: "/api/shifts/", body: shiftBody(), reads: (a) => READS.shift(createdId(a) ?? 0) }),
  },
  "PATCH /api/shifts/:id/": {
    "change shift 1": () => ({ path: "/api/shifts/1/", body: { label: "Früh" }, reads: () => READS.shift(1) }),
  },
  "DELETE /api/shifts/:id/": {
    delete: async () => {
      const id = await freshShift();
      return { path: `/api/shifts/${id}/`, reads: () => READS.shift(id) };
    },
  },
  "POST /api/shifts/:id/signup/": {
    "sign up": async (caller) => {
      const id = await freshShift();
      const participation = async () => (caller.userId === null ? null : participationOf(id, caller.userId));
      return { path: `/api/shifts/${id}/signup/`, body: { comment: "Bringe Kaffee" }, reads: async () => READS.participation((await participation()) ?? 0, caller.userId ?? 0) };
    },
  },
  "POST /api/shifts/:id/decline/": {
    decline: async (caller) => {
      const id = await freshShift();
      const participation = async () => (caller.userId === null ? null : participationOf(id, caller.userId));
      return { path: `/api/shifts/${id}/decline/`, body: {}, reads: async () => READS.participation((await participation()) ?? 0, caller.userId ?? 0) };
    },
  },
  "PATCH /api/users/me/participations/:id/": {
    // Participation n is user n's, in shift 1.
    "own times": (caller) => ({ path: `/api/users/me/participations/${caller.userId ?? 0}/`, body: { individual_start_time: null }, reads: () => READS.participation(caller.userId ?? 0, caller.userId ?? 0) }),
  },
  "PATCH /api/participations-userinfo/:id/": {
    "empty body": () => ({ path: "/api/participations-userinfo/5/", body: {}, reads: () => READS.participation(5, 5) }),
    confirm: () => ({ path: "/api/participations-userinfo/5/", body: { state: 1 }, reads: () => READS.participation(5, 5) }),
    // Rejected participations are not on /api/participations/.
    reject: () => ({ path: "/api/participations-userinfo/5/", body: { state: 3 }, reads: () => READS.participation(5, 5) }),
    "back to requested": () => ({ path: "/api/participations-userinfo/5/", body: { state: 0 }, reads: () => READS.participation(5, 5) }),
  },
  "PATCH /api/users/me/": {
    "own name": (caller) => ({ path: "/api/users/me/", body: { phone: "+49 170 3333333" }, reads: () => READS.user(caller.userId ?? 0, caller) }),
  },
  "POST /api/users/": {
    create: (caller) => ({ path: "/api/users/", body: { email: `new${++fresh}@example.org`, display_name: "Neu", phone: "+49 170 4444444" }, reads: (a) => READS.user(createdId(a) ?? 0, caller) }),
  },
  "PATCH /api/users/:id/": {
    "change Otto": (caller) => ({ path: "/api/users/5/", body: { phone: "+49 170 5555555" }, reads: () => READS.user(5, caller) }),
  },
  "DELETE /api/users/:id/": {
    deactivate: async (caller) => {
      const id = await freshUser();
      return { path: `/api/users/${id}/`, reads: () => READS.user(id, caller) };
    },
  },
  "PUT /api/events/:id/federation/": {
    "share event 1": () => ({ path: "/api/events/1/federation/", body: { guests: [1] }, reads: () => READS.shares(1) }),
  },
  // Last: it ends the guest (no GET shows a guest its own row).
  "DELETE /api/federation/guest/delete/": {
    "end the federation": () => ({ path: "/api/federation/guest/delete/", reads: () => [] }),
  },
};

/** Write routes whose answers are credentials made for the caller, not an object a GET shows. */
const NOT_OBJECT_WRITES: Record<string, string> = {
  "POST /api/federation/setup/": "answers the redeeming guest instance its own new token, as ephios's federation protocol does (test/features/federation/host)",
  "POST /api/oauth/token/": "OAuth 2 token endpoint: answers the authenticated client its tokens (test/oauth)",
  "POST /api/oauth/revoke_token/": "RFC 7009: answers nothing (test/oauth)",
  "POST /api/oauth/introspect/": "RFC 7662: tells the authenticated client about its own tokens (test/oauth)",
  "POST /api/users/:id/password-link/": "answers the one-time link it created, shown only there, and nothing of the user (test/security/account-admin.test.ts)",
};

/** Every method and path under /api/ that writes: not a browser page, not one of the 405 refusals. */
function writeRoutes(): string[] {
  const routes = new Set<string>();
  const refusals = new Set<string>();
  for (const route of app.routes) {
    if (["ALL", "GET", "HEAD", "OPTIONS"].includes(route.method) || isBrowserPage(route.path)) continue;
    const key = `${route.method} ${route.path}`;
    routes.add(key);
    if ((route.handler as { [REFUSES_METHOD]?: boolean })[REFUSES_METHOD]) refusals.add(key);
  }
  return [...routes].filter((key) => !refusals.has(key));
}

interface Read {
  path: string;
  status: number;
  etag: string | null;
  json: Record<string, unknown> | null;
}

/** What is wrong with `answer` given the caller's GETs right after it, or null. */
function problemWith(answer: Answer, reads: Read[]): string | null {
  const readable = reads.filter((read) => read.status === 200 && read.json);
  const refused = reads.map((read) => `${read.path} ${read.status}`).join(", ") || "no GET exists";
  const shown = (answer.text ? JSON.parse(answer.text) : {}) as Record<string, unknown>;
  if (!Object.keys(shown).length) return answer.etag && !readable.some((read) => read.etag === answer.etag) ? `an ETag ${answer.etag} no GET sends (${refused})` : null;
  if (!readable.length) return `a body while every GET is refused (${refused}): ${answer.text.slice(0, 300)}`;
  const fits = (read: Read) => Object.entries(shown).every(([field, value]) => read.json && field in read.json && isDeepStrictEqual(value, read.json[field]));
  const match = readable.find(fits);
  if (!match) {
    const [closest] = readable;
    const extra = Object.keys(shown).filter((field) => !(field in closest.json!) || !isDeepStrictEqual(shown[field], closest.json![field]));
    return `fields no GET shows so (${extra.join(", ")}; compared with ${readable.map((r) => r.path).join(", ")})`;
  }
  if (answer.etag && answer.etag !== match.etag) return `ETag ${answer.etag}, but ${match.path} sends ${match.etag}`;
  return null;
}

describe("write answers", () => {
  it("every write route has a case, and every case a route", () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const covered = new Set([...Object.keys(CASES), ...Object.keys(NOT_OBJECT_WRITES)]);
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((key) => !routes.includes(key))).toEqual([]);
  });

  const writes = Object.entries(CASES).flatMap(([route, variants]) => Object.entries(variants).map(([variant, prepare]) => [`${route} (${variant})`, route, prepare] as const));

  // Every caller in turn, each answer compared with the GETs right after it; the timeout is a hang
  // guard for the whole matrix on a busy machine, not a performance threshold.
  it.each(writes)("%s: answers at most what the caller's GET shows", async (_name, route, prepare) => {
    const method = route.split(" ")[0];
    const problems: string[] = [];
    const refusals = new Set<string>();
    let successes = 0;
    for (const caller of callers) {
      const write = await prepare(caller);
      const answer = await send(method, write.path, caller.headers, write.body);
      if (answer.status >= 300) {
        // Who may write is tested elsewhere; here a refusal only must not be a crash.
        if (answer.status >= 500) problems.push(`${caller.name}: ${answer.status}`);
        refusals.add(`${answer.status} ${answer.text.slice(0, 120)}`);
        continue;
      }
      successes++;
      const reads = await Promise.all(
        (await write.reads(answer)).map(async (path) => {
          const read = await send("GET", path, caller.headers);
          return { path, status: read.status, etag: read.etag, json: read.status === 200 ? (JSON.parse(read.text) as Record<string, unknown>) : null };
        }),
      );
      const problem = problemWith(answer, reads);
      if (problem) problems.push(`${caller.name} (${answer.status}): ${problem}`);
    }
    expect(successes, `no caller's write succeeded, the case tests nothing: ${[...refusals].join("; ")}`).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 300_000);
});
