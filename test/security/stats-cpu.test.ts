/**
 * One shift must not cost seconds of CPU on every page that shows it. The signup stats match
 * participants to places; with one matching column per place, a `qualification_mix` shift of 100
 * requirements without maximum and 150 CONFIRMED participants had 15,000 columns (3.8 s at 100
 * participants, 6 s at 150), and `complex` units with `allow_more` one column per participant
 * each. Here the worst configurations the shift validation accepts are written through the API
 * and read back: the numbers are the ones known by construction, and the matching's work (its
 * step counter, src/lib/matching.ts) stays within its method's bound over the kinds of places
 * (rows · (2·rows + 1) · (columns + 1)), which does not grow with the places. A tree beyond the
 * stats' bounds shows the plain counts, and the sign-up check does not walk it either (a DAG of
 * 2^40 paths kept the sign-up busy for minutes until the test's worker died).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { CONFIRMED, REQUESTED, expectError, stats } from "../helpers/api";
import { resetWorld, snapshot } from "../helpers/db";
import { bearer, request } from "../helpers/http";
import { matchingSteps } from "../../src/lib/matching";

const TOKEN = "stats-cpu-admin-token-0123456789";
const SIGNUP_TOKEN = "stats-cpu-admin-me-write-0123456789";
const CONFIRMED_COUNT = 150;
const REQUESTED_COUNT = 20;
const PEOPLE = CONFIRMED_COUNT + REQUESTED_COUNT;
const QUALIFICATIONS = 100;
/** Held by everyone; includes every other qualification, so everyone fits every requirement. */
const TOP = 100;
const UNITS = 255;
const STATION_UUID = "5a7e0000-0000-4000-8000-000000000001";
const uuid = (n: number) => `0b9f3b5e-0000-4000-8000-${String(n).padStart(12, "0")}`;
const unitPath = (index: number) => `root.${STATION_UUID}.${5000 + index}.`;

function world() {
  const people = Array.from({ length: PEOPLE }, (_, i) => i + 2);
  const participations = (shift: number, firstId: number, data: (index: number) => Record<string, unknown>) =>
    people.map((user, i) => ({ id: firstId + i, shift, kind: "local", user, state: i < CONFIRMED_COUNT ? CONFIRMED : REQUESTED, structure_data: data(i) }));
  const shift = (id: number) => ({
    id,
    event: 1,
    meeting_time: "2099-06-30T08:00:00",
    start_time: "2099-06-30T08:00:00",
    end_time: "2099-06-30T20:00:00",
    signup_flow_slug: "manual",
    structure_slug: "uniform",
  });
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Admin", password: null, is_superuser: true },
      ...people.map((id) => ({ id, email: `helper${id}@example.org`, display_name: `Helper ${id}`, password: null })),
    ],
    qualification_categories: [{ id: 1, uuid: uuid(999), title: "Medical" }],
    qualifications: Array.from({ length: QUALIFICATIONS }, (_, i) => ({
      id: i + 1,
      uuid: uuid(i + 1),
      title: `Q${i + 1}`,
      abbreviation: `Q${i + 1}`,
      category: 1,
      includes: i + 1 === TOP ? Array.from({ length: QUALIFICATIONS - 1 }, (_, j) => j + 1) : [],
    })),
    qualification_grants: people.map((user) => ({ user, qualification: TOP, expires: null })),
    event_types: [{ id: 1, title: "Sanitätsdienst" }],
    events: [{ id: 1, title: "Großveranstaltung", location: "Stadion", type: 1, active: true }],
    shifts: [
      shift(1),
      shift(2),
      {
        ...shift(3),
        signup_flow_slug: "instant_confirmation",
        structure_slug: "complex",
        structure_configuration: { starting_blocks: [{ building_block: 100, uuid: uuid(4000), label: "", optional: false }] },
      },
    ],
    // everyone in the complex shift prefers a unit of their own
    participations: [...participations(1, 1, () => ({})), ...participations(2, 1001, (i) => ({ preferred_unit_path: unitPath(i % UNITS) }))],
    building_blocks: [
      {
        id: 1,
        uuid: uuid(2001),
        name: "RTW",
        block_type: "atomic",
        allow_more: true,
        positions: [0, 1, 2, 3].map((i) => ({ id: 10 + i, optional: i === 3, qualifications: i === 3 ? [] : [i + 1] })),
      },
      // 256 blocks in the tree, 1020 regular positions: both bounds of the stats (src/lib/structures/complex.ts)
      { id: 2, uuid: uuid(2002), name: "Wache", block_type: "composite", sub_compositions: Array.from({ length: UNITS }, (_, i) => ({ id: 5000 + i, sub_block: 1 })) },
      // 40 levels that each hold the next one twice: 2^40 leaves
      ...Array.from({ length: 40 }, (_, i) => ({
        id: 100 + i,
        uuid: uuid(2100 + i),
        name: `Ebene ${i}`,
        block_type: "composite",
        sub_compositions: [0, 1].map((k) => ({ id: 6000 + 2 * i + k, sub_block: 101 + i })),
      })),
      { id: 140, uuid: uuid(2140), name: "Blatt", block_type: "atomic", positions: [{ id: 20, qualifications: [] }] },
    ],
    api_tokens: [
      { id: 1, user: 1, token: TOKEN, scope: ["PUBLIC_READ", "PUBLIC_WRITE"] },
      { id: 2, user: 1, token: SIGNUP_TOKEN, scope: ["ME_READ", "ME_WRITE"] },
    ],
  };
}

