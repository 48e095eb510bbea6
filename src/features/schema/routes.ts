import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { publicAccess } from "../../auth/access";
import { apiRoutes } from "../../lib/api/router";
import { API_TAGS } from "../../lib/api/tags";
import { toYaml } from "../../lib/yaml";
import type { AppEnv } from "../../types";
import { swaggerPage } from "./swagger";

const DOCUMENT_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "ephios API",
    version: "1.0.0",
    description: "ephios REST API, served by a Cloudflare Worker. Authenticate with `Authorization: Bearer <token>`.",
  },
  tags: [...API_TAGS],
};

const apiRoute = apiRoutes({ tag: "Schema" });

const schemaRoute = apiRoute({
  method: "get",
  path: "/api/schema/",
  access: publicAccess(),
  summary: "This OpenAPI 3.1 document",
  request: {
    query: z.object({
      format: z.enum(["json", "yaml"]).optional().openapi({ description: "json, or yaml (the default)" }),
    }),
  },
  responses: {
    200: {
      description: "The OpenAPI document",
      content: { "application/vnd.oai.openapi": { schema: z.string() }, "application/vnd.oai.openapi+json": { schema: z.object({}).passthrough() } },
    },
  },
});

const swaggerRoute = apiRoute({
  method: "get",
  path: "/api/schema/swagger-ui/",
  access: publicAccess(),
  summary: "Interactive documentation (Swagger UI)",
  responses: { 200: { description: "HTML page", content: { "text/html": { schema: z.string() } } } },
});

/** drf-spectacular's renderers, in its order: the first is the default. */
const SCHEMA_TYPES = ["application/vnd.oai.openapi", "application/yaml", "application/vnd.oai.openapi+json", "application/json"];

/** DRF's negotiation without `?format`: the first type of `Accept` a renderer has; else YAML. */
function acceptedType(accept: string | undefined): string {
  for (const part of (accept ?? "").split(",")) {
    const type = part.split(";")[0].trim().toLowerCase();
    if (SCHEMA_TYPES.includes(type)) return type;
  }
  return SCHEMA_TYPES[0];
}

/**
 * The document is generated from the routes' own zod schemas and access declarations (never
 * written by hand), once per isolate, after every route is registered.
 */
export function registerSchemaRoutes(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "tokenAuth", { type: "http", scheme: "bearer", description: "A personal API token or an OAuth2 access token." });
  app.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", { type: "apiKey", in: "cookie", name: "__Host-ephios_session", description: "Browser session after logging in at /accounts/login/." });
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  const build = () => (document ??= app.getOpenAPI31Document(DOCUMENT_CONFIG));

  app.openapi(schemaRoute, (c) => {
    const type = c.req.valid("query").format === "json" ? "application/vnd.oai.openapi+json" : acceptedType(c.req.header("Accept"));
    const body = type.endsWith("json") ? JSON.stringify(build()) : toYaml(build());
    return c.body(body, 200, { "Content-Type": `${type}; charset=utf-8` });
  });
  app.openapi(swaggerRoute, (c) => {
    const page = swaggerPage("/api/schema/?format=json");
    c.header("Content-Security-Policy", page.contentSecurityPolicy);
    return c.html(page.body);
  });
}
