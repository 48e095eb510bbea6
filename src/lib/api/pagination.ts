import { z } from "@hono/zod-openapi";
import type { SQL } from "drizzle-orm";
import type { Context } from "hono";
import type { AppEnv } from "../../types";
import { fromBase64Url, keyedDigestHex, timingSafeEqual, toBase64Url } from "../crypto";
import { type KeyValue, afterKeys, isKeyValue } from "./keyset";
import type { OrderTerm } from "./ordering";

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
  position: z
    .unknown()
    .optional()
    .transform((v) => {
      const text = Array.isArray(v) ? v.at(-1) : v;
      return typeof text === "string" ? text : undefined;
    })
    .openapi({
      param: { name: "position", in: "query" },
      type: "string",
      description: "Set by the server in `next` links: where the previous page ended, so the next one seeks there instead of skipping `offset` rows. Follow `next` as it is; a missing or stale value falls back to `offset`.",
    }),
};

export interface Page {
  limit: number;
  offset: number;
  position?: string;
}

/** Python's `unquote_plus` (as `parse_qs` decodes): `+` is a space, invalid UTF-8 becomes U+FFFD. */
function unquotePlus(text: string): string {
  const bytes = new TextEncoder().encode(text.replaceAll("+", " "));
  const decoded: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const hex = bytes[i] === 0x25 ? String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      decoded.push(parseInt(hex, 16));
      i += 2;
    } else decoded.push(bytes[i]);
  }
  return new TextDecoder().decode(new Uint8Array(decoded));
}

/** Python's `quote_plus`: UTF-8, every byte but letters, digits and `_.-~` percent-encoded, spaces as `+`. */
function quotePlus(text: string): string {
  let quoted = "";
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    quoted += /[A-Za-z0-9_.~-]/.test(char) ? char : byte === 0x20 ? "+" : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return quoted;
}

/** Python compares strings by code point (JavaScript's `<` by UTF-16 unit). */
function byCodePoint(a: string, b: string): number {
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0)! - y[i].codePointAt(0)!;
  }
  return x.length - y.length;
}

/**
 * DRF's `replace_query_param` and `remove_query_param`: the query parsed as `parse_qs` (blank
 * values kept), the parameter set or removed, and written again sorted by name
 * (`urlencode(sorted(…), doseq=True)`).
 */
function withQueryParam(url: string, key: string, value: string | null): string {
  const parsed = new URL(url);
  const query = new Map<string, string[]>();
  for (const field of parsed.search.slice(1).split("&")) {
    if (!field) continue;
    const eq = field.indexOf("=");
    const name = unquotePlus(eq < 0 ? field : field.slice(0, eq));
    query.set(name, [...(query.get(name) ?? []), eq < 0 ? "" : unquotePlus(field.slice(eq + 1))]);
  }
  if (value === null) query.delete(key);
  else query.set(key, [value]);
  const names = [...query.keys()].sort(byCodePoint);
  parsed.search = names.flatMap((name) => query.get(name)!.map((v) => `${quotePlus(name)}=${quotePlus(v)}`)).join("&");
  return parsed.href;
}

const POSITION_PURPOSE = "page-position";

/** The request's path and query without `position`, as the server wrote them into the link. */
const linkWithoutPosition = (url: string) => {
  const link = new URL(withQueryParam(url, "position", null));
  return `${link.pathname}${link.search}`;
};

const signPosition = async (secretKey: string, link: string, payload: string) => (await keyedDigestHex(secretKey, POSITION_PURPOSE, `${link}\n${payload}`)).slice(0, 32);

/**
 * Where a page starts. A `position` the server signed for exactly this request (path, every other
 * parameter, `offset` included) names the last row of the page before: the page then seeks past
 * that row (`after`, with SQL offset 0) and costs what the first page cost. Anything else (none,
 * edited, from another list or query, another SECRET_KEY) is ignored: the page skips `offset`
 * rows, as DRF's LimitOffsetPagination. Both give the same rows while nothing changes meanwhile.
 */
export async function pageStart(c: Context<AppEnv>, page: Page, terms: OrderTerm[]): Promise<PageStart> {
  // One row beyond the page says whether another follows (`pageRows`).
  const skip = { offset: page.offset, limit: page.limit + 1 };
  const [payload, signature, ...rest] = (page.position ?? "").split(".");
  if (!payload || !signature || rest.length || page.offset === 0) return skip;
  const expected = await signPosition(c.var.settings.secretKey, linkWithoutPosition(c.req.url), payload);
  if (!timingSafeEqual(signature, expected)) return skip;
  let keys: unknown;
  try {
    keys = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)));
  } catch {
    return skip;
  }
  if (!Array.isArray(keys) || keys.length !== terms.length || !keys.every(isKeyValue)) return skip;
  return { after: afterKeys(terms, keys), offset: 0, limit: page.limit + 1 };
}

/** Where a page's query starts (`after` a position, else at `offset`) and how many rows it asks for. */
export interface PageStart {
  after?: SQL;
  offset: number;
  limit: number;
}

/**
 * The rows of a page whose query asked for one more (`PageStart.limit`): the page, whether another
 * row follows, and the order values of its last row for the next position.
 */
export function pageRows<R extends object>(rows: R[], page: Page, lastKeys: (row: R) => KeyValue[]) {
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return { rows: shown, more: rows.length > page.limit, lastKeys: last && lastKeys(last) };
}

/**
 * `{count, next, previous, results}` with absolute links built from the request URL, as DRF.
 * With `position` (from `pageStart` and `pageRows`) `next` also carries a signed position of the
 * page's last row; `previous` only moves `offset`. A page reached by its position has a `next`
 * whenever a row follows it: rows deleted before the position since would make DRF's test
 * (`offset + limit < count`) end the walk early.
 */
export async function paginated<T>(
  c: Context<AppEnv>,
  page: Page,
  count: number,
  results: T[],
  position?: { start: PageStart; more: boolean; lastKeys: KeyValue[] | undefined },
) {
  const link = (offset: number | null) => {
    const url = withQueryParam(withQueryParam(c.req.url, "position", null), "limit", String(page.limit));
    return withQueryParam(url, "offset", offset === null ? null : String(offset));
  };
  const follows = position?.start.after ? position.more : page.offset + page.limit < count;
  let next = follows ? link(page.offset + page.limit) : null;
  const lastKeys = position?.lastKeys;
  if (next && lastKeys && results.length === page.limit) {
    const payload = toBase64Url(new TextEncoder().encode(JSON.stringify(lastKeys)));
    const signature = await signPosition(c.var.settings.secretKey, linkWithoutPosition(next), payload);
    next = withQueryParam(next, "position", `${payload}.${signature}`);
  }
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
