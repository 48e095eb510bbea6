/**
 * A generated request as plain data (so fast-check can shrink it and print it), how it is sent
 * through the real Worker, and how it is shown when a property fails.
 */
import { exports } from "cloudflare:workers";
import fc from "fast-check";
import { ORIGIN } from "../helpers/http";

export type FuzzBody = { kind: "text"; text: string } | { kind: "bytes"; bytes: number[] };

export interface FuzzRequest {
  /** The operation it was generated for (`GET /api/events/{id}/`). */
  operation: string;
  method: string;
  /** Path and query exactly as put into the URL (the URL parser still normalises it, as any client's would). */
  path: string;
  query: string;
  headers: [string, string][];
  body?: FuzzBody;
}

export interface Observed {
  status: number;
  headers: Headers;
  /** The body decoded as UTF-8 (invalid bytes replaced). */
  text: string;
  /** The pathname the Worker saw, after URL normalisation. */
  pathname: string;
  ms: number;
}

export const stats = { requests: 0, byStatus: new Map<number, number>(), startedAt: Date.now() };

export function urlOf(request: FuzzRequest): string {
  return `${ORIGIN}${request.path}${request.query ? `?${request.query}` : ""}`;
}

function bodyInit(body: FuzzBody | undefined): BodyInit | undefined {
  if (!body) return undefined;
  return body.kind === "text" ? body.text : new Uint8Array(body.bytes);
}

export async function send(request: FuzzRequest): Promise<Observed> {
  const headers = new Headers();
  for (const [name, value] of request.headers) headers.append(name, value);
  const url = urlOf(request);
  const req = new Request(url, { method: request.method, headers, body: bodyInit(request.body), redirect: "manual" });
  const started = Date.now();
  const response = await exports.default.fetch(req);
  const text = new TextDecoder().decode(await response.arrayBuffer());
  stats.requests++;
  stats.byStatus.set(response.status, (stats.byStatus.get(response.status) ?? 0) + 1);
  return { status: response.status, headers: response.headers, text, pathname: new URL(req.url).pathname, ms: Date.now() - started };
}

/** Long values shortened for reading; the run's seed reproduces them exactly. */
export function abbreviate(value: string, max = 300): string {
  const shown = JSON.stringify(value);
  if (shown.length <= max) return shown;
  const repeated = /^(.{1,8}?)\1+$/s.exec(value);
  if (repeated) return `${JSON.stringify(repeated[1])}.repeat(${value.length / repeated[1].length})`;
  return `${JSON.stringify(value.slice(0, max / 2))} …(${value.length} chars)… ${JSON.stringify(value.slice(-40))}`;
}

export function describeRequest(request: FuzzRequest): string {
  const lines = [`${request.method} ${abbreviate(request.path + (request.query ? `?${request.query}` : ""), 600)}   [${request.operation}]`];
  for (const [name, value] of request.headers) lines.push(`  ${name}: ${abbreviate(value)}`);
  if (request.body?.kind === "text") lines.push(`  body (${request.body.text.length} chars): ${abbreviate(request.body.text, 600)}`);
  if (request.body?.kind === "bytes") lines.push(`  body (${request.body.bytes.length} bytes): [${request.body.bytes.slice(0, 80).join(",")}${request.body.bytes.length > 80 ? ",…" : ""}]`);
  return lines.join("\n");
}

/** fast-check prints values with this method in its counterexample report. */
export function printable(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, { [fc.toStringMethod]: () => `\n${describeRequest(request)}\n` });
}

/** Everything a request carries, for telling an echo of the caller's own input from a leak. */
export function requestText(request: FuzzRequest): string {
  const parts = [request.path, request.query, ...request.headers.flat()];
  if (request.body?.kind === "text") parts.push(request.body.text);
  if (request.body?.kind === "bytes") parts.push(new TextDecoder().decode(new Uint8Array(request.body.bytes)));
  const text = parts.join("\n");
  let decoded: string;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    decoded = text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
  return `${text}\n${decoded}`;
}
