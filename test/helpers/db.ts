import { env } from "cloudflare:workers";
import { getTableName, sql } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { createDatabase } from "../../src/db/client";
import { loadFixture, type LoadOptions } from "../../src/db/fixtures/load";
import * as schema from "../../src/db/schema";

export const TEST_TIME_ZONE = "Europe/Berlin";

export const testDb = () => createDatabase(env.DB);

export const loadOptions = (overrides: Partial<LoadOptions> = {}): LoadOptions => ({
  timeZone: TEST_TIME_ZONE,
  secretKey: env.SECRET_KEY,
  ...overrides,
});

/** Loads a fixture into the test database and fails the test with the loader's errors if it is refused. */
export async function loadWorld(fixture: unknown, overrides: Partial<LoadOptions> = {}): Promise<void> {
  const result = await loadFixture(testDb(), fixture, loadOptions(overrides));
  if (!result.ok) throw new Error(`fixture refused:\n${result.errors.join("\n")}`);
}

/** Empties every instance table (a --replace with an empty fixture). */
export async function emptyDatabase(): Promise<void> {
  await loadWorld({ format: "ephios-fixture/1" }, { replace: true });
}

// Rate-limit counters are not data: a refused request counts there too, and changes nothing else.
const tables: SQLiteTable[] = Object.values(schema as Record<string, unknown>).filter((value): value is SQLiteTable => value instanceof SQLiteTable && value !== schema.rateLimits);

/** Every row of every table with data (not the rate-limit counters), for "nothing changed" assertions. */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const db = testDb();
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    // Sorted in JavaScript: `ORDER BY` on column positions needs to know how many columns a table has.
    const rows = await db.all(sql`SELECT * FROM ${table}`);
    out[getTableName(table)] = rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return out;
}

/**
 * Replaces everything in the test database with `world`, as a fresh database would hold it: also
 * the AUTOINCREMENT counters, so each test's new rows get the same ids whatever ran before.
 */
export async function resetWorld(world: unknown): Promise<void> {
  await emptyDatabase();
  await env.DB.exec("DELETE FROM sqlite_sequence");
  await loadWorld(world);
}
