import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import { revokeAllTokensOf } from "../../auth/queries";

/** Sets a new password (null: no password login) and revokes every token of the user, atomically. */
export async function replacePassword(db: Database, userId: number, passwordHash: string | null, now: number): Promise<void> {
  await db.batch([db.update(users).set({ passwordHash }).where(eq(users.id, userId)), ...revokeAllTokensOf(db, userId, now)]);
}

export async function findUserName(db: Database, userId: number): Promise<string | null> {
  const [user] = await db.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId));
  return user?.displayName ?? null;
}
