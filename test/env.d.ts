declare namespace Cloudflare {
  interface Env {
    /** Migrations read in vitest.config.ts and applied in test/setup/apply-migrations.ts. */
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** An unmigrated database (vitest.config.ts) for test/db/migrations.test.ts. */
    MIGRATION_DB: D1Database;
  }
  interface GlobalProps {
    /** Types `exports` from "cloudflare:workers" as the Worker's own entry module. */
    mainModule: typeof import("../src/index");
  }
}
