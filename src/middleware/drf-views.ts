import type { Context } from "hono";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { getPath } from "hono/utils/url";
import { metadataGuard } from "../auth/access";
import { FORMAT_SUFFIX, suffixFormat } from "../lib/api/format-suffix";
import { notFound } from "../lib/errors";
import type { AppEnv } from "../types";
import type { RouteIndex } from "./route-index";

/** What this server answers as ephios's DRF views answer: format suffixes, `?format`, OPTIONS. */
interface DrfView {
  /**
   * DRF's `get_view_name`: the class name without `View`/`ViewSet`, split into title-cased words,
   * with the router's `List`/`Instance`. Undefined: OPTIONS is not answered with metadata here.
   */
  name?: string;
  /** The class's docstring as DRF's `get_view_description` dedents it; none: "". */
  description?: string;
  /** A DefaultRouter route, which takes format suffixes; `"dots"`: its lookup value may hold dots. */
  router?: true | "dots";
  /** The `format`s of the view's renderers; default DRF's JSONRenderer and BrowsableAPIRenderer. */
  formats?: readonly string[];
}

const RENDERER_FORMATS = ["json", "api"];

/** DRF's default renderer and parser classes, which ephios keeps (no REST_FRAMEWORK setting names them). */
const RENDERS = ["application/json", "text/html"];
const PARSES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"];

const list = (model: string): DrfView => ({ name: `${model} List`, router: true });
const instance = (model: string): DrfView => ({ name: `${model} Instance`, router: true });

const PARTICIPATION = "Remove information that would not be visible in the web version,\ni.e. no email and date of birth of participants";

/**
 * ephios's DRF views by the pattern of our route: its main DefaultRouter (src/ephios/api/urls.py),
 * the complexsignup plugin's router, its explicit API views, and the views only this server has,
 * named as DRF would name a view class of that name. A path under /api/ that is none of these is
 * no DRF view (DOT's OAuth endpoints, the settings pages, the federation OAuth callback).
 */
const DRF_VIEWS: Record<string, DrfView> = {
  "/api/": { name: "Api Root", description: "The default basic root view for DefaultRouter", router: true },
  "/api/events/": list("Event"),
  "/api/events/:id/": instance("Event"),
  "/api/shifts/": list("Shift"),
  "/api/shifts/:id/": instance("Shift"),
  "/api/participations/": { ...list("Participation"), description: PARTICIPATION },
  "/api/participations/:id/": { ...instance("Participation"), description: PARTICIPATION },
  "/api/participations-userinfo/": list("Userinfo Participation"),
  "/api/participations-userinfo/:id/": instance("Userinfo Participation"),
  // An explicit path before the router: no suffixes.
  "/api/users/me/": { name: "User Profile Me" },
  "/api/users/by_email/:email/": { ...instance("User By Mail"), router: "dots" },
  "/api/users/": list("User"),
  "/api/users/:id/": instance("User"),
  "/api/users/me/participations/": list("Own Participations"),
  "/api/users/me/participations/:id/": instance("Own Participations"),
  "/api/users/:user/participations/": list("User Participation"),
  "/api/users/:user/participations/:id/": instance("User Participation"),
  "/api/buildingblocks/": list("Building Block"),
  "/api/buildingblocks/:id/": instance("Building Block"),
  "/api/federation/setup/": {
    name: "Redeem Invite Code",
    description: "API view that accepts an InviteCode and creates a FederatedGuest (to start sharing events with that instance).",
  },
  "/api/federation/events/": {
    name: "Shared Event List",
    description: "API view that lists all events that are shared with the instance corresponding to the access token.",
  },
  "/api/federation/guest/delete/": {
    name: "Federated Guest Delete",
    description: "API view that deletes a FederatedGuest (to stop sharing events with that instance).",
  },
  "/api/health/": { name: "Health" },
  "/api/shifts/:id/signup/": { name: "Shift Signup" },
  "/api/shifts/:id/decline/": { name: "Shift Decline" },
  "/api/users/:id/password-link/": { name: "User Password Link" },
  "/api/events/:id/federation/": { name: "Event Federation" },
  // drf-spectacular's views would render their metadata as YAML or HTML: not answered here.
  "/api/schema/": { formats: ["yaml", "json"] },
  "/api/schema/swagger-ui/": { formats: ["html"] },
};

/** The DRF view patterns, for the test that every API route is one of them or none on purpose. */
export const DRF_VIEW_PATTERNS = Object.keys(DRF_VIEWS);

const viewAt = (routes: RouteIndex, path: string): DrfView | undefined => DRF_VIEWS[routes.patterns(path)[0] ?? ""];

/**
 * Whether ephios's URLconf takes `path` as it is, for `methods`: it is routed here, and not only by
 * a router's detail whose lookup (`[^/.]+`, unlike our `:id`) stops at a dot in its segment.
 */
