import { OpenAPIHono } from "@hono/zod-openapi";
import { secureHeaders } from "hono/secure-headers";
import { health } from "./features/health/routes";
import { apiRoot } from "./features/root/routes";
import { handleError, handleNotFound } from "./middleware/error-handler";
import { serverTiming } from "./middleware/server-timing";
import { appendSlashToRoutes } from "./middleware/trailing-slash";
import type { AppEnv } from "./types";

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ strict: true });

  app.use(serverTiming());
  app.use(secureHeaders({ xFrameOptions: "DENY", referrerPolicy: "same-origin" }));
  // ephios's URLs end with "/": a GET without it is redirected (301) when the slashed one exists.
  app.use(appendSlashToRoutes(() => app.routes));

  // Feature routers carry full paths (ephios URLs end with "/"), so a grep finds every route.
  app.route("/", apiRoot);
  app.route("/", health);

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

export const app = createApp();
