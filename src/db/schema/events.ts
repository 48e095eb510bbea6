import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { flag, instant, json } from "./columns";
import { groups, users } from "./users";

export const eventTypes = sqliteTable("event_types", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  title: text("title").notNull(),
  color: text("color").notNull().default("#343a40"),
  /** 0 instance users, 1 confirmed participants, 2 responsibles only, 3 public. */
  showParticipantData: integer("show_participant_data").notNull().default(0),
  defaultDescription: text("default_description"),
});

/** Sorts after every instant (JavaScript's largest date): an event without shifts in time order. */
export const NO_TIME = 8_640_000_000_000_000;

export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    description: text("description"),
    location: text("location").notNull(),
    // An event type in use cannot be deleted (ephios protects it too).
    typeId: integer("type_id").notNull().references(() => eventTypes.id, { onDelete: "restrict" }),
    active: flag("active").notNull().default(false),
    /** Bumped by a trigger on every change of the columns above (migrations 0004, 0006): `If-Match` writes compare it in SQL. */
    version: integer("version").notNull().default(1),
    // Kept true by triggers on shifts and participations in every writing statement (migration
    // 0006), so lists order, filter and count by event without reading its shifts and
    // participations; `npm run db:check` recomputes them. See docs/performance.md.
    /** The earliest shift start and the latest shift end; null without shifts (ephios annotates them). */
    startTime: instant("start_time"),
    endTime: instant("end_time"),
    shiftCount: integer("shift_count").notNull().default(0),
    /** Participations of the event's shifts: all, and those REQUESTED or CONFIRMED; each also for local participants only. */
    participationCount: integer("participation_count").notNull().default(0),
    positiveParticipationCount: integer("positive_participation_count").notNull().default(0),
    localParticipationCount: integer("local_participation_count").notNull().default(0),
    localPositiveParticipationCount: integer("local_positive_participation_count").notNull().default(0),
  },
  (t) => [
    index("events_type_idx").on(t.typeId),
    index("events_active_idx").on(t.active),
    // The lists' time order with events without shifts last (src/features/events/queries.ts, eventTimeOrder).
    index("events_time_order_idx").on(sql`coalesce(${t.startTime}, ${sql.raw(String(NO_TIME))})`, sql`coalesce(${t.endTime}, ${sql.raw(String(NO_TIME))})`, t.id),
    index("events_end_idx").on(t.endTime),
  ],
);

/**
 * The events' derived counts summed over the active events, in one row (id 1), kept by triggers
 * on events (migration 0008) in every statement that changes an event's counts or its active
 * flag: what a holder of the global view_event counts without reading a row per event.
 */
export const activeEventTotals = sqliteTable("active_event_totals", {
  // Always 1; AUTOINCREMENT as every integer id of the schema (test/security/ids-and-federated-sessions.test.ts).
  id: integer("id").primaryKey({ autoIncrement: true }),
  shiftCount: integer("shift_count").notNull().default(0),
  participationCount: integer("participation_count").notNull().default(0),
  positiveParticipationCount: integer("positive_participation_count").notNull().default(0),
  localParticipationCount: integer("local_participation_count").notNull().default(0),
  localPositiveParticipationCount: integer("local_positive_participation_count").notNull().default(0),
});

/** Object permissions on one event, held by a user. */
export const eventUserPermissions = sqliteTable(
  "event_user_permissions",
  {
    eventId: integer("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    permission: text("permission").notNull(),
  },
  // Covering the "events on which this user holds …" lookups (src/auth/visibility.ts), so that no
  // planner statistics make a scan of the table look cheaper.
  (t) => [primaryKey({ columns: [t.eventId, t.userId, t.permission] }), index("event_user_permissions_user_event_idx").on(t.userId, t.permission, t.eventId)],
);

/** Object permissions on one event, held by a group. */
export const eventGroupPermissions = sqliteTable(
  "event_group_permissions",
  {
    eventId: integer("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    groupId: integer("group_id").notNull().references(() => groups.id, { onDelete: "cascade" }),
    permission: text("permission").notNull(),
  },
  // Covering, as the user permissions' index: with few groups, each holding permissions on a large
  // share of the events, a non-covering index looked dearer to the planner than reading every row.
  (t) => [primaryKey({ columns: [t.eventId, t.groupId, t.permission] }), index("event_group_permissions_group_event_idx").on(t.groupId, t.permission, t.eventId)],
);

export const shifts = sqliteTable(
  "shifts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    label: text("label").notNull().default(""),
    meetingTime: instant("meeting_time").notNull(),
    startTime: instant("start_time").notNull(),
    endTime: instant("end_time").notNull(),
    signupFlowSlug: text("signup_flow_slug").notNull(),
    signupFlowConfiguration: json("signup_flow_configuration").notNull(),
    structureSlug: text("structure_slug").notNull(),
    structureConfiguration: json("structure_configuration").notNull(),
    /** Bumped by a trigger on every change (migration 0004): `If-Match` writes compare it in SQL. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("shifts_event_idx").on(t.eventId, t.startTime),
    index("shifts_order_idx").on(t.meetingTime, t.startTime, t.id),
    index("shifts_start_idx").on(t.startTime),
    index("shifts_end_idx").on(t.endTime),
  ],
);
