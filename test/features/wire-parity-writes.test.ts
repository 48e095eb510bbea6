// The order of checks on writes as DRF has it (issue #14, item 7): the model permission before the
// body is read and before the object is looked up. ephios answers `POST /api/shifts/ {}` from the
// volunteer's PUBLIC_WRITE token and `DELETE /api/events/999/` from the volunteer with 403 "You
// do not have permission to perform this action.", not with the field list or a 404. Our write API
// also takes object permissions, so the early check passes whoever holds the route's permission
// globally or on any one event; the handler then decides per object as before.
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { type Access, accessOf } from "../../src/auth/access";
import { SCOPE_NAMES } from "../../src/auth/scopes";
import { REFUSES_METHOD } from "../../src/lib/http";
import { isBrowserPage } from "../../src/middleware/csrf";
import { resetWorld, snapshot } from "../helpers/db";
import { PERMISSION_DENIED, sendJson } from "../helpers/http";
import { d1Cost } from "../helpers/timing";

const TOKEN = {
  admin: "wpw-admin-token-0123456789",
  manager: "wpw-manager-token-0123456789",
  planner: "wpw-planner-token-0123456789",
  groupPlanner: "wpw-group-planner-token-0123456789",
  volunteer: "wpw-volunteer-token-0123456789",
  volunteerPublicWrite: "wpw-volunteer-public-write-0123456789",
  volunteerNoWriteScope: "wpw-volunteer-read-only-0123456789",
};

const RESPONSIBLES = 3;

function world() {
  const shift = (id: number, event: number) => ({
    id,
    event,
    meeting_time: "2099-06-01T08:00:00",
    start_time: "2099-06-01T08:00:00",
    end_time: "2099-06-01T16:00:00",
    signup_flow_slug: "instant_confirmation",
    structure_slug: "uniform",
  });
  const user = (id: number, name: string, extra: Record<string, unknown> = {}) => ({ id, email: `${name.toLowerCase()}@example.org`, display_name: name, password: null, ...extra });
  return {
    format: "ephios-fixture/1",
    users: [user(1, "Admin", { is_superuser: true, is_staff: true }), user(2, "Manager"), user(3, "Planner"), user(4, "Volunteer"), user(5, "Gruppenleitung")],
    groups: [
      // Global permissions: no query needed to let the manager through.
      { id: 1, name: "Managers", members: [2], permissions: ["view_event", "add_event", "change_event", "delete_event", "view_userprofile", "change_userprofile"] },
      { id: 2, name: "Helpers", members: [2, 3, 4, 5], permissions: [] },
      // An object permission through a group counts as one given to the user.
      { id: RESPONSIBLES, name: "Responsibles", members: [5], permissions: [] },
    ],
    event_types: [{ id: 1, title: "Dienst" }],
    events: [
      { id: 1, title: "Sanitätsdienst", location: "Halle", type: 1, active: true },
      { id: 2, title: "Ausbildung", location: "Wache", type: 1, active: true },
    ],
    event_permissions: [
      { event: 1, group: 2, permission: "view_event" },
      { event: 2, group: 2, permission: "view_event" },
      { event: 1, user: 3, permission: "change_event" },
      { event: 2, group: RESPONSIBLES, permission: "change_event" },
    ],
    shifts: [shift(1, 1), shift(2, 2)],
    participations: [
      { id: 1, shift: 1, kind: "local", user: 4, state: 0 },
      { id: 2, shift: 2, kind: "local", user: 4, state: 0 },
    ],
    api_tokens: [
      { id: 1, user: 1, token: TOKEN.admin, scope: SCOPE_NAMES },
      { id: 2, user: 2, token: TOKEN.manager, scope: SCOPE_NAMES },
      { id: 3, user: 3, token: TOKEN.planner, scope: SCOPE_NAMES },
      { id: 4, user: 5, token: TOKEN.groupPlanner, scope: SCOPE_NAMES },
      { id: 5, user: 4, token: TOKEN.volunteer, scope: SCOPE_NAMES },
      { id: 6, user: 4, token: TOKEN.volunteerPublicWrite, scope: ["PUBLIC_READ", "PUBLIC_WRITE"] },
      { id: 7, user: 4, token: TOKEN.volunteerNoWriteScope, scope: ["PUBLIC_READ"] },
    ],
  };
}

