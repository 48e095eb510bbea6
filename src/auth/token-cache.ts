import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { PendingCheck } from "../db/instrumented";
import { type TokenRow, type ValidToken, validTokenQuery } from "./queries";

/**
 * Bearer tokens this isolate authenticated a moment ago, by the SHA-256 of the token, so that a
 * read with the same token saves the round trip of looking it up first. The cache never decides
 * anything on its own: a request that uses a remembered token sends the token's lookup along with
 * its first call to D1 (`tokenConfirmation`, sent by src/db/instrumented.ts in the same batch, so in
 * the same transaction as the reads), and unless exactly the remembered row comes back its answer
 * is thrown away and the request runs again with the token looked up first (src/index.ts).
 * A revoked or changed token therefore never gets an answer it would not get without the cache.
 */

/** How long a token is remembered after its lookup. */
const LIFETIME_MS = 30_000;
/** Tokens remembered per isolate; the oldest goes first. */
const CAPACITY = 1_000;

interface Remembered {
  token: ValidToken;
  row: string;
  until: number;
}

const remembered = new Map<string, Remembered>();

export function rememberToken(tokenHash: string, token: ValidToken, row: TokenRow, now: number): void {
  remembered.delete(tokenHash);
  if (remembered.size >= CAPACITY) remembered.delete(remembered.keys().next().value!);
  remembered.set(tokenHash, { token, row: JSON.stringify(row), until: now + LIFETIME_MS });
}

export function rememberedToken(tokenHash: string, now: number): Remembered | null {
  const entry = remembered.get(tokenHash);
  if (!entry) return null;
  if (entry.until > now) return entry;
  remembered.delete(tokenHash);
  return null;
}

/** Requests answered with a remembered token that D1 did not confirm: their answer is discarded. */
const unconfirmed = new WeakSet<Request>();
/** The second runs of such requests: they look their token up first. */
const retries = new WeakSet<Request>();

/** Whether this request's answer must be computed again, with the token looked up first. */
export const wasUnconfirmed = (request: Request) => unconfirmed.has(request);

/** The request to run again in place of an unconfirmed one (a read: no body to carry over). */
export function retryOf(request: Request): Request {
  const retry = new Request(request);
  retries.add(retry);
  return retry;
}

/** Whether this request is the second run of an unconfirmed one. */
export const isRetry = (request: Request) => retries.has(request);

/** Only reads use a remembered token (they change nothing before the confirmation arrives), and not in a retry. */
export const mayUseRemembered = (request: Request) => (request.method === "GET" || request.method === "HEAD") && !isRetry(request);

/** Thrown into the request's D1 call when the confirmation fails, so that the handler stops there. */
export class UnconfirmedToken extends Error {}

const dialect = new SQLiteAsyncDialect();

/**
 * The check a request with a remembered token owes: the token's lookup must return the very row
 * it was remembered from. If not, the token is forgotten and the request marked for a second run.
 */
export function tokenConfirmation(request: Request, tokenHash: string, entry: Remembered, now: number): PendingCheck {
  const { sql: query, params } = dialect.sqlToQuery(validTokenQuery(tokenHash, now));
  return {
    query,
    params,
    verify: (rows) => {
      if (rows.length === 1 && JSON.stringify(rows[0]) === entry.row) return;
      remembered.delete(tokenHash);
      unconfirmed.add(request);
      throw new UnconfirmedToken();
    },
  };
}
