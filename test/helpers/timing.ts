import { expect } from "vitest";

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
