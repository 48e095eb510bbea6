import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { flag, instant, json } from "./columns";
import { shifts } from "./events";
import { federatedUsers } from "./federation";
import { users } from "./users";

export const participationKinds = ["local", "placeholder", "federated"] as const;
export type ParticipationKind = (typeof participationKinds)[number];

/**
 * ephios's polymorphic AbstractParticipation in one table: `kind` says which of `userId`
 * (local), `displayName` (placeholder) or `federatedUserId` (federated) identifies the participant.
 */
export const participations = sqliteTable(
  "participations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    shiftId: integer("shift_id").notNull().references(() => shifts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: participationKinds }).notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    displayName: text("display_name"),
    federatedUserId: integer("federated_user_id").references(() => federatedUsers.id, { onDelete: "cascade" }),
    /** 0 requested, 1 confirmed, 2 declined by user, 3 rejected by responsible, 4 getting dispatched. */
    state: integer("state").notNull().default(4),
    structureData: json("structure_data").notNull().default({}),
    individualStartTime: instant("individual_start_time"),
    individualEndTime: instant("individual_end_time"),
    finished: flag("finished").notNull().default(false),
    /** Bumped by a trigger on every change (migration 0004): `If-Match` writes compare it in SQL. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    check(
      "participations_kind_check",
      sql`(${t.kind} = 'local' AND ${t.userId} IS NOT NULL AND ${t.federatedUserId} IS NULL)
       OR (${t.kind} = 'placeholder' AND ${t.displayName} IS NOT NULL AND ${t.userId} IS NULL AND ${t.federatedUserId} IS NULL)
       OR (${t.kind} = 'federated' AND ${t.federatedUserId} IS NOT NULL AND ${t.userId} IS NULL)`,
    ),
    check("participations_state_check", sql`${t.state} BETWEEN 0 AND 4`),
    // One participation per participant and shift.
    uniqueIndex("participations_shift_user_unique").on(t.shiftId, t.userId).where(sql`${t.userId} IS NOT NULL`),
    uniqueIndex("participations_shift_federated_user_unique").on(t.shiftId, t.federatedUserId).where(sql`${t.federatedUserId} IS NOT NULL`),
    index("participations_shift_state_idx").on(t.shiftId, t.state),
    // (user, state) answers "a user's confirmed participations" in one range. No index on state
    // alone: with few distinct values it only ever led the planner into reading most of the table.
    index("participations_user_state_idx").on(t.userId, t.state),
    // A user's participations in id order (an index's entries follow the rowid within a key), so
    // a page of someone's own participations reads its rows and stops instead of sorting them all.
    index("participations_user_idx").on(t.userId),
    index("participations_federated_user_idx").on(t.federatedUserId),
  ],
);

export const participationComments = sqliteTable(
  "participation_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    participationId: integer("participation_id").notNull().references(() => participations.id, { onDelete: "cascade" }),
    authoredByResponsibleId: integer("authored_by_responsible_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: instant("created_at").notNull(),
    /** 0 responsibles only, 1 responsibles and the participant, 2 everyone who sees the participation. */
    visibleFor: integer("visible_for").notNull().default(0),
    text: text("text").notNull(),
  },
  (t) => [index("participation_comments_participation_idx").on(t.participationId, t.createdAt)],
);
