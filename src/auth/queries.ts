import { type SQL, and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { accessTokens, refreshTokens, revokedSessions, users } from "../db/schema";
import type { AuthUser } from "./principal";
import { PERMISSIONS, type Permission } from "./permissions";
import { SCOPE_NAMES, type Scope } from "./scopes";
import { holdsOnSomeEvent } from "./visibility";

/** The user columns every principal needs, with global permissions of the user and their groups. */
const principalColumns = sql`
  u.id AS user_id, u.email AS user_email, u.display_name AS user_display_name,
  u.is_staff AS user_is_staff, u.is_superuser AS user_is_superuser, u.password_hash AS user_password_hash,
  (SELECT group_concat(up.permission, ' ') FROM user_permissions up WHERE up.user_id = u.id) AS user_permissions,
  (SELECT group_concat(gp.permission, ' ') FROM group_permissions gp
     JOIN group_members gm ON gm.group_id = gp.group_id WHERE gm.user_id = u.id) AS group_permissions`;

interface PrincipalRow {
  user_id: number | null;
  user_email: string | null;
  user_display_name: string | null;
  user_is_staff: number | null;
  user_is_superuser: number | null;
  user_password_hash: string | null;
  user_permissions: string | null;
  group_permissions: string | null;
}

const knownPermissions = new Set<string>(PERMISSIONS);

function toAuthUser(row: PrincipalRow): AuthUser | null {
  if (row.user_id === null) return null;
  const names = `${row.user_permissions ?? ""} ${row.group_permissions ?? ""}`.split(" ");
  return {
    id: row.user_id,
    email: row.user_email!,
    displayName: row.user_display_name!,
    isStaff: row.user_is_staff === 1,
    isSuperuser: row.user_is_superuser === 1,
    globalPermissions: new Set(names.filter((name): name is Permission => knownPermissions.has(name))),
  };
}

/**
 * The active user of a session, unless the session was logged out (decided in D1, see
 * revoked_sessions). Also returns the password hash the session must still match.
 */
export async function findSessionUser(db: Database, userId: number, sessionHash: string) {
  const row = await db.get<PrincipalRow | undefined>(sql`
    SELECT ${principalColumns} FROM users u
    WHERE u.id = ${userId} AND u.is_active = 1
      AND NOT EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.session_hash = ${sessionHash})`);
  if (!row) return null;
  return { user: toAuthUser(row)!, passwordHash: row.user_password_hash };
}

/**
 * The active user whose calendar token has this SHA-256 (`users.calendar_token_hash`): the calendar
 * feed's credential, which reaches no further than the user's own participations.
 */
export async function findCalendarUser(db: Database, tokenHash: string): Promise<AuthUser | null> {
  const row = await db.get<PrincipalRow | undefined>(sql`
    SELECT ${principalColumns} FROM users u WHERE u.calendar_token_hash = ${tokenHash} AND u.is_active = 1`);
  return row ? toAuthUser(row) : null;
}

export interface TokenRow extends PrincipalRow {
  token_id: number;
  token_application_id: number | null;
  token_scope: string;
  token_guest_id: number | null;
}

/** The usable token with this SHA-256: not revoked, not expired, its user (if any) active. One row or none. */
export const validTokenQuery = (tokenHash: string, now: number) => sql`
    SELECT t.id AS token_id, t.application_id AS token_application_id, t.scope AS token_scope, g.id AS token_guest_id, ${principalColumns}
    FROM access_tokens t LEFT JOIN users u ON u.id = t.user_id
      LEFT JOIN federated_guests g ON g.access_token_id = t.id
    WHERE t.token_hash = ${tokenHash} AND t.revoked = 0
      AND (t.expires IS NULL OR t.expires > ${now})
      AND (t.user_id IS NULL OR u.is_active = 1)`;

/** A token and its principal, from a row of `validTokenQuery`. */
export function validTokenOf(row: TokenRow) {
  const known = new Set<string>(SCOPE_NAMES);
  return {
    id: row.token_id,
    applicationId: row.token_application_id,
    guestId: row.token_guest_id,
    scopes: new Set(row.token_scope.split(/\s+/).filter((s): s is Scope => known.has(s))),
    user: toAuthUser(row),
  };
}

export type ValidToken = ReturnType<typeof validTokenOf>;

/** A usable token by the SHA-256 of its secret, with the row it was read from (to compare a later read with). */
export async function findValidToken(db: Database, tokenHash: string, now: number): Promise<{ token: ValidToken; row: TokenRow } | null> {
  const row = await db.get<TokenRow | undefined>(validTokenQuery(tokenHash, now));
  return row ? { token: validTokenOf(row), row } : null;
}

/** Whether `user` holds `permission` as an object permission on some event: one statement. */
export async function holdsEventPermissionSomewhere(db: Database, user: AuthUser, permission: Permission): Promise<boolean> {
  const row = await db.get<{ held: number }>(sql`SELECT ${holdsOnSomeEvent(user, permission)} AS held`);
  return row.held === 1;
}

export async function findLoginCandidate(db: Database, email: string) {
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, eq(users.isActive, true)));
  return user ?? null;
}

export async function findPasswordHash(db: Database, userId: number): Promise<string | null> {
  const [user] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return user?.passwordHash ?? null;
}

/** `expires`: the session's absolute expiry, which no write-back of the session can pass. */
export async function recordLogout(db: Database, sessionHash: string, expires: number): Promise<void> {
  await db.insert(revokedSessions).values({ sessionHash, expires }).onConflictDoNothing();
}

/** ephios's soft revocation of an access token: `revoked = true`, `expires = min(expires, now)`. */
export const softRevocation = (now: number) => ({
  revoked: true,
  updated: now,
  expires: sql`min(coalesce(${accessTokens.expires}, ${now}), ${now})`,
});

/**
 * ephios's soft revocation of every token of a user (password change, staff revocation):
 * `revoked = true`, `expires = min(expires, now)`; their refresh tokens are revoked too.
 * Returned as statements so callers can batch them with their own write; `onlyIf` makes them
 * depend on what an earlier statement of the batch did.
 */
export function revokeAllTokensOf(db: Database, userId: number, now: number, onlyIf?: SQL) {
  return [
    db.update(refreshTokens).set({ revoked: now, updated: now }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revoked), onlyIf)),
    db
      .update(accessTokens)
      .set(softRevocation(now))
      .where(and(eq(accessTokens.userId, userId), eq(accessTokens.revoked, false), onlyIf)),
  ] as const;
}
