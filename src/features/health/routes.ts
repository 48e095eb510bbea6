import { z } from "@hono/zod-openapi";
import { publicAccess } from "../../auth/access";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { jsonContent } from "../../lib/api/responses";
import { countAppliedMigrations } from "./queries";

const apiRoute = apiRoutes({ tag: "Health" });

const healthRoute = apiRoute({
  method: "get",
  path: "/api/health/",
  access: publicAccess(),
  summary: "Liveness: the Worker can reach its D1 database",
  responses: {
    200: jsonContent(z.object({ status: z.literal("ok"), migrations: z.number().int() }).openapi("Health"), "Healthy"),
  },
});

/** For load balancers and deploy checks. */
export const health = createRouter().openapi(healthRoute, async (c) => {
  const migrations = await countAppliedMigrations(c.var.db);
  return c.json({ status: "ok" as const, migrations }, 200);
});
