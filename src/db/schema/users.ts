import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { HEX, randomString } from "../../lib/crypto";
import { flag, instant } from "./columns";

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    emailInvalid: flag("email_invalid").notNull().default(false),
    displayName: text("display_name").notNull(),
    /** scrypt hash string (see src/lib/password.ts); null: no password login possible. */
    passwordHash: text("password_hash"),
    /** YYYY-MM-DD */
    dateOfBirth: text("date_of_birth"),
    phone: text("phone"),
    isActive: flag("is_active").notNull().default(true),
    isVisible: flag("is_visible").notNull().default(true),
    isStaff: flag("is_staff").notNull().default(false),
    isSuperuser: flag("is_superuser").notNull().default(false),
    dateJoined: instant("date_joined").notNull(),
    /** Bumped by a trigger on every change (migration 0004): `If-Match` writes compare it in SQL. */
    version: integer("version").notNull().default(1),
    /**
     * SHA-256 (hex) of the user's calendar token, the credential of their calendar feed
     * (src/features/calendar). Only the hash is kept; a new user gets a random value, which no
     * token hashes to, until they reset it on /settings/calendar/. Nullable only because SQLite
     * cannot add a NOT NULL column without a constant default (migration 0005).
     */
    calendarTokenHash: text("calendar_token_hash").$defaultFn(() => randomString(64, HEX)),
  },
  (t) => [
    // Emails are unique case-insensitively, as in ephios.
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    uniqueIndex("users_calendar_token_hash_unique").on(t.calendarTokenHash),
    index("users_display_name_idx").on(t.displayName),
  ],
);

export const groups = sqliteTable("groups", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
});

export const groupMembers = sqliteTable(
  "group_members",
  {
    groupId: integer("group_id").notNull().references(() => groups.id, { onDelete: "cascade" }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("group_members_user_idx").on(t.userId)],
);

/** Global (model-level) permissions held directly by a user. */
export const userPermissions = sqliteTable(
  "user_permissions",
  {
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    permission: text("permission").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.permission] })],
);

/** Global (model-level) permissions of a group. */
export const groupPermissions = sqliteTable(
  "group_permissions",
  {
    groupId: integer("group_id").notNull().references(() => groups.id, { onDelete: "cascade" }),
    permission: text("permission").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.permission] })],
);
