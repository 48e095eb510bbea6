import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { instant } from "./columns";
import { users } from "./users";

/**
 * Never holds a row. A write batch that must only happen under a precondition (`If-Match`) starts
 * with an insert into this table that selects a row only when the precondition fails: the CHECK
 * then fails, and D1 rolls the whole batch back (src/db/guard.ts).
 */
export const preconditionGuard = sqliteTable("precondition_guard", { reason: text("reason").notNull() }, () => [
  check("precondition_failed", sql`0`),
]);

/**
 * Fixed-window counters for rate limits, counted by one `INSERT … ON CONFLICT DO UPDATE …
 * RETURNING` statement each, so parallel requests cannot slip past a limit (KV has no atomic
 * increment).
 */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: instant("window_start").notNull(),
    count: integer("count").notNull(),
    /** When the window ends; the clean-up deletes the row after that. */
    expires: instant("expires").notNull(),
  },
  (t) => [index("rate_limits_expires_idx").on(t.expires)],
);

/** One-time links with which a user sets a (new) password; created by an administrator. */
export const passwordSetLinks = sqliteTable(
  "password_set_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 hex of the link's token; the token is shown once and never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: instant("created_at").notNull(),
    expires: instant("expires").notNull(),
    /** null: not used yet. Using a link sets this in the same statement that checks it. */
    usedAt: instant("used_at"),
  },
  (t) => [index("password_set_links_user_idx").on(t.userId), index("password_set_links_expires_idx").on(t.expires)],
);
