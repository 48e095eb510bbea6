/**
 * Puts a bench world into its own local D1 persistence directory: applies the migrations with
 * `wrangler d1 migrations apply DB --local --persist-to <dir>`, then inserts the rows with
 * multi-row INSERT statements (values as SQL literals, so D1's limit of 100 bound parameters per
 * statement does not apply; each statement stays below D1's 100 KB statement size) sent in
 * batches through getPlatformProxy's D1 binding, opened on the same directory.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { getPlatformProxy } from "wrangler";
import type { Row, World } from "./world";

import { ROOT, WRANGLER } from "../scripts/lib/local";

export { ROOT };

const MAX_STATEMENT_BYTES = 90_000;
const MAX_ROWS_PER_STATEMENT = 500;
const STATEMENTS_PER_BATCH = 25;

/**
 * The Drizzle schema of the code under test (src/db/schema next to the given wrangler config:
 * the working tree, or the `--ref` snapshot).
 */
export async function importSchema(config: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path.join(path.dirname(config), "src", "db", "schema", "index.ts")).href)) as Record<string, unknown>;
}

/** Column names per table from the Drizzle schema, to catch a generator that drifted from it. */
function schemaColumns(schema: Record<string, unknown>): Map<string, { all: Set<string>; required: Set<string> }> {
  const result = new Map<string, { all: Set<string>; required: Set<string> }>();
  for (const value of Object.values(schema)) {
    let config: ReturnType<typeof getTableConfig>;
    try {
      config = getTableConfig(value as SQLiteTable);
    } catch {
      continue;
    }
    if (!config?.name || !Array.isArray(config.columns)) continue;
    result.set(config.name, {
      all: new Set(config.columns.map((c) => c.name)),
      required: new Set(config.columns.filter((c) => c.notNull && !c.hasDefault && !c.primary).map((c) => c.name)),
    });
  }
  return result;
}

export function checkAgainstSchema(world: World, schema: Record<string, unknown>): void {
  const columns = schemaColumns(schema);
  for (const [name, rows] of world.tables) {
    const known = columns.get(name);
    if (!known) throw new Error(`bench world: table ${name} is not in the schema of the code under test (src/db/schema)`);
    const keys = new Set(rows.flatMap((row, i) => (i < 50 ? Object.keys(row) : [])));
    const extra = [...keys].filter((k) => !known.all.has(k));
    const missing = [...known.required].filter((k) => !keys.has(k));
    if (extra.length || missing.length) {
      throw new Error(`bench world: table ${name} does not match the schema of the code under test (unknown columns: ${extra.join(", ") || "none"}; missing required: ${missing.join(", ") || "none"})`);
    }
  }
}

const literal = (value: string | number | null): string => {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`bench world: not a finite number: ${value}`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
};

/** Multi-row INSERTs for one table, each at most MAX_STATEMENT_BYTES long. */
export function insertStatements(name: string, rows: Row[]): string[] {
  if (!rows.length) return [];
  const columns = Object.keys(rows[0]);
  const head = `INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES\n`;
  const statements: string[] = [];
  let values: string[] = [];
  let bytes = Buffer.byteLength(head);
  const flush = () => {
    if (values.length) statements.push(head + values.join(",\n"));
    values = [];
    bytes = Buffer.byteLength(head);
  };
  for (const row of rows) {
    const tuple = `(${columns.map((c) => literal(row[c] ?? null)).join(", ")})`;
    const size = Buffer.byteLength(tuple) + 2;
    if (values.length >= MAX_ROWS_PER_STATEMENT || bytes + size > MAX_STATEMENT_BYTES) flush();
    values.push(tuple);
    bytes += size;
  }
  flush();
  return statements;
}

/** Runs wrangler; returns what it printed on stdout. */
export function wranglerSync(args: string[], config: string): string {
  const result = spawnSync(WRANGLER, [...args, "--config", config], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export interface LoadReport {
  seconds: number;
  counts: Record<string, number>;
}

/** Creates `dir` from scratch: migrations, then every row of the world. */
export async function loadWorld(world: World, dir: string, config: string, log: (line: string) => void): Promise<LoadReport> {
  const started = performance.now();
  checkAgainstSchema(world, await importSchema(config));
  rmSync(dir, { recursive: true, force: true });
  log(`  applying migrations into ${path.relative(ROOT, dir)}`);
  wranglerSync(["d1", "migrations", "apply", "DB", "--local", "--persist-to", dir], config);

  // wrangler dev --persist-to X keeps its data under X/v3; getPlatformProxy takes that v3 root.
  const platform = await getPlatformProxy<{ DB: D1Database }>({ configPath: config, persist: { path: path.join(dir, "v3") } });
  openPlatforms.add(platform);
  try {
    const db = platform.env.DB;
    for (const [name, rows] of world.tables) {
      const statements = insertStatements(name, rows);
      const tableStarted = performance.now();
      for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
        await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH).map((sql) => db.prepare(sql)));
      }
      if (rows.length >= 10_000) log(`  ${name}: ${rows.length} rows in ${((performance.now() - tableStarted) / 1000).toFixed(1)} s`);
    }
    const counts: Record<string, number> = {};
    for (const [name, rows] of world.tables) {
      const found = await db.prepare(`SELECT count(*) AS n FROM "${name}"`).first<number>("n");
      if (found !== rows.length) throw new Error(`bench world: ${name} holds ${found} rows after loading, expected ${rows.length}`);
      counts[name] = found;
    }
    return { seconds: (performance.now() - started) / 1000, counts };
  } finally {
    openPlatforms.delete(platform);
    await platform.dispose();
  }
}

const openPlatforms = new Set<{ dispose(): Promise<void> }>();

/** Closes a getPlatformProxy still open (for SIGINT while a world is being loaded). */
export async function disposePlatforms(): Promise<void> {
  await Promise.all([...openPlatforms].map((p) => p.dispose().catch(() => undefined)));
  openPlatforms.clear();
}

/**
 * `PRAGMA optimize` on a bench database (what the D1 docs advise after creating indexes): SQLite
 * runs ANALYZE where useful and stores planner statistics in sqlite_stat1. Returns how many
 * statistics rows exist afterwards.
 */
export async function optimizeDatabase(dir: string, config: string): Promise<number> {
  const platform = await getPlatformProxy<{ DB: D1Database }>({ configPath: config, persist: { path: path.join(dir, "v3") } });
  openPlatforms.add(platform);
  try {
    await platform.env.DB.prepare("PRAGMA optimize").run();
    return (await platform.env.DB.prepare("SELECT count(*) AS n FROM sqlite_stat1").first<number>("n")) ?? 0;
  } finally {
    openPlatforms.delete(platform);
    await platform.dispose();
  }
}
