/**
 * The Worker under test: bundled once per run (`wrangler deploy --dry-run --outdir`), so edits to
 * src/ made while the benchmark runs cannot rebuild the Worker halfway through, then served by
 * `startDevServer` (scripts/lib/dev-server.ts) with `--no-bundle` and a bench persistence directory.
 */
import path from "node:path";
import { wranglerSync } from "./load";

/** Bundles the Worker as `wrangler deploy` would, without deploying. Returns the entry file. */
export function bundleWorker(config: string, outdir: string): string {
  wranglerSync(["deploy", "--dry-run", "--outdir", outdir], config);
  return path.join(outdir, "index.js");
}
