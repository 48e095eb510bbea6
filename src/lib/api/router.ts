import { OpenAPIHono, type RouteConfig, createRoute } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { type Access, type AccessGuard, accessOf } from "../../auth/access";
import type { AppEnv } from "../../types";
import { type FieldErrors, notFound, validationError } from "../errors";
import { ErrorDetail, jsonContent } from "./responses";
import type { ApiTag } from "./tags";

/**
 * DRF's field-keyed body from a zod error: `{"field": ["message", …]}`. An issue may name the form
 * field it belongs to (`params.field`: a range filter's two parameters are one django-filter
 * field); such a field lists each message once, as Django's MultiValueField.
 */
export function fieldErrors(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const named = issue.code === "custom" && typeof issue.params?.field === "string" ? issue.params.field : undefined;
    const field = named ?? (issue.path.length ? String(issue.path[0]) : "non_field_errors");
    const messages = (errors[field] ??= []);
    if (named === undefined || !messages.includes(issue.message)) messages.push(issue.message);
  }
  return errors;
}

/**
 * A feature's router. Invalid input goes through the one error path: by default a path parameter
 * that does not parse is a 404 (as Django's URL resolver), anything else a 400 with field-keyed
 * messages; the OAuth endpoints answer with RFC 6749 errors instead.
 */
export function createRouter(onInvalid: (error: ZodError, target: string) => never = drfValidationError) {
  return new OpenAPIHono<AppEnv>({ defaultHook: invalidInputHook(onInvalid) });
}

/** The validation hook of `createRouter`, for an OpenAPIHono built elsewhere (the app itself). */
export const invalidInputHook =
  (onInvalid: (error: ZodError, target: string) => never = drfValidationError) =>
  (result: { success: true } | { success: false; error: ZodError; target: string }) => {
    if (!result.success) onInvalid(result.error, result.target);
  };

function drfValidationError(error: ZodError, target: string): never {
  if (target === "param") throw notFound();
  throw validationError(fieldErrors(error));
}

function describeAccess(access: Access): string {
  switch (access.kind) {
    case "public":
      return "No authentication.";
    case "authenticated":
      return "Any authenticated user (session, or a token with a user); no scope.";
    case "scopes": {
      const scopes = `Token scopes: ${access.scopes.join(", ")} (a session passes).`;
      if (!access.onSomeEvent) return scopes;
      return `${scopes} Checked first: ${access.permission} globally or on at least one event, else 403 before the body or the object is looked at.`;
    }
    case "federationGuest":
      return "Only the bearer token a federated guest instance received at setup (no session, no other token).";
    default:
      return `Browser session (${access.kind}).`;
  }
}

type ApiRouteConfig = Omit<RouteConfig, "middleware" | "security" | "tags">;

/**
 * The route declarations of one feature, grouped under its `tag` in the OpenAPI document
 * (./tags.ts): `const apiRoute = apiRoutes({ tag: "Events" })`. A route declared with it holds its
 * OpenAPI description, the access guard that runs before the handler, and the error answers every
 * guarded route can give. Each route states its access there, once.
 */
export const apiRoutes =
  ({ tag }: { tag: ApiTag }) =>
  <R extends ApiRouteConfig>(config: R & { access: AccessGuard }) =>
    apiRoute(config, tag);

function apiRoute<R extends ApiRouteConfig>(config: R & { access: AccessGuard }, tag: ApiTag) {
  const { access, ...route } = config;
  const declared = accessOf(access);
  const guarded = declared?.kind !== "public";
  const routeConfig = {
    ...route,
    tags: [tag],
    middleware: [access],
    description: [route.description, declared ? describeAccess(declared) : undefined].filter(Boolean).join("\n\n"),
    security: !guarded ? [] : declared?.kind === "federationGuest" ? [{ tokenAuth: [] }] : [{ tokenAuth: [] }, { sessionCookie: [] }],
    responses: {
      ...route.responses,
      ...(guarded ? { 403: jsonContent(ErrorDetail, "Not authenticated, or not permitted (ephios's two texts).") } : {}),
    },
  };
  // The spread keeps every property of R; TypeScript only loses track of it.
  return createRoute(routeConfig as unknown as R & { middleware: AccessGuard[] });
}
