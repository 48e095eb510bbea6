/**
 * Issue 13, item 3: the event columns derived from shifts and participations (migration 0006)
 * and their totals over the active events (migration 0008) never drift. The check (`eventCounterDrift`, run by `npm run db:check`) finds a value corrupted
 * by hand, and nothing on the demo data; random writes through the Worker's API and pages, and
 * deletes that cascade, leave nothing for it to find.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import demo from "../../fixtures/demo.json";
import { describeDrift, eventCounterDrift } from "../../src/db/integrity";
import { CONFIRMED, GETTING_DISPATCHED, REQUESTED, USER_DECLINED } from "../helpers/api";
import { resetWorld, testDb } from "../helpers/db";
import { federatedLogIn } from "../helpers/federation";
import { postForm, sendJson } from "../helpers/http";

describe("eventCounterDrift", () => {
  it("finds nothing on the demo data, and every value corrupted by hand", async () => {
    await resetWorld(demo);
    const db = testDb();
    expect(await eventCounterDrift(db)).toEqual({ events: demo.events.length, drift: [] });

    // Event 1 of the demo has shifts and participations; the triggers fire only on shifts and
    // participations, so a direct write to the event sticks.
    const [before] = await db.all<Record<string, number | null>>(sql`SELECT * FROM events WHERE id = 1`);
    expect(before.shift_count).toBeGreaterThan(0);
    expect(before.participation_count).toBeGreaterThan(0);
    expect(before.active).toBe(1);
    const [totals] = await db.all<Record<string, number>>(sql`SELECT * FROM active_event_totals`);
    // Each derived column of event 1 off in its own way, and one of event 2.
    await db.run(sql`UPDATE events SET start_time = start_time - 1, end_time = NULL, shift_count = shift_count + 1, participation_count = 0,
      positive_participation_count = positive_participation_count - 1, local_participation_count = 1000, local_positive_participation_count = -1 WHERE id = 1`);
    await db.run(sql`UPDATE events SET start_time = 0 WHERE id = 2`);
    const report = await eventCounterDrift(db);
    expect(report.events).toBe(demo.events.length);
    const off = (column: string, stored: number | null) => ({ eventId: 1, column, stored, expected: before[column] });
    expect(report.drift).toEqual([
      off("start_time", before.start_time! - 1),
      off("end_time", null),
      off("shift_count", before.shift_count! + 1),
      off("participation_count", 0),
      off("positive_participation_count", before.positive_participation_count! - 1),
      off("local_participation_count", 1000),
      off("local_positive_participation_count", -1),
      { eventId: 2, column: "start_time", stored: 0, expected: expect.any(Number) },
      // The totals over the active events follow the stored counters of event 1 (their triggers
      // fire on the event), so they are off by as much.
      ...[
        ["shift_count", 1],
        ["participation_count", -before.participation_count!],
        ["positive_participation_count", -1],
        ["local_participation_count", 1000 - before.local_participation_count!],
        ["local_positive_participation_count", -1 - before.local_positive_participation_count!],
      ].map(([column, by]) => ({ eventId: null, column, stored: totals[column as string] + (by as number), expected: totals[column as string] })),
    ]);
    expect(describeDrift(report.drift[8])).toBe(`totals over the active events: shift_count is ${totals.shift_count + 1}, expected ${totals.shift_count}`);
    expect(report.drift.slice(1, 3).map(describeDrift)).toEqual([
      `event 1: end_time is null, expected ${new Date(before.end_time!).toISOString()} (${before.end_time})`,
      `event 1: shift_count is ${before.shift_count! + 1}, expected ${before.shift_count}`,
    ]);
    expect(describeDrift(report.drift[7])).toMatch(/^event 2: start_time is 1970-01-01T00:00:00\.000Z \(0\), expected \d{4}-\d\d-\d\dT.*Z \(\d+\)$/);

    // Repaired by hand, nothing is left.
    await db.run(sql`UPDATE events SET start_time = ${before.start_time}, end_time = ${before.end_time}, shift_count = ${before.shift_count}, participation_count = ${before.participation_count},
      positive_participation_count = ${before.positive_participation_count}, local_participation_count = ${before.local_participation_count},
      local_positive_participation_count = ${before.local_positive_participation_count} WHERE id = 1`);
    expect((await eventCounterDrift(db)).drift.map((d) => d.eventId)).toEqual([2]);
  });

  it("finds the totals over the active events corrupted or lost", async () => {
    await resetWorld(demo);
    const db = testDb();
    const [totals] = await db.all<Record<string, number>>(sql`SELECT * FROM active_event_totals`);
    expect(totals.participation_count).toBeGreaterThan(0);
    await db.run(sql`UPDATE active_event_totals SET participation_count = participation_count + 3`);
    expect((await eventCounterDrift(db)).drift).toEqual([{ eventId: null, column: "participation_count", stored: totals.participation_count + 3, expected: totals.participation_count }]);
    await db.run(sql`DELETE FROM active_event_totals`);
    expect((await eventCounterDrift(db)).drift.map((d) => [d.column, d.stored])).toEqual([
      ["shift_count", 0],
      ["participation_count", 0],
      ["positive_participation_count", 0],
      ["local_participation_count", 0],
      ["local_positive_participation_count", 0],
    ]);
  });

  it("counts an empty database as zero events without drift", async () => {
    await resetWorld({ format: "ephios-fixture/1" });
    expect(await eventCounterDrift(testDb())).toEqual({ events: 0, drift: [] });
  });
});

// ---- random writes ---------------------------------------------------------------------------

const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const ADMIN_TOKEN = "integrity-admin-token-0123456789";
/** Volunteers 2–5, members of group 1 (which sees every event), each with a token of every scope. */
const VOLUNTEERS = [2, 3, 4, 5];
const volunteerToken = (user: number) => `integrity-volunteer-${user}-token-0123456789`;
const GUEST = { id: 1, url: "https://guest.example.org" };
/** The guest's user who signs up through the shared pages (logged in afresh in every run). */
const GUEST_USER = { id: 42, display_name: "Gina Guest", email: "gina@guest.example.org", phone: null, date_of_birth: "1990-05-01", is_staff: false, qualifications: [] };

