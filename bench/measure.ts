/**
 * What one request costs (from the Worker's Server-Timing header) and what an endpoint sustains
 * under concurrent load (autocannon).
 */
import autocannon, { type Options as AutocannonOptions } from "autocannon";

/**
 * The body of the 503 that wrangler dev's ProxyWorker (not the Worker) answers when its
 * connection to workerd drops under load, for any request but GET and HEAD, which it retries
 * (cloudflare/workers-sdk#14641). The request may or may not have reached the Worker.
 */
export const PROXY_DROPPED = "Your worker restarted mid-request.";

export interface Timing {
  queries: number;
  /** calls to D1 (a batch is one); null from a Worker that does not report them */
  roundTrips: number | null;
  rowsRead: number;
  rowsWritten: number;
  d1Ms: number;
  totalMs: number;
}

/** `d1;dur=1.8;desc="queries=2 rows_read=134 rows_written=0 round_trips=1", total;dur=4.2` (src/middleware/server-timing.ts) */
export function parseServerTiming(header: string | null): Timing | null {
  if (!header) return null;
  const d1 = /d1;dur=([\d.]+);desc="queries=(\d+) rows_read=(\d+) rows_written=(\d+)(?: round_trips=(\d+))?"/.exec(header);
  const total = /total;dur=([\d.]+)/.exec(header);
  if (!d1 || !total) return null;
  const roundTrips = d1[5] === undefined ? null : Number(d1[5]);
  return { d1Ms: Number(d1[1]), queries: Number(d1[2]), roundTrips, rowsRead: Number(d1[3]), rowsWritten: Number(d1[4]), totalMs: Number(total[1]) };
}

export interface Probe {
  status: number;
  timing: Timing | null;
  /** `count` of a paginated answer, or the length of a plain list */
  count: number | null;
  results: number | null;
  /** the `next` link of a paginated answer */
  next: string | null;
  /** the `id` of each result that has one (to find a row that two pages of a walk both list) */
  ids: unknown[];
  bytes: number;
  detail?: string;
}

/** A request other than a GET with a bearer token: method, headers and body. */
export interface RequestShape {
  method: string;
  headers: Record<string, string>;
  body: string;
}

