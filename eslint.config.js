// The linter of `npm run lint` (with dependency-cruiser's import rules, .dependency-cruiser.cjs).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".wrangler/", "dist/", "coverage/", "worker-configuration.d.ts", "drizzle/", "migrations/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    rules: {
      "no-duplicate-imports": ["error", { includeExports: true }],
      // One statement per line stays readable in a side-by-side diff; long strings and URLs may run on.
      "max-len": ["error", { code: 180, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // Every outbound call goes through fetchOutbound (URL checks, no redirects followed, size limit
    // and timeout; docs/security.md). Methods of bindings (env.ASSETS.fetch) are not the global.
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/lib/outbound-url.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "Call fetchOutbound (src/lib/outbound-url.ts)." }],
      "no-restricted-properties": ["error", ...["globalThis", "self", "window"].map((object) => ({ object, property: "fetch", message: "Call fetchOutbound (src/lib/outbound-url.ts)." }))],
    },
  },
  {
    // Every cookie is written with the attributes of src/lib/cookies.ts (Secure, HttpOnly, SameSite, prefix).
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/lib/cookies.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [{ name: "hono/cookie", message: "Read and write cookies through src/lib/cookies.ts." }] }] },
  },
  {
    // Tests read JSON answers whose shape they then assert.
    files: ["test/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "readonly", require: "readonly" } },
  },
  {
    files: ["bench/control/*.js"],
    languageOptions: { globals: { Response: "readonly", URL: "readonly" } },
  },
);
