import { defineConfig } from "vitest/config";

// npm run test:e2e: real `wrangler dev` instances driven by headless Chromium (playwright-core and
// the system's chromium; CHROMIUM_PATH overrides /usr/bin/chromium).
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    // Files share the machine's two cores with their dev servers: one at a time.
    fileParallelism: false,
    // Starting an instance and a browser take a while on a busy 2-core machine; hang guards only.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
