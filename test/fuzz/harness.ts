/**
 * Property-based fuzzing of every operation in the OpenAPI document, through the real Worker
 * (`exports.default.fetch`), against the demo data with tokens of every scope combination, browser
 * sessions and OAuth tokens.
 *
 * Properties: never a 5xx; every answer under /api/ (but 204/301/302, HEAD and the documented
 * YAML/HTML/empty answers) is a JSON object, errors with `detail`, `error` or field messages; no
 * stack trace and no secret of the world in a response; a refused write (status ≥ 400) leaves the
 * database as it was; at the end of each shard, the events' derived columns match their shifts and
 * participations.
 *
 * The run is split over the shard files in test/fuzz/shards/: @cloudflare/vitest-pool-workers
 * 0.15.1 wraps its entrypoint prototype in one more Proxy on every `exports.default.fetch`
 * (workers-sdk#15092), so requests get slower with each one sent in the same test file, and a few
 * thousand overflow the stack. Each file starts afresh; ~200 requests each keeps that cost small.
 */
import { env } from "cloudflare:workers";
import fc, { type Arbitrary } from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeDrift, eventCounterDrift } from "../../src/db/integrity";
import { snapshot, testDb } from "../helpers/db";
import { UNSAFE_METHODS, allParameterNames, requestFor } from "./arbitraries";
import { type Snapshot, matchers, report, snapshotDiff, violations } from "./checks";
import { type Operation, fetchDocument, operationsOf } from "./openapi";
import { type FuzzRequest, type Observed, describeRequest, send, stats } from "./request";
import { type Setup, setUpWorld } from "./world";

/** How many shard files test/fuzz/shards/ holds. */
export const SHARDS = 28;
/** Requests per run (× FUZZ_RUNS), spread over the operations of the document. */
const TARGET = 5_500;
export const MIN_REQUESTS = 5_000;
/** Shares of the requests: safe methods, documented writes, unsafe methods on read-only endpoints. */
const SHARE = { read: 0.65, write: 0.17, unsafe: 0.18 };
/** Runs per fast-check property (one test each). */
const PIECE = 50;

const SCALE = Number(env.FUZZ_RUNS) > 0 ? Number(env.FUZZ_RUNS) : 1;
/** One seed for the whole run; vitest.fuzz.config.ts draws one when FUZZ_SEED is not set. */
const SEED = Number(env.FUZZ_SEED) | 0;

type Batch = "read" | "write" | "unsafe";

interface Piece {
  label: string;
  batch: Batch;
  operation: Operation;
  runs: number;
}

/** Every property of the run, in a fixed order derived from the document alone (the same in every shard). */
export function plan(operations: Operation[]): Piece[] {
  const reads = operations.filter((o) => o.method === "GET");
  const writes = operations.filter((o) => o.method !== "GET");
  const target = TARGET * SCALE;
  const jobs: [Batch, Operation[], number][] = [
    ["read", reads, Math.ceil((SHARE.read * target) / Math.max(1, reads.length))],
    ["write", writes, Math.ceil((SHARE.write * target) / Math.max(1, writes.length))],
    ["unsafe", reads, Math.ceil((SHARE.unsafe * target) / Math.max(1, reads.length))],
  ];
  const pieces: Piece[] = [];
  for (const [batch, ops, runs] of jobs) {
    for (const operation of ops) {
      const count = Math.ceil(runs / PIECE);
      for (let k = 0; k < count; k++) {
        const name = batch === "unsafe" ? `unsafe methods on ${operation.path}` : operation.id;
        pieces.push({ label: `${name} #${k + 1} of ${count}`, batch, operation, runs: Math.ceil(runs / count) });
      }
    }
  }
  return pieces;
}

/** Pieces spread over the shards by cost (a write also takes a database snapshot). */
export function assign(pieces: Piece[], shards: number): Piece[][] {
  const out: Piece[][] = Array.from({ length: shards }, () => []);
  const load = new Array<number>(shards).fill(0);
  for (const piece of pieces) {
    const target = load.indexOf(Math.min(...load));
    out[target].push(piece);
    load[target] += piece.runs * (piece.batch === "read" ? 1 : 2.5);
  }
  return out;
}

