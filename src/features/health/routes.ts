import { z } from "@hono/zod-openapi";
import { publicAccess } from "../../auth/access";
import { apiRoute, createRouter } from "../../lib/api/router";
import { countAppliedMigrations } from "./queries";

const healthRoute = apiRoute({
  method: "get",
  path: "/api/health/",
  access: publicAccess(),
  summary: "Liveness: the Worker can reach its D1 database",
  responses: {
    200: {
      description: "Healthy",
      content: { "application/json": { schema: z.object({ status: z.literal("ok"), migrations: z.number().int() }).openapi("Health") } },
    },
  },
});

/** For load balancers and deploy checks. */
export const health = createRouter().openapi(healthRoute, async (c) => {
  const migrations = await countAppliedMigrations(c.var.db);
  return c.json({ status: "ok" as const, migrations }, 200);
});
