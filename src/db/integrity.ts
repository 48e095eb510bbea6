import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "./client";
import { positiveState } from "./participation-states";
import { activeEventTotals, events } from "./schema";

/**
 * The event columns derived from shifts and participations (migration 0006 keeps them by
 * triggers), each with how it is recomputed from the base rows. `s` is the event's shifts
 * aggregated, `p` its participations aggregated (both LEFT JOINed, so null without any).
 */
const DERIVED: [SQLiteColumn, SQL][] = [
  [events.startTime, sql`s.start_time`],
  [events.endTime, sql`s.end_time`],
  [events.shiftCount, sql`coalesce(s.shift_count, 0)`],
  [events.participationCount, sql`coalesce(p.participation_count, 0)`],
  [events.positiveParticipationCount, sql`coalesce(p.positive_participation_count, 0)`],
  [events.localParticipationCount, sql`coalesce(p.local_participation_count, 0)`],
  [events.localPositiveParticipationCount, sql`coalesce(p.local_positive_participation_count, 0)`],
];

/**
 * One derived value that is not what the shifts and participations say: of one event, or (event
 * null) of the totals over the active events (`active_event_totals`, migration 0008).
 */
export interface Drift {
  eventId: number | null;
  /** The column's SQL name (`shift_count`). */
  column: string;
  stored: number | null;
  expected: number | null;
}

export interface DriftReport {
  /** Events compared (all of them). */
  events: number;
  /** Ordered by event, then column in the order of the schema. */
  drift: Drift[];
}

const [local, positive] = [sql`p.kind = 'local'`, positiveState(sql`p.state`)];

/** The four participation counts of the participations `p` aggregated, named as the event columns (zero without any). */
const participationCounts = sql`count(*) AS participation_count, coalesce(sum(${positive}), 0) AS positive_participation_count,
  coalesce(sum(${local}), 0) AS local_participation_count, coalesce(sum(${local} AND ${positive}), 0) AS local_positive_participation_count`;

const stored = (column: SQLiteColumn) => sql`e.${sql.identifier(column.name)}`;
const expected = (column: SQLiteColumn) => sql`${sql.identifier(`expected_${column.name}`)}`;

/**
 * Recomputes every event's derived columns from shifts and participations and returns the
 * values that differ, in one statement (one read of each table, however many events), then the
 * totals over the active events (`totalsDrift`) in a second. The
 * number of events rides along on a row of its own joined to the differences, so the answer has
 * at least one row even when nothing differs.
 */
export async function eventCounterDrift(db: Database): Promise<DriftReport> {
  // The drifted events unfolded into one row per derived column (D1 caps compound SELECTs, so
  // not a UNION of seven).
  const pick = (value: (column: SQLiteColumn) => SQL) => sql`CASE k.value ${sql.join(
    DERIVED.map(([column], position) => sql`WHEN ${sql.raw(String(position))} THEN ${value(column)}`),
    sql` `,
  )} END`;
  const rows = await db.all<{ events: number; id: number | null; name: string | null; stored: number | null; expected: number | null }>(sql`
    WITH s AS (
      SELECT event_id, count(*) AS shift_count, min(start_time) AS start_time, max(end_time) AS end_time FROM shifts GROUP BY event_id
    ), p AS (
      SELECT sh.event_id, ${participationCounts} FROM participations p JOIN shifts sh ON sh.id = p.shift_id GROUP BY sh.event_id
    ), drifted AS (
      SELECT e.*, ${sql.join(
        DERIVED.map(([column, recomputed]) => sql`${recomputed} AS ${expected(column)}`),
        sql`, `,
      )}
      FROM events e LEFT JOIN s ON s.event_id = e.id LEFT JOIN p ON p.event_id = e.id
      WHERE ${sql.join(
        DERIVED.map(([column, recomputed]) => sql`${stored(column)} IS NOT ${recomputed}`),
        sql` OR `,
      )}
    ), difference AS (
      SELECT e.id, k.value AS position, ${pick((column) => sql`${column.name}`)} AS name, ${pick(stored)} AS stored, ${pick(expected)} AS expected
      FROM drifted e, json_each(${JSON.stringify(DERIVED.map((_, position) => position))}) k
    )
    SELECT (SELECT count(*) FROM events) AS events, d.id, d.name, d.stored, d.expected
    FROM (SELECT 1) LEFT JOIN difference d ON d.stored IS NOT d.expected
    ORDER BY d.id, d.position`);
  return {
    events: rows[0]?.events ?? 0,
    drift: [
      ...rows.flatMap((row) => (row.id === null || row.name === null ? [] : [{ eventId: row.id, column: row.name, stored: row.stored, expected: row.expected }])),
      ...(await totalsDrift(db)),
    ],
  };
}

/** The columns of the totals over the active events. */
const TOTALS: SQLiteColumn[] = [
  activeEventTotals.shiftCount,
  activeEventTotals.participationCount,
  activeEventTotals.positiveParticipationCount,
  activeEventTotals.localParticipationCount,
  activeEventTotals.localPositiveParticipationCount,
];

/**
 * The totals over the active events recomputed from the shifts and participations of those events
 * (not from the events' own counters, which may drift themselves), in one statement; a missing
 * totals row counts as zeros.
 */
async function totalsDrift(db: Database): Promise<Drift[]> {
  const [row] = await db.all<Record<string, number>>(sql`
    SELECT (SELECT count(*) FROM shifts s JOIN events e ON e.id = s.event_id WHERE e.active = 1) AS shift_count, ${participationCounts},
      ${sql.join(
        TOTALS.map((total) => sql`coalesce((SELECT ${sql.identifier(total.name)} FROM ${activeEventTotals}), 0) AS ${sql.identifier(`stored_${total.name}`)}`),
        sql`, `,
      )}
    FROM participations p JOIN shifts s ON s.id = p.shift_id JOIN events e ON e.id = s.event_id WHERE e.active = 1`);
  return TOTALS.flatMap((total) => {
    const [stored, expected] = [row[`stored_${total.name}`], row[total.name]];
    return stored === expected ? [] : [{ eventId: null, column: total.name, stored, expected }];
  });
}

const TIMES = new Set<string>([events.startTime.name, events.endTime.name]);

/** A difference in words: `event 12: shift_count is 3, expected 2` (times as UTC instants). */
export function describeDrift(d: Drift): string {
  const value = (v: number | null) => (v === null ? "null" : TIMES.has(d.column) ? `${new Date(v).toISOString()} (${v})` : String(v));
  const of = d.eventId === null ? "totals over the active events" : `event ${d.eventId}`;
  return `${of}: ${d.column} is ${value(d.stored)}, expected ${value(d.expected)}`;
}
