import { createMiddleware } from "hono/factory";

/** Answers that are the same for every caller and hold nothing personal: caches may keep them. */
const SHARED_PATHS = new Set(["/api/schema/", "/api/health/", "/.well-known/oauth-authorization-server"]);

/**
 * `Cache-Control: no-store` on every answer that is not listed as shared, unless its route set a
 * Cache-Control itself. Pages and API answers show personal data (to a session, a token, or a
 * redirect that sets a cookie): no cache may keep them, on disk after a logout or to serve to the
 * next caller. Denying by default keeps a new route private until it is listed. no-store rather
 * than `private, no-cache`: the API's ETags serve If-Match, no 304 is answered, so revalidating
 * would only ever fetch the whole answer again (the calendar feed, which answers If-None-Match,
 * sets its own). With nothing stored, `Vary` on credentials is moot.
 */
export const privateByDefault = () =>
  createMiddleware(async (c, next) => {
    await next();
    if (!SHARED_PATHS.has(c.req.path) && !c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
  });
