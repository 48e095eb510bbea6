import { type SQL, and, sql } from "drizzle-orm";
import type { BatchResponse } from "drizzle-orm/batch";
import type { AuthUser } from "../../auth/principal";
import { eventHasPermission, eventVisibleTo, seesEveryActiveEvent, viewableEventsSource } from "../../auth/visibility";
import type { Database } from "../../db/client";
import { type RowVersion, runGuarded, tryGuarded } from "../../db/guard";
import { runBatch } from "../../db/raw";
import { positiveState } from "../../db/participation-states";
import { idList, outer } from "../../db/sql";
import { type SQLiteColumn, alias } from "drizzle-orm/sqlite-core";
import { keyColumns, pageColumn, pageWithColumns } from "../../lib/api/keyset";
import { type OrderTerm, orderBySql } from "../../lib/api/ordering";
import { activeEventTotals, buildingBlocks, events, participations, qualificationIncludes, qualifications, shifts } from "../../db/schema";
import type { ConfigurationReferences } from "../../lib/api/configuration";
import { allBuildingBlocksQuery } from "../buildingblocks/queries";

/** Columns of a shift as the API shows it. */
export interface ShiftRow {
  id: number;
  label: string;
  eventId: number;
  eventTitle: string;
  meetingTime: number;
  startTime: number;
  endTime: number;
  signupFlowSlug: string;
  signupFlowConfiguration: Record<string, unknown>;
  structureSlug: string;
  structureConfiguration: Record<string, unknown>;
}

export const shiftColumns = {
  id: shifts.id,
  label: shifts.label,
  eventId: shifts.eventId,
  eventTitle: sql<string>`${events.title}`.as("event_title"),
  meetingTime: shifts.meetingTime,
  startTime: shifts.startTime,
  endTime: shifts.endTime,
  signupFlowSlug: shifts.signupFlowSlug,
  signupFlowConfiguration: shifts.signupFlowConfiguration,
  structureSlug: shifts.structureSlug,
  structureConfiguration: shifts.structureConfiguration,
};

/**
 * Shifts with the columns their JSON needs, and `extra` ones (e.g. a page's sort keys). SQLite's
 * CROSS JOIN keeps shifts the outer loop: a page in the order of an index on shifts then reads
 * its rows and stops, where the planner's own choice (every visible event's shifts, sorted) reads
 * them all to return ten.
 */
export function shiftsQuery<Extra extends Record<string, SQL.Aliased>>(db: Database, where: SQL | undefined, extra?: Extra) {
  return db
    .select({ ...shiftColumns, ...(extra ?? ({} as Extra)) })
    .from(shifts)
    .crossJoin(events)
    .where(and(sql`${events.id} = ${shifts.eventId}`, where));
}

/**
 * How many shifts `user` may see (`ShiftPermissionFilter`: view_event, global counts), among
 * those matching `filters`: without filters summed from the visible events' shift counts, so the
 * count reads a row per visible event instead of one per shift, or for whoever sees every active
 * event read from their total (one row).
 */
export function countVisibleShiftsQuery(db: Database, user: AuthUser, filters: SQL[]) {
  if (filters.length === 0 && seesEveryActiveEvent(user, { acceptGlobal: true })) {
    return db.select({ total: sql<number>`coalesce(sum(${activeEventTotals.shiftCount}), 0)`.mapWith(Number) }).from(activeEventTotals);
  }
  if (filters.length === 0) {
    const visible = viewableEventsSource(user, { acceptGlobal: true });
    return db
      .select({ total: sql<number>`coalesce(sum(${events.shiftCount}), 0)`.mapWith(Number) })
      .from(visible.from)
      .crossJoin(events)
      .where(visible.where);
  }
  return db
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(shifts)
    .where(and(eventVisibleTo(user, { acceptGlobal: true, eventId: shifts.eventId }), ...filters));
}

/** The shifts of some events, in ephios's shift order (meeting time, start time, id). */
export function shiftsOfEventsQuery(db: Database, eventIds: number[]) {
  return shiftsQuery(db, sql`${shifts.eventId} IN ${idList(eventIds)}`).orderBy(shifts.meetingTime, shifts.startTime, shifts.id);
}

