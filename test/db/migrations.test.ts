/**
 * Upgrading a database with data through the migrations loses nothing. The demo data is loaded
 * (into DB, at the newest schema) and copied into a database at the schema of migration 0002, the
 * one before the rebuild of every table (0003); then the remaining migrations run there. Every row of
 * every table must come through unchanged, every foreign key and its ON DELETE action must stay,
 * and the result must equal what loading the same data into the newest schema gives.
 */
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import demo from "../../fixtures/demo.json";
import { emptyDatabase, loadWorld } from "../helpers/db";

const BEFORE_REBUILD = env.TEST_MIGRATIONS.findIndex((m) => m.name.startsWith("0003_"));

type Row = Record<string, unknown>;

async function tablesOf(db: D1Database): Promise<string[]> {
  const { results } = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('d1_migrations', '_cf_KV', '_cf_METADATA') ORDER BY name").all<{ name: string }>();
  return results.map((r) => r.name);
}

const columnsOf = async (db: D1Database, table: string) => (await db.prepare(`SELECT name FROM pragma_table_info(?)`).bind(table).all<{ name: string }>()).results.map((c) => c.name);

async function rowsOf(db: D1Database, table: string, columns: string[]): Promise<string[]> {
  const { results } = await db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}"`).all<Row>();
  return results.map((row) => JSON.stringify(row)).sort();
}

const foreignKeysOf = async (db: D1Database, table: string) =>
  (await db.prepare(`SELECT "table" AS parent, "from", "to", on_delete FROM pragma_foreign_key_list(?)`).bind(table).all<Row>()).results.map((fk) => JSON.stringify(fk)).sort();

/** Copies the rows of every table of the old schema from DB, one statement per table. */
async function copyInto(target: D1Database, tables: string[]) {
  const statements: D1PreparedStatement[] = [target.prepare("PRAGMA defer_foreign_keys = on")];
  for (const table of tables) {
    const columns = await columnsOf(target, table);
    const { results } = await env.DB.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}"`).all<Row>();
    if (results.length === 0) continue;
    const list = columns.map((c) => `"${c}"`).join(", ");
    const values = columns.map((c) => `value ->> '$.${c}'`).join(", ");
    statements.push(target.prepare(`INSERT INTO "${table}" (${list}) SELECT ${values} FROM json_each(?)`).bind(JSON.stringify(results)));
  }
  await target.batch(statements);
}

const old: { tables: string[]; rows: Map<string, string[]>; columns: Map<string, string[]>; foreignKeys: Map<string, string[]> } = {
  tables: [],
  rows: new Map(),
  columns: new Map(),
  foreignKeys: new Map(),
};

beforeAll(async () => {
  expect(BEFORE_REBUILD).toBeGreaterThan(0);
  await emptyDatabase();
  await loadWorld(demo);
  await applyD1Migrations(env.MIGRATION_DB, env.TEST_MIGRATIONS.slice(0, BEFORE_REBUILD));
  old.tables = await tablesOf(env.MIGRATION_DB);
  await copyInto(env.MIGRATION_DB, old.tables);
  for (const table of old.tables) {
    const columns = await columnsOf(env.MIGRATION_DB, table);
    old.columns.set(table, columns);
    old.rows.set(table, await rowsOf(env.MIGRATION_DB, table, columns));
    old.foreignKeys.set(table, await foreignKeysOf(env.MIGRATION_DB, table));
  }
  await applyD1Migrations(env.MIGRATION_DB, env.TEST_MIGRATIONS);
});

describe("upgrading the demo data through the migrations", () => {
  it("the copy holds the demo data", () => {
    expect(old.rows.get("users")!.length).toBe(demo.users.length);
    expect(old.rows.get("participations")!.length).toBeGreaterThan(100);
  });

  it("keeps every row of every table", async () => {
    for (const table of old.tables) {
      expect(await rowsOf(env.MIGRATION_DB, table, old.columns.get(table)!), table).toEqual(old.rows.get(table));
    }
  });

  it("keeps every foreign key with its ON DELETE action", async () => {
    for (const table of old.tables) expect(await foreignKeysOf(env.MIGRATION_DB, table), table).toEqual(old.foreignKeys.get(table));
  });

  it("ends with the schema and rows a fresh load into the newest schema has", async () => {
    const tables = await tablesOf(env.MIGRATION_DB);
    expect(tables).toEqual(await tablesOf(env.DB));
    const schemaOf = async (db: D1Database) => (await db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != 'd1_migrations' ORDER BY type, name").all()).results;
    expect(await schemaOf(env.MIGRATION_DB)).toEqual(await schemaOf(env.DB));
    for (const table of old.tables) {
      const columns = old.columns.get(table)!;
      expect(await rowsOf(env.MIGRATION_DB, table, columns), table).toEqual(await rowsOf(env.DB, table, columns));
    }
  });

  it("gives every existing user a distinct random calendar token hash", async () => {
    const { results } = await env.MIGRATION_DB.prepare("SELECT calendar_token_hash AS hash FROM users").all<{ hash: string | null }>();
    expect(results).toHaveLength(demo.users.length);
    for (const { hash } of results) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(results.map((r) => r.hash)).size).toBe(results.length);
  });

  it("the cascades still run after the rebuild", async () => {
    const { results } = await env.MIGRATION_DB.prepare("SELECT user_id AS id, count(*) AS n FROM participations WHERE user_id IS NOT NULL GROUP BY user_id ORDER BY n DESC LIMIT 1").all<{ id: number; n: number }>();
    const [{ id }] = results;
    await env.MIGRATION_DB.prepare("DELETE FROM users WHERE id = ?").bind(id).run();
    for (const table of ["participations", "group_members", "qualification_grants", "access_tokens"]) {
      const left = await env.MIGRATION_DB.prepare(`SELECT count(*) AS n FROM "${table}" WHERE user_id = ?`).bind(id).first<{ n: number }>();
      expect(left!.n, table).toBe(0);
    }
  });
});
