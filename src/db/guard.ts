import { type SQL, sql } from "drizzle-orm";
import { ApiError } from "../lib/errors";
import type { Database } from "./client";
import { runBatch } from "./raw";
import { type events, type participations, preconditionGuard, type shifts, type users } from "./schema";

/**
 * A statement that makes its batch fail, and D1 roll all of it back, when `failsWhen` holds at
 * that point of the transaction: it inserts into `precondition_guard`, whose CHECK refuses every
 * row. Put it first in a write batch whose precondition must be decided with the write itself.
 */
export function guardStatement(reason: string, failsWhen: SQL): SQL {
  return sql`INSERT INTO ${preconditionGuard} (reason) SELECT ${reason} WHERE ${failsWhen}`;
}

/** Whether a batch failed on a guard statement (and so changed nothing). */
export function isGuardFailure(error: unknown): boolean {
  return error instanceof Error && error.message.includes("CHECK constraint failed: precondition_failed");
}

type VersionedTable = typeof users | typeof events | typeof shifts | typeof participations;

/**
 * A row as a handler read it. Its version is bumped by triggers on every change of the row and of
 * what its representation embeds (migrations/0004_versions_limits_links.sql), so a write guarded
 * by it happens only while the row is still as read.
 */
export interface RowVersion {
  table: VersionedTable;
  id: number;
  version: number;
}

export const preconditionFailed = () => new ApiError(412, { detail: "Precondition failed: the object was changed since you read it." });

const versionOf = ({ table, id }: RowVersion) => sql`(SELECT ${table.version} FROM ${table} WHERE ${table.id} = ${id})`;

/**
 * Runs `statements` as one batch, opened by a guard on `row` when there is one (a deleted row has
 * no version, so it fails too). Returns their results, or null when that guard failed and nothing
 * was written. A batch may hold guards of its own: all fail alike, so a failure counts as this
 * guard's when the row's version has moved on (versions only grow); otherwise it is rethrown.
 */
export async function tryGuarded(db: Database, row: RowVersion | null, statements: SQL[]): Promise<D1Result[] | null> {
  if (!row) return runBatch(db, statements);
  try {
    return (await runBatch(db, [guardStatement("changed since read", sql`${versionOf(row)} IS NOT ${row.version}`), ...statements])).slice(1);
  } catch (error) {
    if (!isGuardFailure(error)) throw error;
    const [now] = await db.all<{ version: number | null }>(sql`SELECT ${versionOf(row)} AS version`);
    if (now.version === row.version) throw error;
    return null;
  }
}

/** `tryGuarded` for a client's precondition (`If-Match`, see src/lib/api/etag.ts): a failed guard is a 412. */
export async function runGuarded(db: Database, row: RowVersion | null, statements: SQL[]): Promise<D1Result[]> {
  const results = await tryGuarded(db, row, statements);
  if (!results) throw preconditionFailed();
  return results;
}
