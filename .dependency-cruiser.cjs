/**
 * The import rules of src/ (README, "Conventions"): features are leaves of a one-way
 * graph. A feature may use another feature's queries, serializers or schemas where it embeds that
 * feature's data, never its routes or pages; shared code (src/lib, src/db, src/auth, src/oauth,
 * src/middleware) never imports a feature; nothing forms a cycle.
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "An import cycle: split the shared part into a module both can use.",
      from: {},
      // src/types.ts is the Hono environment's type: it names the types of the request variables,
      // whose modules use it in turn. Type-only, so no cycle at run time.
      to: { circular: true, viaOnly: { pathNot: "^src/types\\.ts$" } },
    },
    {
      name: "features-one-way",
      severity: "error",
      comment: "Two features that use each other: one of them must not (move the shared part into src/lib or src/db).",
      scope: "folder",
      from: { path: "^src/features/" },
      to: { circular: true },
    },
    {
      name: "no-other-features-routes",
      severity: "error",
      comment: "A feature's routes and pages are its own: move what another feature needs into queries, serialize or src/lib.",
      from: { path: "^src/features/([^/]+)/" },
      to: { path: "^src/features/([^/]+)/.*(routes|pages)\\.tsx?$", pathNot: "^src/features/$1/" },
    },
    {
      name: "shared-code-imports-no-feature",
      severity: "error",
      comment: "Shared code serves features; it must not depend on one.",
      from: { path: "^src/(lib|db|auth|oauth|middleware)/" },
      to: { path: "^src/features/" },
    },
    {
      name: "no-orphans",
      severity: "error",
      comment: "A module nothing imports is dead code.",
      from: { orphan: true, path: "^src/", pathNot: ["\\.d\\.ts$", "^src/index\\.ts$"] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(node_modules|test|scripts|bench)/" },
  },
};
