/**
 * The Worker under test: bundled once per run (`wrangler deploy --dry-run --outdir`), so edits to
 * src/ made while the benchmark runs cannot rebuild the Worker halfway through, then served by
 * `startDevServer` (scripts/lib/dev-server.ts) with `--no-bundle` and a bench persistence directory.
 * The same bundle is weighed (raw and gzipped) and its startup profiled.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { wranglerSync } from "./load";

export interface Bundle {
  /** the entry module, for `wrangler dev --no-bundle` */
  script: string;
  /** the upload as `wrangler deploy` would send it (multipart form), for `wrangler check startup` */
  upload: string;
  outdir: string;
  /** wrangler's own "Total Upload: … KiB / gzip: … KiB" line */
  wranglerSizes: string | null;
}

/** Bundles the Worker as `wrangler deploy` would, without deploying. */
export function bundleWorker(config: string, outdir: string): Bundle {
  rmSync(outdir, { recursive: true, force: true });
  const upload = path.join(outdir, "..", `${path.basename(outdir)}.upload`);
  const printed = wranglerSync(["deploy", "--dry-run", "--outdir", outdir, "--outfile", upload], config);
  const sizes = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(printed);
  return { script: path.join(outdir, "index.js"), upload, outdir, wranglerSizes: sizes ? `${sizes[1]} / gzip ${sizes[2]}` : null };
}

export interface BundleSize {
  /** the modules of the upload (source maps and wrangler's README left out) */
  files: { name: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
  wranglerSizes: string | null;
}

/** Raw and gzipped (zlib's default level, as for the upload) size of every module in the bundle. */
export function bundleSize(bundle: Bundle): BundleSize {
  const files = readdirSync(bundle.outdir)
    .filter((name) => !name.endsWith(".map") && name !== "README.md")
    .sort()
    .map((name) => {
      const content = readFileSync(path.join(bundle.outdir, name));
      return { name, bytes: content.length, gzipBytes: gzipSync(content).length };
    });
  return { files, bytes: files.reduce((sum, f) => sum + f.bytes, 0), gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0), wranglerSizes: bundle.wranglerSizes };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Startup {
  /** the profiled startup phase, first to last tick (ms) */
  durationMs: number;
  /** sampled time not idle: script evaluation, compilation, garbage collection (ms) */
  cpuMs: number;
  /** of cpuMs, in the garbage collector */
  gcMs: number;
  samples: number;
}

/** Reads a V8 .cpuprofile: each sample lasts until the next one (as Chrome DevTools counts it). */
export function readStartupProfile(file: string): Startup {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  let at = profile.startTime;
  const stamps = profile.timeDeltas.map((delta) => (at += delta));
  let cpu = 0;
  let gc = 0;
  profile.samples.forEach((node, i) => {
    const span = (stamps[i + 1] ?? profile.endTime) - stamps[i];
    const name = names.get(node);
    if (name === "(idle)") return;
    cpu += span;
    if (name === "(garbage collector)") gc += span;
  });
  return { durationMs: (profile.endTime - profile.startTime) / 1000, cpuMs: cpu / 1000, gcMs: gc / 1000, samples: profile.samples.length };
}

/** `wrangler check startup` on the upload (runs the Worker's top level in a local workerd), `runs` times. */
export function profileStartup(bundle: Bundle, config: string, runs: number): Startup[] {
  const results: Startup[] = [];
  for (let i = 1; i <= runs; i++) {
    const outfile = path.join(path.dirname(bundle.outdir), `startup-${i}.cpuprofile`);
    wranglerSync(["check", "startup", "--worker", bundle.upload, "--outfile", outfile], config);
    results.push(readStartupProfile(outfile));
  }
  return results;
}
