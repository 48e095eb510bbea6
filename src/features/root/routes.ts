import { z } from "@hono/zod-openapi";
import { requireAuthenticated } from "../../auth/access";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { jsonContent } from "../../lib/api/responses";
import { suffixFormat } from "../../lib/api/format-suffix";
import { refuseOtherMethods } from "../../lib/api/method-refusals";

/** Router prefixes listed by ephios's API root, in its order. */
const ROOT_PREFIXES = ["events", "shifts", "participations", "participations-userinfo", "users", "users/me/participations"] as const;

const ApiRoot = z.object(Object.fromEntries(ROOT_PREFIXES.map((prefix) => [prefix, z.string().url()]))).openapi("ApiRoot");

const apiRoute = apiRoutes({ tag: "API root" });

const rootRoute = apiRoute({
  method: "get",
  path: "/api/",
  access: requireAuthenticated(),
  summary: "Links to the list endpoints",
  responses: { 200: jsonContent(ApiRoot, "Absolute URLs of the list endpoints") },
});

export const apiRoot = createRouter()
  .openapi(rootRoute, (c) => {
    // Like DRF, links are absolute URLs on the host the client asked; asked as `/api/.json`, DRF's
    // root reverses them with that format: `/api/events.json`.
    const base = new URL(c.req.url).origin;
    const format = suffixFormat(c);
    return c.json(Object.fromEntries(ROOT_PREFIXES.map((prefix) => [prefix, `${base}/api/${prefix}${format ? `.${format}` : "/"}`])), 200);
  });

refuseOtherMethods(apiRoot, () => ({ guard: requireAuthenticated() }));
