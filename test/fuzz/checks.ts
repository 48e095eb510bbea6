/**
 * The properties every response must have (bad input gets a clear 4xx, never a 5xx), and a
 * readable diff of two database snapshots.
 */
import { isBrowserPage } from "../../src/middleware/csrf";
import { type Operation, documentedAsNonJson } from "./openapi";
import { type FuzzRequest, type Observed, abbreviate, requestText } from "./request";

/** `at fn (/path/file.ts:12:3)`, `at file:///…:1:2`, `at async …`: a stack frame with a file path. */
const STACK_FRAME = /(?:^|[\s"'(]|\\n)at (?:async )?(?:[\w$.<>[\]]+ )?\(?(?:file:\/\/|\/|[A-Za-z]:\\|node:|cloudflare:|webpack|https?:\/\/[^\s)]*\.(?:js|ts|mjs))[^\s)]*:\d+/m;

export interface Matcher {
  operation: Operation;
  pattern: RegExp;
}

export function matchers(operations: Operation[]): Matcher[] {
  return operations.map((operation) => ({
    operation,
    pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{\w+\\?\}/g, "[^/]+")}$`),
  }));
}

/** The documented operation the Worker actually answered (a `..` in a generated path may land elsewhere). */
function answeredBy(all: Matcher[], method: string, pathname: string): Operation | undefined {
  const candidates = all.filter((m) => m.pattern.test(pathname));
  return candidates.find((m) => m.operation.method === (method === "HEAD" ? "GET" : method))?.operation;
}

const isStringArray = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === "string");

/** What is wrong with this answer to this request; empty when nothing is. */
export function violations(all: Matcher[], request: FuzzRequest, response: Observed, secrets: string[]): string[] {
  const problems: string[] = [];
  const { status, text, pathname } = response;
  if (status >= 500) problems.push(`status ${status} (never a 5xx for client input)`);

  const headerText = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
  if (STACK_FRAME.test(text)) problems.push(`stack trace in the body: ${abbreviate(STACK_FRAME.exec(text)![0])}`);
  const sent = requestText(request);
  for (const secret of secrets) {
    if ((text.includes(secret) || headerText.includes(secret)) && !sent.includes(secret)) problems.push(`a secret of the world is in the response: ${abbreviate(secret.slice(0, 12))}…`);
  }
  if (/scrypt\$\d+\$/.test(text)) problems.push("a password hash is in the body");

  const operation = answeredBy(all, request.method, pathname);
  const exempt =
    !pathname.startsWith("/api/") ||
    isBrowserPage(pathname) ||
    request.method === "HEAD" ||
    [204, 301, 302].includes(status) ||
    (status < 300 && operation !== undefined && documentedAsNonJson(operation, status));
  if (!exempt) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`body under /api/ is not JSON (status ${status}, Content-Type ${response.headers.get("Content-Type")}): ${abbreviate(text, 200)}`);
      return problems;
    }
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(response.headers.get("Content-Type") ?? "")) problems.push(`JSON body sent as ${response.headers.get("Content-Type")}`);
    if (status === 400 && isStringArray(body) && (body as string[]).length > 0) {
      // DRF's bare list of messages (a ValidationError outside a serializer: a NUL in `search`).
    } else if (typeof body !== "object" || body === null || Array.isArray(body)) {
      problems.push(`body is not a JSON object: ${abbreviate(text, 200)}`);
    } else if (status >= 400) {
      const record = body as Record<string, unknown>;
      const entries = Object.entries(record);
      const shaped = typeof record.detail === "string" || typeof record.error === "string" || (entries.length > 0 && entries.every(([, v]) => isStringArray(v)));
      if (!shaped) problems.push(`error body has neither "detail", "error" nor field messages: ${abbreviate(text, 200)}`);
    }
  }
  return problems;
}

export function report(problems: string[], request: FuzzRequest, response: Observed, describe: (r: FuzzRequest) => string): string {
  return [
    ...problems.map((p) => `✗ ${p}`),
    "",
    "request:",
    describe(request),
    `response: ${response.status} ${response.headers.get("Content-Type") ?? ""} (${response.ms} ms, path seen ${JSON.stringify(response.pathname)})`,
    `  ${abbreviate(response.text, 600)}`,
  ].join("\n");
}

// --- snapshots ---------------------------------------------------------------------------------

export type Snapshot = Record<string, unknown[]>;

/** The rows that differ, table by table (keyed by their first column), with the columns that changed. */
export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  const lines: string[] = [];
  const keyed = (rows: unknown[]) => new Map(rows.map((row) => [JSON.stringify(Object.values(row as object)[0]), row as Record<string, unknown>] as const));
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = keyed(before[table] ?? []);
    const b = keyed(after[table] ?? []);
    const changes: string[] = [];
    for (const [key, row] of a) {
      const other = b.get(key);
      if (!other) changes.push(`  - ${abbreviate(JSON.stringify(row), 300)}`);
      else {
        const columns = Object.keys(row).filter((column) => JSON.stringify(row[column]) !== JSON.stringify(other[column]));
        if (columns.length) changes.push(`  ~ ${Object.keys(row)[0]}=${key}: ${columns.map((c) => `${c} ${abbreviate(JSON.stringify(row[c]), 80)} → ${abbreviate(JSON.stringify(other[c]), 80)}`).join(", ")}`);
      }
    }
    for (const [key, row] of b) if (!a.has(key)) changes.push(`  + ${abbreviate(JSON.stringify(row), 300)}`);
    if (changes.length) lines.push(`table ${table}: ${changes.length} row(s) changed`, ...changes.slice(0, 5), ...(changes.length > 5 ? [`  … ${changes.length - 5} more`] : []));
  }
  return lines;
}
