import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export type Database = ReturnType<typeof createDatabase>;

/** A Drizzle client over a D1 binding (usually the per-request instrumented one). */
export function createDatabase(d1: D1Database) {
  return drizzle(d1, { schema });
}
