import { createMiddleware } from "hono/factory";
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
    if (url.pathname.endsWith("/") || !routes.has("GET", `${url.pathname}/`)) return;
    // Relative, as Django's CommonMiddleware writes it: path and query only.
    c.res = c.redirect(`${url.pathname}/${url.search}`, 301);
  });
