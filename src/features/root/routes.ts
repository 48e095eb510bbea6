import { z } from "@hono/zod-openapi";
import { requireAuthenticated } from "../../auth/access";
import { apiRoute, createRouter } from "../../lib/api/router";
import { refuseOtherMethods } from "../../lib/api/method-refusals";

/** Router prefixes listed by ephios's API root, in its order. */
const ROOT_PREFIXES = ["events", "shifts", "participations", "participations-userinfo", "users", "users/me/participations"] as const;

const ApiRoot = z.object(Object.fromEntries(ROOT_PREFIXES.map((prefix) => [prefix, z.string().url()]))).openapi("ApiRoot");

const rootRoute = apiRoute({
  method: "get",
  path: "/api/",
  access: requireAuthenticated(),
  summary: "Links to the list endpoints",
  responses: { 200: { description: "Absolute URLs of the list endpoints", content: { "application/json": { schema: ApiRoot } } } },
});

export const apiRoot = createRouter()
  .openapi(rootRoute, (c) => {
    // Like DRF, links are absolute URLs on the host the client asked.
    const base = new URL(c.req.url).origin;
    return c.json(Object.fromEntries(ROOT_PREFIXES.map((prefix) => [prefix, `${base}/api/${prefix}/`])), 200);
  });

refuseOtherMethods(apiRoot, () => ({ guard: requireAuthenticated() }));
