import { type SQL, and, asc, eq, sql } from "drizzle-orm";
import type { AuthUser } from "../../auth/principal";
import { eventHasPermission, eventHasPermissionPerRow, onShiftEvent, participationViewByEvent, seesEveryActiveEvent, viewableEventsSource } from "../../auth/visibility";
import { positiveState } from "../../db/participation-states";
import { alias } from "drizzle-orm/sqlite-core";
import type { Database } from "../../db/client";
import { activeEventTotals, eventTypes, events, federatedUsers, participationComments, participations, shifts, users } from "../../db/schema";
import { hasTimeRange, timeRangeConditions, type TimeRange } from "../../lib/api/filters";
import { idList, outer } from "../../db/sql";
import { keyColumns, pageColumn, pageWithColumns } from "../../lib/api/keyset";
import { ascending } from "../../lib/api/ordering";

const filterShift = alias(shifts, "filter_shift");

/** A participation's effective times: its individual times, else the shift's. */
export const participationStart = sql<number>`coalesce(${participations.individualStartTime}, ${shifts.startTime})`;
export const participationEnd = sql<number>`coalesce(${participations.individualEndTime}, ${shifts.endTime})`;

const byKind = (local: SQL, placeholder: SQL, federated: SQL) =>
  sql`CASE ${participations.kind} WHEN 'local' THEN ${local} WHEN 'placeholder' THEN ${placeholder} ELSE ${federated} END`;

/** Every participation list is in id order (ephios's default), which `next` positions follow. */
export const participationOrder = [ascending(participations.id)];

/** The participant's name, whatever kind of participation. */
const participantName = byKind(sql`${users.displayName}`, sql`${participations.displayName}`, sql`${federatedUsers.displayName}`);

/**
 * Everything a participation's JSON needs, participant included, in one row; with a page's sort
 * key, and whether the reader may read every comment of the row (`commentsJson`).
 */
function participationColumns(now: number, commentsForResponsible: SQL) {
  return {
    ...keyColumns(participationOrder),
    commentsForResponsible: sql<number>`${commentsForResponsible}`.as("comments_for_responsible"),
    id: participations.id,
    shiftId: participations.shiftId,
    // Named apart from the participation's own id: a page read as a subquery (`pageWithColumns`)
    // knows its columns by name.
    eventId: sql<number>`${events.id}`.as("event_id"),
    eventTitle: sql<string>`${events.title}`.as("event_title"),
    eventTypeId: sql<number>`${eventTypes.id}`.as("event_type_id"),
    eventTypeTitle: sql<string>`${eventTypes.title}`.as("event_type_title"),
    state: participations.state,
    structureData: participations.structureData,
    startTime: participationStart.as("start_time"),
    endTime: participationEnd.as("end_time"),
    userId: participations.userId,
    kind: participations.kind,
    participantName: sql<string>`${participantName}`.as("participant_name"),
    // ephios hides the email of inactive users.
    participantEmail: sql<string | null>`${byKind(sql`CASE WHEN ${users.isActive} THEN ${users.email} END`, sql`NULL`, sql`${federatedUsers.email}`)}`.as("participant_email"),
    participantBirth: sql<string | null>`${byKind(sql`${users.dateOfBirth}`, sql`NULL`, sql`${federatedUsers.dateOfBirth}`)}`.as("participant_birth"),
    qualificationIds: sql<string | null>`${byKind(
      sql`(SELECT group_concat(g.qualification_id) FROM qualification_grants g WHERE g.user_id = ${participations.userId} AND (g.expires IS NULL OR g.expires >= ${now}))`,
      sql`NULL`,
      sql`(SELECT group_concat(q.qualification_id) FROM federated_user_qualifications q WHERE q.federated_user_id = ${participations.federatedUserId})`,
    )}`.as("qualification_ids"),
    // Not shown: read with the JSON, so that an `If-Match` write can guard on it (src/db/guard.ts).
    version: participations.version,
  };
}

