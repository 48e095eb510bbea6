import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { revokeAllTokensOf } from "../../auth/queries";
import type { Database } from "../../db/client";
import { isGuardFailure } from "../../db/guard";
import { runBatch } from "../../db/raw";
import { HEX, randomString } from "../../lib/crypto";
import { passwordSetLinks, users } from "../../db/schema";
import { lastSuperuserGuard, visibleUsers } from "../users/queries";

/** A visible user, with what decides who may act on their account; null: none (also for invisible users). */
export async function findAdministeredUser(db: Database, userId: number) {
  const [user] = await db
    .select({ id: users.id, displayName: users.displayName, isStaff: users.isStaff, isSuperuser: users.isSuperuser })
    .from(users)
    .where(and(visibleUsers, eq(users.id, userId)));
  return user ?? null;
}

const unusedLinksOf = (userId: number) => and(eq(passwordSetLinks.userId, userId), isNull(passwordSetLinks.usedAt));

/**
 * Makes the user's password unusable and revokes every token, the calendar feed's too (as ephios
 * resets the calendar token here: a random hash no token has), and the unused set-password link,
 * in one transaction. False, and nothing changed, when the user is the last superuser who can log in.
 */
export async function revokePassword(db: Database, userId: number, now: number): Promise<boolean> {
  try {
    await runBatch(db, [
      lastSuperuserGuard(userId),
      db.update(users).set({ passwordHash: null, calendarTokenHash: randomString(64, HEX) }).where(eq(users.id, userId)).getSQL(),
      ...revokeAllTokensOf(db, userId, now).map((statement) => statement.getSQL()),
      db.delete(passwordSetLinks).where(unusedLinksOf(userId)).getSQL(),
    ]);
    return true;
  } catch (error) {
    if (isGuardFailure(error)) return false;
    throw error;
  }
}

/** Stores a new link (its token's hash) and drops the user's older unused ones: one pending link per user. */
export async function insertPasswordLink(db: Database, link: { userId: number; tokenHash: string; createdById: number; createdAt: number; expires: number }): Promise<void> {
  await db.batch([db.delete(passwordSetLinks).where(unusedLinksOf(link.userId)), db.insert(passwordSetLinks).values(link)]);
}

/** The user of an unused, unexpired link, or null. */
export async function findUsableLink(db: Database, tokenHash: string, now: number) {
  const [link] = await db
    .select({ userId: passwordSetLinks.userId, email: users.email })
    .from(passwordSetLinks)
    .innerJoin(users, eq(users.id, passwordSetLinks.userId))
    .where(and(eq(passwordSetLinks.tokenHash, tokenHash), isNull(passwordSetLinks.usedAt), gt(passwordSetLinks.expires, now)));
  return link ?? null;
}

/**
 * Uses a link of `userId` in one transaction: marks it used if it is still unused and unexpired,
 * and only if this request marked it (so of parallel requests exactly one) sets the password and
 * revokes the user's tokens, as a password change does. The new password hash ends the user's
 * sessions (they are bound to it, src/auth/session.ts). False when the link was no longer usable.
 */
export async function usePasswordLink(db: Database, link: { userId: number; tokenHash: string }, passwordHash: string, now: number): Promise<boolean> {
  const [marked] = await runBatch(db, [
    sql`UPDATE ${passwordSetLinks} SET used_at = ${now}
      WHERE token_hash = ${link.tokenHash} AND user_id = ${link.userId} AND used_at IS NULL AND expires > ${now}`,
    sql`UPDATE ${users} SET password_hash = ${passwordHash} WHERE id = ${link.userId} AND changes() = 1`,
    // The hash has a random salt: it is the user's only if the statement above set it.
    ...revokeAllTokensOf(db, link.userId, now, sql`EXISTS (SELECT 1 FROM users WHERE id = ${link.userId} AND password_hash = ${passwordHash})`).map((statement) =>
      statement.getSQL(),
    ),
  ]);
  return marked.meta.changes === 1;
}
