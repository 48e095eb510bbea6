import { type SQL, sql } from "drizzle-orm";
import { preconditionGuard } from "./schema";

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
