/**
 * The operations the fuzzer drives, read from the Worker's own OpenAPI document
 * (`GET /api/schema/?format=json`), so a new route is fuzzed without touching these files.
 */
import { expect } from "vitest";
import { request } from "../helpers/http";

export interface Schema {
  /** OpenAPI 3.1: a type or a list of them (`["string", "null"]`). */
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  maxLength?: number;
  minLength?: number;
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `GET /api/events/{id}/`: the method and the path template as documented. */
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
  /** The documented request body (the OAuth endpoints take form bodies). */
  body?: { contentType: string; fields: Record<string, Schema> };
  /** Guarded by a token or session (`security` not empty). */
  secured: boolean;
  /** Documented responses: status → content types (empty: a response without a body). */
  responses: Record<string, string[]>;
}

interface RawOperation {
  parameters?: { name: string; in: Parameter["in"]; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

export interface ApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

export async function fetchDocument(): Promise<ApiDocument> {
  const response = await request("/api/schema/?format=json");
  expect(response.status).toBe(200);
  return response.json();
}

function resolve(doc: ApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return resolve(doc, doc.components?.schemas?.[name]);
  }
  return schema;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

export function operationsOf(doc: ApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const content = Object.entries(raw.requestBody?.content ?? {})[0];
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (raw.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required ?? p.in === "path", schema: resolve(doc, p.schema) })),
        body: content ? { contentType: content[0], fields: resolve(doc, content[1].schema).properties ?? {} } : undefined,
        secured: (raw.security ?? []).length > 0,
        responses: Object.fromEntries(Object.entries(raw.responses).map(([status, r]) => [status, Object.keys(r.content ?? {})])),
      });
    }
  }
  return operations;
}

export const hasType = (schema: Schema, type: string) => (Array.isArray(schema.type) ? schema.type.includes(type) : schema.type === type);

/** Whether `status` of `operation` is documented as something other than a JSON body (YAML, HTML, nothing). */
export function documentedAsNonJson(operation: Operation, status: number): boolean {
  const types = operation.responses[String(status)];
  if (!types) return false;
  return types.length === 0 || types.some((type) => !/json/i.test(type));
}
