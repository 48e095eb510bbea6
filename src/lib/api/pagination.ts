import { z } from "@hono/zod-openapi";

/** DRF's PAGE_SIZE. */
export const DEFAULT_LIMIT = 100;
/**
 * ephios sets no maximum; one Worker answer must stay bounded, so larger values are clamped (as
 * DRF's `max_limit` would), and the `next` links keep working.
 */
export const MAX_LIMIT = 1000;

const positiveInt = (value: unknown): number | null => {
  const text = Array.isArray(value) ? value.at(-1) : value;
  if (typeof text !== "string" || !/^\s*\+?\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
};

/**
 * `limit` and `offset` as DRF's LimitOffsetPagination reads them: anything that is not a positive
 * integer falls back silently (limit 100, offset 0), never an error.
 */
export const paginationQuery = {
  limit: z
    .unknown()
    .optional()
    .transform((v) => {
      const n = positiveInt(v);
      return n && n > 0 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT;
    })
    .openapi({ param: { name: "limit", in: "query" }, type: "integer", description: `Page size (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).` }),
  offset: z
    .unknown()
    .optional()
    .transform((v) => positiveInt(v) ?? 0)
    .openapi({ param: { name: "offset", in: "query" }, type: "integer", description: "Index of the first result (default 0)." }),
};

export interface Page {
  limit: number;
  offset: number;
}

/** `{count, next, previous, results}` with absolute links built from the request URL, as DRF. */
export function paginated<T>(requestUrl: string, page: Page, count: number, results: T[]) {
  const link = (offset: number | null) => {
    const url = new URL(requestUrl);
    url.searchParams.set("limit", String(page.limit));
    if (offset === null) url.searchParams.delete("offset");
    else url.searchParams.set("offset", String(offset));
    return url.toString();
  };
  const next = page.offset + page.limit < count ? link(page.offset + page.limit) : null;
  const previous = page.offset <= 0 ? null : page.offset - page.limit <= 0 ? link(null) : link(page.offset - page.limit);
  return { count, next, previous, results };
}

export const pageSchema = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      count: z.number().int(),
      next: z.string().url().nullable(),
      previous: z.string().url().nullable(),
      results: z.array(item),
    })
    .openapi(name);
