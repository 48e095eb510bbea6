import { expect } from "vitest";
import { accessTokens } from "../../src/db/schema";
import { sha256Hex } from "../../src/lib/crypto";
import { testDb } from "./db";

/** Parses `Server-Timing: d1;dur=…;desc="queries=N rows_read=M rows_written=K round_trips=R", total;dur=…`. */
export function d1Timing(response: Response) {
  const header = response.headers.get("Server-Timing") ?? "";
  const match = /d1;dur=([\d.]+);desc="queries=(\d+) rows_read=(\d+) rows_written=(\d+) round_trips=(\d+)"/.exec(header);
  expect(match, `Server-Timing: ${header}`).not.toBeNull();
  const [, dur, queries, rowsRead, rowsWritten, roundTrips] = match!.map(Number);
  return { dur, queries, rowsRead, rowsWritten, roundTrips, total: /total;dur=([\d.]+)/.test(header) };
}

/** The number of D1 statements a response reports. */
export const d1Queries = (response: Response) => d1Timing(response).queries;

/** What must stay constant whatever the page size: D1 statements and calls to D1. */
export function d1Cost(response: Response) {
  const { queries, roundTrips } = d1Timing(response);
  return { queries, roundTrips };
}

let unseenTokens = 0;

/**
 * A new personal token of `userId` with `scopes`, never sent before: its first request looks it up
 * before anything else (one round trip more), later ones are answered with the remembered
 * principal and send its confirmation along (src/auth/token-cache.ts).
 */
export async function unseenToken(userId: number, scopes: string[]): Promise<string> {
  const token = `unseen-token-${++unseenTokens}-${crypto.randomUUID()}`;
  await testDb()
    .insert(accessTokens)
    .values({ userId, tokenHash: await sha256Hex(token), scope: scopes.join(" "), created: Date.now(), updated: Date.now() });
  return token;
}

/** The round trips of a request sent twice with a token never sent before: the first time, then again. */
export async function roundTripsFirstAndAgain(send: (token: string) => Promise<Response>, userId: number, scopes: string[]) {
  const token = await unseenToken(userId, scopes);
  const first = await send(token);
  expect(first.status).toBe(200);
  await first.arrayBuffer();
  const again = await send(token);
  expect(again.status).toBe(200);
  return { first: d1Timing(first).roundTrips, again: d1Timing(again).roundTrips };
}
