import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Database } from "./client";

const dialect = new SQLiteAsyncDialect();

/**
 * Runs hand-written SQL statements as one D1 batch (one transaction). Drizzle's own batch cannot
 * take raw statements with parameters, and some writes need SQL the builder does not express
 * (e.g. an insert that only happens when the previous statement changed a row).
 */
export async function runBatch(db: Database, statements: SQL[]): Promise<D1Result[]> {
  const client = db.$client;
  return client.batch(
    statements.map((statement) => {
      const query = dialect.sqlToQuery(statement);
      return client.prepare(query.sql).bind(...query.params);
    }),
  );
}
