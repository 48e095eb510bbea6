/**
 * Planner statistics must not make a list dearer. Operators run `PRAGMA optimize` after every
 * migration (docs/operations.md) and the scheduled clean-up runs it too; once `sqlite_stat1` knows
 * that shifts and participations far outnumber events, SQLite may build a Bloom filter over the
 * events joined behind a page, by reading every event once per statement: the organisation's whole
 * history on every request. Each list is read before and after ANALYZE over a world whose visible
 * part is small and whose history is long; the rows read may differ by a few, never by the history.
 * Few groups, each holding permissions on many events, as in a small organisation: there a
 * non-covering permission index looked dearer to the planner than reading the whole table.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "cloudflare:workers";
import { resetWorld } from "../helpers/db";
import { bearer, request } from "../helpers/http";
import { d1Timing } from "../helpers/timing";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const TOKENS = {
  manager: "planner-statistics-manager-token-0123",
  volunteer: "planner-statistics-volunteer-token-01",
  guest: "planner-statistics-guest-token-012345",
};
const VISIBLE_EVENTS = 12;
/** Past events nobody but the manager sees, with their shifts and participations. */
const HISTORY_EVENTS = 800;

function smallWorld() {
  const events = Array.from({ length: VISIBLE_EVENTS }, (_, i) => ({ id: i + 1, title: `Dienst ${i + 1}`, location: "Wache", type: 1 + (i % 2), active: true }));
  const shifts = events.flatMap((e) =>
    [0, 1].map((s) => ({
      id: (e.id - 1) * 2 + s + 1,
      event: e.id,
      meeting_time: `2099-05-${String(e.id).padStart(2, "0")}T0${7 + s}:00:00`,
      start_time: `2099-05-${String(e.id).padStart(2, "0")}T0${8 + s}:00:00`,
      end_time: `2099-05-${String(e.id).padStart(2, "0")}T1${2 + s}:00:00`,
      signup_flow_slug: "instant_confirmation",
      structure_slug: "uniform",
      structure_configuration: { minimum_number_of_participants: 1, maximum_number_of_participants: 4 },
    })),
  );
  const participations = shifts.flatMap((s, i) => [
    { id: 2 * i + 1, shift: s.id, kind: "local", user: 3, state: 1 },
    { id: 2 * i + 2, shift: s.id, kind: "local", user: 4 + (i % 20), state: 0 },
  ]);
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 2, email: "manager@example.org", display_name: "Manni Manager" },
      { id: 3, email: "volunteer@example.org", display_name: "Vera Volunteer" },
      ...Array.from({ length: 20 }, (_, i) => ({ id: 4 + i, email: `person${4 + i}@example.org`, display_name: `Person ${4 + i}` })),
    ],
    groups: [
      { id: 1, name: "Verwaltung", members: [2], permissions: ["view_event", "change_event", "view_userprofile"] },
      { id: 2, name: "Helfende", members: [3], permissions: [] },
    ],
    event_types: [
      { id: 1, title: "Sanitätsdienst", show_participant_data: 0 },
      { id: 2, title: "Ausbildung", show_participant_data: 1 },
    ],
    events,
    event_permissions: events.flatMap((e) => [
      { event: e.id, group: 2, permission: "view_event" },
      { event: e.id, group: 1, permission: "view_event" },
    ]),
    shifts,
    participations,
    api_tokens: [
      { id: 1, user: 2, token: TOKENS.manager, scope: ALL_SCOPES },
      { id: 2, user: 3, token: TOKENS.volunteer, scope: ALL_SCOPES },
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: TOKENS.guest, client_id: "guest-client", client_secret: "guest-secret-0123456789" }],
    event_shares: events.slice(0, 6).map((e) => ({ event: e.id, guest: 1 })),
  };
}

/** The history: past events of the manager's group only, four shifts each, six participations per shift. */
async function addHistory() {
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
       INSERT INTO events (title, location, type_id, active) SELECT 'Früher ' || i, 'Wache', 1, 1 FROM n`,
    ).bind(HISTORY_EVENTS),
    env.DB.prepare(`INSERT INTO event_group_permissions (event_id, group_id, permission) SELECT id, 1, 'view_event' FROM events WHERE title LIKE 'Früher %'`),
    env.DB.prepare(
      `WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 3)
       INSERT INTO shifts (event_id, label, meeting_time, start_time, end_time, signup_flow_slug, signup_flow_configuration, structure_slug, structure_configuration)
       SELECT e.id, 'Früh', 4000000000000 + e.id * 86400000 + k.j * 3600000, 4000000000000 + e.id * 86400000 + k.j * 3600000,
              4000000000000 + e.id * 86400000 + k.j * 3600000 + 7200000, 'instant_confirmation', '{}', 'uniform', '{}'
       FROM events e CROSS JOIN k WHERE e.title LIKE 'Früher %'`,
    ),
    env.DB.prepare(
      `WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 5)
       INSERT INTO participations (shift_id, kind, user_id, state)
       SELECT s.id, 'local', 4 + ((s.id + k.j) % 20), k.j % 3 FROM shifts s JOIN events e ON e.id = s.event_id CROSS JOIN k WHERE e.title LIKE 'Früher %'`,
    ),
  ]);
}

const LISTS: [string, keyof typeof TOKENS][] = [
  ["/api/events/?limit=10", "manager"],
  ["/api/events/?limit=10", "volunteer"],
  ["/api/shifts/?limit=10", "manager"],
  ["/api/shifts/?limit=10", "volunteer"],
  ["/api/shifts/?limit=10&start_time_after=2099-01-01", "volunteer"],
  ["/api/participations/?limit=10", "manager"],
  ["/api/participations/?limit=10", "volunteer"],
  ["/api/participations/?limit=10&event_type=2", "volunteer"],
  ["/api/participations-userinfo/?limit=10", "manager"],
  ["/api/users/me/participations/?limit=10", "volunteer"],
  ["/api/federation/events/?limit=10", "guest"],
];

async function rowsRead(path: string, caller: keyof typeof TOKENS): Promise<number> {
  // Twice: the first request of a token in this isolate also looks the token up.
  await (await request(path, { headers: bearer(TOKENS[caller]) })).arrayBuffer();
  const response = await request(path, { headers: bearer(TOKENS[caller]) });
  expect(response.status, path).toBe(200);
  return d1Timing(response).rowsRead;
}

describe("planner statistics", () => {
  const before = new Map<string, number>();

  beforeAll(async () => {
    await resetWorld(smallWorld());
    await addHistory();
    for (const [path, caller] of LISTS) before.set(`${caller} ${path}`, await rowsRead(path, caller));
    await env.DB.prepare("ANALYZE").run();
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl IN ('events', 'shifts', 'participations')").first<{ n: number }>())!;
    expect(n).toBeGreaterThan(0);
  });

  it.each(LISTS)("do not make %s read the history (%s)", async (path, caller) => {
    const was = before.get(`${caller} ${path}`)!;
    const now = await rowsRead(path, caller);
    // The history is 800 events with 3,200 shifts and 19,200 participations: a plan that reads any
    // of its tables once costs 800 rows more at least.
    expect(now, `${was} rows before ANALYZE`).toBeLessThanOrEqual(was + 40);
  });
});
