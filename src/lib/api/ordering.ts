import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";

/** A field a list can be ordered by; `nullable` where its value can be NULL (the keyset needs to know). */
export interface OrderField {
  expr: SQLWrapper;
  nullable: boolean;
}

/** One term of a list's order. */
export interface OrderTerm extends OrderField {
  descending: boolean;
}

/** A field whose value can be NULL. */
export const nullableField = (expr: SQLWrapper): OrderField => ({ expr, nullable: true });

const field = (f: SQLWrapper | OrderField): OrderField => ("expr" in f ? f : { expr: f, nullable: false });

export const ascending = (f: SQLWrapper | OrderField): OrderTerm => ({ ...field(f), descending: false });
export const descending = (f: SQLWrapper | OrderField): OrderTerm => ({ ...field(f), descending: true });

/** ORDER BY terms in PostgreSQL's order (ephios runs on it): NULLs last ascending, first descending. */
export const orderBySql = (terms: OrderTerm[]): SQL[] =>
  terms.map((t) => (t.descending ? sql`${t.expr} DESC NULLS FIRST` : sql`${t.expr} ASC NULLS LAST`));

/**
 * DRF OrderingFilter: a comma-separated list of allowed field names, `-` for descending; unknown
 * names are dropped, and if none is left the default applies. A tie-breaker (a unique, non-null
 * column) keeps pages stable and makes every row's position in the order unique.
 */
export function orderingFrom(param: string | undefined, allowed: Record<string, SQLWrapper | OrderField>, fallback: OrderTerm[], tieBreaker: SQLWrapper): OrderTerm[] {
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
