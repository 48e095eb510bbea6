import { Hono } from "hono";
import { requireAuthenticated } from "../../auth/access";
import { UNSAFE_METHODS, refuseMethod } from "../../lib/http";
import type { AppEnv } from "../../types";

/** Router prefixes listed by ephios's API root, in its order. */
const ROOT_PREFIXES = ["events", "shifts", "participations", "participations-userinfo", "users", "users/me/participations"];

/** ephios: any authenticated user (session, or a token with a user); no scope needed. */
export const apiRoot = new Hono<AppEnv>().get("/api/", requireAuthenticated(), (c) => {
  // Like DRF, links are absolute URLs on the host the client asked.
  const base = new URL(c.req.url).origin;
  return c.json(Object.fromEntries(ROOT_PREFIXES.map((prefix) => [prefix, `${base}/api/${prefix}/`])));
})
  .on(UNSAFE_METHODS, "/api/", requireAuthenticated(), refuseMethod);
