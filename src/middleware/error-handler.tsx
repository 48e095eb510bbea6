import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { wasUnconfirmed } from "../auth/token-cache";
import { ApiError, methodNotAllowed, notFound } from "../lib/errors";
import { translate, translateBody } from "../lib/i18n/translate";
import { SettingsError } from "../lib/settings";
import type { AppEnv } from "../types";
import { isBrowserPage } from "./csrf";
import type { RouteIndex } from "./route-index";

function ErrorPage({ status, detail }: { status: number; detail: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>{`Error ${status}`}</title>
      </head>
      <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto;">
        <h1>{`Error ${status}`}</h1>
        <p>{detail}</p>
        <p>
          <a href="/">Back to the start page</a>
        </p>
      </body>
    </html>
  );
}

/**
 * Browser pages get a small HTML page (in English, as all pages); the API gets ephios's JSON body,
 * its texts in the request's language.
 */
function respond(c: Context<AppEnv>, error: ApiError): Response | Promise<Response> {
  if (isBrowserPage(c.req.path) && error.detail !== undefined) {
    return c.html(<ErrorPage status={error.status} detail={error.detail} />, error.status, error.headers);
  }
  return c.json(translateBody(c.var.language, error.body), error.status, error.headers);
}

/** Long random path segments are credentials (set-password links, shared codes): not for logs. */
const redactedPath = (path: string) => path.replace(/[A-Za-z0-9_~.-]{20,}/g, "[redacted]");

/** A failed query without its bound values (hashes, emails, personal data): the SQL and D1's reason. */
function loggable(error: Error): unknown {
  if ("query" in error && "params" in error) return { query: error.query, cause: error.cause };
  return error;
}

/** The single place that turns a thrown error into a response body. */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  // Thrown away unanswered: src/index.ts runs the request again (src/auth/token-cache.ts).
  if (wasUnconfirmed(c.req.raw)) return c.body(null, 503);
  if (error instanceof ApiError) return respond(c, error);
  if (error instanceof SettingsError) {
    // The operator's to fix, on every request until then: say which var, never its secret value.
    const detail = `Server misconfigured: ${error.message}`;
    console.error(`${c.req.method} ${redactedPath(c.req.path)} refused: ${detail}`);
    return c.json({ detail }, 500);
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own middleware (body limit, …) throws these: keep their status, our body shape.
    return respond(c, new ApiError(error.status as ApiError["status"], { detail: error.message || "Bad request." }));
  }
  // Never leak internals: log the error itself, answer generically.
  console.error(`${c.req.method} ${redactedPath(c.req.path)} failed:`, loggable(error));
  return c.json({ detail: translate(c.var.language, "A server error occurred.") }, 500);
};

/** No route matched: 405 with `Allow` when the path exists for other methods, else 404. */
export const handleNotFound =
  (routes: RouteIndex): NotFoundHandler<AppEnv> =>
  (c) => {
    const allowed = routes.allowedMethods(c.req.path);
    if (allowed.length) {
      const error = methodNotAllowed(c.req.method);
      return respond(c, new ApiError(405, error.body, { Allow: allowed.join(", ") }));
    }
    return respond(c, notFound());
  };
