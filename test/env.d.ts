import type { D1Migration } from "cloudflare:test";
import type * as mainModule from "../src/index";

declare global {
  namespace Cloudflare {
    interface Env {
      /** Migrations read in vitest.config.ts and applied in test/setup/apply-migrations.ts. */
      TEST_MIGRATIONS: D1Migration[];
      /** An unmigrated database (vitest.config.ts) for test/db/migrations.test.ts. */
      MIGRATION_DB: D1Database;
      /** The Worker's static assets (vitest.config.ts), which exports.default.fetch() does not reach. */
      ASSETS: Fetcher;
    }
    interface GlobalProps {
      /** Types `exports` from "cloudflare:workers" as the Worker's own entry module. */
      mainModule: typeof mainModule;
    }
  }
}
