import { createMiddleware } from "hono/factory";
import { takenAsSent } from "./drf-views";
import type { RouteIndex } from "./route-index";

/**
 * Django's APPEND_SLASH: a GET or HEAD that found nothing, on a path without the trailing slash,
 * is redirected (301) to the slashed path — but only when that path is a route, so a typo still
 * gets its 404.
 */
export const appendSlashToRoutes = (routes: RouteIndex) =>
  createMiddleware(async (c, next) => {
    await next();
    const method = c.req.method;
    if (c.res.status !== 404 || (method !== "GET" && method !== "HEAD")) return;
    const url = new URL(c.req.url);
    // The routed path: a format-suffixed one (`/api/events/9.json`) has its view's slash. A slashed
    // path only our `:id` would take (`/api/events/.json/`) does not exist in ephios.
    if (c.req.path.endsWith("/") || !takenAsSent(routes, `${url.pathname}/`, ["GET"])) return;
    // Relative, as Django's CommonMiddleware writes it: path and query only.
    c.res = c.redirect(`${url.pathname}/${url.search}`, 301);
  });
