import { createMiddleware } from "hono/factory";
import type { Context } from "hono";
import { type ValidToken, findSessionUser, findValidToken } from "../auth/queries";
import { UnconfirmedToken, mayUseRemembered, rememberToken, rememberedToken, tokenConfirmation } from "../auth/token-cache";
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
 * request anonymous; refusing is the route's access check's job. A read with a token looked up a
 * moment ago sends the lookup along with its first D1 call instead (src/auth/token-cache.ts).
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
    if (token === null) return next();
    const tokenHash = await sha256Hex(token);
    const cacheable = mayUseRemembered(c.req.raw);
    const known = cacheable ? rememberedToken(tokenHash, now) : null;
    if (known) {
      // The lookup goes along with the route's first call to D1, or on its own at the end.
      setTokenPrincipal(c, known.token);
      c.var.d1Checks.add(tokenConfirmation(c.req.raw, tokenHash, known, now));
      await next();
      await c.var.d1Checks.flush().catch((error: unknown) => {
        if (!(error instanceof UnconfirmedToken)) throw error;
      });
      return;
    }
    const found = await findValidToken(c.var.db, tokenHash, now);
    if (found) {
      setTokenPrincipal(c, found.token);
      if (cacheable) rememberToken(tokenHash, found.token, found.row, now);
    }
    await next();
  });

function setTokenPrincipal(c: Context<AppEnv>, token: ValidToken) {
  c.set("principal", { via: "token", user: token.user, scopes: token.scopes, token: { id: token.id, applicationId: token.applicationId, guestId: token.guestId } });
}
