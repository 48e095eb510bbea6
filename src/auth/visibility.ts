/**
 * ephios's permission model as composable SQL: conditions and subqueries that go into the
 * WHERE clause of a caller's query, so visibility is always decided by the database in the same
 * statement as the listing (no per-row queries, no filtering in JavaScript).
 *
 * - Global permissions are already loaded into `AuthUser.globalPermissions`, so they decide in
 *   JavaScript which SQL to emit; only object permissions are looked up in SQL.
 * - Every value (user ids, permission names) is a bound parameter.
 * - Inner queries read their tables under `vis_*` aliases, so they never capture the caller's
 *   tables; the conditions refer to the caller's tables by their plain names (`"events"`,
 *   `"participations"`), which the caller's query must therefore select from, unaliased.
 * - Each condition is wrapped in parentheses and can be combined freely with `and()` / `or()`.
 */
import { sql, type SQL } from "drizzle-orm";
import { alias, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { eventGroupPermissions, eventTypes, eventUserPermissions, events, groupMembers, participations, shifts } from "../db/schema";
import { onJoinedRow } from "../db/sql";
import type { Permission } from "./permissions";
import { hasGlobalPermission, type AuthUser } from "./principal";

/** `EventType.show_participant_data` (ephios `ShowParticipantDataChoices`). */
export const ShowParticipantData = {
  /** "to logged in users" */
  INSTANCE_USERS: 0,
  /** "to confirmed participants" */
  CONFIRMED: 1,
  /** "only to responsible users" */
  RESPONSIBLES: 2,
  /** "to everyone including guests and federated users" */
  PUBLIC: 3,
} as const;

// Aliases for the tables read inside the subqueries.
const permEvent = alias(events, "vis_perm_event");
const permUser = alias(eventUserPermissions, "vis_perm_user");
const permGroup = alias(eventGroupPermissions, "vis_perm_group");
const permMember = alias(groupMembers, "vis_perm_member");
const ownParticipation = alias(participations, "vis_own_participation");
const ownShift = alias(shifts, "vis_own_shift");

/** How a condition asks for the events a user may view: as a set built once per statement, or per row. */
export type VisibilityPlan = "set" | "perRow";

/** The columns of an events table (or an alias of it) that the event conditions read. */
export interface EventColumns {
  id: AnySQLiteColumn;
  active: AnySQLiteColumn;
}

export interface PermissionOptions {
  /**
   * Whether a global (model-level) permission counts. guardian's `get_objects_for_user` accepts it
   * (`/api/shifts/`); the `ObjectPermissionsFilter` of `/api/events/` does not.
   */
  acceptGlobal: boolean;
}

/** Superusers hold every permission; a global permission counts only where the caller accepts it. */
function holdsEverywhere(user: AuthUser, permission: Permission, { acceptGlobal }: PermissionOptions): boolean {
  return user.isSuperuser || (acceptGlobal && user.globalPermissions.has(permission));
}

/** Subqueries: ids of events on which `user` holds `permission` as an object permission of their own, and through a group. */
function objectPermissionSources(user: AuthUser, permission: Permission): [SQL, SQL] {
  return [
    sql`SELECT ${permUser.eventId} FROM ${eventUserPermissions} AS ${permUser}
      WHERE ${permUser.userId} = ${user.id} AND ${permUser.permission} = ${permission}`,
    sql`SELECT ${permGroup.eventId} FROM ${eventGroupPermissions} AS ${permGroup}
      JOIN ${groupMembers} AS ${permMember} ON ${permMember.groupId} = ${permGroup.groupId}
      WHERE ${permMember.userId} = ${user.id} AND ${permGroup.permission} = ${permission}`,
  ];
}

/**
 * Subquery: ids of events (active or not) on which `user` holds `permission` as a guardian object
 * permission, given to the user directly or to one of their groups. An id may come twice (only
 * ever read through IN, which does not care; UNION would sort them into a temporary table first).
 */
function objectPermissionEventIds(user: AuthUser, permission: Permission): SQL {
  const [own, throughGroups] = objectPermissionSources(user, permission);
  return sql`${own}
    UNION ALL
    ${throughGroups}`;
}

/**
 * Condition that reads no table of the caller's query: `user` holds `permission` as an object
 * permission on at least one event (active or not), given to them or to one of their groups. The
 * write routes' early check (src/auth/access.ts) asks it of whoever lacks the global permission;
 * each EXISTS stops at the first row of its index.
 */
export function holdsOnSomeEvent(user: AuthUser, permission: Permission): SQL {
  const [own, throughGroups] = objectPermissionSources(user, permission);
  return sql`(EXISTS (${own}) OR EXISTS (${throughGroups}))`;
}

/**
 * Condition on an events row (the caller's `events` table by default, or an alias of it): the event
 * is active and `user` holds `permission` on it. guardian's `get_objects_for_user(user, perm)` over
 * Event's default manager (`ActiveManager`, so inactive events never qualify; superusers get every
 * active event), with global permissions counted when `acceptGlobal`.
 */
export function eventHasPermission(
  user: AuthUser,
  permission: Permission,
  options: PermissionOptions & { event?: EventColumns; includeInactive?: boolean },
): SQL {
  const event = options.event ?? events;
  // Writes ask `user.has_perm(perm, event)`, which holds on inactive events too (only the
  // listings go through the ActiveManager); otherwise an event once deactivated could never be
  // reactivated or deleted through the API.
  const active = options.includeInactive ? sql`1` : sql`${event.active} = 1`;
  if (holdsEverywhere(user, permission, options)) return sql`(${active})`;
  return sql`(${active} AND ${event.id} IN (${objectPermissionEventIds(user, permission)}))`;
}

/**
 * `eventHasPermission` on the caller's `events` table, asked of each event row (EXISTS on the
 * permission tables' keys) rather than as the set of every event the user holds the permission on.
 * For queries that visit a few events of one user (their own participations), where building that
 * set would read a row for every event the user may see, on every request.
 */
export function eventHasPermissionPerRow(user: AuthUser, permission: Permission, options: PermissionOptions): SQL {
  // `+` keeps SQLite from starting at the active-flag index (every active event, then sorted) where
  // a page should walk the index of its order and test each row.
  const active = sql`+${events.active} = 1`;
  if (holdsEverywhere(user, permission, options)) return sql`(${active})`;
  return sql`(${active} AND (
    EXISTS (SELECT 1 FROM ${eventUserPermissions} AS ${permUser}
      WHERE ${permUser.eventId} = ${events.id} AND ${permUser.userId} = ${user.id} AND ${permUser.permission} = ${permission})
    OR EXISTS (SELECT 1 FROM ${eventGroupPermissions} AS ${permGroup}
      JOIN ${groupMembers} AS ${permMember} ON ${permMember.groupId} = ${permGroup.groupId} AND ${permMember.userId} = ${user.id}
      WHERE ${permGroup.eventId} = ${events.id} AND ${permGroup.permission} = ${permission})))`;
}

/**
 * Subquery selecting the ids of ACTIVE events on which `user` holds `permission`: guardian's
 * `get_objects_for_user(user, perm)`, or with `acceptGlobal: false` the
 * `ObjectPermissionsFilter` of `/api/events/`.
 *
 * It comes without surrounding parentheses: write ``sql`${x} IN (${eventIdsWithPermission(…)})` ``.
 * (drizzle's `inArray(x, …)` adds none for raw SQL, which fails loudly as a syntax error; never
 * add a second pair either: SQLite reads `x IN ((SELECT …))` as a one-element list holding a scalar
 * subquery, i.e. only the first row, silently.)
 */
export function eventIdsWithPermission(user: AuthUser, permission: Permission, options: PermissionOptions): SQL {
  return sql`SELECT ${permEvent.id} FROM ${events} AS ${permEvent}
    WHERE ${eventHasPermission(user, permission, { ...options, event: permEvent })}`;
}

/**
 * Condition: the event is active and `user` may view it (`core.view_event`).
 * - `/api/events/`: `{ acceptGlobal: false }`, on the caller's `events` table.
 * - `/api/shifts/`: `{ acceptGlobal: true }` (`ShiftPermissionFilter`); pass
 *   `eventId: shifts.eventId` to filter shifts without joining events.
 * Without `eventId` the condition is on the caller's `events` table (its `active` column and id):
 * one lookup per event instead of building the set of every visible event and searching it.
 */
export function eventVisibleTo(user: AuthUser, options: PermissionOptions & { eventId?: AnySQLiteColumn | SQL }): SQL {
  if (!options.eventId) return eventHasPermission(user, "view_event", { acceptGlobal: options.acceptGlobal });
  return sql`(${options.eventId} IN (${eventIdsWithPermission(user, "view_event", { acceptGlobal: options.acceptGlobal })}))`;
}

/**
 * `condition` on the caller's `events` row that its `shifts` row belongs to (a shift's event, a
 * participation's shift's event), in the form of `onJoinedRow`: a page of shifts or participations
 * that asks it never reads every event once SQLite has planner statistics.
 */
export const onShiftEvent = (condition: SQL): SQL => onJoinedRow(condition, events.id, shifts.eventId);

/**
 * Condition on the caller's `participations` joined with the `events` and `event_types` rows of
 * their shifts (unaliased): ephios's `ParticipationQuerySet.viewable_by(user.as_participant())`
 * for a local user.
 *
 * The participation's event must be in `get_objects_for_user(user, "core.view_event")` (global
 * counts, active events only), and one of these must hold:
 * - the event type shows participant data to all instance users (0) or publicly (3);
 * - it shows them to confirmed participants (1) and the user has a CONFIRMED local participation in
 *   any shift of the event;
 * - the event is in `get_objects_for_user(user, "core.change_event")` (global counts);
 * - it is the user's own local participation;
 * - it is a local participation of a user in `get_objects_for_user(user, "core.view_userprofile")`:
 *   with global `view_userprofile` every local participation (object permissions on user profiles do
 *   not exist in this data model; the manager guardian uses there includes invisible users).
 * Superusers therefore see every participation of every active event.
 *
 * `plan` says how view_event is asked: `set` builds the set of the user's visible events once per
 * statement (for many rows: SQLite can count from those events, and a page walking participations
 * in id order probes it); `perRow` asks it of each row's event (for one row, or one user's rows,
 * where building the set would cost a row per visible event).
 */
export function participationViewableBy(user: AuthUser, plan: VisibilityPlan = "set"): SQL {
  // Written on the joined rows rather than as a subquery per participation: SQLite then tests the
  // event-level terms once per event and counts a visible event's participations from the
  // (shift_id, state) index, while a page in id order still stops after its rows.
  const canViewEvent = onShiftEvent(
    plan === "perRow" ? eventHasPermissionPerRow(user, "view_event", { acceptGlobal: true }) : eventHasPermission(user, "view_event", { acceptGlobal: true }),
  );
  const ownOrProfileVisible = hasGlobalPermission(user, "view_userprofile")
    ? sql`${participations.kind} = 'local'`
    : sql`(${participations.kind} = 'local' AND ${participations.userId} = ${user.id})`;
  // Whoever may change every event (global change_event, superusers) sees every viewable
  // participation; the other reasons add nothing.
  if (hasGlobalPermission(user, "change_event")) return canViewEvent;
  return sql`(${canViewEvent} AND (${participantDataShownTo(user)} OR ${ownOrProfileVisible}))`;
}

/** How a condition asks whether the event's type shows participant data at one of some levels (`ShowParticipantData`). */
type TypeShows = (levels: number[]) => SQL;

/** From the caller's `event_types` row of the event. */
const joinedTypeShows: TypeShows = (levels) => sql`${eventTypes.showParticipantData} IN ${sql.raw(`(${levels.join(", ")})`)}`;

const typeOfEvent = alias(eventTypes, "vis_event_type");

/**
 * From the event's type id alone, against the (few) event types at those levels, looked up once
 * per statement: for a statement over many events that needs nothing else of their types.
 */
const typeIdShows: TypeShows = (levels) =>
  sql`${events.typeId} IN (SELECT ${typeOfEvent.id} FROM ${eventTypes} AS ${typeOfEvent} WHERE ${typeOfEvent.showParticipantData} IN ${sql.raw(`(${levels.join(", ")})`)})`;

/**
 * The event-level reasons of `viewable_by` (on the caller's `events`, and `event_types` as
 * `typeShows` reads them); the participant-level ones are added by `participationViewableBy`.
 */
function participantDataShownTo(user: AuthUser, typeShows: TypeShows = joinedTypeShows): SQL {
  const reasons: SQL[] = [
    // INSTANCE_USERS (0) and PUBLIC (3): every user who can view the event.
    typeShows([ShowParticipantData.INSTANCE_USERS, ShowParticipantData.PUBLIC]),
    // CONFIRMED (1): users with a CONFIRMED (state 1) local participation in any shift of the event.
    sql`(${typeShows([ShowParticipantData.CONFIRMED])} AND ${events.id} IN (
      SELECT ${ownShift.eventId} FROM ${participations} AS ${ownParticipation}
        JOIN ${shifts} AS ${ownShift} ON ${ownShift.id} = ${ownParticipation.shiftId}
      WHERE ${ownParticipation.userId} = ${user.id} AND ${ownParticipation.state} = 1 AND ${ownParticipation.kind} = 'local'))`,
    // Responsibles: users who may change the event (object permission; global handled by the caller).
    sql`${events.id} IN (${objectPermissionEventIds(user, "change_event")})`,
  ];
  return sql`(${sql.join(reasons, sql`\n      OR `)})`;
}

/**
 * Condition on the same joined rows as `participationViewableBy`: ephios's
 * `UserinfoParticipationPermissionFilter`, used by `/api/participations-userinfo/` and `/api/users/me/participations/`.
 * `viewable_by`, and unless the user holds global `view_userprofile` (superusers do) only
 * the user's own local participations; this drops every non-local participation for them.
 */
export function participationInUserinfoScope(user: AuthUser, plan: VisibilityPlan = "set"): SQL {
  const viewable = participationViewableBy(user, plan);
  if (hasGlobalPermission(user, "view_userprofile")) return viewable;
  return sql`(${viewable} AND ${participations.kind} = 'local' AND ${participations.userId} = ${user.id})`;
}

/**
 * `participationViewableBy` decided per event, for counting from the events' participation
 * counters instead of visiting every participation, on events the user may view
 * (`viewableEventsSource`). Conditions on the caller's `events` (their types looked up by id, so the
 * statement need not join `event_types`, a row per event): `all` — every
 * participation of the event is viewable; `local` — (where `all` does not hold) every local one
 * is. `ownBeyond`: the user's own local participations are viewable also where neither holds (they
 * must be counted apart). `everyOne`: every participation of every event the user may view is
 * viewable (`all` is always true).
 */
export function participationViewByEvent(user: AuthUser): { all: SQL; local: SQL; ownBeyond: boolean; everyOne: boolean } {
  const allProfiles = hasGlobalPermission(user, "view_userprofile");
  if (hasGlobalPermission(user, "change_event")) return { all: sql`1`, local: sql`1`, ownBeyond: false, everyOne: true };
  return { all: participantDataShownTo(user, typeIdShows), local: allProfiles ? sql`1` : sql`0`, ownBeyond: !allProfiles, everyOne: false };
}

/** Whether `user` may view every active event, where `options` counts a global permission (or as a superuser). */
export const seesEveryActiveEvent = (user: AuthUser, options: PermissionOptions): boolean => holdsEverywhere(user, "view_event", options);

/**
 * The start of a statement over the active events on which `user` holds view_event (global counts
 * where `acceptGlobal`): `from` is the set of visible events, each once (a derived table
 * `vis_visible(id)`, or a one-row stand-in where every event qualifies), which the statement
 * cross-joins with `events` and restricts with `where`. It reads each permission row once and each
 * visible event once, however long the organisation's history; the same set as an `IN` list is
 * searched by SQLite through the active index at about twice the rows (measured on the bench's worlds).
 */
export function viewableEventsSource(user: AuthUser, options: PermissionOptions): { from: SQL; where: SQL } {
  if (seesEveryActiveEvent(user, options)) return { from: sql`(SELECT 1) AS vis_visible`, where: sql`(${events.active} = 1)` };
  return {
    from: sql`(SELECT DISTINCT event_id AS id FROM (${objectPermissionEventIds(user, "view_event")})) AS vis_visible`,
    where: sql`(${events.id} = vis_visible.id AND ${events.active} = 1)`,
  };
}
