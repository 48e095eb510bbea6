/**
 * Whoever may view every active event (global view_event, as in ephios's "Verwaltung") counts
 * shifts and participations from the totals over the active events (`active_event_totals`, kept by
 * triggers of migration 0008) instead of a row per event: more events cost such a caller's lists
 * nothing, and the counts stay exact through sign-ups, deactivation and deletion.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type Page } from "../helpers/api";
import { resetWorld } from "../helpers/db";
import { bearer, request, sendJson } from "../helpers/http";
import { d1Timing } from "../helpers/timing";

const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const MANAGER = "global-counts-manager-token-0123456789";

function world() {
  const events = [1, 2, 3].map((id) => ({ id, title: `Dienst ${id}`, location: "Wache", type: 1, active: true }));
  const shifts = events.map((e) => ({
    id: e.id,
    event: e.id,
    meeting_time: `2099-05-0${e.id}T07:00:00`,
    start_time: `2099-05-0${e.id}T08:00:00`,
    end_time: `2099-05-0${e.id}T12:00:00`,
    signup_flow_slug: "instant_confirmation",
    structure_slug: "uniform",
    structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 9 },
  }));
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "manager@example.org", display_name: "Manni Manager" },
      { id: 2, email: "vera@example.org", display_name: "Vera Volunteer" },
    ],
    groups: [{ id: 1, name: "Verwaltung", members: [1], permissions: ["view_event", "change_event", "delete_event", "view_userprofile"] }],
    event_types: [{ id: 1, title: "Sanitätsdienst" }],
    events,
    shifts,
    participations: [
      { id: 1, shift: 1, kind: "local", user: 2, state: 1 },
      { id: 2, shift: 2, kind: "local", user: 2, state: 2 },
      { id: 3, shift: 3, kind: "placeholder", display_name: "Extern", state: 0 },
    ],
    api_tokens: [{ id: 1, user: 1, token: MANAGER, scope: ALL_SCOPES }],
  };
}

/** `count` and rows read of a list at limit=1, with the token remembered. */
async function list(path: string): Promise<{ count: number; rowsRead: number }> {
  await (await request(`${path}?limit=1`, { headers: bearer(MANAGER) })).arrayBuffer();
  const response = await request(`${path}?limit=1`, { headers: bearer(MANAGER) });
  expect(response.status).toBe(200);
  return { count: ((await response.json()) as Page).count, rowsRead: d1Timing(response).rowsRead };
}

const LISTS = ["/api/shifts/", "/api/participations/", "/api/participations-userinfo/"];

describe("counts of a holder of global view_event", () => {
  beforeAll(() => resetWorld(world()));

  it("are exact and read as many rows with 300 events more", async () => {
    const before = await Promise.all(LISTS.map(list));
    expect(before.map((l) => l.count)).toEqual([3, 2, 3]);
    // 300 active events later than the three, each with a shift and two participations (the
    // manager's CONFIRMED, Vera's USER_DECLINED): the pages still start at the three, only the
    // counts change.
    await env.DB.batch([
      env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
         INSERT INTO events (title, location, type_id, active) SELECT 'Später ' || i, 'Wache', 1, 1 FROM n`,
      ),
      env.DB.prepare(
        `INSERT INTO shifts (event_id, label, meeting_time, start_time, end_time, signup_flow_slug, signup_flow_configuration, structure_slug, structure_configuration)
         SELECT id, 'Spät', 4200000000000 + id, 4200000000000 + id, 4200003600000 + id, 'instant_confirmation', '{}', 'uniform', '{}' FROM events WHERE title LIKE 'Später %'`,
      ),
      env.DB.prepare(
        `INSERT INTO participations (shift_id, kind, user_id, state)
         SELECT s.id, 'local', k.value, k.value FROM shifts s JOIN events e ON e.id = s.event_id, json_each('[1, 2]') k WHERE e.title LIKE 'Später %'`,
      ),
    ]);
    const after = await Promise.all(LISTS.map(list));
    expect(after.map((l) => l.count)).toEqual([303, 302, 603]);
    for (const [i, path] of LISTS.entries()) expect(after[i].rowsRead, `${path}: ${before[i].rowsRead} rows before`).toBeLessThanOrEqual(before[i].rowsRead + 5);
  });

  it("follow a deactivation, a reactivation and a deletion through the API", async () => {
    expect((await sendJson("PATCH", "/api/events/2/", MANAGER, { active: false })).status).toBe(204);
    expect((await Promise.all(LISTS.map(list))).map((l) => l.count)).toEqual([302, 302, 602]);
    expect((await sendJson("PATCH", "/api/events/2/", MANAGER, { active: true })).status).toBe(204);
    expect((await sendJson("DELETE", "/api/events/1/?force=true", MANAGER)).status).toBe(204);
    expect((await Promise.all(LISTS.map(list))).map((l) => l.count)).toEqual([302, 301, 602]);
  });
});
