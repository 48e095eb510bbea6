import { type SQL, type SQLWrapper, and, or, sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";

/**
 * DRF SearchFilter's terms: split on whitespace and commas, a phrase in double or single quotes
 * stays one term (its quotes removed), empty terms dropped.
 */
export function searchTerms(value: string): string[] {
  const terms: string[] = [];
  for (const match of value.replace(/\0/g, "").matchAll(/"([^"]*)"|'([^']*)'|([^\s,"']+)/g)) {
    const term = (match[1] ?? match[2] ?? match[3]).trim();
    if (term) terms.push(term);
  }
  return terms;
}

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Every term must occur in at least one of the fields (terms ANDed, fields ORed), ignoring case
 * as `icontains` does (SQLite folds ASCII letters only).
 */
export function searchCondition(value: string | undefined, fields: SQLWrapper[]): SQL | undefined {
  const terms = value ? searchTerms(value) : [];
  if (!terms.length) return undefined;
  return and(...terms.map((term) => or(...fields.map((field) => sql`${field} LIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`))));
}

/** Each term becomes a condition with one bound value per field; D1 allows 100 per statement. */
export const MAX_SEARCH_TERMS = 10;
/** D1 refuses LIKE patterns longer than 50 bytes. */
const MAX_PATTERN_BYTES = 50;
const fitsLike = (term: string) => new TextEncoder().encode(`%${escapeLike(term)}%`).length <= MAX_PATTERN_BYTES;

export const searchQuery = z
  .unknown()
  .transform((v) => (Array.isArray(v) ? v.at(-1) : v))
  .pipe(
    z
      .string()
      .max(1000, "Ensure this value has at most 1000 characters.")
      .refine((v) => searchTerms(v).length <= MAX_SEARCH_TERMS, `Use at most ${MAX_SEARCH_TERMS} search terms.`)
      .refine((v) => searchTerms(v).every(fitsLike), "A search term may have at most 40 characters.")
      .optional(),
  )
  .optional()
  .openapi({ param: { name: "search", in: "query" }, type: "string", description: "Terms split on spaces and commas (quoted phrases kept); each must match one of the searched fields, case-insensitively." });
