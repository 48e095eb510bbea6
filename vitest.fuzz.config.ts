import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// The property-based fuzz run (`npm run test:fuzz`): same Worker, bindings and migrations as
// vitest.config.ts, but only test/fuzz/, which the default `npm test` leaves out.
export default defineConfig(async () => {
  // One seed for the whole run (all shard files); FUZZ_SEED=<n> repeats a run.
  const seed = process.env.FUZZ_SEED || String(Math.floor(Math.random() * 2 ** 31));
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            SECRET_KEY: "test-secret-key-not-for-production",
            // As in vitest.config.ts, so the fuzzed requests also go through the Server-Timing header.
            SERVER_TIMING: "on",
            // FUZZ_RUNS=<k> multiplies the number of requests.
            FUZZ_SEED: seed,
            FUZZ_RUNS: process.env.FUZZ_RUNS ?? "",
          },
        },
      }),
    ],
    test: {
      include: ["test/fuzz/**/*.test.ts"],
      // Adds up the shards: requests, time, statuses, and the seed to repeat the run with.
      reporters: ["default", "./test/fuzz/reporter.ts"],
      globalSetup: ["./test/setup/swagger-ui-assets.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts"],
      // One test per property of up to 50 requests, shrinking included.
      testTimeout: 300_000,
      hookTimeout: 120_000,
    },
  };
});
