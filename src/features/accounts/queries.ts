import { eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { users } from "../../db/schema";
import { revokeAllTokensOf } from "../../auth/queries";

/** Sets a new password and revokes every token of the user, atomically. */
export async function replacePassword(db: Database, userId: number, passwordHash: string, now: number): Promise<void> {
  await db.batch([db.update(users).set({ passwordHash }).where(eq(users.id, userId)), ...revokeAllTokensOf(db, userId, now)]);
}
