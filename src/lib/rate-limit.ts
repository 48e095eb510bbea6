import { type SQL, sql } from "drizzle-orm";
import type { Context } from "hono";
import type { Database } from "../db/client";
import { runBatch } from "../db/raw";
import { sha256Hex } from "./crypto";

/** At most `limit` attempts per subject in each fixed window of `windowSeconds`. */
export interface RateLimit {
  /** Part of the stored key, so limits never share a counter. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface CountedAttempt {
  /** The first limit the attempt went over (the attempt must not be checked then), or null. */
  refused: { retryAfter: number } | null;
  /** Takes the attempt back (it succeeded), in the windows it was counted in. */
  release(): Promise<void>;
}

interface Counter {
  key: string;
  limit: number;
  windowStart: number;
  expires: number;
}

/**
 * Counts an attempt against each of `steps` (narrowest first) in one D1 batch, i.e. one
 * transaction: each counter is one `INSERT … ON CONFLICT DO UPDATE … RETURNING`, so the count and
 * the decision are one atomic step, and an attempt is let through only if every returned count is
 * within its limit. However many attempts run in parallel, each counter lets at most `limit` of
 * them through per window, besides those taken back (`release`, for successes). A step counts only when all steps before it were within their
 * limits, so attempts refused by a narrow limit (one address guessing one account) never use up a
 * wider one (every address guessing that account) that others still need.
 */
export async function countAttempt(db: Database, steps: { limit: RateLimit; subject: string[] }[], now: number): Promise<CountedAttempt> {
  const counters: Counter[] = await Promise.all(
    steps.map(async ({ limit, subject }) => {
      const windowMs = limit.windowSeconds * 1000;
      const windowStart = Math.floor(now / windowMs) * windowMs;
      // Hashed: keys stay short whatever the subject, and no email or address is stored.
      return { key: `${limit.name}:${await sha256Hex(JSON.stringify(subject))}`, limit: limit.limit, windowStart, expires: windowStart + windowMs };
    }),
  );
  const statements = counters.map((step, i) => {
    const earlierWithin = counters.slice(0, i).map((earlier) => sql`(SELECT count FROM rate_limits WHERE key = ${earlier.key}) <= ${earlier.limit}`);
    // A clock behind the stored window (another Worker's) counts in the newer window, never resets it.
    return sql`INSERT INTO rate_limits (key, window_start, count, expires)
      SELECT ${step.key}, ${step.windowStart}, 1, ${step.expires} WHERE ${earlierWithin.length ? sql.join(earlierWithin, sql` AND `) : sql`1`}
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN excluded.window_start > window_start THEN 1 ELSE count + 1 END,
        window_start = max(window_start, excluded.window_start),
        expires = max(expires, excluded.expires)
      RETURNING count, window_start`;
  });
  const results = await runBatch(db, statements);
  const counted: SQL[] = [];
  let refused: CountedAttempt["refused"] = null;
  for (const [i, result] of results.entries()) {
    const [row] = result.results as { count: number; window_start: number }[];
    if (!row) break;
    counted.push(sql`(key = ${counters[i].key} AND window_start = ${row.window_start})`);
    if (row.count > counters[i].limit) {
      refused = { retryAfter: Math.max(1, Math.ceil((row.window_start + steps[i].limit.windowSeconds * 1000 - now) / 1000)) };
      break;
    }
  }
  return {
    refused,
    release: async () => {
      await db.run(sql`UPDATE rate_limits SET count = count - 1 WHERE count > 0 AND (${sql.join(counted, sql` OR `)})`);
    },
  };
}

/**
 * The client address a limit counts under: Cloudflare's `CF-Connecting-IP`. An IPv6 address
 * counts as its /64 network, which one subscriber usually gets whole (a limit per single
 * address would give them 2^64 budgets).
 */
export function clientAddress(c: Context): string {
  const address = c.req.header("CF-Connecting-IP")?.trim().toLowerCase();
  if (!address) return "unknown";
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  const halves = address.split("::");
  if (!address.includes(":") || halves.length > 2) return address;
  const groups = (part: string) => (part ? part.split(":") : []);
  const [head, tail] = [groups(halves[0]), groups(halves[1] ?? "")];
  const full = halves.length === 2 ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill("0"), ...tail] : head;
  return `${full
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