/**
 * Participations with everything their JSON needs, matching `where`. SQLite's CROSS JOIN keeps
 * participations the outer loop: a page in id order then reads its rows and stops, where the
 * planner's own choice (visible events first) would build and sort every visible row to return ten.
 */
function participationsWhere(db: Database, columns: ReturnType<typeof participationColumns>, where: SQL | undefined) {
  return db
    .select(columns)
    .from(participations)
    .crossJoin(shifts)
    .crossJoin(events)
    .crossJoin(eventTypes)
    .leftJoin(users, eq(users.id, participations.userId))
    .leftJoin(federatedUsers, eq(federatedUsers.id, participations.federatedUserId))
    .where(and(eq(shifts.id, participations.shiftId), eq(events.id, shifts.eventId), eq(eventTypes.id, events.typeId), where));
}

export interface ParticipationFilters extends TimeRange {
  state?: number;
  event_type: number[];
  event: number[];
  shift: number[];
}

/** ParticipationFilterSet as SQL conditions (filters on different parameters are ANDed, values ORed). */
export function filterConditions(filters: ParticipationFilters, timeZone: string): (SQL | undefined)[] {
  return [
    ...timeRangeConditions(filters, participationStart, participationEnd, timeZone),
    filters.state === undefined ? undefined : eq(participations.state, filters.state),
    // One JSON parameter per list: up to 100 repeated values each stay within D1's 100 bound parameters.
    filters.event_type.length ? onShiftEvent(sql`${events.typeId} IN ${idList(filters.event_type)}`) : undefined,
    // As shift ids, so the (shift_id, state) index finds the participations of a few events.
    filters.event.length ? sql`${participations.shiftId} IN (SELECT ${filterShift.id} FROM ${shifts} AS ${filterShift} WHERE ${filterShift.eventId} IN ${idList(filters.event)})` : undefined,
    filters.shift.length ? sql`${participations.shiftId} IN ${idList(filters.shift)}` : undefined,
  ];
}

/**
 * The ids among the filter values that exist (event types; active events; shifts), for
 * django-filter's choice validation; one statement each, batched with the page.
 */
export function choiceChecks(db: Database, filters: ParticipationFilters) {
  return [
    db.select({ id: eventTypes.id }).from(eventTypes).where(sql`${eventTypes.id} IN ${idList(filters.event_type)}`),
    db.select({ id: events.id }).from(events).where(sql`${events.id} IN ${idList(filters.event)} AND ${events.active} = 1`),
    db.select({ id: shifts.id }).from(shifts).where(sql`${shifts.id} IN ${idList(filters.shift)}`),
  ] as const;
}

/** Participations of the caller's `events` rows, joined as `participationsWhere` joins them. */
const countRows = (db: Database, where: SQL | undefined) =>
  db
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(participations)
    .innerJoin(shifts, eq(shifts.id, participations.shiftId))
    .innerJoin(events, eq(events.id, shifts.eventId))
    .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
    .where(where);

/** Which participations a list counts from the events' counters: all states, or REQUESTED and CONFIRMED only. */
export type CountByEvent = { states: "all" | "positive" };

/**
 * How many participations match: `where` on every row, or — for a list whose visibility is
 * `participationViewableBy` and whose filters are event-level only (`event`, `event_type`) — summed
 * from the counters of the events the user may view (a row per visible event; the user's own
 * participations beyond them are counted from their own rows), or read from the totals over the
 * active events for whoever sees every participation of every one (one row). See docs/performance.md.
 */
