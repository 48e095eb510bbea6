import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests run inside workerd with real (local) D1 and KV; storage is isolated per test file.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // An empty database beside DB, for the test that upgrades loaded data through the migrations.
          d1Databases: ["MIGRATION_DB"],
          // exports.default.fetch() reaches the Worker only, never the static assets: tests read
          // those through this binding (test/app/swagger-ui.test.ts).
          assets: { directory: "./dist/assets", binding: "ASSETS" },
          bindings: {
            TEST_MIGRATIONS: migrations,
            SECRET_KEY: "test-secret-key-not-for-production",
            // Tests read the D1 figures of Server-Timing; a deployed instance sends none (docs/operations.md, "Observability").
            SERVER_TIMING: "on",
            // The suites assert ephios's English texts (as ephios's own tests do, with LANGUAGE_CODE
            // "en"); test/features/languages.test.ts runs the Worker with the default, German.
            LANGUAGE_CODE: "en",
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts", "src/**/*.test.ts"],
      // vitest's default exclusions, plus the runs with their own configs: fuzzing (test:fuzz), the
      // browser tests (test:e2e) and the two-instance federation test (test:federation), which
      // drive real `wrangler dev` instances from Node.
      exclude: ["**/node_modules/**", "**/.git/**", "test/fuzz/**", "test/e2e/**", "test/federation/**"],
      globalSetup: ["./test/setup/swagger-ui-assets.ts"],
      // vitest empties stylesheets a test imports; test/app/swagger-ui.test.ts compares the served one with the installed file.
      css: { include: [/swagger-ui-dist\/swagger-ui\.css\?raw$/] },
      setupFiles: ["./test/setup/apply-migrations.ts"],
      // Password hashing (scrypt) makes login-heavy tests slow on a busy 2-core machine; this is a
      // hang guard, not a performance threshold.
      testTimeout: 60_000,
    },
  };
});
