import { describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { REFUSES_METHOD } from "../../src/lib/http";
import { isBrowserPage } from "../../src/middleware/csrf";
import { request } from "../helpers/http";

type Document = {
  openapi: string;
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown>; parameters?: { name: string; in: string; schema?: unknown }[] }>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string }>; schemas: Record<string, unknown> };
};

async function document(): Promise<Document> {
  const response = await request("/api/schema/?format=json");
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/vnd\.oai\.openapi\+json/);
  return response.json();
}

/** Every API operation the app answers (not browser pages, not the 405 refusals of read-only endpoints). */
function apiOperations() {
  const operations = new Set<string>();
  const refusals = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL" || !route.path.startsWith("/api/") || isBrowserPage(route.path)) continue;
    const key = `${route.method.toLowerCase()} ${route.path.replace(/:(\w+)/g, "{$1}")}`;
    operations.add(key);
    if ((route.handler as { [REFUSES_METHOD]?: boolean })[REFUSES_METHOD]) refusals.add(key);
  }
  return [...operations].filter((op) => !refusals.has(op));
}

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with a bearer security scheme", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.tokenAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("lists every registered API route", async () => {
    const doc = await document();
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`)));
    const operations = apiOperations();
    expect(operations.length).toBeGreaterThan(15);
    expect(operations.filter((op) => !documented.has(op))).toEqual([]);
  });

  it("describes every operation's responses and parameters, and every $ref resolves", async () => {
    const doc = await document();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(Object.keys(operation.responses).filter((status) => /^2\d\d$/.test(status)), `${method} ${path}: a success response`).not.toEqual([]);
        for (const parameter of operation.parameters ?? []) {
          expect(parameter.name).toBeTruthy();
          expect(["query", "path", "header", "cookie"]).toContain(parameter.in);
        }
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          expect(operation.parameters?.some((p) => p.in === "path" && `{${p.name}}` === name), `${method} ${path} ${name}`).toBe(true);
        }
      }
    }
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
  });

  it("groups every operation under one tag the document describes, each tag used", async () => {
    const doc = await document();
    const described = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description]));
    expect(described.size).toBeGreaterThan(5);
    for (const [name, description] of described) expect(description, name).toBeTruthy();
    const used = new Set<string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.tags, `${method} ${path}`).toHaveLength(1);
        expect(described.has(operation.tags![0]), `${method} ${path}: ${operation.tags![0]}`).toBe(true);
        used.add(operation.tags![0]);
      }
    }
    expect([...described.keys()].filter((name) => !used.has(name))).toEqual([]);
  });

  it("is YAML by default", async () => {
    const response = await request("/api/schema/");
    expect(response.headers.get("Content-Type")).toMatch(/^application\/vnd\.oai\.openapi;/);
    const text = new TextDecoder().decode(await response.arrayBuffer());
    expect(text.startsWith('openapi: "3.1.0"\n')).toBe(true);
    expect(text).toContain("\n  /api/events/:\n");
  });

  it("is public, and refuses an unknown format", async () => {
    // DRF's negotiation: no renderer of drf-spectacular's has that format
    const refused = await request("/api/schema/?format=xml");
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ detail: "Not found." });
    const swagger = await request("/api/schema/swagger-ui/");
    expect(swagger.status).toBe(200);
    expect(await swagger.text()).toContain("/api/schema/?format=json");
  });
});
