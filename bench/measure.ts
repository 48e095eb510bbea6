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
  rowsRead: number;
  rowsWritten: number;
  d1Ms: number;
  totalMs: number;
}

/** `d1;dur=1.8;desc="queries=2 rows_read=134 rows_written=0", total;dur=4.2` */
export function parseServerTiming(header: string | null): Timing | null {
  if (!header) return null;
  const d1 = /d1;dur=([\d.]+);desc="queries=(\d+) rows_read=(\d+) rows_written=(\d+)(?: round_trips=\d+)?"/.exec(header);
  const total = /total;dur=([\d.]+)/.exec(header);
  if (!d1 || !total) return null;
  return { d1Ms: Number(d1[1]), queries: Number(d1[2]), rowsRead: Number(d1[3]), rowsWritten: Number(d1[4]), totalMs: Number(total[1]) };
}

export interface Probe {
  status: number;
  timing: Timing | null;
  /** `count` of a paginated answer, or the length of a plain list */
  count: number | null;
  results: number | null;
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
  let detail: string | undefined;
  try {
    const body = JSON.parse(text) as unknown;
    if (Array.isArray(body)) {
      count = results = body.length;
    } else if (body && typeof body === "object") {
      const page = body as { count?: unknown; results?: unknown; detail?: unknown };
      if (typeof page.count === "number") count = page.count;
      if (Array.isArray(page.results)) results = page.results.length;
      if (typeof page.detail === "string") detail = page.detail;
    }
  } catch {
    detail = text.slice(0, 120);
  }
  return { status: response.status, timing: parseServerTiming(response.headers.get("server-timing")), count, results, bytes: Buffer.byteLength(text), detail };
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
    return { status: 0, count: null, results: null, bytes: 0, queries: null, rowsRead: null, d1Ms: null, totalMs: null, runs: 0, unstable: false, timedOut: true, detail: `no answer within ${timeoutMs / 1000} s` };
  }
  const last = runs[runs.length - 1];
  const timings = runs.map((r) => r.timing).filter((t): t is Timing => t !== null);
  const unstable = new Set(timings.map((t) => `${t.queries}/${t.rowsRead}`)).size > 1;
  return {
    status: last.status,
    count: last.count,
    results: last.results,
    bytes: last.bytes,
    queries: last.timing?.queries ?? null,
    rowsRead: last.timing?.rowsRead ?? null,
    d1Ms: timings.length ? median(timings.map((t) => t.d1Ms)) : null,
    totalMs: timings.length ? median(timings.map((t) => t.totalMs)) : null,
    runs: runs.length,
    unstable,
    timedOut: false,
    detail: last.detail,
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