const patch = (shift: number, body: unknown) =>
  request(`/api/shifts/${shift}/`, { method: "PATCH", headers: { "Content-Type": "application/json", ...bearer(TOKEN) }, body: JSON.stringify(body) });

/** The answer to `path` and the matching steps it took. */
async function read(path: string): Promise<{ body: any; steps: number }> {
  const before = matchingSteps();
  const response = await request(path, { headers: bearer(TOKEN) });
  expect(response.status).toBe(200);
  const body = await response.json();
  return { body, steps: matchingSteps() - before };
}

const bound = (rows: number, columns: number) => rows * (2 * rows + 1) * (columns + 1);
const requirements = (count: number, min: number, max: number | null) =>
  Array.from({ length: count }, (_, i) => ({ qualification: i + 1, min_count: min, max_count: max }));

beforeAll(() => resetWorld(world()));

describe("qualification_mix with 100 requirements and 150 CONFIRMED participants", () => {
  it("is refused with one requirement more, and nothing changes", async () => {
    const before = await snapshot();
    await expectError(await patch(1, { structure_slug: "qualification_mix", structure_configuration: { qualification_requirements: requirements(101, 1, null) } }), 400, {
      structure_configuration: ["qualification_requirements: Ensure this field has no more than 100 elements."],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("shows the known numbers with work bounded by two columns per qualification", async () => {
    // no maximum and huge minimums: each requirement offers 150 places, all of them required
    const written = await patch(1, { structure_slug: "qualification_mix", structure_configuration: { qualification_requirements: requirements(100, 1_000_000, null) } });
    expect(written.status).toBe(200);
    const shift = await read("/api/shifts/1/");
    expect(shift.body.signup_stats).toEqual(stats(REQUESTED_COUNT, CONFIRMED_COUNT, 100 * 1_000_000 - CONFIRMED_COUNT, null, 100 * 1_000_000, null));
    expect(shift.steps).toBeGreaterThan(0);
    expect(shift.steps).toBeLessThanOrEqual(bound(CONFIRMED_COUNT, 2 * QUALIFICATIONS));

    // one place each: all filled, 50 CONFIRMED participants left over
    expect((await patch(1, { structure_configuration: { qualification_requirements: requirements(100, 1, 1) } })).status).toBe(200);
    const single = await read("/api/shifts/1/");
    expect(single.body.signup_stats).toEqual(stats(REQUESTED_COUNT, CONFIRMED_COUNT, 0, 0, 100, 100));
    expect(single.steps).toBeLessThanOrEqual(bound(CONFIRMED_COUNT, 2 * QUALIFICATIONS));
  });
});

describe("complex with a tree at both bounds and allow_more in every unit", () => {
  const starting = (...blocks: number[]) => ({
    structure_slug: "complex",
    structure_configuration: { starting_blocks: blocks.map((block, i) => ({ building_block: block, uuid: i ? uuid(3000 + i) : STATION_UUID })) },
  });

  it("shows the known numbers with work bounded by the tree's kinds of positions", async () => {
    expect((await patch(2, starting(2))).status).toBe(200);
    const shift = await read("/api/shifts/2/");
    // 170 participants on the 765 required places, 150 of them CONFIRMED
    expect(shift.body.signup_stats).toEqual(stats(REQUESTED_COUNT, CONFIRMED_COUNT, 765 - CONFIRMED_COUNT, null, 765, null));
    expect(shift.steps).toBeGreaterThan(0);
    // regular positions, and one allow_more column per unit (never one per allow_more place)
    expect(shift.steps).toBeLessThanOrEqual(bound(PEOPLE, 1020 + 2 * UNITS));

    // the event's page computes both shifts
    const event = await read("/api/events/1/");
    expect(event.steps).toBeLessThanOrEqual(bound(CONFIRMED_COUNT, 2 * QUALIFICATIONS) + bound(PEOPLE, 1020 + 2 * UNITS));
  });

  it("falls back to the plain counts, without matching, beyond the bounds", async () => {
    // one more block in the tree: accepted as a configuration, but too large to match
    expect((await patch(2, starting(2, 1))).status).toBe(200);
    const shift = await read("/api/shifts/2/");
    expect(shift.body.signup_stats).toEqual(stats(REQUESTED_COUNT, CONFIRMED_COUNT, 0, null, null, null));
    expect(shift.steps).toBe(0);
  });
});

describe("complex with a tree too large to expand (2^40 leaves)", () => {
  // The stats fall back at 256 blocks; the sign-up check (src/lib/structures/complex.ts) stops there too.
  it("shows the plain counts and refuses sign-up without walking the tree", async () => {
    const shift = await read("/api/shifts/3/");
    expect(shift.body.signup_stats).toEqual(stats(0, 0, 0, null, null, null));
    const before = await snapshot();
    const response = await request("/api/shifts/3/signup/", { method: "POST", headers: { "Content-Type": "application/json", ...bearer(SIGNUP_TOKEN) }, body: "{}" });
    await expectError(response, 400, { non_field_errors: ["The maximum number of participants is reached."] });
    expect(await snapshot()).toEqual(before);
  });
});