export async function probe(url: string, token: string | null, timeoutMs = 30_000, request?: RequestShape): Promise<Probe> {
  const response = await fetch(url, { ...request, headers: { ...request?.headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) }, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let count: number | null = null;
  let results: number | null = null;
  let next: string | null = null;
  let ids: unknown[] = [];
  let detail: string | undefined;
  const idsOf = (items: unknown[]) => items.flatMap((item) => (item && typeof item === "object" && "id" in item ? [item.id] : []));
  try {
    const body = JSON.parse(text) as unknown;
    if (Array.isArray(body)) {
      count = results = body.length;
      ids = idsOf(body);
    } else if (body && typeof body === "object") {
      const page = body as { count?: unknown; next?: unknown; results?: unknown; detail?: unknown };
      if (typeof page.count === "number") count = page.count;
      if (typeof page.next === "string") next = page.next;
      if (Array.isArray(page.results)) {
        results = page.results.length;
        ids = idsOf(page.results);
      }
      if (typeof page.detail === "string") detail = page.detail;
    }
  } catch {
    detail = text.slice(0, 120);
  }
  return { status: response.status, timing: parseServerTiming(response.headers.get("server-timing")), count, results, next, ids, bytes: Buffer.byteLength(text), detail };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export interface Cost {
  status: number;
  count: number | null;
  results: number | null;
  bytes: number;
  queries: number | null;
  roundTrips: number | null;
  rowsRead: number | null;
  /** medians over the measured repetitions */
  d1Ms: number | null;
  totalMs: number | null;
  /** how many requests the figures come from */
  runs: number;
  /** queries or rows_read differed between repetitions of the same request */
  unstable: boolean;
  /** no answer within the timeout: the server may still be busy with it */
  timedOut: boolean;
  detail?: string;
}

const isTimeout = (error: unknown) => error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");

/**
 * One unmeasured request, then `repeat` sequential ones (medians of the times; queries and rows
 * from the last). When the first request already took longer than `slowMs`, its figures are used
 * alone: a slow request is not worth repeating, and warming up hardly matters for it.
 */
export async function cost(url: string, token: string | null, options: { repeat?: number; timeoutMs: number; slowMs?: number; request?: RequestShape }): Promise<Cost> {
  const { repeat = 3, timeoutMs, slowMs = 2000, request } = options;
  const runs: Probe[] = [];
  try {
    const first = await probe(url, token, timeoutMs, request);
    if ((first.timing?.totalMs ?? 0) > slowMs) runs.push(first);
    else for (let i = 0; i < repeat; i++) runs.push(await probe(url, token, timeoutMs, request));
  } catch (error) {
    if (!isTimeout(error)) throw error;
    return { status: 0, count: null, results: null, bytes: 0, queries: null, roundTrips: null, rowsRead: null, d1Ms: null, totalMs: null, runs: 0, unstable: false, timedOut: true, detail: `no answer within ${timeoutMs / 1000} s` };
  }
  const last = runs[runs.length - 1];
  const timings = runs.map((r) => r.timing).filter((t): t is Timing => t !== null);
  const unstable = new Set(timings.map((t) => `${t.queries}/${t.roundTrips}/${t.rowsRead}`)).size > 1;
  return {
    status: last.status,
    count: last.count,
    results: last.results,
    bytes: last.bytes,
    queries: last.timing?.queries ?? null,
    roundTrips: last.timing?.roundTrips ?? null,
    rowsRead: last.timing?.rowsRead ?? null,
    d1Ms: timings.length ? median(timings.map((t) => t.d1Ms)) : null,
    totalMs: timings.length ? median(timings.map((t) => t.totalMs)) : null,
    runs: runs.length,
    unstable,
    timedOut: false,
    detail: last.detail,
  };
}

/** What one page of a walk cost. */
export interface PageCost {
  /** 1 for the first page */
  page: number;
  rowsRead: number | null;
  queries: number | null;
  roundTrips: number | null;
}

export interface Walk {
  /** pages requested, the first included */
  pages: number;
  /** the walk stopped at its page cap while `next` still pointed further */
  capped: boolean;
  /** of the pages after the first, how many were reached by a `next` link with a `position` (a seek, not a skip) */
  withPosition: number;
  /** results seen over all pages, and how many ids two pages both listed */
  results: number;
  duplicates: number;
  /** `count` of the first page */
  count: number | null;
  first: PageCost;
  /** the page that read the most rows (the first such page) */
  max: PageCost;
  last: PageCost;
  /** the most of each over all pages */
  maxQueries: number | null;
  maxRoundTrips: number | null;
  seconds: number;
  /** why the walk ended before `next` ran out or the cap: an answer other than 200, a timeout, a link seen before */
  stopped?: string;
  timedOut: boolean;
}

const maxOf = (values: (number | null)[]) => values.reduce<number | null>((most, v) => (v === null ? most : most === null ? v : Math.max(most, v)), null);

/**
 * Follows `next` from `url` until it runs out or after `maxPages` pages, one request per page
 * (sequential; no repetition, rows read do not depend on a warm cache), as a client iterating a
 * whole list does. Only the figures of each page are kept, never its rows.
 */
export async function walk(url: string, token: string, options: { maxPages: number; timeoutMs: number }): Promise<Walk> {
  const started = performance.now();
  const costs: PageCost[] = [];
  const seen = new Set<unknown>();
  const links = new Set<string>();
  let results = 0;
  let duplicates = 0;
  let withPosition = 0;
  let count: number | null = null;
  let stopped: string | undefined;
  let timedOut = false;
  let next: string | null = url;
  while (next !== null && costs.length < options.maxPages) {
    if (links.has(next)) {
      stopped = `page ${costs.length + 1}: a next link seen before`;
      break;
    }
    links.add(next);
    if (costs.length > 0 && new URL(next).searchParams.has("position")) withPosition++;
    let answer: Probe;
    try {
      answer = await probe(next, token, options.timeoutMs);
    } catch (error) {
      if (!isTimeout(error)) throw error;
      timedOut = true;
      stopped = `page ${costs.length + 1}: no answer within ${options.timeoutMs / 1000} s`;
      break;
    }
    if (answer.status !== 200) {
      stopped = `page ${costs.length + 1}: ${answer.status}${answer.detail ? ` (${answer.detail.slice(0, 80)})` : ""}`;
      break;
    }
    costs.push({ page: costs.length + 1, rowsRead: answer.timing?.rowsRead ?? null, queries: answer.timing?.queries ?? null, roundTrips: answer.timing?.roundTrips ?? null });
    count ??= answer.count;
    results += answer.results ?? 0;
    for (const id of answer.ids) {
      if (seen.has(id)) duplicates++;
      else seen.add(id);
    }
    next = answer.next;
  }
  const none: PageCost = { page: 0, rowsRead: null, queries: null, roundTrips: null };
  const max = costs.reduce<PageCost | null>((most, c) => (most === null || (c.rowsRead ?? -1) > (most.rowsRead ?? -1) ? c : most), null) ?? none;
  return {
    pages: costs.length,
    capped: next !== null && stopped === undefined,
    withPosition,
    results,
    duplicates,
    count,
    first: costs[0] ?? none,
    max,
    last: costs.at(-1) ?? none,
    maxQueries: maxOf(costs.map((c) => c.queries)),
    maxRoundTrips: maxOf(costs.map((c) => c.roundTrips)),
    seconds: (performance.now() - started) / 1000,
    stopped,
    timedOut,
  };
}

export interface Load {
  url: string;
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  durationSeconds: number;
}

export async function load(
  url: string,
  token: string | null,
  options: { connections: number; duration: number; timeout: number },
  request: Pick<AutocannonOptions, "method" | "headers" | "body" | "requests"> = {},
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    timeout: options.timeout,
    ...request,
    headers: { ...request.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count;
  const total = result.requests.total;
  return {
    url,
    requestsPerSecond: total / result.duration,
    total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
  };
}
