import { type SQL, type SQLWrapper, and, or, sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { ApiError } from "../errors";
import { PYTHON_WHITESPACE } from "../python";

const WS = PYTHON_WHITESPACE;
/**
 * Django's `smart_split`: runs of non-space characters, in which a quoted phrase (double or single
 * quotes, backslash escapes) may hold spaces; an unbalanced quote is an ordinary character.
 */
const SMART_SPLIT = new RegExp(`(?:[^${WS}'"]*(?:(?:"(?:[^"\\\\]|\\\\[^\\n])*"|'(?:[^'\\\\]|\\\\[^\\n])*')[^${WS}'"]*)+)|[^${WS}]+`, "gu");
const TRIM = new RegExp(`^[${WS}]+|[${WS}]+$`, "gu");

/** Django's `unescape_string_literal`. */
const unquote = (term: string) => {
  const quote = term[0];
  return term.slice(1, -1).replaceAll(`\\${quote}`, quote).replaceAll("\\\\", "\\");
};

/**
 * DRF's `search_smart_split`: a term wholly in matching quotes is one phrase (unquoted); any other
 * is split at commas, pieces trimmed. Quotes elsewhere (`"Bulk`, `"Bulk Event 01",Halle`) are
 * searched as written.
 */
export function searchTerms(value: string): string[] {
  const terms: string[] = [];
  for (const [token] of value.matchAll(SMART_SPLIT)) {
    const term = token.replace(/^,+|,+$/g, "");
    if ((term[0] === '"' || term[0] === "'") && term.at(-1) === term[0]) terms.push(unquote(term));
    else terms.push(...term.split(",").filter(Boolean).map((part) => part.replace(TRIM, "")));
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
/** A NUL is refused as a whole (below), whatever its terms. */
const bounded = (check: (terms: string[]) => boolean) => (value: string) => value.includes("\0") || check(searchTerms(value));

const lastValue = (v: unknown) => (Array.isArray(v) ? v.at(-1) : v);

export const searchQuery = z
  .unknown()
  .transform(lastValue)
  .pipe(
    z
      .string()
      .max(1000, { error: "Ensure this value has at most 1000 characters.", abort: true })
      .refine(bounded((terms) => terms.length <= MAX_SEARCH_TERMS), `Use at most ${MAX_SEARCH_TERMS} search terms.`)
      .refine(bounded((terms) => terms.every(fitsLike)), "A search term may have at most 40 characters.")
      .optional(),
  )
  .optional()
  .openapi({
    param: { name: "search", in: "query" },
    type: "string",
    description: "Terms split on spaces and commas (quoted phrases kept); each must match one of the searched fields, case-insensitively.",
  });

/**
 * For a list without search fields (ephios's shifts): DRF's SearchFilter still reads `search`, so
 * only a NUL in it matters.
 */
export const ignoredSearchQuery = z
  .unknown()
  .transform(lastValue)
  .pipe(z.string().optional())
  .optional()
  .openapi({ param: { name: "search", in: "query" }, type: "string", description: "Ignored (there are no searched fields), as in ephios." });

/**
 * DRF's SearchFilter reads `search` as a CharField after the filters passed, and refuses a NUL
 * with a bare list, not keyed by field: a check on the whole list query, `.check(refuseNullSearch)`.
 */
export function refuseNullSearch(payload: { value: { search?: string }; issues: readonly unknown[] }): void {
  if (!payload.issues.length && payload.value.search?.includes("\0")) throw new ApiError(400, ["Null characters are not allowed."]);
}