const day = (n: number, hour: number) => `2099-07-${String(n).padStart(2, "0")}T${String(hour).padStart(2, "0")}:00:00`;
const shiftRow = (id: number, event: number, n: number, flow: string, extra: Record<string, unknown> = {}) => ({
  id,
  event,
  label: `Shift ${id}`,
  meeting_time: day(n, 7),
  start_time: day(n, 8),
  end_time: day(n, 12),
  signup_flow_slug: flow,
  signup_flow_configuration: { user_can_decline_confirmed: true },
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 3 },
  ...extra,
});

/** Three events (the third without shifts), shifts of every self-service flow, participants of every kind and state, two guests. */
function writesWorld() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_staff: true, is_superuser: true },
      ...VOLUNTEERS.map((id) => ({ id, email: `v${id}@example.org`, display_name: `Volunteer ${id}`, password: null })),
    ],
    groups: [{ id: 1, name: "Helpers", members: VOLUNTEERS, permissions: [] }],
    event_types: [{ id: 1, title: "Service" }],
    events: [1, 2, 3].map((id) => ({ id, title: `Event ${id}`, location: "Hof", type: 1, active: true })),
    event_permissions: [1, 2, 3].map((event) => ({ event, group: 1, permission: "view_event" })),
    shifts: [
      shiftRow(1, 1, 1, "instant_confirmation"),
      shiftRow(2, 1, 2, "request_confirm"),
      shiftRow(3, 2, 3, "instant_confirmation"),
      shiftRow(4, 2, 3, "coupled", { signup_flow_configuration: { leader_shift_id: 3 } }),
      shiftRow(5, 2, 4, "request_confirm"),
    ],
    federated_guests: [
      { id: GUEST.id, name: "Guest", url: GUEST.url, access_token: "integrity-guest-token-0123456789", client_id: "guest-client", client_secret: "guest-secret" },
      { id: 2, name: "Other", url: "https://other.example.org", access_token: "integrity-other-token-0123456789", client_id: "other-client", client_secret: "other-secret" },
    ],
    federated_users: [
      { id: 1, guest: 1, email: "fred@guest.example.org", display_name: "Fred Federated", date_of_birth: null, qualifications: [] },
      { id: 2, guest: 2, email: "olga@other.example.org", display_name: "Olga Other", date_of_birth: null, qualifications: [] },
    ],
    event_shares: [
      { event: 1, guest: 1 },
      { event: 2, guest: 1 },
      { event: 2, guest: 2 },
    ],
    participations: [
      { id: 1, shift: 1, kind: "local", user: 2, state: CONFIRMED },
      { id: 2, shift: 2, kind: "local", user: 3, state: REQUESTED },
      { id: 3, shift: 2, kind: "placeholder", display_name: "Max Extern", state: CONFIRMED },
      { id: 4, shift: 3, kind: "federated", federated_user: 1, state: REQUESTED },
      { id: 5, shift: 3, kind: "federated", federated_user: 2, state: CONFIRMED },
      { id: 6, shift: 4, kind: "federated", federated_user: 2, state: CONFIRMED },
      { id: 7, shift: 5, kind: "local", user: 4, state: USER_DECLINED },
      { id: 8, shift: 5, kind: "placeholder", display_name: "Erika Extern", state: GETTING_DISPATCHED },
    ],
    api_tokens: [
      { id: 1, user: 1, token: ADMIN_TOKEN, scope: ALL_SCOPES },
      ...VOLUNTEERS.map((user) => ({ id: user, user, token: volunteerToken(user), scope: ALL_SCOPES })),
    ],
  };
}