/** The status, the JSON content type and the body's exact text. */
async function expectAnswer(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(await response.text()).toBe(JSON.stringify(body));
}

beforeAll(() => resetWorld(world()));

describe("a write's permission is checked before its body and its object", () => {
  it("POST /api/shifts/ {} with the volunteer's PUBLIC_WRITE token: 403, not the field list", async () => {
    await expectAnswer(await sendJson("POST", "/api/shifts/", TOKEN.volunteerPublicWrite, {}), 403, PERMISSION_DENIED);
  });

  it("DELETE /api/events/999/ as the volunteer: 403, not 404", async () => {
    await expectAnswer(await sendJson("DELETE", "/api/events/999/", TOKEN.volunteer), 403, PERMISSION_DENIED);
  });

  it("a malformed body and a path id that is no number are refused the same way", async () => {
    await expectAnswer(await sendJson("PATCH", "/api/events/1/", TOKEN.volunteer, "{not json"), 403, PERMISSION_DENIED);
    await expectAnswer(await sendJson("PATCH", "/api/shifts/abc/", TOKEN.volunteer, {}), 403, PERMISSION_DENIED);
    await expectAnswer(await sendJson("PATCH", "/api/participations-userinfo/999/", TOKEN.volunteer, { state: "nonsense" }), 403, PERMISSION_DENIED);
  });

  it("the scope is still checked first, with the same text", async () => {
    await expectAnswer(await sendJson("POST", "/api/shifts/", TOKEN.volunteerNoWriteScope, {}), 403, PERMISSION_DENIED);
  });

  it("a planner with change_event on one event goes on to the field errors and the lookup", async () => {
    const missing = await sendJson("POST", "/api/shifts/", TOKEN.planner, {});
    expect(missing.status).toBe(400);
    expect(Object.keys((await missing.json()) as object)).toEqual(expect.arrayContaining(["event", "start_time", "end_time"]));
    await expectAnswer(await sendJson("PATCH", "/api/events/999/", TOKEN.planner, {}), 404, { detail: "No Event matches the given query." });
    await expectAnswer(await sendJson("PATCH", "/api/shifts/999/", TOKEN.planner, {}), 404, { detail: "No Shift matches the given query." });
    await expectAnswer(await sendJson("PATCH", "/api/participations-userinfo/999/", TOKEN.planner, {}), 404, { detail: "No AbstractParticipation matches the given query." });
    const invalid = await sendJson("PATCH", "/api/events/1/", TOKEN.planner, { title: "" });
    expect(invalid.status).toBe(400);
    expect(Object.keys((await invalid.json()) as object)).toEqual(["title"]);
  });

  it("per object as before: a visible event the planner may not change is 403, and each permission counts for itself", async () => {
    await expectAnswer(await sendJson("PATCH", "/api/events/2/", TOKEN.planner, {}), 403, PERMISSION_DENIED);
    // change_event on event 1 is no delete_event anywhere.
    await expectAnswer(await sendJson("DELETE", "/api/events/999/", TOKEN.planner), 403, PERMISSION_DENIED);
  });

  it("an object permission given to one of the user's groups counts", async () => {
    await expectAnswer(await sendJson("PATCH", "/api/events/999/", TOKEN.groupPlanner, {}), 404, { detail: "No Event matches the given query." });
    const changed = await sendJson("PATCH", "/api/shifts/2/", TOKEN.groupPlanner, { label: "Spät" });
    expect(changed.status).toBe(200);
  });

  it("costs no D1 statement for a holder of the global permission and one for an object permission's holder", async () => {
    // The same lookup that fails (404) after the check, so the handler's statements are equal.
    const global = d1Cost(await sendJson("PATCH", "/api/events/999/", TOKEN.manager, {}));
    const objectOnly = d1Cost(await sendJson("PATCH", "/api/events/999/", TOKEN.planner, {}));
    expect(objectOnly).toEqual({ queries: global.queries + 1, roundTrips: global.roundTrips + 1 });
    // Refused: the token's lookup and the check, nothing of the handler.
    const noScope = d1Cost(await sendJson("PATCH", "/api/events/999/", TOKEN.volunteerNoWriteScope, {}));
    const refused = d1Cost(await sendJson("PATCH", "/api/events/999/", TOKEN.volunteer, {}));
    expect(refused).toEqual({ queries: noScope.queries + 1, roundTrips: noScope.roundTrips + 1 });
  });
});

