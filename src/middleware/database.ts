import { createMiddleware } from "hono/factory";
import { createDatabase } from "../db/client";
import { isRetry } from "../auth/token-cache";
import { PendingChecks, instrumentD1 } from "../db/instrumented";
import { badRequest } from "../lib/errors";
import type { AppEnv } from "../types";

export const BOOKMARK_HEADER = "x-d1-bookmark";
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/i;
const SAFE_METHODS = /^(GET|HEAD|OPTIONS)$/;
/**
 * A guest instance reads a 403 from the federation API as "share ended" and deletes its side, so
 * a replica that has not yet seen a new guest's token (or a new share) must not answer these.
 */
const PRIMARY_ONLY = /^\/api\/federation\//;

/**
 * Each request reads and writes through a D1 session (read replication): reads may be served by the
 * nearest replica, starting from the client's bookmark when it sends one, so it sees its own
 * earlier writes; requests that may write go to the primary first. The session's bookmark goes
 * back in `x-d1-bookmark`.
 */
export const database = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const bookmark = c.req.header(BOOKMARK_HEADER);
    if (bookmark !== undefined && !BOOKMARK.test(bookmark.trim())) throw badRequest(`Invalid ${BOOKMARK_HEADER} header.`);
    // A retry (src/auth/token-cache.ts) follows a run that saw a change: a replica must not answer it from before.
    const replicaMayAnswer = SAFE_METHODS.test(c.req.method) && !PRIMARY_ONLY.test(c.req.path);
    const session = c.env.DB.withSession(isRetry(c.req.raw) ? "first-primary" : bookmark?.trim() || (replicaMayAnswer ? "first-unconstrained" : "first-primary"));
    const checks = new PendingChecks();
    c.set("d1Checks", checks);
    c.set("db", createDatabase(instrumentD1(session, c.var.d1Usage, checks)));
    try {
      await next();
    } finally {
      const latest = session.getBookmark();
      if (latest) c.res.headers.set(BOOKMARK_HEADER, latest);
    }
  });
