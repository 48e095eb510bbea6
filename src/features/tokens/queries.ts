import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { softRevocation } from "../../auth/queries";
import type { Database } from "../../db/client";
import { accessTokens, federatedHosts, oauthApplications, refreshTokens } from "../../db/schema";

const listColumns = {
  id: accessTokens.id,
  scope: accessTokens.scope,
  description: accessTokens.description,
  expires: accessTokens.expires,
  revoked: accessTokens.revoked,
  created: accessTokens.created,
};

/** Tokens the user gave to OAuth applications ("Third party applications"), newest first. */
export function listApplicationTokens(db: Database, userId: number) {
  return db
    .select({
      ...listColumns,
      applicationName: oauthApplications.name,
      // Tokens of a federation host's application belong to another ephios instance.
      isFederation: sql<number>`${federatedHosts.id} IS NOT NULL`,
    })
    .from(accessTokens)
    .innerJoin(oauthApplications, eq(oauthApplications.id, accessTokens.applicationId))
    .leftJoin(federatedHosts, eq(federatedHosts.oauthApplicationId, oauthApplications.id))
    .where(and(eq(accessTokens.userId, userId), isNotNull(accessTokens.applicationId)))
    .orderBy(desc(accessTokens.created), desc(accessTokens.id));
}

/** The user's personal API tokens, newest first. */
export function listPersonalTokens(db: Database, userId: number) {
  return db
    .select(listColumns)
    .from(accessTokens)
    .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.applicationId)))
    .orderBy(desc(accessTokens.created), desc(accessTokens.id));
}

export async function insertPersonalToken(
  db: Database,
  token: { userId: number; tokenHash: string; scope: string; description: string; expires: number | null },
  now: number,
): Promise<number> {
  const [row] = await db
    .insert(accessTokens)
    .values({ ...token, created: now, updated: now })
    .returning({ id: accessTokens.id });
  return row.id;
}

/** A token of this user (personal or OAuth), or null. */
export async function findOwnToken(db: Database, userId: number, tokenId: number) {
  const [row] = await db
    .select({ id: accessTokens.id, created: accessTokens.created, applicationId: accessTokens.applicationId })
    .from(accessTokens)
    .where(and(eq(accessTokens.id, tokenId), eq(accessTokens.userId, userId)));
  return row ?? null;
}

/**
 * ephios's `revoke_related()`, soft: a refresh token attached to the access token is revoked and
 * detached, and the access token gets `revoked = true`, `expires = min(expires, now)`.
 */
export async function revokeOwnToken(db: Database, userId: number, tokenId: number, now: number): Promise<void> {
  await db.batch([
    db.update(refreshTokens).set({ revoked: now, updated: now, accessTokenId: null }).where(and(eq(refreshTokens.accessTokenId, tokenId), isNull(refreshTokens.revoked))),
    db
      .update(accessTokens)
      .set(softRevocation(now))
      .where(and(eq(accessTokens.id, tokenId), eq(accessTokens.userId, userId))),
  ]);
}
