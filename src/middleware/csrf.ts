import type { Context } from "hono";
import { csrf } from "hono/csrf";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../lib/errors";
import type { AppEnv } from "../types";

const SAFE_METHODS = /^(GET|HEAD|OPTIONS)$/;
const FORM_CONTENT_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

/** Pages a browser fills in or is sent to (login, settings, consent, federation login); the rest of /api/ is for programs. */
export function isBrowserPage(path: string): boolean {
  return !path.startsWith("/api/") || path.startsWith("/api/settings/") || path.startsWith("/api/oauth/authorize/") || path === "/api/federation/oauth-callback/";
}

function isSameOrigin(c: Context): boolean {
  return c.req.header("Sec-Fetch-Site") === "same-origin" || c.req.header("Origin") === new URL(c.req.url).origin;
}

function csrfFailed(c: Context): ApiError {
  const origin = c.req.header("Origin");
  return new ApiError(403, { detail: `CSRF Failed: Origin checking failed - ${origin ? `${origin} does not match any trusted origins` : "no Origin"}.` });
}

/**
 * Unsafe requests that a browser could be tricked into sending must come from our own origin:
 * every request authenticated by the session cookie, and every form post to a browser page
 * (also the login form, against login CSRF). Hono's csrf() checks form content types only; a
 * cookie-authenticated JSON or other body is held to the same rule here. Bearer-token and
 * server-to-server requests (OAuth token endpoint, federation setup) carry no ambient
 * credentials and are left alone.
 */
export const csrfProtection = () => {
  const formOriginCheck = csrf();
  return createMiddleware<AppEnv>(async (c, next) => {
    if (SAFE_METHODS.test(c.req.method)) return next();
    const cookieAuthenticated = c.var.principal?.via === "session";
    if (!cookieAuthenticated && !isBrowserPage(c.req.path)) return next();

    const contentType = c.req.header("Content-Type") ?? "text/plain";
    if (FORM_CONTENT_TYPES.test(contentType)) {
      let allowed = false;
      await formOriginCheck(c, async () => {
        allowed = true;
      }).catch(() => undefined);
      if (!allowed) throw csrfFailed(c);
    } else if (!isSameOrigin(c)) {
      throw csrfFailed(c);
    }
    await next();
  });
};
