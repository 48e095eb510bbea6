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