type Write =
  | { kind: "sign-up" | "decline"; volunteer: number; shift: number }
  | { kind: "federated sign-up" | "federated decline"; shift: number }
  | { kind: "disposition"; participation: number; state: number }
  | { kind: "create shift"; event: number; day: number; hours: number; flow: "instant_confirmation" | "request_confirm" | "coupled"; leader: number }
  | { kind: "move shift"; shift: number; day: number; hours: number; fields: "both" | "start" | "end" }
  | { kind: "delete shift" | "delete event"; target: number; force: boolean }
  | { kind: "create event" }
  | { kind: "deactivate user"; volunteer: number }
  | { kind: "SQL delete"; table: "users" | "federated_users" | "federated_guests" | "events" | "shifts"; target: number };

const pick = fc.nat(50);
const writeArbitrary: fc.Arbitrary<Write> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom("sign-up", "decline"), volunteer: fc.constantFrom(...VOLUNTEERS), shift: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("federated sign-up", "federated decline"), shift: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("disposition"), participation: pick, state: fc.integer({ min: 0, max: 4 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("create shift"),
      event: pick,
      day: fc.integer({ min: 1, max: 28 }),
      hours: fc.integer({ min: 1, max: 12 }),
      flow: fc.constantFrom("instant_confirmation", "request_confirm", "coupled"),
      leader: pick,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("move shift"), shift: pick, day: fc.integer({ min: 1, max: 28 }), hours: fc.integer({ min: 1, max: 12 }), fields: fc.constantFrom("both", "start", "end") }),
  },
  // Mostly forced: a shift or event with participations is kept otherwise.
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("delete shift", "delete event"), target: pick, force: fc.constantFrom(true, true, true, false) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("create event") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deactivate user"), volunteer: fc.constantFrom(...VOLUNTEERS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("SQL delete"), table: fc.constantFrom("users", "federated_users", "federated_guests", "events", "shifts"), target: pick }) },
);

/** The `index`-th (modulo) of the ids in `table` now, or 0 (no such row) when it is empty. */
async function idOf(table: "events" | "shifts" | "participations" | "federated_users" | "federated_guests", index: number): Promise<number> {
  const rows = await testDb().all<{ id: number }>(sql`SELECT id FROM ${sql.identifier(table)} ORDER BY id`);
  return rows.length ? rows[index % rows.length].id : 0;
}

