import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";

/** One term of a list's order: what it sorts by (never NULL: positions compare the values) and which way. */
export interface OrderTerm {
  expr: SQLWrapper;
  descending: boolean;
}

export const ascending = (expr: SQLWrapper): OrderTerm => ({ expr, descending: false });
export const descending = (expr: SQLWrapper): OrderTerm => ({ expr, descending: true });

export const orderBySql = (terms: OrderTerm[]): SQL[] => terms.map((t) => (t.descending ? sql`${t.expr} DESC` : sql`${t.expr} ASC`));

/**
 * DRF OrderingFilter: a comma-separated list of allowed field names, `-` for descending; unknown
 * names are dropped, and if none is left the default applies. A tie-breaker (a unique column)
 * keeps pages stable and makes every row's position in the order unique. Fields that can be NULL
 * are given as an expression that is not (src/features/events/queries.ts, eventTimeOrder).
 */
export function orderingFrom(param: string | undefined, allowed: Record<string, SQLWrapper>, fallback: OrderTerm[], tieBreaker: SQLWrapper): OrderTerm[] {
  const chosen: OrderTerm[] = [];
  // A field named again cannot change the order: keeping only its first mention also keeps
  // "a,a,a,…" within SQLite's limit on ORDER BY terms.
  const seen = new Set<string>();
  for (const raw of (param ?? "").split(",")) {
    const name = raw.trim();
    const reverse = name.startsWith("-");
    const key = reverse ? name.slice(1) : name;
    if (!Object.hasOwn(allowed, key) || seen.has(key)) continue;
    seen.add(key);
    chosen.push(reverse ? descending(allowed[key]) : ascending(allowed[key]));
  }
  return [...(chosen.length ? chosen : fallback), ascending(tieBreaker)];
}

export const orderingQuery = (fields: string[]) =>
  z
    .unknown()
    .transform((v) => (Array.isArray(v) ? v.at(-1) : v))
    .pipe(z.string().max(1000).optional())
    .optional()
    .openapi({ param: { name: "ordering", in: "query" }, type: "string", description: `Comma-separated fields, "-" for descending: ${fields.join(", ")}.` });
