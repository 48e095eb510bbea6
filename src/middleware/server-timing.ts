import { createMiddleware } from "hono/factory";
import { createDatabase } from "../db/client";
import { emptyUsage, instrumentD1 } from "../db/instrumented";
import type { AppEnv } from "../types";

/**
 * Gives the request its own instrumented database handle and reports what the request cost in a
 * `Server-Timing` header: `d1;dur=<ms>;desc="queries=N rows_read=M rows_written=K", total;dur=<ms>`.
 */
export const serverTiming = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const usage = emptyUsage();
    c.set("d1Usage", usage);
    c.set("db", createDatabase(instrumentD1(c.env.DB, usage)));
    try {
      await next();
    } finally {
      // Runs after onError too: a failed request also says what it cost.
      const d1 = `d1;dur=${usage.durationMs.toFixed(1)};desc="queries=${usage.queries} rows_read=${usage.rowsRead} rows_written=${usage.rowsWritten}"`;
      const total = `total;dur=${(performance.now() - started).toFixed(1)}`;
      c.res.headers.append("Server-Timing", `${d1}, ${total}`);
    }
  });
