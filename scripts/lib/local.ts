import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getPlatformProxy, unstable_getVarsForDev, unstable_readConfig } from "wrangler";
import { count } from "drizzle-orm";
import { createDatabase } from "../../src/db/client";
import { optimizeQueryPlanner } from "../../src/db/cleanup";
import { loadFixture } from "../../src/db/fixtures/load";
import { type DriftReport, eventCounterDrift } from "../../src/db/integrity";
import { users } from "../../src/db/schema";
import { type Settings, settingsOf } from "../../src/lib/settings";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");
const CONFIG = path.join(ROOT, "wrangler.toml");

/** Creates .dev.vars from the example on first run, so `wrangler dev` has a SECRET_KEY. */
export function ensureDevVars(): void {
  const target = path.join(ROOT, ".dev.vars");
  if (!existsSync(target)) {
    copyFileSync(path.join(ROOT, ".dev.vars.example"), target);
    console.log("Created .dev.vars from .dev.vars.example (development secret only).");
  }
}

/**
 * The settings `wrangler dev <args>` would run with (wrangler.toml's vars, .dev.vars over them,
 * then `--var NAME:VALUE` arguments, one pair per flag), checked as the Worker checks them: throws
 * a SettingsError.
 */
export function devSettings(args: string[]): Settings {
  const config = unstable_readConfig({ config: CONFIG });
  const vars: Record<string, unknown> = {};
  for (const [name, binding] of Object.entries(unstable_getVarsForDev(CONFIG, undefined, config.vars, undefined, true))) vars[name] = binding.value;
  for (let i = 0; i < args.length; i++) {
    const pair = args[i].startsWith("--var=") ? args[i].slice("--var=".length) : args[i] === "--var" ? args[++i] : undefined;
    const colon = pair?.indexOf(":") ?? -1;
    if (pair !== undefined && colon > 0) vars[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  return settingsOf(vars);
}

/** Runs wrangler with the given arguments in the project root; throws when it fails. */
export function wrangler(args: string[]): void {
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed`);
}

/** Applies the migrations to the local D1 of `npm run dev`, or of the instance persisted in `persistTo`. */
export function applyLocalMigrations(persistTo?: string): void {
  wrangler(["d1", "migrations", "apply", "DB", "--local", ...(persistTo ? ["--persist-to", persistTo] : [])]);
}

/**
 * The Worker's bindings from Node: the local D1 that `wrangler dev` uses, or with `remote` the
 * deployed one (needs `wrangler login` or CLOUDFLARE_API_TOKEN).
 */
export async function openBindings(options: { remote: boolean; persistTo?: string }) {
  let configPath = CONFIG;
  if (options.remote) {
    // Remote access is switched on per binding; a generated copy of the config says so for D1 only.
    const config = unstable_readConfig({ config: CONFIG });
    const dir = path.join(ROOT, ".wrangler", "tmp");
    mkdirSync(dir, { recursive: true });
    configPath = path.join(dir, "wrangler.remote-d1.json");
    writeFileSync(
      configPath,
      JSON.stringify({
        name: config.name,
        main: path.join(ROOT, "src", "index.ts"),
        compatibility_date: config.compatibility_date,
        compatibility_flags: config.compatibility_flags,
        vars: config.vars,
        d1_databases: config.d1_databases.map((db: Record<string, unknown>) => ({ ...db, remote: true })),
      }),
    );
  }
  return getPlatformProxy<Env>({ configPath, remoteBindings: options.remote, persist: options.remote ? false : options.persistTo ? { path: path.join(options.persistTo, "v3") } : undefined });
}

/**
 * `npm run db:check`'s comparison (src/db/integrity.ts) in the local database (of `npm run dev`, or
 * of the instance persisted in `persistTo`) or with `remote` the deployed one. Reads only.
 */
export async function checkDerivedColumns(options: { remote: boolean; persistTo?: string }): Promise<DriftReport> {
  const platform = await openBindings(options);
  try {
    return await eventCounterDrift(createDatabase(platform.env.DB));
  } finally {
    await platform.dispose();
  }
}

export const DEMO_FILE = path.join(ROOT, "fixtures", "demo.json");

/** Loads fixtures/demo.json into the local database (of `npm run dev`, or in `persistTo`) unless it has users. */
export async function loadDemoIfEmpty(persistTo?: string): Promise<void> {
  const platform = await openBindings({ remote: false, persistTo });
  try {
    const db = createDatabase(platform.env.DB);
    const [{ users: existing }] = await db.select({ users: count() }).from(users);
    if (existing > 0) {
      console.log(`Local database already has ${existing} users: keeping its data (the demo logins below work only with the demo data; \`npm run db:load -- fixtures/demo.json --replace\` puts it back).`);
      return;
    }
    const { timeZone, secretKey } = settingsOf(platform.env);
    const result = await loadFixture(db, JSON.parse(readFileSync(DEMO_FILE, "utf8")), { timeZone, secretKey });
    if (!result.ok) throw new Error(`demo data could not be loaded:\n  ${result.errors.join("\n  ")}`);
    await optimizeQueryPlanner(db);
    console.log("Loaded the demo data into the local database.");
  } finally {
    await platform.dispose();
  }
}
