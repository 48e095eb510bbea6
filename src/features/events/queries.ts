import { type ColumnsSelection, type SQL, and, count, eq, or, sql } from "drizzle-orm";
import type { Permission } from "../../auth/permissions";
import type { AuthUser } from "../../auth/principal";
import { eventHasPermission, eventVisibleTo, viewableEventsSource } from "../../auth/visibility";
import type { Database } from "../../db/client";
import { type RowVersion, runGuarded } from "../../db/guard";
import { runBatch } from "../../db/raw";
import { NO_TIME, eventTypes, events, groups } from "../../db/schema";
import { idList, outer } from "../../db/sql";
import { type PageQuery, pageColumn, pageWithColumns } from "../../lib/api/keyset";
import type { OrderTerm } from "../../lib/api/ordering";
import { eventShiftsJson } from "../shifts/queries";
import type { EventChanges } from "./schemas";

/** The event's times (ephios annotates them from the shifts; kept on the row by triggers); null without shifts. */
export const eventStart = events.startTime;
export const eventEnd = events.endTime;

/**
 * The event times to order by: events without shifts after all others (ephios on PostgreSQL:
 * NULLs last ascending, first descending), in the expressions of `events_time_order_idx`, so that
 * a page in time order walks that index and a position seeks in it.
 */
export const eventTimeOrder = {
  start: sql<number>`coalesce(${events.startTime}, ${sql.raw(String(NO_TIME))})`,
  end: sql<number>`coalesce(${events.endTime}, ${sql.raw(String(NO_TIME))})`,
};

export const eventColumns = {
  id: events.id,
  title: events.title,
  description: events.description,
  location: events.location,
  // Named apart from the event's own id and title: a page read as a subquery (`pageWithColumns`)
  // knows its columns by name.
  typeId: sql<number>`${eventTypes.id}`.as("event_type_id"),
  typeTitle: sql<string>`${eventTypes.title}`.as("event_type_title"),
  startTime: events.startTime,
  endTime: events.endTime,
};

/**
 * Events with the columns their JSON needs, and `extra` ones (e.g. a page's sort keys). SQLite's
 * CROSS JOIN keeps events the outer loop, so a page in an index's order reads its rows and stops.
 */
export function eventsQuery<Extra extends Record<string, SQL.Aliased>>(db: Database, where: SQL | undefined, extra?: Extra) {
  return db
    .select({ ...eventColumns, ...(extra ?? ({} as Extra)) })
    .from(events)
    .crossJoin(eventTypes)
    .where(and(eq(eventTypes.id, events.typeId), where));
}

/** A set of events a statement starts from: `from` names each event once, `where` joins it to `events`. */
export interface EventSource {
  from: SQL;
  where: SQL;
}

// The list of `/api/events/`: active events with the object permission view_event (a global one
// does not count there), started from the set of visible events (`viewableEventsSource`).
const listed = (user: AuthUser): EventSource => viewableEventsSource(user, { acceptGlobal: false });

/** How many of the events in `source` match `where`. */
export function countEventsFromQuery(db: Database, source: EventSource, where: SQL | undefined) {
  return db.select({ total: count() }).from(source.from).crossJoin(events).where(and(source.where, where));
}

/**
 * The events in `source` matching `where`, with `extra` columns (a page's sort keys). The CROSS
 * JOIN keeps the source the outer loop: a page reads the source's events and sorts them, which is
 * cheap where the source is small against the table.
 */
export function eventsFromQuery<Extra extends Record<string, SQL.Aliased>>(db: Database, source: EventSource, where: SQL | undefined, extra: Extra) {
  return db
    .select({ ...eventColumns, ...extra })
    .from(source.from)
    .crossJoin(events)
    .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
    .where(and(source.where, where));
}

/** How many events `/api/events/` lists to `user` among those matching `where`. */
export const countListedEventsQuery = (db: Database, user: AuthUser, where: SQL | undefined) => countEventsFromQuery(db, listed(user), where);

/** The events `/api/events/` lists to `user` matching `where`, with `extra` columns (a page's sort keys). */
export const listedEventsQuery = <Extra extends Record<string, SQL.Aliased>>(db: Database, user: AuthUser, where: SQL | undefined, extra: Extra) =>
  eventsFromQuery(db, listed(user), where, extra);

/** The column that brings each event's shifts with their stats participations (`eventShiftsJson`). */
const shiftsColumn = (eventId: SQL, now: number) => ({ shifts: eventShiftsJson(eventId, now).as("shifts") });

/** `eventsQuery` with `shiftsColumn`, for a single event (the column is computed for each row selected). */
export const eventsWithShiftsQuery = (db: Database, where: SQL | undefined, now: number) => eventsQuery(db, where, shiftsColumn(outer(events.id), now));

/**
 * A page of events (ordered and limited, with `keyColumns(order)`), each with `shiftsColumn`: with
 * `statsContextQueries` in the same batch, the page, its shifts and their stats cost one round trip.
 */
export const eventPageQuery = <Selection extends ColumnsSelection>(db: Database, page: PageQuery<Selection>, order: OrderTerm[], now: number) =>
  pageWithColumns(db, page, order, shiftsColumn(pageColumn("id"), now));

