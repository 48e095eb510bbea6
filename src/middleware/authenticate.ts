import { createMiddleware } from "hono/factory";
import { findSessionUser, findValidToken } from "../auth/queries";
import { readSession, refreshSessionIfDue, sessionAuthHash, sessionMatchesPassword } from "../auth/session";
import { sha256Hex } from "../lib/crypto";
import type { AppEnv } from "../types";

/** Longer values are not tokens of ours; they are not worth hashing. */
const MAX_TOKEN_LENGTH = 512;

/** `Bearer <token>`: the scheme case-insensitive, exactly two whitespace-separated parts (as DOT). */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2 || parts[0].toLowerCase() !== "bearer" || parts[1].length > MAX_TOKEN_LENGTH) return null;
  return parts[1];
}

/**
 * Resolves who is asking, in ephios's order: the session cookie first (it wins over a token), then
 * a bearer token. Anything unknown, expired, revoked or belonging to an inactive user leaves the
 * request anonymous; refusing is the route's access check's job.
 */
export const authenticate = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const now = Date.now();
    c.set("principal", null);
    c.set("session", null);

    const session = await readSession(c, now);
    if (session) {
      const found = await findSessionUser(c.var.db, session.record.userId, session.hash);
      if (found && sessionMatchesPassword(session, await sessionAuthHash(found.passwordHash))) {
        c.set("session", session);
        c.set("principal", { via: "session", user: found.user, sessionHash: session.hash });
        refreshSessionIfDue(c, session, now);
        return next();
      }
    }

    const token = bearerToken(c.req.header("Authorization"));
    if (token !== null) {
      const found = await findValidToken(c.var.db, await sha256Hex(token), now);
      if (found) {
        c.set("principal", { via: "token", user: found.user, scopes: found.scopes, token: { id: found.id, applicationId: found.applicationId, guestId: found.guestId } });
      }
    }
    await next();
  });
