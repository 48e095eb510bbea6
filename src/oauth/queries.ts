import { and, eq, isNull, sql } from "drizzle-orm";
import { softRevocation } from "../auth/queries";
import type { Database } from "../db/client";
import { runBatch } from "../db/raw";
import { accessTokens, consumedAuthorizationCodes, oauthApplications, refreshTokens, users } from "../db/schema";
import { randomString, sha256Hex } from "../lib/crypto";

/** ephios's ACCESS_TOKEN_EXPIRE_SECONDS. */
export const ACCESS_TOKEN_LIFETIME_S = 36_000;
/** oauthlib's default token generator: 30 characters from [A-Za-z0-9]. */
const TOKEN_LENGTH = 30;

export async function findApplication(db: Database, clientId: string) {
  const [app] = await db.select().from(oauthApplications).where(eq(oauthApplications.clientId, clientId));
  return app ?? null;
}

export type Application = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

interface NewTokens {
  accessToken: string;
  refreshToken: string;
  accessHash: string;
  refreshHash: string;
}

async function newTokens(): Promise<NewTokens> {
  const accessToken = randomString(TOKEN_LENGTH);
  const refreshToken = randomString(TOKEN_LENGTH);
  return { accessToken, refreshToken, accessHash: await sha256Hex(accessToken), refreshHash: await sha256Hex(refreshToken) };
}

interface Grant {
  applicationId: number;
  userId: number;
  scope: string;
  family: string;
}

/** An access token with its refresh token; the refresh token finds its access token by hash. */
function insertTokens(tokens: NewTokens, grant: Grant, now: number, sourceRefreshTokenId: number | null, onlyIf = sql`1`) {
  const expires = now + ACCESS_TOKEN_LIFETIME_S * 1000;
  return [
    sql`INSERT INTO access_tokens (user_id, token_hash, application_id, scope, description, expires, revoked, created, updated, source_refresh_token_id)
        SELECT ${grant.userId}, ${tokens.accessHash}, ${grant.applicationId}, ${grant.scope}, '', ${expires}, 0, ${now}, ${now}, ${sourceRefreshTokenId} WHERE ${onlyIf}`,
    sql`INSERT INTO refresh_tokens (user_id, token_hash, application_id, access_token_id, token_family, created, updated)
        SELECT ${grant.userId}, ${tokens.refreshHash}, ${grant.applicationId}, a.id, ${grant.family}, ${now}, ${now}
        FROM access_tokens a WHERE a.token_hash = ${tokens.accessHash}`,
  ];
}

/**
 * Redeems an authorization code: records its use and issues tokens in one transaction. The unique
 * code hash makes a second (or concurrent) redemption fail as a whole; it returns null then.
 */
export async function redeemCode(db: Database, codeHash: string, grant: Omit<Grant, "family">, now: number): Promise<NewTokens | null> {
  const tokens = await newTokens();
  const family = crypto.randomUUID();
  try {
    await runBatch(db, [
      sql`INSERT INTO consumed_authorization_codes (code_hash, application_id, token_family, consumed_at) VALUES (${codeHash}, ${grant.applicationId}, ${family}, ${now})`,
      ...insertTokens(tokens, { ...grant, family }, now, null),
    ]);
    return tokens;
  } catch (error) {
    if (String((error as Error).message ?? error).includes("UNIQUE constraint failed: consumed_authorization_codes")) return null;
    throw error;
  }
}

/** Revokes every token issued from one authorization (a replayed code or a reused refresh token). */
export async function revokeFamily(db: Database, family: string, now: number): Promise<void> {
  await db.batch([
    db
      .update(accessTokens)
      .set(softRevocation(now))
      .where(
        and(
          // Already revoked tokens keep their stamp: a refused replay must change nothing.
          eq(accessTokens.revoked, false),
          sql`(${accessTokens.id} IN (SELECT access_token_id FROM refresh_tokens WHERE token_family = ${family})
           OR ${accessTokens.sourceRefreshTokenId} IN (SELECT id FROM refresh_tokens WHERE token_family = ${family}))`,
        ),
      ),
    db.update(refreshTokens).set({ revoked: now, updated: now }).where(and(eq(refreshTokens.tokenFamily, family), isNull(refreshTokens.revoked))),
  ]);
}

