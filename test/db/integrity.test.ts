/**
 * Issue 13, item 3: the event columns derived from shifts and participations (migration 0006)
 * never drift. The check (`eventCounterDrift`, run by `npm run db:check`) finds a value corrupted
 * by hand, and nothing on the demo data; random writes through the Worker's API and pages, and
 * deletes that cascade, leave nothing for it to find.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import demo from "../../fixtures/demo.json";
import { describeDrift, eventCounterDrift } from "../../src/db/integrity";
import { resetWorld, testDb } from "../helpers/db";

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
    ]);
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

  it("counts an empty database as zero events without drift", async () => {
    await resetWorld({ format: "ephios-fixture/1" });
    expect(await eventCounterDrift(testDb())).toEqual({ events: 0, drift: [] });
  });
});
