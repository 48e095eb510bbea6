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