export function countParticipationsQuery(db: Database, user: AuthUser, where: SQL | undefined, filters: ParticipationFilters, byEvent: CountByEvent | null) {
  const rowFilters = filters.state !== undefined || filters.shift.length > 0 || hasTimeRange(filters);
  if (!byEvent || rowFilters) return countRows(db, where);
  const view = participationViewByEvent(user);
  const positive = byEvent.states === "positive";
  const [all, local] = positive ? [events.positiveParticipationCount, events.localPositiveParticipationCount] : [events.participationCount, events.localParticipationCount];
  const eventFilters = and(
    filters.event.length ? sql`${events.id} IN ${idList(filters.event)}` : undefined,
    filters.event_type.length ? sql`${events.typeId} IN ${idList(filters.event_type)}` : undefined,
  );
  if (view.everyOne && !eventFilters && seesEveryActiveEvent(user, { acceptGlobal: true })) {
    const total = positive ? activeEventTotals.positiveParticipationCount : activeEventTotals.participationCount;
    return db.select({ total: sql<number>`coalesce(sum(${total}), 0)`.mapWith(Number) }).from(activeEventTotals);
  }
  const shown = sql`coalesce(sum(CASE WHEN ${view.all} THEN ${all} WHEN ${view.local} THEN ${local} ELSE 0 END), 0)`;
  // Inside the subquery its own `events` and `event_types` are the ones the conditions name; over
  // the user's own rows view_event is asked per row rather than building the visible set again.
  const ownBeyond = view.ownBeyond
    ? sql` + (${countRows(
        db,
        and(
          eq(participations.kind, "local"),
          eq(participations.userId, user.id),
          positive ? positiveState(participations.state) : undefined,
          eventHasPermissionPerRow(user, "view_event", { acceptGlobal: true }),
          sql`NOT ${view.all}`,
          eventFilters,
        ),
      )})`
    : sql``;
  const visible = viewableEventsSource(user, { acceptGlobal: true });
  return db
    .select({ total: sql<number>`${shown}${ownBeyond}`.mapWith(Number) })
    .from(visible.from)
    .crossJoin(events)
    .where(and(visible.where, eventFilters));
}

const pageComment = alias(participationComments, "page_comment");
const commentAuthor = alias(users, "comment_author");

/**
 * A correlated subquery over a page's participation (`pageWithColumns`): its comments that the
 * reader may read (ephios shows all; we fix it): `visible_for` 2 to everyone who sees the
 * participation, 1 also to the participant, 0 only to those who may change the event (the page's
 * `comments_for_responsible` column). A JSON array of `[author, text, created_at, id]`, read by
 * `commentsOf`.
 */
function commentsJson(reader: AuthUser): SQL<string> {
  const [id, kind, userId, name, forResponsible] = ["id", "kind", "user_id", "participant_name", "comments_for_responsible"].map(pageColumn);
  const visibleFor = outer(pageComment.visibleFor);
  return sql<string>`(SELECT json_group_array(json_array(coalesce(${outer(commentAuthor.displayName)}, ${name}), ${outer(pageComment.text)}, ${outer(pageComment.createdAt)}, ${outer(pageComment.id)}))
    FROM ${participationComments} AS ${pageComment}
    LEFT JOIN ${users} AS ${commentAuthor} ON ${outer(commentAuthor.id)} = ${outer(pageComment.authoredByResponsibleId)}
    WHERE ${outer(pageComment.participationId)} = ${id}
      AND (${visibleFor} = 2 OR (${visibleFor} = 1 AND ${kind} = 'local' AND ${userId} = ${reader.id}) OR ${forResponsible}))`;
}

/**
 * A page of participations in id order, starting after `after` (in `where`) or at `offset`; with
 * a `commentsReader`, each row brings the comments they may read (`commentsJson`), computed for the
 * page's rows only.
 */
export function participationPageQuery(db: Database, where: SQL | undefined, page: { limit: number; offset: number }, now: number, commentsReader: AuthUser | null) {
  const responsible = commentsReader ? eventHasPermission(commentsReader, "change_event", { acceptGlobal: true }) : sql`0`;
  const rows = participationsWhere(db, participationColumns(now, responsible), where).orderBy(asc(participations.id)).limit(page.limit).offset(page.offset);
  return pageWithColumns(db, rows, participationOrder, { comments: sql<string | null>`${commentsReader ? commentsJson(commentsReader) : sql`NULL`}`.as("comments") });
}

export type ParticipationRow = Awaited<ReturnType<typeof participationPageQuery>>[number];
