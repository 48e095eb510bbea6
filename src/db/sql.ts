import { type SQL, getTableName, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * A column named with its table, for correlated subqueries inside a select list. Drizzle writes
 * the columns of a single-table select without their table (`"user_id"`), and inside a subquery
 * SQLite would then read that name from the subquery's own tables.
 */
export function outer(column: SQLiteColumn): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}

/**
 * A list of ids as one bound JSON parameter, for `IN`: one parameter however many ids (D1 allows
 * 100 bound parameters per statement).
 */
export const idList = (ids: number[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/**
 * `condition` on an inner table's row, joined by `joined = by` in the same WHERE, written so that
 * SQLite never reads that whole table to honour it. Once `sqlite_stat1` exists (`PRAGMA optimize`),
 * SQLite builds a Bloom filter for an inner loop whose rows a term on that table alone culls, when
 * it expects more lookups than the table has rows: it scans the table once per statement, e.g. every
 * event ever behind a page of ten participations (test/db/planner-statistics.test.ts). A term that
 * also names the outer table is no such term. Since the join holds on every row the statement
 * produces, `joined <> by` is never true there and the condition means what it meant.
 */
export const onJoinedRow = (condition: SQL, joined: SQLiteColumn, by: SQLiteColumn): SQL => sql`(${condition} OR ${joined} <> ${by})`;
