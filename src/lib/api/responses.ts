/**
 * The pieces of a route's OpenAPI description that every feature uses: JSON request and response
 * bodies, and the error answers the one error path (src/lib/errors.ts) writes. A route names its
 * statuses itself and describes each in its own words; these only spell out the content.
 */
import { z } from "@hono/zod-openapi";

/** DRF's error body with one message: `{"detail": "…"}` (404, 403, a refused write, 409, 412, 429). */
export const ErrorDetail = z.object({ detail: z.string() }).openapi("ErrorDetail");
/** DRF's field-keyed error body: `{"field": ["message", …]}`, `non_field_errors` for the whole body. */
export const ValidationErrors = z.record(z.string(), z.array(z.string())).openapi("ValidationErrors");

type ResponseHeaders = Record<string, { description: string; schema: { type: "string" } }>;

/** A response with a JSON body of `schema`. */
export function jsonContent<T extends z.ZodType>(schema: T, description: string, headers?: ResponseHeaders) {
  return { description, ...(headers && { headers }), content: { "application/json": { schema } } };
}

/** A JSON request body; not `required`: a request without a body (and without a `Content-Type`) passes as `{}`. */
export const jsonBody = <T extends z.ZodType>(schema: T, { required = true } = {}) => ({ required, content: { "application/json": { schema } } });

/** The `ETag` a read answers, for `If-Match` on a write (src/lib/api/etag.ts). */
export const etagHeader = (description: string): ResponseHeaders => ({ ETag: { description, schema: { type: "string" } } });

/** An error with one message: 404 (unknown, or out of the caller's sight), a refused write, 409, 429. */
export const errorResponse = (description: string) => jsonContent(ErrorDetail, description);

/** 400 with field-keyed messages. */
export const validationErrorResponse = (description: string) => jsonContent(ValidationErrors, description);

/** 412: `what` changed since the version the client sent as `If-Match`; nothing was written. */
export const preconditionFailedResponse = (what: string) => errorResponse(`The ${what} changed since the ETag in If-Match`);
