import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { instant } from "./columns";

/**
 * Login sessions live in KV, which is eventually consistent: a logged-out session could still be
 * read at another location for a while. Logging out records the session here, and D1 decides.
 */
export const revokedSessions = sqliteTable(
  "revoked_sessions",
  {
    sessionHash: text("session_hash").primaryKey(),
    /** The session's absolute expiry (no write-back can extend it past this); the clean-up deletes the row after that. */
    expires: instant("expires").notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expires)],
);