/** A stable seed per property, derived from the run's seed. */
function seedFor(label: string): number {
  let hash = SEED;
  for (const char of label) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

const SAFE = fc.constantFrom("GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "HEAD", "OPTIONS");
const methodsFor = (piece: Piece): Arbitrary<string> => {
  if (piece.batch === "read") return SAFE;
  if (piece.batch === "unsafe") return fc.constantFrom(...UNSAFE_METHODS, "PROPFIND");
  const own = piece.operation.method;
  return fc.constantFrom(own, own, own, own, own, own, ...UNSAFE_METHODS, "PROPFIND");
};

/** Declares the tests of shard `index` (1-based) of the run. */
export async function fuzzShard(index: number): Promise<void> {
  // The document is read through the Worker while the file is collected, so each property is a test.
  const operations = operationsOf(await fetchDocument());
  const all = matchers(operations);
  const names = allParameterNames(operations);
  const pieces = plan(operations);
  const mine = assign(pieces, SHARDS)[index - 1];
  const planned = mine.reduce((sum, p) => sum + p.runs, 0);
  const shardFile = `test/fuzz/shards/shard-${String(index).padStart(2, "0")}.test.ts`;
  let setup: Setup;

  let failures = 0;

  async function fuzz(piece: Piece, extraChecks: (request: FuzzRequest, response: Observed) => Promise<string[]> = async () => []) {
    try {
      await property(piece, extraChecks);
    } catch (error) {
      failures++;
      throw error;
    }
  }

  async function property(piece: Piece, extraChecks: (request: FuzzRequest, response: Observed) => Promise<string[]>) {
    const requests = requestFor(piece.operation, setup, { methods: methodsFor(piece), write: piece.batch !== "read", names });
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const response = await send(request);
        const problems = [...violations(all, request, response, setup.secrets), ...(await extraChecks(request, response))];
        if (problems.length) {
          throw new Error(`${piece.label}\n${report(problems, request, response, describeRequest)}\n\nrepeat: FUZZ_SEED=${SEED} npm run test:fuzz -- ${shardFile} -t ${JSON.stringify(piece.label)}`);
        }
      }),
      { numRuns: piece.runs, seed: seedFor(piece.label), verbose: 0 },
    );
  }

  beforeAll(async () => {
    setup = await setUpWorld();
    stats.startedAt = Date.now();
  });

  afterAll(() => {
    const statuses = Object.fromEntries([...stats.byStatus].sort(([a], [b]) => a - b));
    // Read by test/fuzz/reporter.ts, which adds up the shards.
    console.log(`fuzz-shard: ${JSON.stringify({ shard: index, seed: SEED, requests: stats.requests, ms: Date.now() - stats.startedAt, statuses })}`);
  });

  it(`plans at least ${MIN_REQUESTS} requests over the ${operations.length} operations of the OpenAPI document`, () => {
    expect(operations.length).toBeGreaterThan(15);
    expect(operations.some((o) => o.method !== "GET")).toBe(true);
    expect(pieces.reduce((sum, p) => sum + p.runs, 0)).toBeGreaterThanOrEqual(MIN_REQUESTS * Math.min(1, SCALE));
  });

  const reads = mine.filter((p) => p.batch === "read");
  const writes = mine.filter((p) => p.batch !== "read");

  describe.runIf(reads.length > 0)("safe methods (GET, HEAD, OPTIONS) with hostile parameters, paths and headers", () => {
    for (const piece of reads) it(piece.label, () => fuzz(piece));
  });

  describe.runIf(writes.length > 0)("unsafe methods: documented writes and every read-only endpoint; refused writes change nothing", () => {
    /** The data before the batch, or as the last accepted write that changed it left it. */
    let before: Snapshot;
    let baseline: Snapshot;
    let baselineJson: string;
    const acceptedChanges: string[] = [];

    beforeAll(async () => {
      before = await snapshot();
      baseline = before;
      baselineJson = JSON.stringify(before);
    });

    /** Compares the database with the one before this request: a refused request must not have changed it. */
    async function unchangedByRefusals(request: FuzzRequest, response: Observed): Promise<string[]> {
      const after = await snapshot();
      const afterJson = JSON.stringify(after);
      const problems: string[] = [];
      if (afterJson !== baselineJson) {
        const diff = snapshotDiff(baseline, after);
        if (response.status >= 400) problems.push(`a refused write (status ${response.status}) changed the data:`, ...diff);
        else {
          // A write that succeeded may change data (PATCH /api/users/me/ …): the batch is judged from here on.
          acceptedChanges.push(`${describeRequest(request)}\n→ ${response.status}\n${diff.join("\n")}`);
          before = after;
        }
      }
      baseline = after;
      baselineJson = afterJson;
      return problems;
    }

    for (const piece of writes) it(piece.label, () => fuzz(piece, unchangedByRefusals));

    it("left the database as it was before the batch (or as the last successful write left it)", async () => {
      const diff = snapshotDiff(before, await snapshot());
      expect(diff, `the data changed after ${acceptedChanges.length ? "the last successful write" : "the batch began, and no write succeeded"}`).toEqual([]);
    });
  });

  it("left every event's derived columns as its shifts and participations say (npm run db:check)", async () => {
    const { drift } = await eventCounterDrift(testDb());
    expect(drift.map(describeDrift)).toEqual([]);
  });

  it(`sent the ${planned} requests of shard ${index}/${SHARDS}`, (context) => {
    // A failed property stops at its counterexample; its report is what matters then.
    if (failures) context.skip();
    expect(stats.requests).toBeGreaterThanOrEqual(planned);
  });
}
