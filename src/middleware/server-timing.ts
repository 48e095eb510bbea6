import { createMiddleware } from "hono/factory";
import { emptyUsage } from "../db/instrumented";
import type { AppEnv } from "../types";

/**
 * Reports what the request cost in a `Server-Timing` header:
 * `d1;dur=<ms>;desc="queries=N rows_read=M rows_written=K round_trips=R", total;dur=<ms>`. The figures are
 * collected by the instrumented D1 handle that src/middleware/database.ts gives the request.
 * Only where the var SERVER_TIMING is "on" (development, tests, bench): row counts grow with rows
 * the caller cannot see, and any origin can read the header, so a deployed instance sends none.
 */
export const serverTiming = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now();
    const usage = emptyUsage();
    c.set("d1Usage", usage);
    try {
      await next();
    } finally {
      // Runs after onError too: a failed request also says what it cost.
      if (c.var.settings.serverTiming) {
        const d1 = `d1;dur=${usage.durationMs.toFixed(1)};desc="queries=${usage.queries} rows_read=${usage.rowsRead} rows_written=${usage.rowsWritten} round_trips=${usage.roundTrips}"`;
        const total = `total;dur=${(performance.now() - started).toFixed(1)}`;
        c.res.headers.append("Server-Timing", `${d1}, ${total}`);
      }
    }
  });
