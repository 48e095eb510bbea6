import { type SQL, count, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import type { Page } from "../../lib/api/pagination";
import { allQualificationsQuery, unexpiredGrantsQuery } from "../qualifications/queries";

const profileColumns = {
  id: users.id,
  displayName: users.displayName,
  dateOfBirth: users.dateOfBirth,
  email: users.email,
};

/** ephios's default UserProfile manager: only visible users (inactive ones included). */
export const visibleUsers = eq(users.isVisible, true);

/**
 * Exact, case-sensitive email match. The `lower()` term lets SQLite use the case-insensitive unique
 * index; the `=` (binary collation) keeps the match exact.
 */
export const emailIs = (email: string) => sql`lower(${users.email}) = lower(${email}) AND ${users.email} = ${email}`;

/**
 * Statements for one batch: the profiles matching `where` (ordered by id, optionally one page),
 * the unexpired grants of exactly those users, and every qualification. Three statements however
 * many users, so a page costs one round trip with its count.
 */
export function profileQueries(db: Database, where: SQL | undefined, now: number, page?: Page) {
  const profiles = db.select(profileColumns).from(users).where(where).orderBy(users.id);
  const ids = db.select({ id: users.id }).from(users).where(where).orderBy(users.id);
  return [
    page ? profiles.limit(page.limit).offset(page.offset) : profiles,
    unexpiredGrantsQuery(db, page ? ids.limit(page.limit).offset(page.offset) : ids, now),
    allQualificationsQuery(db),
  ] as const;
}

export function countUsersQuery(db: Database, where: SQL | undefined) {
  return db.select({ total: count() }).from(users).where(where);
}

/** Changes the user's own display name and/or phone; an empty phone is stored as none. */
export async function updateOwnProfile(db: Database, userId: number, changes: { display_name?: string; phone?: string | null }): Promise<void> {
  const values = {
    ...(changes.display_name === undefined ? {} : { displayName: changes.display_name }),
    ...(changes.phone === undefined ? {} : { phone: changes.phone || null }),
  };
  if (Object.keys(values).length) await db.update(users).set(values).where(eq(users.id, userId));
}
