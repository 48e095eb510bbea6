import { and, isNotNull, lt, lte, or, sql } from "drizzle-orm";
import type { Database } from "./client";
import { accessTokens, consumedAuthorizationCodes, inviteCodes, passwordSetLinks, rateLimits, refreshTokens, revokedSessions } from "./schema";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** ephios: invite codes expire after 48 hours. */
export const INVITE_CODE_LIFETIME_MS = 48 * HOUR;
/** ephios's REFRESH_TOKEN_EXPIRE_SECONDS: revoked refresh tokens are kept this long. */
const REFRESH_TOKEN_RETENTION_MS = 90 * DAY;
/** Authorization codes live 60 s; their consumption record only has to outlive that. */
const CONSUMED_CODE_RETENTION_MS = DAY;
/**
 * A logout record is kept this long past the session's absolute expiry, so that a request whose
 * clock runs a little behind the clean-up's still finds it.
 */
const REVOKED_SESSION_GRACE_MS = HOUR;

/**
 * The scheduled clean-up (ephios's `clear_expired` plus its invite-code task), in one batch:
 * expired access tokens without a refresh token, long-revoked refresh tokens, expired invites,
 * used or expired set-password links,
 * records of logged-out sessions past their absolute expiry, rate-limit counters of ended windows.
 */
export async function removeExpiredData(db: Database, now: number): Promise<void> {
  await db.batch([
    db
      .delete(refreshTokens)
      .where(or(lt(refreshTokens.revoked, now - REFRESH_TOKEN_RETENTION_MS), sql`${refreshTokens.accessTokenId} IN (SELECT id FROM access_tokens WHERE expires < ${now - REFRESH_TOKEN_RETENTION_MS})`)),
    db.delete(accessTokens).where(and(isNotNull(accessTokens.expires), lt(accessTokens.expires, now), sql`NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.access_token_id = ${accessTokens.id})`)),
    db.delete(inviteCodes).where(lt(inviteCodes.createdAt, now - INVITE_CODE_LIFETIME_MS)),
    db.delete(passwordSetLinks).where(or(isNotNull(passwordSetLinks.usedAt), lt(passwordSetLinks.expires, now))),
    db.delete(consumedAuthorizationCodes).where(lt(consumedAuthorizationCodes.consumedAt, now - CONSUMED_CODE_RETENTION_MS)),
    db.delete(revokedSessions).where(lt(revokedSessions.expires, now - REVOKED_SESSION_GRACE_MS)),
    db.delete(rateLimits).where(lte(rateLimits.expires, now)),
  ]);
}

/**
 * Lets SQLite refresh its planner statistics (`sqlite_stat1`). A new D1 database has none, and
 * without them the visibility subqueries can be planned as scans (see bench/RESULTS.md).
 */
export async function optimizeQueryPlanner(db: Database): Promise<void> {
  await db.run(sql`PRAGMA optimize`);
}
