import { type SQL, and, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { type RowVersion, guardStatement, isGuardFailure, runGuarded } from "../../db/guard";
import { runBatch } from "../../db/raw";
import { groupMembers, groups, qualificationGrants, qualifications, users } from "../../db/schema";
import type { Page } from "../../lib/api/pagination";
import { allQualificationsQuery, unexpiredGrantsQuery } from "../qualifications/queries";
import { idList } from "../../db/sql";

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

/**
 * Statements for one batch: what an administrator may change of the users matching `where`
 * beyond their profile (phone, active flag, group ids, every grant with its expiry), and
 * `is_staff` and `is_superuser`, which decide who may act on their account, and the row version
 * (for `If-Match`).
 */
export function managedStateQueries(db: Database, where: SQL | undefined) {
  const ids = db.select({ id: users.id }).from(users).where(where);
  return [
    db
      .select({ id: users.id, phone: users.phone, isActive: users.isActive, isStaff: users.isStaff, isSuperuser: users.isSuperuser, version: users.version })
      .from(users)
      .where(where)
      .orderBy(users.id),
    db
      .select({ userId: groupMembers.userId, groupId: groupMembers.groupId })
      .from(groupMembers)
      .where(inArray(groupMembers.userId, ids))
      .orderBy(groupMembers.userId, groupMembers.groupId),
    db
      .select({ userId: qualificationGrants.userId, qualificationId: qualificationGrants.qualificationId, expires: qualificationGrants.expires })
      .from(qualificationGrants)
      .where(inArray(qualificationGrants.userId, ids))
      .orderBy(qualificationGrants.userId, qualificationGrants.qualificationId),
  ] as const;
}

/**
 * Statements for one batch, answering what a write must check: the caller's groups, which of the
 * given group and qualification ids exist, and whether another user has the email (ignoring case,
 * as the unique index does).
 */
export function writeCheckQueries(db: Database, check: { callerId: number; email?: string; userId?: number; groupIds: number[]; qualificationIds: number[] }) {
  const emailOwner = check.email === undefined ? sql`0` : and(sql`lower(${users.email}) = lower(${check.email})`, check.userId === undefined ? undefined : ne(users.id, check.userId));
  return [
    db.select({ groupId: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, check.callerId)),
    db.select({ id: groups.id }).from(groups).where(sql`${groups.id} IN ${idList(check.groupIds)}`),
    db.select({ id: qualifications.id }).from(qualifications).where(sql`${qualifications.id} IN ${idList(check.qualificationIds)}`),
    db.select({ id: users.id }).from(users).where(emailOwner).limit(1),
  ] as const;
}

/** The columns of `users` a write sets (undefined: unchanged). */
export interface UserValues {
  email?: string;
  displayName?: string;
  dateOfBirth?: string | null;
  phone?: string | null;
  isActive?: boolean;
}

export interface RelationChanges {
  /** The user's groups among `managed` (null: all groups); memberships of other groups stay. */
  groups?: { ids: number[]; managed: number[] | null };
  /** Every grant the user is to have (instants in ms, null: never expires). */
  grants?: { qualificationId: number; expires: number | null }[];
}

/**
 * Statements replacing the user's memberships and grants. Ids that vanished since they were
 * checked are skipped (joined against their table) rather than failing the batch.
 */
function relationStatements(user: SQL, changes: RelationChanges): SQL[] {
  const statements: SQL[] = [];
  if (changes.groups) {
    const { ids, managed } = changes.groups;
    const onlyManaged = managed === null ? sql`` : sql` AND ${groupMembers.groupId} IN ${idList(managed)}`;
    statements.push(
      sql`DELETE FROM ${groupMembers} WHERE ${groupMembers.userId} = ${user}${onlyManaged}`,
      sql`INSERT OR IGNORE INTO ${groupMembers} (group_id, user_id)
        SELECT DISTINCT ${groups.id}, ${user} FROM ${groups} WHERE ${groups.id} IN ${idList(ids)}`,
    );
  }
  if (changes.grants) {
    const grants = JSON.stringify(changes.grants);
    statements.push(
      sql`DELETE FROM ${qualificationGrants} WHERE ${qualificationGrants.userId} = ${user}
        AND ${qualificationGrants.qualificationId} NOT IN (SELECT json_extract(value, '$.qualificationId') FROM json_each(${grants}))`,
      // "WHERE true" lets SQLite parse the upsert after a SELECT.
      sql`INSERT INTO ${qualificationGrants} (user_id, qualification_id, expires)
        SELECT ${user}, ${qualifications.id}, json_extract(g.value, '$.expires') FROM json_each(${grants}) g
        JOIN ${qualifications} ON ${qualifications.id} = json_extract(g.value, '$.qualificationId') WHERE true
        ON CONFLICT (user_id, qualification_id) DO UPDATE SET expires = excluded.expires`,
    );
  }
  return statements;
}

/** D1's error for a second user with the same email (the case-insensitive unique index). */
const isEmailTaken = (error: unknown) => error instanceof Error && /UNIQUE constraint failed: index 'users_email_lower_unique'/.test(error.message);

/**
 * Creates a user without a password (they set one later) with their groups and grants, in one
 * transaction. Returns the new id, or null when the email was taken in the meantime.
 */
export async function createUser(db: Database, values: UserValues & { email: string; displayName: string }, changes: RelationChanges, now: number): Promise<number | null> {
  // The rows below find the new user by the email, which is unique.
  const user = sql`(SELECT ${users.id} FROM ${users} WHERE lower(${users.email}) = lower(${values.email}))`;
  try {
    const [inserted] = await runBatch(db, [
      db.insert(users).values({ ...values, passwordHash: null, dateJoined: now }).returning({ id: users.id }).getSQL(),
      ...relationStatements(user, changes),
    ]);
    return (inserted.results[0] as { id: number }).id;
  } catch (error) {
    if (isEmailTaken(error)) return null;
    throw error;
  }
}

/** A superuser who can get in: active and with a password (the table's row as `u`). */
const loginSuperuser = sql`u.is_superuser = 1 AND u.is_active = 1 AND u.password_hash IS NOT NULL`;

/**
 * A guard statement (src/db/guard.ts) failing the batch when `userId` is the last superuser who
 * can log in: deactivating them or revoking their password would lock everyone out of
 * administering the instance. Decided inside the writing batch, so of two superusers
 * deactivating each other at the same time one stays.
 */
export function lastSuperuserGuard(userId: number): SQL {
  return guardStatement(
    "last superuser",
    sql`EXISTS (SELECT 1 FROM ${users} u WHERE u.id = ${userId} AND ${loginSuperuser})
      AND NOT EXISTS (SELECT 1 FROM ${users} u WHERE u.id != ${userId} AND ${loginSuperuser})`,
  );
}

/** Why a write of a user was refused by the database. */
export type UserWriteRefusal = "email taken" | "last superuser";

/**
 * Changes a user, their groups and grants in one transaction. Refused (null otherwise): the email
 * was taken in the meantime, or it would deactivate the last superuser who can log in. With a
 * `precondition` (`If-Match`), only while the user is still as read, else 412.
 */
export async function updateUser(
  db: Database,
  userId: number,
  values: UserValues,
  changes: RelationChanges = {},
  precondition: RowVersion | null = null,
): Promise<UserWriteRefusal | null> {
  const statements = relationStatements(sql`${userId}`, changes);
  if (Object.keys(values).length) statements.unshift(db.update(users).set(values).where(eq(users.id, userId)).getSQL());
  if (!statements.length) return null;
  if (values.isActive === false) statements.unshift(lastSuperuserGuard(userId));
  try {
    await runGuarded(db, precondition, statements);
    return null;
  } catch (error) {
    if (isEmailTaken(error)) return "email taken";
    if (isGuardFailure(error)) return "last superuser";
    throw error;
  }
}
