import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { ApiError } from "../lib/errors";
import type { AppEnv } from "../types";

/** The single place that turns a thrown error into a response body (ephios's JSON shapes). */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) {
    return c.json(error.body, error.status, error.headers);
  }
  if (error instanceof HTTPException) {
    // Hono's own middleware (body limit, CSRF, …) throws these: keep their status, our body shape.
    const status = error.status;
    if (status < 500) {
      const detail = error.message || (status === 413 ? "Request entity too large." : "Bad request.");
      return c.json({ detail }, status);
    }
  }
  // Never leak internals: log the error itself, answer generically.
  console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
  return c.json({ detail: "A server error occurred." }, 500);
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) => c.json({ detail: "Not found." }, 404);
