/**
 * Writes the demo data fixture (`fixtures/demo.json`, format `ephios-fixture/1`, docs/fixtures.md):
 *
 *   npm run demo:generate -- [--base YYYY-MM-DD] [--out path/to/file.json]
 *
 * The fixture is built by scripts/demo/fixture.ts from the base date alone (default 2026-11-26):
 * everything random comes from seeded streams (scripts/demo/rng.ts), so the output is
 * byte-identical for the same base date; test/db/demo-fixture.test.ts checks that the default
 * reproduces the committed file. The fixture is checked against the fixture schema and the demo's
 * own rules before anything is written.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isIsoDate } from "../src/lib/datetime";
import { DEFAULT_BASE, buildDemoFixture, renderDemoFixture } from "./demo/fixture";

const DEFAULT_OUT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "demo.json");
const USAGE = "usage: npx tsx scripts/generate-demo-fixture.ts [--base YYYY-MM-DD] [--out file.json]";

function parseArgs(argv: string[]): { base: string; out: string } {
  let base = DEFAULT_BASE;
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--base") base = value();
    else if (flag === "--out") out = resolve(process.cwd(), value());
    else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(base)) throw new Error(`--base must be YYYY-MM-DD, got ${JSON.stringify(base)}`);
  if (!isIsoDate(base)) throw new Error(`--base is not a valid date: ${base}`);
  return { base, out };
}

function main(): void {
  const { base, out } = parseArgs(process.argv.slice(2));
  const fixture = buildDemoFixture(base);
  const text = renderDemoFixture(fixture);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text, "utf8");
  const counts = Object.entries(fixture)
    .filter(([, v]) => Array.isArray(v))
    .map(([k, v]) => `${k}=${(v as unknown[]).length}`)
    .join(" ");
  console.log(`wrote ${out} (base ${base})\n${counts}`);
}

main();
