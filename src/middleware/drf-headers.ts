import { createMiddleware } from "hono/factory";
import type { RouteIndex } from "./route-index";

/** What ephios serves under /api/ that is not a DRF view: DOT's OAuth endpoints and the settings pages. */
const NOT_DRF = ["/api/oauth/", "/api/settings/"];

/** What every answer of ours depends on: the format (DRF's renderers), the language, the session cookie. */
const VARY = ["Accept", "Accept-Language", "Cookie"];

/**
 * The headers every DRF view of ephios sends, on every answer (errors included): `Allow` with the
 * view's methods (DRF's finalize_response), `Vary` from DRF's negotiation, Django's LocaleMiddleware
 * and SessionMiddleware, merged into any `Vary` already set (CORS), and `Content-Language`.
 * Our texts are English for now, so that is what `Content-Language` says.
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
    const vary = (headers.get("Vary") ?? "").split(",").map((value) => value.trim()).filter(Boolean);
    const known = new Set(vary.map((value) => value.toLowerCase()));
    headers.set("Vary", [...vary, ...VARY.filter((value) => !known.has(value.toLowerCase()))].join(", "));
    if (!headers.has("Content-Language")) headers.set("Content-Language", "en");
  });