/** A participant's qualification ids, comma-separated (local: unexpired grants; federated: the stored set; placeholder: none). */
const qualificationIdsOf = (participation: Record<"kind" | "userId" | "federatedUserId", SQLiteColumn>, now: number) => sql<string | null>`CASE ${outer(participation.kind)}
    WHEN 'local' THEN (SELECT group_concat(g.qualification_id) FROM qualification_grants g
                        WHERE g.user_id = ${outer(participation.userId)} AND (g.expires IS NULL OR g.expires >= ${now}))
    WHEN 'federated' THEN (SELECT group_concat(q.qualification_id) FROM federated_user_qualifications q
                        WHERE q.federated_user_id = ${outer(participation.federatedUserId)})
  END`;

/**
 * What the signup stats need beyond a shift's participations, the same for every shift: the
 * qualification graph (the stats treat an unknown id as deleted) and the building blocks.
 */
export function statsContextQueries(db: Database) {
  return [
    db.select({ qualificationId: qualifications.id, includedId: qualificationIncludes.includedId }).from(qualifications).leftJoin(qualificationIncludes, sql`${qualificationIncludes.qualificationId} = ${qualifications.id}`),
    allBuildingBlocksQuery(db),
  ] as const;
}

/**
 * What the signup stats of some shifts need, as three statements for one batch: their REQUESTED
 * and CONFIRMED participations with each participant's qualifications, then `statsContextQueries`.
 */
export function statsInputQueries(db: Database, shiftIds: SQL, now: number) {
  return [
    db
      .select({ shiftId: participations.shiftId, state: participations.state, structureData: participations.structureData, qualificationIds: qualificationIdsOf(participations, now).as("qualification_ids") })
      .from(participations)
      .where(sql`${participations.shiftId} IN ${shiftIds} AND ${positiveState(participations.state)}`),
    ...statsContextQueries(db),
  ] as const;
}

const statsParticipation = alias(participations, "stats_participation");

/**
 * A correlated subquery: the REQUESTED and CONFIRMED participations of the shift `shiftId` names,
 * as a JSON array of `[state, structure_data, qualification ids]` (read by `statsParticipationRows`),
 * for a page that brings its shifts' stats inputs in its own statement.
 */
export function statsParticipationsJson(shiftId: SQL, now: number): SQL<string> {
  // Named with their alias: inside a select list drizzle would write the bare column names.
  const [state, structureData, ofShift] = [outer(statsParticipation.state), outer(statsParticipation.structureData), outer(statsParticipation.shiftId)];
  return sql<string>`(SELECT json_group_array(json_array(${state}, json(${structureData}), ${qualificationIdsOf(statsParticipation, now)}))
    FROM ${participations} AS ${statsParticipation}
    WHERE ${ofShift} = ${shiftId} AND ${positiveState(state)})`;
}

const eventShift = alias(shifts, "event_shift");

/**
 * A correlated subquery: the shifts of the event `eventId` names, each as a JSON array of its
 * columns and its stats participations (`statsParticipationsJson`), read by `eventShiftRows`, for
 * events that bring their shifts and those shifts' stats inputs in their own statement.
 */
export function eventShiftsJson(eventId: SQL, now: number): SQL<string> {
  const column = (name: keyof typeof eventShift.$inferSelect) => outer(eventShift[name]);
  const id = column("id");
  return sql<string>`(SELECT json_group_array(json_array(${id}, ${column("label")}, ${column("meetingTime")}, ${column("startTime")}, ${column("endTime")},
      ${column("signupFlowSlug")}, json(${column("signupFlowConfiguration")}), ${column("structureSlug")}, json(${column("structureConfiguration")}),
      json(${statsParticipationsJson(id, now)})))
    FROM ${shifts} AS ${eventShift}
    WHERE ${column("eventId")} = ${eventId})`;
}

/**
 * A page of shifts (`shiftsQuery` with `where`, in `order` from `start`), each with its stats
 * participations (`statsParticipationsJson`): with `statsContextQueries` in the same batch, the
 * page and its stats cost one round trip.
 */
