/**
 * npm run db:load -- <file.json> [--remote] [--replace] [--persist-to=<dir>]
 *
 * Loads a fixture (docs/fixtures.md) into the local D1 database of `npm run dev`, or with
 * --remote into the deployed one, or with --persist-to into the local one of a `wrangler dev
 * --persist-to <dir>` (a second local instance). All-or-nothing: any error leaves the database as it was.
 */
import { readFileSync } from "node:fs";
import { createDatabase } from "../src/db/client";
import { optimizeQueryPlanner } from "../src/db/cleanup";
import { loadFixture } from "../src/db/fixtures/load";
import { type Settings, SettingsError, settingsOf } from "../src/lib/settings";
import { applyLocalMigrations, ensureDevVars, openBindings } from "./lib/local";

const MAX_ERRORS_SHOWN = 20;

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith("--")));
  const files = argv.filter((a) => !a.startsWith("--"));
  const persistFlag = [...flags].find((f) => f.startsWith("--persist-to="));
  const persistTo = persistFlag?.slice("--persist-to=".length) || undefined;
  const unknown = [...flags].filter((f) => f !== "--remote" && f !== "--replace" && f !== persistFlag);
  const remote = flags.has("--remote");
  if (files.length !== 1 || unknown.length || (remote && persistFlag)) {
    console.error("usage: npm run db:load -- <file.json> [--remote] [--replace] [--persist-to=<dir>]");
    return 2;
  }

  let document: unknown;
  try {
    document = JSON.parse(readFileSync(files[0], "utf8"));
  } catch (error) {
    console.error(`${files[0]}: cannot read JSON: ${(error as Error).message}`);
    return 1;
  }

  if (!remote) {
    ensureDevVars();
    applyLocalMigrations(persistTo);
  }
  const platform = await openBindings({ remote, persistTo });
  try {
    const secretKey = remote ? process.env.SECRET_KEY : platform.env.SECRET_KEY;
    if (!secretKey) {
      console.error("SECRET_KEY is needed to encrypt federation secrets: for --remote, run with SECRET_KEY=<the deployed secret> in the environment.");
      return 1;
    }
    let settings: Settings;
    try {
      settings = settingsOf({ ...platform.env, SECRET_KEY: secretKey });
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      console.error(`Misconfigured: ${error.message}`);
      return 1;
    }
    const result = await loadFixture(createDatabase(platform.env.DB), document, {
      timeZone: settings.timeZone,
      secretKey: settings.secretKey,
      replace: flags.has("--replace"),
    });
    if (!result.ok) {
      console.error(`${files[0]}: not loaded, nothing was written.`);
      for (const line of result.errors.slice(0, MAX_ERRORS_SHOWN)) console.error(`  ${line}`);
      if (result.errors.length > MAX_ERRORS_SHOWN) console.error(`  … and ${result.errors.length - MAX_ERRORS_SHOWN} more`);
      return 1;
    }
    await optimizeQueryPlanner(createDatabase(platform.env.DB));
    const summary = Object.entries(result.counts)
      .filter(([, n]) => n > 0)
      .map(([key, n]) => `${n} ${key}`)
      .join(", ");
    console.log(`${files[0]}: loaded into the ${remote ? "remote" : "local"} database (${summary || "nothing"}).`);
    return 0;
  } finally {
    await platform.dispose();
  }
}

process.exitCode = await main(process.argv.slice(2));