export function takenAsSent(routes: RouteIndex, path: string, methods?: readonly string[]): boolean {
  const [first] = routes.patterns(path, methods);
  if (first === undefined) return false;
  const segment = path.slice(path.lastIndexOf("/", path.length - 2) + 1);
  return !(DRF_VIEWS[first]?.router === true && segment.includes("."));
}

/**
 * The path a format-suffixed path routes to (`/api/events.json` → `/api/events/`,
 * `/api/events/1.json/` → `/api/events/1/`, `/api/.json` → `/api/`), if a router route takes it,
 * as DefaultRouter adds a suffixed pattern beside each of its routes. Lookups stop at dots
 * (`[^/.]+`), but for users/by_email (`[^/]+`). As in DRF, a path its view's own pattern takes
 * (`/api/users/by_email/a@b.org/`) is no suffix. Undefined for any other path.
 */
function suffixTarget(routes: RouteIndex, path: string): string | undefined {
  const match = path.startsWith("/api/") ? FORMAT_SUFFIX.exec(path) : null;
  if (!match || takenAsSent(routes, path)) return undefined;
  const [, base, format] = match;
  const stem = base.slice(base.lastIndexOf("/") + 1);
  // Only the root's pattern is empty: `/api/.json`, but not `/api/events/.json`.
  const slashed = stem ? `${base}/` : base;
  if (!stem && slashed !== "/api/") return undefined;
  const [first, ...later] = routes.patterns(slashed);
  const view = DRF_VIEWS[first ?? ""];
  if (view?.router && (view.router === "dots" || !stem.includes("."))) return slashed;
  // `/api/users/me/` comes before the router but has no suffixed pattern: `/api/users/me.json`
  // reaches the users' detail with the lookup `me`, which finds nothing; so does `me.json` here.
  if (later.some((pattern) => DRF_VIEWS[pattern]?.router)) return `${base}.${format}/`;
  return undefined;
}

/** The app's `getPath`: routes a format-suffixed path as its view's path; `c.req.url` stays as sent. */
export const formatSuffixRouting = (routes: RouteIndex) => (request: Request) => {
  const path = getPath(request);
  return suffixTarget(routes, path) ?? path;
};

/** The format asked for: the path's suffix, else the last `?format` (Django's QueryDict.get). */
function requestedFormat(c: Context<AppEnv>): string | undefined {
  return suffixFormat(c) || c.req.queries("format")?.at(-1) || undefined;
}

/**
 * DRF's content negotiation, before authentication and permissions as in DRF's `initial()`: a
 * format no renderer of the view has is 404 `Not found.` (`?format=xml`, `/api/events.xml`).
 * `api` (the browsable API, HTML in ephios) is answered as JSON, like `Accept: text/html`.
 */
export const formatNegotiation = (routes: RouteIndex) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const format = requestedFormat(c);
    if (format !== undefined) {
      const view = viewAt(routes, c.req.path);
      if (view && !(view.formats ?? RENDERER_FORMATS).includes(format)) throw notFound();
    }
    await next();
  });

/** An OPTIONS that is no CORS preflight (no Access-Control-Request-Method), to a view with metadata. */
function metadataView(routes: RouteIndex, c: Context<AppEnv>): (DrfView & { name: string }) | undefined {
  if (c.req.method !== "OPTIONS" || c.req.header("Access-Control-Request-Method") !== undefined) return undefined;
  const view = viewAt(routes, c.req.path);
  return view?.name === undefined ? undefined : { ...view, name: view.name };
}

/**
 * DRF's answer to OPTIONS (SimpleMetadata), after the view's authentication and permission checks
 * as DRF runs them for OPTIONS: the route's scopes, no model permission. Without `actions`: ephios's
 * views are read-only (only its federation setup would list its fields); our write bodies are in
 * the OpenAPI document.
 */
export const drfMetadata = (routes: RouteIndex) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const view = metadataView(routes, c);
    if (!view) return next();
    const access = routes.access(c.req.path);
    if (!access) throw new Error(`no access guard at ${c.req.path}`);
    await metadataGuard(access)(c, async () => {});
    return c.json({ name: view.name, description: view.description ?? "", renders: RENDERS, parses: PARSES }, 200);
  });

/**
 * hono's CORS for the API, which answers every OPTIONS as a preflight; DRF's metadata requests
 * (drfMetadata above) go on to their view instead, with the headers CORS
 * gives any answer.
 */
export const apiCors = (routes: RouteIndex, options: { allowHeaders: string[]; exposeHeaders: string[]; maxAge: number }) => {
  const preflightsAndAnswers = cors({ origin: "*", ...options });
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!metadataView(routes, c)) return preflightsAndAnswers(c, next);
    await next();
    c.res.headers.set("Access-Control-Allow-Origin", "*");
    c.res.headers.set("Access-Control-Expose-Headers", options.exposeHeaders.join(","));
  });
};
