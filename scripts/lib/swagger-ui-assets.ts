/**
 * The Worker's static assets (wrangler.toml, [assets]): the files of the installed swagger-ui-dist,
 * under the versioned path the Swagger UI page links (src/features/schema/swagger.ts), and a
 * `_headers` file that lets browsers keep them for good. dist/ is not in git: `wrangler dev` and
 * `wrangler deploy` write it first (wrangler.toml, [build]), vitest before workerd starts
 * (test/setup/swagger-ui-assets.ts).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { SWAGGER_UI_PATH, SWAGGER_UI_SCRIPT, SWAGGER_UI_STYLESHEET } from "../../src/features/schema/swagger";

/** wrangler.toml's assets directory. */
const ASSETS_DIR = path.resolve(import.meta.dirname, "..", "..", "dist", "assets");

/**
 * The package's file names and their names here: what the page loads, the licenses its first line
 * points to, and the package's own license and notice (as .txt, so that they are served as text).
 */
const FILES: [string, string][] = [
  [SWAGGER_UI_SCRIPT, SWAGGER_UI_SCRIPT],
  [`${SWAGGER_UI_SCRIPT}.LICENSE.txt`, `${SWAGGER_UI_SCRIPT}.LICENSE.txt`],
  [SWAGGER_UI_STYLESHEET, SWAGGER_UI_STYLESHEET],
  ["LICENSE", "LICENSE.txt"],
  ["NOTICE", "NOTICE.txt"],
];

/**
 * Headers of every answer under the versioned path (Cloudflare's `_headers` format); the Worker's
 * own answers get theirs from src/app.ts.
 */
const HEADERS = `${SWAGGER_UI_PATH}*
  Cache-Control: public, max-age=31536000, immutable
  X-Content-Type-Options: nosniff
  Cross-Origin-Resource-Policy: same-origin
`;

/**
 * Writes a file only when its content differs, through a rename: a `wrangler dev` serving the
 * directory meanwhile (or a test run beside it) never sees a missing or half-written file.
 */
function writeIfChanged(target: string, content: Buffer): void {
  if (existsSync(target) && readFileSync(target).equals(content)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, target);
}

/** Removes what `dir` holds besides `keep` (and another run's files being written). */
function removeAllBut(dir: string, keep: string[]): void {
  for (const entry of readdirSync(dir)) {
    if (!keep.includes(entry) && !entry.endsWith(".tmp")) rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * Brings dist/assets/ up to date with node_modules/swagger-ui-dist: what a deployment uploads is
 * these files and nothing else (no other version's).
 */
export function writeSwaggerUiAssets(): void {
  const source = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const target = path.join(ASSETS_DIR, SWAGGER_UI_PATH);
  for (const [from, to] of FILES) writeIfChanged(path.join(target, to), readFileSync(path.join(source, from)));
  writeIfChanged(path.join(ASSETS_DIR, "_headers"), Buffer.from(HEADERS));
  removeAllBut(target, FILES.map(([, to]) => to));
  removeAllBut(path.dirname(target), [path.basename(target)]);
}