/** For the `type` filter's choice check: does this event type exist? */
export function eventTypeExistsQuery(db: Database, id: number) {
  return db.select({ id: eventTypes.id }).from(eventTypes).where(eq(eventTypes.id, id));
}

/**
 * An event for a write, in the columns of `eventsQuery`: found when `user` may view it (object or
 * global view_event), change it or holds `permission` on it (object or global, also when it is
 * inactive), so that a write on an event one knows of but may not do is a 403, on any other a 404.
 * `permitted` says whether the user holds `permission`; `version` is the row's, for `If-Match`.
 */
export function eventForWriteQuery(db: Database, id: number, user: AuthUser, permission: Permission) {
  const holds = (p: Permission) => eventHasPermission(user, p, { acceptGlobal: true, includeInactive: true });
  const permitted = holds(permission);
  return db
    .select({ ...eventColumns, version: events.version, permitted: sql<boolean>`${permitted}`.mapWith(Boolean).as("permitted") })
    .from(events)
    .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
    .where(and(eq(events.id, id), or(eventVisibleTo(user, { acceptGlobal: true }), holds("change_event"), permitted)));
}

/** Which of the referenced event type and groups exist: two statements for one batch. */
export function eventReferencesQueries(db: Database, typeId: number | undefined, groupIds: number[]) {
  return [
    db.select({ id: eventTypes.id }).from(eventTypes).where(eq(eventTypes.id, typeId ?? 0)),
    db.select({ id: groups.id }).from(groups).where(sql`${groups.id} IN ${idList(groupIds)}`),
  ] as const;
}

/** What the creator of an event holds on it (ephios gives the planner the same). */
const CREATOR_PERMISSIONS = ["view_event", "change_event"];

// A group deleted since the caller checked the ids is skipped rather than failing the whole write.
const groupsMayView = (eventId: SQL | number, groupIds: number[]) =>
  sql`INSERT INTO event_group_permissions (event_id, group_id, permission)
      SELECT ${eventId}, value, 'view_event' FROM json_each(${JSON.stringify(groupIds)}) WHERE value IN (SELECT id FROM groups)`;

/** Inserts an event, its groups' view_event and the creator's permissions in one transaction; returns its id. */
export async function insertEvent(
  db: Database,
  event: { title: string; description: string | null; location: string; type: number; active: boolean; visible_for: number[] },
  creatorId: number,
): Promise<number> {
  // AUTOINCREMENT gives the new row an id above every id ever used, so inside the transaction it
  // is the largest, and the statements after it can name it.
  const newId = sql`(SELECT max(id) FROM events)`;
  const [inserted] = await runBatch(db, [
    sql`INSERT INTO events (title, description, location, type_id, active)
        VALUES (${event.title}, ${event.description}, ${event.location}, ${event.type}, ${event.active ? 1 : 0}) RETURNING id`,
    groupsMayView(newId, event.visible_for),
    sql`INSERT INTO event_user_permissions (event_id, user_id, permission) SELECT ${newId}, ${creatorId}, value FROM json_each(${JSON.stringify(CREATOR_PERMISSIONS)})`,
  ]);
  return (inserted.results[0] as { id: number }).id;
}

/**
 * Applies a PATCH: the event's own columns sent and, when given, the groups that may view it, in
 * one transaction; with a `precondition` (`If-Match`) only while the event is as read, else 412.
 */
export async function updateEvent(db: Database, id: number, changes: EventChanges, precondition: RowVersion | null): Promise<void> {
  const values = {
    ...(changes.title === undefined ? {} : { title: changes.title }),
    ...(changes.description === undefined ? {} : { description: changes.description }),
    ...(changes.location === undefined ? {} : { location: changes.location }),
    ...(changes.type === undefined ? {} : { typeId: changes.type }),
    ...(changes.active === undefined ? {} : { active: changes.active }),
  };
  const statements: SQL[] = [];
  if (Object.keys(values).length) statements.push(db.update(events).set(values).where(eq(events.id, id)).getSQL());
  if (changes.visible_for) {
    statements.push(sql`DELETE FROM event_group_permissions WHERE event_id = ${id} AND permission = 'view_event'`, groupsMayView(id, changes.visible_for));
  }
  if (statements.length) await runGuarded(db, precondition, statements);
}

/**
 * Deletes an event with its shifts, participations and permissions (the foreign keys cascade).
 * Without `force` only while it has no participations, checked in the same statement, so one
 * added meanwhile is never deleted unasked; with a `precondition` (`If-Match`) only while the
 * event is as read, else 412. Returns whether it was deleted.
 */
export async function deleteEvent(db: Database, id: number, force: boolean, precondition: RowVersion | null): Promise<boolean> {
  const [deleted] = await runGuarded(db, precondition, [
    sql`DELETE FROM events WHERE id = ${id}
      AND (${force ? 1 : 0} = 1 OR NOT EXISTS (SELECT 1 FROM participations p JOIN shifts s ON s.id = p.shift_id WHERE s.event_id = ${id})) RETURNING id`,
  ]);
  return deleted.results.length === 1;
}
