import { type SQL, type SQLWrapper, asc, sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";

/** PostgreSQL's order (ephios runs on it): NULLs last ascending, first descending. */
const ascending = (field: SQLWrapper) => sql`${field} ASC NULLS LAST`;
const descending = (field: SQLWrapper) => sql`${field} DESC NULLS FIRST`;

export { ascending, descending };

/**
 * DRF OrderingFilter: a comma-separated list of allowed field names, `-` for descending; unknown
 * names are dropped, and if none is left the default applies. A tie-breaker keeps pages stable.
 */
export function orderingFrom(param: string | undefined, allowed: Record<string, SQLWrapper>, fallback: SQL[], tieBreaker: SQLWrapper): SQL[] {
  const chosen: SQL[] = [];
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
  return [...(chosen.length ? chosen : fallback), asc(tieBreaker)];
}

export const orderingQuery = (fields: string[]) =>
  z
    .unknown()
    .transform((v) => (Array.isArray(v) ? v.at(-1) : v))
    .pipe(z.string().max(1000).optional())
    .optional()
    .openapi({ param: { name: "ordering", in: "query" }, type: "string", description: `Comma-separated fields, "-" for descending: ${fields.join(", ")}.` });