/** Every write route under /api/ (not a browser page, not a 405 refusal) with its access guard. */
function writeRoutes(): { key: string; method: string; path: string; access: Access }[] {
  const found = new Map<string, { key: string; method: string; path: string; access?: Access; refuses: boolean }>();
  for (const route of app.routes) {
    if (["ALL", "GET", "HEAD", "OPTIONS"].includes(route.method) || isBrowserPage(route.path)) continue;
    const key = `${route.method} ${route.path}`;
    const entry = found.get(key) ?? { key, method: route.method, path: route.path, refuses: false };
    entry.access ??= accessOf(route.handler);
    if ((route.handler as { [REFUSES_METHOD]?: boolean })[REFUSES_METHOD]) entry.refuses = true;
    found.set(key, entry);
  }
  return [...found.values()].filter((r) => !r.refuses && r.access).map((r) => ({ ...r, access: r.access! }));
}

/** Write routes that ask for no model permission, and why. */
const WITHOUT_MODEL_PERMISSION: Record<string, string> = {
  "POST /api/shifts/:id/signup/": "one's own sign-up (ME_WRITE)",
  "POST /api/shifts/:id/decline/": "one's own decline (ME_WRITE)",
  "PATCH /api/users/me/participations/:id/": "one's own participation (ME_WRITE)",
  "PATCH /api/users/me/": "one's own profile (ME_WRITE)",
  "PUT /api/events/:id/federation/": "staff, or change_event on the event: decided per event (no ephios counterpart)",
  "POST /api/federation/setup/": "the invite code is the credential",
  "DELETE /api/federation/guest/delete/": "a federated guest's own token",
  "POST /api/oauth/token/": "OAuth client authentication",
  "POST /api/oauth/revoke_token/": "OAuth client authentication",
  "POST /api/oauth/introspect/": "OAuth client authentication",
};

describe("every write route with a model permission refuses a caller who holds it nowhere, before anything else", () => {
  const routes = writeRoutes();
  const guarded = routes.filter((r) => r.access.kind === "scopes" && r.access.permission);

  it("every write route either names its permission or is listed as having none", () => {
    expect(guarded.length).toBeGreaterThan(8);
    const unlisted = routes.filter((r) => !guarded.includes(r) && !(r.key in WITHOUT_MODEL_PERMISSION)).map((r) => r.key);
    expect(unlisted).toEqual([]);
    expect(Object.keys(WITHOUT_MODEL_PERMISSION).filter((key) => !routes.some((r) => r.key === key))).toEqual([]);
  });

  it.each(guarded.map((r) => [r.key, r] as const))("%s: 403 to the volunteer for an empty, a malformed body and unknown ids; nothing changes", async (_key, route) => {
    const before = await snapshot();
    for (const id of ["999", "1", "abc"]) {
      const path = route.path.replace(/:\w+/g, id);
      for (const body of [{}, "{not json", undefined]) {
        const response = await sendJson(route.method, path, TOKEN.volunteer, body);
        expect(response.status, `${route.method} ${path} ${JSON.stringify(body)}`).toBe(403);
        expect(await response.json()).toEqual(PERMISSION_DENIED);
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});