export function shiftPageQuery(db: Database, where: SQL | undefined, order: OrderTerm[], start: { limit: number; offset: number }, now: number) {
  const page = shiftsQuery(db, where, keyColumns(order))
    .orderBy(...orderBySql(order))
    .limit(start.limit)
    .offset(start.offset);
  return pageWithColumns(db, page, order, { statsParticipations: statsParticipationsJson(pageColumn("id"), now).as("stats_participations") });
}

/** The results of `statsInputQueries` in a caller's batch. */
export type StatsInputRows = BatchResponse<ReturnType<typeof statsInputQueries>>;
/** The results of `statsContextQueries`. */
export type StatsContextRows = [StatsInputRows[1], StatsInputRows[2]];


/**
 * A shift for a write, in the columns of `shiftsQuery`: found when `user` may view its event
 * (object or global view_event) or holds change_event on it (object or global, also when the event
 * is inactive); `permitted` says whether they hold change_event; `version` is the row's, which a
 * write guards on (src/db/guard.ts).
 */
export function shiftForWriteQuery(db: Database, id: number, user: AuthUser) {
  const permitted = eventHasPermission(user, "change_event", { acceptGlobal: true, includeInactive: true });
  return db
    .select({ ...shiftColumns, version: shifts.version, permitted: sql<boolean>`${permitted}`.mapWith(Boolean).as("permitted") })
    .from(shifts)
    .innerJoin(events, sql`${events.id} = ${shifts.eventId}`)
    .where(sql`${shifts.id} = ${id} AND (${eventVisibleTo(user, { acceptGlobal: true, eventId: shifts.eventId })} OR ${permitted})`);
}

/**
 * The event a new shift names: found when `user` may view it (object or global view_event) or
 * holds change_event on it (also when it is inactive), as the events' own write lookup;
 * `permitted` says whether they hold change_event.
 */
export function eventForShiftCreateQuery(db: Database, eventId: number, user: AuthUser) {
  const permitted = eventHasPermission(user, "change_event", { acceptGlobal: true, includeInactive: true });
  return db
    .select({ permitted: sql<boolean>`${permitted}`.mapWith(Boolean).as("permitted") })
    .from(events)
    .where(sql`${events.id} = ${eventId} AND (${eventVisibleTo(user, { acceptGlobal: true })} OR ${permitted})`);
}

/** Which referenced qualifications and building blocks exist, and the leader shift a coupled flow names. */
export function configurationReferencesQueries(db: Database, references: ConfigurationReferences) {
  return [
    db.select({ id: qualifications.id }).from(qualifications).where(sql`${qualifications.id} IN ${idList(references.qualifications)}`),
    db.select({ id: buildingBlocks.id }).from(buildingBlocks).where(sql`${buildingBlocks.id} IN ${idList(references.buildingBlocks)}`),
    db
      .select({ id: shifts.id, eventId: shifts.eventId, signupFlowSlug: shifts.signupFlowSlug })
      .from(shifts)
      .where(sql`${shifts.id} = ${references.leaderShift ?? 0}`),
  ] as const;
}

/** Shifts whose coupled signup flow follows shift `id`. */
export function followersQuery(db: Database, id: number) {
  return db
    .select({ id: shifts.id })
    .from(shifts)
    .where(sql`${shifts.signupFlowSlug} = 'coupled' AND json_extract(${shifts.signupFlowConfiguration}, '$.leader_shift_id') = ${id}`)
    .orderBy(shifts.id);
}

export type ShiftValues = Omit<ShiftRow, "id" | "eventTitle">;

/**
 * Whether participation rows `a` and `b` (table aliases) are of the same participant: the same
 * user or federated user, or placeholders of the same name (ephios finds a placeholder's
 * participation in another shift by its display name).
 */
export const sameParticipant = (a: string, b: string) =>
  sql.raw(`${b}.kind = ${a}.kind AND ${b}.user_id IS ${a}.user_id AND ${b}.federated_user_id IS ${a}.federated_user_id
    AND (${a}.kind <> 'placeholder' OR ${b}.display_name = ${a}.display_name)`);