/** Sends one write as a client would; returns its status (SQL deletes: the rows they deleted). */
async function perform(write: Write, federatedCookie: string): Promise<number> {
  const admin = (method: string, path: string, body?: unknown) => sendJson(method, path, ADMIN_TOKEN, body).then((r) => r.status);
  switch (write.kind) {
    case "sign-up":
    case "decline":
      return (await sendJson("POST", `/api/shifts/${await idOf("shifts", write.shift)}/${write.kind === "sign-up" ? "signup" : "decline"}/`, volunteerToken(write.volunteer), {})).status;
    case "federated sign-up":
    case "federated decline":
      return (await postForm(`/shifts/shared/${await idOf("shifts", write.shift)}/${GUEST.id}/signup/`, { signup_choice: write.kind === "federated sign-up" ? "sign_up" : "decline" }, { cookie: federatedCookie })).status;
    case "disposition":
      return admin("PATCH", `/api/participations-userinfo/${await idOf("participations", write.participation)}/`, { state: write.state });
    case "create shift": {
      const event = await idOf("events", write.event);
      const leaders = await testDb().all<{ id: number }>(sql`SELECT id FROM shifts WHERE event_id = ${event} AND signup_flow_slug <> 'coupled' ORDER BY id`);
      const leader = leaders.length ? leaders[write.leader % leaders.length].id : 0;
      return admin("POST", "/api/shifts/", {
        event,
        start_time: day(write.day, 8),
        end_time: day(write.day, 8 + write.hours),
        signup_flow_slug: write.flow,
        signup_flow_configuration: write.flow === "coupled" ? { leader_shift_id: leader } : {},
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 3 },
      });
    }
    case "move shift": {
      const times = { meeting_time: day(write.day, 6), start_time: day(write.day, 6), end_time: day(write.day, 6 + write.hours) };
      const body = write.fields === "both" ? times : write.fields === "start" ? { start_time: times.start_time, meeting_time: times.meeting_time } : { end_time: times.end_time };
      return admin("PATCH", `/api/shifts/${await idOf("shifts", write.shift)}/`, body);
    }
    case "delete shift":
      return admin("DELETE", `/api/shifts/${await idOf("shifts", write.target)}/${write.force ? "?force=true" : ""}`);
    case "delete event":
      return admin("DELETE", `/api/events/${await idOf("events", write.target)}/${write.force ? "?force=true" : ""}`);
    case "create event":
      return admin("POST", "/api/events/", { title: "New", location: "Feld", type: 1, visible_for: [1] });
    case "deactivate user":
      return admin("DELETE", `/api/users/${write.volunteer}/`);
    case "SQL delete": {
      // Deleted as an operator or a migration would: every cascade runs inside the one statement.
      const id = write.table === "users" ? VOLUNTEERS[write.target % VOLUNTEERS.length] : await idOf(write.table, write.target);
      const result = await testDb().run(sql`DELETE FROM ${sql.identifier(write.table)} WHERE id = ${id}`);
      return result.meta.changes;
    }
  }
}

describe("random writes through the API, the pages and SQL", () => {
  it("leave every event's derived columns as its shifts and participations say", async () => {
    const succeeded = new Map<Write["kind"], number>();
    await fc.assert(
      fc.asyncProperty(fc.array(writeArbitrary, { minLength: 4, maxLength: 12 }), async (writes) => {
        await resetWorld(writesWorld());
        const cookie = await federatedLogIn(`/events/shared/1/${GUEST.id}/`, GUEST_USER);
        for (const [i, write] of writes.entries()) {
          const status = await perform(write, cookie);
          expect(status, `${JSON.stringify(write)} answered ${status}`).toBeLessThan(500);
          // 2xx and 302 (the pages' redirect after a sign-up) wrote; an SQL delete counts its rows.
          if (write.kind === "SQL delete" ? status > 0 : (status >= 200 && status < 300) || status === 302) succeeded.set(write.kind, (succeeded.get(write.kind) ?? 0) + 1);
          const { drift } = await eventCounterDrift(testDb());
          expect(drift.map(describeDrift), `after write ${i + 1} of ${JSON.stringify(writes.slice(0, i + 1))}`).toEqual([]);
        }
      }),
      { numRuns: 20 },
    );
    // Every kind of write succeeded at least once, so the property covers them all.
    expect([...succeeded.keys()].sort()).toEqual(
      ["sign-up", "decline", "federated sign-up", "federated decline", "disposition", "create shift", "move shift", "delete shift", "delete event", "create event", "deactivate user", "SQL delete"].sort(),
    );
  });
});
