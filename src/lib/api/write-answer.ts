import type { Context } from "hono";
import { type AccessGuard, passesGuard } from "../../auth/access";
import type { AppEnv } from "../../types";

/** An object as one of its GET routes shows it, with the ETag that route sends. */
export interface Shown<T> {
  json: T;
  etag: string;
}

/**
 * One GET route of a written object: its access guard, and how it finds and serializes the object
 * for the caller (null where that GET would answer 404).
 */
export interface ReadBack<T> {
  route: { middleware: AccessGuard[] };
  load: () => Promise<Shown<T> | null>;
}

/** The "no body" answer of a write in the OpenAPI document. */
export const NOTHING_READABLE = {
  description: "Written, but you may not read the result (your token lacks the read scope, or you lack the permission or sight its GET needs): no body",
};

/**
 * The answer of a write: the object as the first of `reads` shows it to this caller right now (a
 * GET whose guard the caller passes and which finds the object), else no body (204; a creation
 * keeps 201 and its `Location`). So a write never shows more than the caller could read.
 */
export async function answerAsRead<T extends object>(c: Context<AppEnv>, reads: ReadBack<T>[], status: 200 | 201 = 200, headers: Record<string, string> = {}): Promise<Response> {
  for (const read of reads) {
    if (!passesGuard(c.var.principal, read.route.middleware[0])) continue;
    const shown = await read.load();
    if (shown) return c.json(shown.json, status, { ...headers, ETag: shown.etag });
  }
  return c.body(null, status === 201 ? 201 : 204, headers);
}

/**
 * `answerAsRead` for a creation: 201 either way. An OpenAPI response has one content per status, so
 * a creation route declares only its JSON body, and its typed handler would refuse the answer
 * without one; the cast is that, nothing more.
 */
export const createdAnswer = <T extends object>(c: Context<AppEnv>, reads: ReadBack<T>[], location: string) =>
  answerAsRead(c, reads, 201, { Location: location }) as Promise<never>;
