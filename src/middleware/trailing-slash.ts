import type { RouterRoute } from "hono/types";
import { createMiddleware } from "hono/factory";
import { RegExpRouter } from "hono/router/reg-exp-router";

/**
 * Django's APPEND_SLASH: a GET or HEAD that found nothing, on a path without the trailing slash,
 * is redirected (301) to the slashed path — but only when that path is a route, so a typo still
 * gets its 404. `routes` is read once, on first use, after every route is registered.
 */
export const appendSlashToRoutes = (routes: () => RouterRoute[]) => {
  let router: RegExpRouter<true> | undefined;
  const isRoute = (method: string, path: string) => {
    if (!router) {
      router = new RegExpRouter<true>();
      // Middleware is registered for ALL methods; only concrete routes count.
      for (const route of routes()) if (route.method !== "ALL") router.add(route.method, route.path, true);
    }
    return router.match(method, path)[0].length > 0;
  };

  return createMiddleware(async (c, next) => {
    await next();
    const method = c.req.method;
    if (c.res.status !== 404 || (method !== "GET" && method !== "HEAD")) return;
    const url = new URL(c.req.url);
    if (url.pathname.endsWith("/") || !isRoute("GET", `${url.pathname}/`)) return;
    url.pathname += "/";
    c.res = c.redirect(url.toString(), 301);
  });
};
