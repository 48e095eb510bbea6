/**
 * npm run dev: first-run setup, then `wrangler dev` on http://127.0.0.1:8787.
 * Applies local migrations, loads the demo data into an empty local database, prints the demo
 * logins, tokens and the volunteer's calendar feed. Running it again keeps the data.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { SettingsError } from "../src/lib/settings";
import { U } from "./demo/people";
import { DEMO_FILE, ROOT, applyLocalMigrations, devSettings, ensureDevVars, loadDemoIfEmpty } from "./lib/local";

interface DemoFixture {
  users: { id: number; email: string; display_name: string; password: string | null; calendar_token?: string }[];
  api_tokens: { user: number; token: string; scope: string[] }[];
}

function printDemoAccess(): void {
  const demo = JSON.parse(readFileSync(DEMO_FILE, "utf8")) as DemoFixture;
  console.log("\nDemo logins (http://127.0.0.1:8787/accounts/login/):");
  for (const user of demo.users.filter((u) => u.password)) console.log(`  ${user.email.padEnd(28)} ${user.password}`);
  console.log("\nDemo API tokens (Authorization: Bearer <token>):");
  for (const token of demo.api_tokens) {
    const owner = demo.users.find((u) => u.id === token.user)?.email ?? `user ${token.user}`;
    console.log(`  ${owner.padEnd(28)} ${token.token}  [${token.scope.join(" ")}]`);
  }
  const volunteer = demo.users.find((u) => u.id === U.VOLUNTEER);
  if (volunteer?.calendar_token) {
    // The URL the settings page shows after a reset: requested participations too (as ephios).
    console.log(`\nDemo calendar feed of ${volunteer.email} (subscribe by URL; /settings/calendar/ resets it):`);
    console.log(`  http://127.0.0.1:8787/calendar/${volunteer.calendar_token}/?requested=1&rejected=0`);
  }
  console.log("\nTry: curl -H 'Authorization: Bearer <token>' http://127.0.0.1:8787/api/events/\n");
}

ensureDevVars();
try {
  devSettings(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  // The message the Worker would answer every request with; nothing is started.
  console.error(`Server misconfigured: ${error.message}\nFix wrangler.toml [vars] or .dev.vars (see .dev.vars.example).`);
  process.exit(1);
}
applyLocalMigrations();
await loadDemoIfEmpty();
printDemoAccess();
const dev = spawn(path.join(ROOT, "node_modules", ".bin", "wrangler"), ["dev", "--ip", "127.0.0.1", "--port", "8787", ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
});
dev.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => dev.kill(signal));
