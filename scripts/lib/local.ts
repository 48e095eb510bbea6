import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getPlatformProxy, unstable_readConfig } from "wrangler";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");
const CONFIG = path.join(ROOT, "wrangler.toml");

/** Creates .dev.vars from the example on first run, so `wrangler dev` has a SECRET_KEY. */
export function ensureDevVars(): void {
  const target = path.join(ROOT, ".dev.vars");
  if (!existsSync(target)) {
    copyFileSync(path.join(ROOT, ".dev.vars.example"), target);
    console.log("Created .dev.vars from .dev.vars.example (development secret only).");
  }
}

/** Runs wrangler with the given arguments in the project root; throws when it fails. */
export function wrangler(args: string[]): void {
  const result = spawnSync(WRANGLER, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(" ")} failed`);
}

export function applyLocalMigrations(): void {
  wrangler(["d1", "migrations", "apply", "DB", "--local"]);
}

/**
 * The Worker's bindings from Node: the local D1 that `wrangler dev` uses, or with `remote` the
 * deployed one (needs `wrangler login` or CLOUDFLARE_API_TOKEN).
 */
export async function openBindings(options: { remote: boolean }) {
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
  return getPlatformProxy<Env>({ configPath, remoteBindings: options.remote, persist: options.remote ? false : undefined });
}