export async function familyOfConsumedCode(db: Database, codeHash: string): Promise<string | null> {
  const [row] = await db.select({ family: consumedAuthorizationCodes.tokenFamily }).from(consumedAuthorizationCodes).where(eq(consumedAuthorizationCodes.codeHash, codeHash));
  return row?.family ?? null;
}

/** A refresh token of this application, with the scope of the access token it came with. */
export async function findRefreshToken(db: Database, applicationId: number, tokenHash: string) {
  const [row] = await db
    .select({
      id: refreshTokens.id,
      userId: refreshTokens.userId,
      family: refreshTokens.tokenFamily,
      revoked: refreshTokens.revoked,
      accessTokenId: refreshTokens.accessTokenId,
      scope: sql<string | null>`(SELECT a.scope FROM access_tokens a WHERE a.id = ${refreshTokens.accessTokenId})`.as("scope"),
      userActive: users.isActive,
    })
    .from(refreshTokens)
    .innerJoin(users, eq(users.id, refreshTokens.userId))
    .where(and(eq(refreshTokens.applicationId, applicationId), eq(refreshTokens.tokenHash, tokenHash)));
  return row ?? null;
}

/**
 * Rotates a refresh token: revokes it and its access token and issues a new pair in the same
 * family, in one transaction. The new tokens are only inserted if this request is the one that
 * revoked the old refresh token (`changes() = 1`), so of two concurrent refreshes only one wins;
 * null for the loser.
 */
export async function rotateRefreshToken(db: Database, old: { id: number; accessTokenId: number | null }, grant: Grant, now: number): Promise<NewTokens | null> {
  const tokens = await newTokens();
  const [, inserted] = await runBatch(db, [
    sql`UPDATE refresh_tokens SET revoked = ${now}, updated = ${now} WHERE id = ${old.id} AND revoked IS NULL`,
    ...insertTokens(tokens, grant, now, old.id, sql`changes() = 1`),
    sql`UPDATE access_tokens SET revoked = 1, updated = ${now}, expires = min(coalesce(expires, ${now}), ${now})
        WHERE id = ${old.accessTokenId ?? 0} AND EXISTS (SELECT 1 FROM access_tokens WHERE token_hash = ${tokens.accessHash})`,
  ]);
  return inserted.meta.changes === 1 ? tokens : null;
}

/** A token of this application by hash: an access token or a refresh token. */
export async function findClientToken(db: Database, applicationId: number, tokenHash: string) {
  const [access] = await db
    .select({
      id: accessTokens.id,
      userId: accessTokens.userId,
      scope: accessTokens.scope,
      expires: accessTokens.expires,
      revoked: accessTokens.revoked,
      email: users.email,
      userActive: users.isActive,
    })
    .from(accessTokens)
    .leftJoin(users, eq(users.id, accessTokens.userId))
    .where(and(eq(accessTokens.applicationId, applicationId), eq(accessTokens.tokenHash, tokenHash)));
  if (access) return { kind: "access" as const, ...access };
  const [refresh] = await db
    .select({ id: refreshTokens.id, accessTokenId: refreshTokens.accessTokenId })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.applicationId, applicationId), eq(refreshTokens.tokenHash, tokenHash)));
  return refresh ? { kind: "refresh" as const, ...refresh } : null;
}

/** RFC 7009 revocation with ephios's `revoke_related()`: a token and its counterpart. */
export async function revokeTokenAndRelated(db: Database, token: { kind: "access" | "refresh"; id: number; accessTokenId?: number | null }, now: number): Promise<void> {
  const accessId = token.kind === "access" ? token.id : (token.accessTokenId ?? 0);
  await db.batch([
    db
      .update(refreshTokens)
      .set({ revoked: now, updated: now })
      .where(and(isNull(refreshTokens.revoked), token.kind === "refresh" ? eq(refreshTokens.id, token.id) : eq(refreshTokens.accessTokenId, accessId))),
    db.update(accessTokens).set(softRevocation(now)).where(and(eq(accessTokens.id, accessId), eq(accessTokens.revoked, false))),
  ]);
}