/**
 * ephios saves a coupled shift by copying its leader's participations (all but GETTING_DISPATCHED):
 * a participant already in the shift takes the leader's state, the others are added.
 */
function copyLeaderParticipations(shiftId: SQL | number, leaderId: number): SQL[] {
  const leaderRows = sql`SELECT * FROM participations l WHERE l.shift_id = ${leaderId} AND l.state <> 4`;
  return [
    sql`UPDATE participations AS p SET state = (SELECT l.state FROM (${leaderRows}) l WHERE ${sameParticipant("l", "p")} LIMIT 1)
        WHERE p.shift_id = ${shiftId} AND EXISTS (SELECT 1 FROM (${leaderRows}) l WHERE ${sameParticipant("l", "p")})`,
    sql`INSERT INTO participations (shift_id, kind, user_id, display_name, federated_user_id, state, structure_data, finished)
        SELECT ${shiftId}, l.kind, l.user_id, l.display_name, l.federated_user_id, l.state, '{}', 0 FROM (${leaderRows}) l
        WHERE NOT EXISTS (SELECT 1 FROM participations p WHERE p.shift_id = ${shiftId} AND ${sameParticipant("l", "p")}) ORDER BY l.id`,
  ];
}

/** The leader of a coupled shift; a stored configuration from before validation may name none. */
function leaderOf(shift: ShiftValues): number | null {
  const leader = shift.signupFlowConfiguration.leader_shift_id;
  return shift.signupFlowSlug === "coupled" && Number.isSafeInteger(leader) ? (leader as number) : null;
}

/** Inserts a shift (and, for a coupled one, its leader's participations) in one transaction; returns its id. */
export async function insertShift(db: Database, shift: ShiftValues): Promise<number> {
  const leader = leaderOf(shift);
  const [inserted] = await runBatch(db, [
    sql`INSERT INTO shifts (event_id, label, meeting_time, start_time, end_time, signup_flow_slug, signup_flow_configuration, structure_slug, structure_configuration)
        VALUES (${shift.eventId}, ${shift.label}, ${shift.meetingTime}, ${shift.startTime}, ${shift.endTime},
                ${shift.signupFlowSlug}, ${JSON.stringify(shift.signupFlowConfiguration)}, ${shift.structureSlug}, ${JSON.stringify(shift.structureConfiguration)}) RETURNING id`,
    // AUTOINCREMENT gives the new row the largest id, so inside this transaction max(id) names it.
    ...(leader === null ? [] : copyLeaderParticipations(sql`(SELECT max(id) FROM shifts)`, leader)),
  ]);
  return (inserted.results[0] as { id: number }).id;
}

/**
 * Writes `columns` of a shift's new values (the others stay as they are), and a coupled shift's
 * copy of its leader's participations, in one transaction; when `guard` is given only while the
 * shift is still at that version. Returns false when it was not (nothing written).
 */
export async function updateShift(db: Database, id: number, shift: ShiftValues, columns: (keyof ShiftValues)[], guard: RowVersion | null): Promise<boolean> {
  const leader = leaderOf(shift);
  const values = Object.fromEntries(columns.map((column) => [column, shift[column]])) as Partial<ShiftValues>;
  const statements = [
    ...(columns.length ? [db.update(shifts).set(values).where(sql`${shifts.id} = ${id}`).getSQL()] : []),
    ...(leader === null ? [] : copyLeaderParticipations(id, leader)),
  ];
  return !statements.length || (await tryGuarded(db, guard, statements)) !== null;
}

/**
 * Deletes a shift with its participations (the foreign key cascades); without `force` only while
 * it has none, checked in the same statement; with a `precondition` (`If-Match`) only while the
 * shift is as read, else 412. Returns whether it was deleted.
 */
export async function deleteShift(db: Database, id: number, force: boolean, precondition: RowVersion | null): Promise<boolean> {
  const [deleted] = await runGuarded(db, precondition, [
    sql`DELETE FROM shifts WHERE id = ${id}
      AND (${force ? 1 : 0} = 1 OR NOT EXISTS (SELECT 1 FROM participations p WHERE p.shift_id = ${id})) RETURNING id`,
  ]);
  return deleted.results.length === 1;
}
