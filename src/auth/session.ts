import type { Context } from "hono";
import { clearCookie, readCookie, writeCookie } from "../lib/cookies";
import { randomString, sha256Hex, timingSafeEqual } from "../lib/crypto";
import type { AppEnv } from "../types";

/** Django's SESSION_COOKIE_AGE: two weeks, extended while the session is used. */
export const SESSION_LIFETIME_MS = 14 * 24 * 3_600_000;
/**
 * No session lives longer than this after its login, however much it is used. A write-back still in
 * flight during a logout can then extend it only up to this instant, which the logout record
 * (revoked_sessions) outlives.
 */
export const SESSION_MAX_AGE_MS = 30 * 24 * 3_600_000;
/** A used session's expiry is written back at most this often (KV writes are limited and slow). */
const REFRESH_INTERVAL_MS = 3_600_000;

interface SessionRecord {
  userId: number;
  /** Ties the session to the password it was opened with: changing the password ends it. */
  authHash: string;
  expires: number;
  refreshedAt: number;
  /** Fixed at login: `expires` never goes past it. */
  absoluteExpires: number;
}

export interface Session {
  /** SHA-256 of the session id: the KV key and what a logout records. */
  hash: string;
  record: SessionRecord;
}

const kvKey = (hash: string) => `session:${hash}`;
/** `__Host-ephios_session`, or `ephios_session` on plain-http localhost (src/lib/cookies.ts). */
const COOKIE = "ephios_session";

export async function sessionAuthHash(passwordHash: string | null): Promise<string> {
  return sha256Hex(`session-auth:${passwordHash ?? ""}`);
}

export function sessionMatchesPassword(session: Session, authHash: string): boolean {
  return timingSafeEqual(session.record.authHash, authHash);
}

async function store(kv: KVNamespace, hash: string, record: SessionRecord): Promise<void> {
  await kv.put(kvKey(hash), JSON.stringify(record), { expirationTtl: Math.ceil(SESSION_LIFETIME_MS / 1000) });
}

/** Opens a session for `userId` and sets its cookie. The id is 256 bits of randomness; KV holds only its hash. */
export async function openSession(c: Context<AppEnv>, userId: number, passwordHash: string | null, now: number): Promise<void> {
  const id = randomString(43);
  const hash = await sha256Hex(id);
  await store(c.env.KV, hash, {
    userId,
    authHash: await sessionAuthHash(passwordHash),
    expires: now + SESSION_LIFETIME_MS,
    refreshedAt: now,
    absoluteExpires: now + SESSION_MAX_AGE_MS,
  });
  writeCookie(c, COOKIE, id, Math.floor(SESSION_LIFETIME_MS / 1000));
}

/** The session the request's cookie names, if it exists and has not expired. */
export async function readSession(c: Context<AppEnv>, now: number): Promise<Session | null> {
  const id = readCookie(c, COOKIE);
  // Real ids are 43 characters; anything far off is not worth a KV read.
  if (!id || id.length > 128) return null;
  const hash = await sha256Hex(id);
  const stored = await c.env.KV.get<SessionRecord>(kvKey(hash), "json");
  if (!stored) return null;
  // Sessions opened before absoluteExpires existed end at their current expiry.
  const record = { ...stored, absoluteExpires: stored.absoluteExpires ?? stored.expires };
  if (Math.min(record.expires, record.absoluteExpires) <= now) return null;
  return { hash, record };
}

/** Sliding expiry: extends a used session up to its absolute expiry, at most once per REFRESH_INTERVAL_MS. */
export function refreshSessionIfDue(c: Context<AppEnv>, session: Session, now: number): void {
  const expires = Math.min(now + SESSION_LIFETIME_MS, session.record.absoluteExpires);
  if (now - session.record.refreshedAt < REFRESH_INTERVAL_MS || expires <= session.record.expires) return;
  c.executionCtx.waitUntil(store(c.env.KV, session.hash, { ...session.record, expires, refreshedAt: now }));
  writeCookie(c, COOKIE, readCookie(c, COOKIE)!, Math.floor((expires - now) / 1000));
}

/** Re-binds the current session to a new password (the user changed it and stays logged in). */
export async function rebindSession(c: Context<AppEnv>, session: Session, passwordHash: string, now: number): Promise<void> {
  await store(c.env.KV, session.hash, { ...session.record, authHash: await sessionAuthHash(passwordHash), refreshedAt: now });
}

/** Deletes the session from KV and clears its cookie; the caller records the logout in D1. */
export async function closeSession(c: Context<AppEnv>, session: Session): Promise<void> {
  await c.env.KV.delete(kvKey(session.hash));
  clearCookie(c, COOKIE);
}
