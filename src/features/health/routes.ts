import { Hono } from "hono";
import { publicAccess } from "../../auth/access";
import type { AppEnv } from "../../types";
import { countAppliedMigrations } from "./queries";

/** Liveness for load balancers and deploy checks: proves the Worker can reach its D1 database. */
export const health = new Hono<AppEnv>().get("/api/health/", publicAccess(), async (c) => {
  const migrations = await countAppliedMigrations(c.var.db);
  return c.json({ status: "ok", migrations });
});
