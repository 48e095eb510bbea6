import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";

/** How many migrations wrangler has applied (its own `d1_migrations` table). */
export async function countAppliedMigrations(db: Database): Promise<number> {
  const row = await db.get<{ applied: number }>(sql`SELECT count(*) AS applied FROM d1_migrations`);
  return row.applied;
}
