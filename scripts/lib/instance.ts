/**
 * A complete local instance for tests that drive the Worker from outside (browser tests, the
 * two-instance federation test): a fresh persistence directory, the migrations, the demo data,
 * then `wrangler dev` on a free loopback port with SITE_URL set to that origin.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { type DevServer, startDevServer } from "./dev-server";
import { ROOT, applyLocalMigrations, ensureDevVars, loadDemoIfEmpty } from "./local";

export interface Instance extends DevServer {
  name: string;
  persistTo: string;
  logFile: string;
}

/** Starts instance `name` from scratch (its previous state, if any, is removed first). */
export async function startInstance(name: string, options: { vars?: Record<string, string>; ip?: string } = {}): Promise<Instance> {
  const dir = path.join(ROOT, ".wrangler", "instances", name);
  const persistTo = path.join(dir, "state");
  const logFile = path.join(dir, "wrangler.log");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  ensureDevVars();
  applyLocalMigrations(persistTo);
  await loadDemoIfEmpty(persistTo);
  const server = await startDevServer({ config: path.join(ROOT, "wrangler.toml"), script: path.join(ROOT, "src", "index.ts"), bundle: true, persistTo, logFile, vars: options.vars, ip: options.ip });
  return { ...server, name, persistTo, logFile };
}
