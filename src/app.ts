import { OpenAPIHono } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import type { RouterRoute } from "hono/types";
import { accounts } from "./features/accounts/routes";
import { accountAdminRoutes } from "./features/account-admin/routes";
import { applications } from "./features/applications/routes";
import { health } from "./features/health/routes";
import { eventRoutes } from "./features/events/routes";
import { federationHostRoutes } from "./features/federation/host/routes";
import { federationGuestRoutes } from "./features/federation/guest/routes";
import { federationSignupRoutes } from "./features/federation/signup/routes";
import { oauthRoutes } from "./features/oauth/routes";
import { participationRoutes } from "./features/participations/routes";
import { apiRoot } from "./features/root/routes";
import { shiftRoutes } from "./features/shifts/routes";
import { signupRoutes } from "./features/participations/signup-routes";
import { userRoutes } from "./features/users/routes";
import { buildingBlockRoutes } from "./features/buildingblocks/routes";
import { calendarRoutes } from "./features/calendar/routes";
import { registerSchemaRoutes } from "./features/schema/routes";
import { tokens } from "./features/tokens/routes";
import { authenticate } from "./middleware/authenticate";
import { privateByDefault } from "./middleware/cache-control";
import { csrfProtection } from "./middleware/csrf";
import { drfHeaders } from "./middleware/drf-headers";
import { apiCors, drfMetadata, formatNegotiation, formatSuffixRouting } from "./middleware/drf-views";
import { BOOKMARK_HEADER, database } from "./middleware/database";
import { handleError, handleNotFound } from "./middleware/error-handler";
import { language } from "./middleware/language";
import { requestInput } from "./middleware/request-input";
import { RouteIndex } from "./middleware/route-index";
import { invalidInputHook } from "./lib/api/router";
import { serverTiming } from "./middleware/server-timing";
import { settings } from "./middleware/settings";
import { appendSlashToRoutes } from "./middleware/trailing-slash";
import type { AppEnv } from "./types";

export function createApp() {
  // The app registers the schema routes itself: it validates like every feature router.
  const routes: RouteIndex = new RouteIndex((): RouterRoute[] => app.routes);
  // DRF's format suffixes (`/api/events.json`) route as their view's path.
  const app = new OpenAPIHono<AppEnv>({ strict: true, defaultHook: invalidInputHook(), getPath: formatSuffixRouting(routes) });

  // Order matters: cost accounting wraps everything; who is asking is known before the CSRF
  // check (cookie-authenticated requests are held to it) and before each route's access guard.
  // A misconfigured instance stops here, before any other middleware reads a setting.
  app.use(settings());
  // The answer's language, before anything that may answer with a text.
  app.use(language());
  app.use(serverTiming());
  // Defaults: a route may set a stricter one (the set-password pages: no referrer at all). No
  // page may be framed by another site: X-Frame-Options for old browsers, frame-ancestors for the rest.
  app.use(secureHeaders({ xFrameOptions: "DENY", contentSecurityPolicy: { frameAncestors: ["'none'"] }, referrerPolicy: "same-origin", overwrite: false }));
  app.use(privateByDefault());
  // Scripts in browsers on other sites may call the API with tokens (never with our cookies).
  // An OPTIONS that is no preflight is DRF's metadata request (drfMetadata, below).
  app.use("/api/*", apiCors(routes, { allowHeaders: ["Authorization", "Content-Type", "If-Match", BOOKMARK_HEADER], exposeHeaders: [BOOKMARK_HEADER, "Server-Timing", "ETag"], maxAge: 86400 }));
  // DRF's Allow, Vary and Content-Language on every API answer; inside CORS, so its Vary is kept.
  app.use(drfHeaders(routes));
  // Size and well-formedness of query and body, for every route before anything reads them.
  app.use(requestInput());
  // `?format` and suffixes: DRF negotiates before it authenticates.
  app.use(formatNegotiation(routes));
  app.use(database());
  app.use(appendSlashToRoutes(routes));
  app.use(authenticate());
  app.use(csrfProtection());
  app.use(drfMetadata(routes));

  // Feature routers carry full paths (ephios URLs end with "/"), so a grep finds every route.
  app.route("/", apiRoot);
  app.route("/", health);
  app.route("/", accounts);
  app.route("/", accountAdminRoutes);
  app.route("/", tokens);
  app.route("/", applications);
  app.route("/", eventRoutes);
  app.route("/", shiftRoutes);
  app.route("/", signupRoutes);
  app.route("/", participationRoutes);
  app.route("/", oauthRoutes);
  app.route("/", userRoutes);
  app.route("/", buildingBlockRoutes);
  app.route("/", federationHostRoutes);
  app.route("/", federationGuestRoutes);
  app.route("/", federationSignupRoutes);
  app.route("/", calendarRoutes);
  registerSchemaRoutes(app);

  app.notFound(handleNotFound(routes));
  app.onError(handleError);
  return app;
}

export const app = createApp();
