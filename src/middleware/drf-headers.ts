import { createMiddleware } from "hono/factory";
import type { RouteIndex } from "./route-index";

/** What ephios serves under /api/ that is not a DRF view: DOT's OAuth endpoints and the settings pages. */
const NOT_DRF = ["/api/oauth/", "/api/settings/"];

/** What every answer of ours depends on: the format (DRF's renderers), the language, the session cookie. */
const VARY = ["Accept", "Accept-Language", "Cookie"];

/** Adds `names` to the `Vary` of `headers`, keeping what is there (CORS's) and its order. */
export function mergeVary(headers: Headers, names: readonly string[]): void {
  const vary = (headers.get("Vary") ?? "").split(",").map((value) => value.trim()).filter(Boolean);
  const known = new Set(vary.map((value) => value.toLowerCase()));
  headers.set("Vary", [...vary, ...names.filter((value) => !known.has(value.toLowerCase()))].join(", "));
}

/**
 * The headers every DRF view of ephios sends, on every answer (errors included): `Allow` with the
 * view's methods (DRF's finalize_response) and `Vary` from DRF's negotiation, Django's
 * LocaleMiddleware and SessionMiddleware, merged into any `Vary` already set (CORS).
 * `Content-Language` is src/middleware/language.ts's.
 */
export const drfHeaders = (routes: RouteIndex) =>
  createMiddleware(async (c, next) => {
    await next();
    const path = c.req.path;
    if (!path.startsWith("/api/") || NOT_DRF.some((prefix) => path.startsWith(prefix))) return;
    const allow = routes.allowHeader(path);
    if (allow === undefined) return;
    const headers = c.res.headers;
    headers.set("Allow", allow);
    mergeVary(headers, VARY);
  });
