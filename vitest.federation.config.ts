import { defineConfig } from "vitest/config";

// npm run test:federation: two real instances (wrangler dev) federating, driven from Node.
export default defineConfig({
  test: {
    include: ["test/federation/**/*.test.ts"],
    environment: "node",
    // Each file starts its own two instances: one file at a time keeps the machine responsive.
    fileParallelism: false,
    // Starting two dev servers and the whole flow take a while on a busy 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
