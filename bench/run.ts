/**
 * npm run bench [-- options]
 *
 * Builds large deterministic worlds in their own local D1 directories (.wrangler/bench-state/,
 * never the developer's .wrangler/state), serves the Worker with `wrangler dev` on 127.0.0.1,
 * measures D1 queries and rows read per request (Server-Timing) at several page sizes and the
 * throughput of each list endpoint under concurrent load next to a route without D1, and writes
 * bench/RESULTS.md. Only prints and records figures; nothing here passes or fails on timings.
 *
 * Options:
 *   --worlds 1000,10000     event counts of the worlds (default 1000,10000)
 *   --seed N                PRNG seed (default 20261126)
 *   --duration S            seconds of load per route (default 10)
 *   --warmup S              unmeasured seconds of load before each measured run (default 0: the
 *                           cost measurements before the load runs already exercised every route)
 *   --connections N         concurrent connections (default 16)
 *   --load all|largest|none in which worlds to run the load tests (default all)
 *   --optimize all|largest|none
 *                           in which worlds to run `PRAGMA optimize` (planner statistics) at the end
 *                           and measure queries and rows read once more (default largest)
 *   --timeout S             give up on a single request after S seconds and restart the server (default 30)
 *   --startup-runs N        how often to profile the Worker's startup (default 3; 0 skips it)
 *   --walk-pages N          follow `next` from the first page at limit=10 for at most N pages per
 *                           endpoint and caller (default 2000; 0 skips the walk)
 *   --ref <git ref>         benchmark a committed version (git archive) instead of the working tree
 *   --out <file>            where to write the report (default bench/RESULTS.md)
 *   --render <json>         only render a report from the figures of an earlier run
 *                           (each run keeps them in .wrangler/bench-state/last-run.json)
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { disposePlatforms, loadWorld, optimizeDatabase, ROOT } from "./load";
import { type Cost, cost, load, probe, type RequestShape, walk, type Walk } from "./measure";
import { ChainPool, INTROSPECT_PATH, introspectionCost, introspectionRequest, rotationCost, rotationLoad, TOKEN_PATH } from "./oauth";
import { type EndpointResult, type EventBasis, LIMITS, type PageKey, renderReport, type RunInfo, type WorldResult } from "./report";
import { startDevServer, stopAll, stopOnSignals } from "../scripts/lib/dev-server";
import { ensureDevVars } from "../scripts/lib/local";
import { codeInfo, machineInfo } from "./environment";
import { bundleSize, bundleWorker, profileStartup } from "./server";
import { buildWorld, OAUTH_CLIENTS, type World } from "./world";

const STATE = path.join(ROOT, ".wrangler", "bench-state");

/**
 * The list endpoints, the table each one lists (for the rows-read reading), who calls them (the
 * bench users, or only the federated guest with its token; the first caller is load-tested), and
 * which events count as visible to a caller for the rows-read bound of issue #13 (see EventBasis).
 * `/api/users/` and `/api/buildingblocks/` list no events; they get the bound of the shifts.
 */
const ENDPOINTS: [path: string, table: string, callers: string[], basis: EventBasis][] = [
  ["/api/events/", "events", ["manager", "volunteer"], "object"],
  ["/api/shifts/", "shifts", ["manager", "volunteer"], "any"],
  ["/api/participations/", "participations", ["manager", "volunteer"], "any"],
  ["/api/participations-userinfo/", "participations", ["manager", "volunteer"], "any"],
  ["/api/users/", "users", ["manager", "volunteer"], "any"],
  ["/api/users/me/participations/", "participations", ["manager", "volunteer"], "any"],
  ["/api/buildingblocks/", "building_blocks", ["manager", "volunteer"], "any"],
  ["/api/federation/events/", "events", ["guest"], "shared"],
];

function options(argv: string[]) {
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  const known = new Set(["worlds", "seed", "duration", "warmup", "connections", "timeout", "load", "optimize", "ref", "out", "render", "startup-runs", "walk-pages"]);
  const unknown = argv.filter((a, i) => a.startsWith("--") && !known.has(a.slice(2)) && !(i > 0 && known.has(argv[i - 1]?.slice(2))));
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(" ")} (see the header of bench/run.ts)`);
  const loadIn = value("load", "all");
  if (!["all", "largest", "none"].includes(loadIn)) throw new Error("--load must be all, largest or none");
  const optimizeIn = value("optimize", "largest");
  if (!["all", "largest", "none"].includes(optimizeIn)) throw new Error("--optimize must be all, largest or none");
  // Each connection of the token endpoint's load run holds a refresh-token chain of its own.
  if (Number(value("connections", "16")) >= OAUTH_CLIENTS) throw new Error(`--connections must stay below ${OAUTH_CLIENTS}, the OAuth clients of the world`);
  const walkPages = Number(value("walk-pages", "2000"));
  if (!Number.isInteger(walkPages) || walkPages < 0) throw new Error("--walk-pages must be a whole number ≥ 0");
  return {
    worlds: value("worlds", "1000,10000")
      .split(",")
      .map((n) => Number(n.trim()))
      .filter((n) => Number.isInteger(n) && n > 0),
    seed: Number(value("seed", "20261126")),
    duration: Number(value("duration", "10")),
    warmup: Number(value("warmup", "0")),
    connections: Number(value("connections", "16")),
    timeout: Number(value("timeout", "30")),
    startupRuns: Number(value("startup-runs", "3")),
    walkPages,
    loadIn: loadIn as "all" | "largest" | "none",
    optimizeIn: optimizeIn as "all" | "largest" | "none",
    ref: value("ref", ""),
    out: path.resolve(ROOT, value("out", "bench/RESULTS.md")),
    render: value("render", "") ? path.resolve(ROOT, value("render", "")) : "",
  };
}

const label = (events: number) => (events % 1000 === 0 ? `${events / 1000}k` : String(events));
const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** A committed version of the Worker in its own directory, sharing node_modules. Returns its config. */
function snapshot(ref: string): string {
  const dir = path.join(STATE, "snapshot");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync("git", ["archive", "--format=tar", ref], { cwd: ROOT, maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  const vars = existsSync(path.join(ROOT, ".dev.vars")) ? ".dev.vars" : ".dev.vars.example";
  copyFileSync(path.join(ROOT, vars), path.join(dir, ".dev.vars"));
  return path.join(dir, "wrangler.toml");
}

const rowsOf = (world: World, name: string) => world.tables.find(([n]) => n === name)?.[1] ?? [];

/**
 * The active events a bench user sees: with view_event as an object permission (directly or by
 * group), and with the global permission counted too (a holder of it, or a superuser, sees every
 * active event).
 */
function visibleEvents(world: World, userId: number): Record<"object" | "any", number> {
  const groups = new Set(rowsOf(world, "group_members").filter((r) => r.user_id === userId).map((r) => r.group_id));
  const ids = new Set<unknown>();
  for (const r of rowsOf(world, "event_group_permissions")) if (r.permission === "view_event" && groups.has(r.group_id)) ids.add(r.event_id);
  for (const r of rowsOf(world, "event_user_permissions")) if (r.permission === "view_event" && r.user_id === userId) ids.add(r.event_id);
  const active = rowsOf(world, "events").filter((e) => e.active === 1);
  const global =
    rowsOf(world, "users").some((u) => u.id === userId && u.is_superuser === 1) ||
    rowsOf(world, "group_permissions").some((r) => r.permission === "view_event" && groups.has(r.group_id)) ||
    rowsOf(world, "user_permissions").some((r) => r.permission === "view_event" && r.user_id === userId);
  const object = active.filter((e) => ids.has(e.id)).length;
  return { object, any: global ? active.length : object };
}

/** The active events shared with the federated guest: what its federation list shows. */
function sharedEvents(world: World): number {
  const shared = new Set(rowsOf(world, "event_shares").map((r) => r.event_id));
  return rowsOf(world, "events").filter((e) => e.active === 1 && shared.has(e.id)).length;
}

async function measureWorld(events: number, o: ReturnType<typeof options>, config: string, script: string, runLoad: boolean, runOptimize: boolean): Promise<WorldResult> {
  const name = label(events);
  log(`${name} world: generating ${events} events (seed ${o.seed})`);
  const t0 = performance.now();
  const world = buildWorld({ events, seed: o.seed });
  const buildSeconds = (performance.now() - t0) / 1000;
  const dir = path.join(STATE, `events-${events}`);
  const loaded = await loadWorld(world, dir, config, log);
  log(`${name} world: loaded in ${loaded.seconds.toFixed(1)} s (${Object.entries(loaded.counts)
    .filter(([, n]) => n >= 1000)
    .map(([t, n]) => `${n} ${t}`)
    .join(", ")})`);
  const counts: Record<string, number> = { ...loaded.counts };
  const visible: WorldResult["visibleEvents"] = { guest: { shared: sharedEvents(world) } };
  for (const user of world.benchUsers) {
    visible[user.role] = visibleEvents(world, user.userId);
    counts[`${user.role}: active events with object view_event`] = visible[user.role].object!;
    counts[`${user.role}: active events with view_event, global included`] = visible[user.role].any!;
  }
  counts["guest: active events shared with it"] = visible.guest.shared!;

  const logFile = path.join(STATE, `wrangler-dev-${name}.log`);
  let server = await startDevServer({ config, script, persistTo: dir, logFile });
  log(`${name} world: wrangler dev answers on ${server.origin}`);
  const restart = async (why: string) => {
    log(`  restarting wrangler dev: ${why}`);
    await server.stop();
    server = await startDevServer({ config, script, persistTo: dir, logFile });
  };
  /** Waits until requests still queued in the server (from a load run) are done. */
  const drain = async () => {
    try {
      await probe(`${server.origin}/api/health/`, null, o.timeout * 1000);
    } catch {
      await restart(`still busy ${o.timeout} s after the load run`);
    }
  };
  const timeoutMs = o.timeout * 1000;
  try {
    const manager = world.benchUsers.find((u) => u.role === "manager")!;
    const tokens = new Map<string, string>([...world.benchUsers.map((u) => [u.role, u.token] as const), ["guest", world.guestToken]]);
    const endpoints: EndpointResult[] = [];
    for (const [p, table, callers, basis] of ENDPOINTS) {
      const first = await probe(`${server.origin}${p}?limit=1`, tokens.get(callers[0])!, timeoutMs).catch(() => null);
      if (!first) await restart(`${p} did not answer within ${o.timeout} s`);
      const present = first?.status !== 404;
      const endpoint: EndpointResult = { path: p, table, present, costs: {}, callers, basis };
      if (!present) endpoint.note = "404: not in the code under test, skipped";
      else if (first?.status !== 200) endpoint.note = first ? `answers ${first.status} to the ${callers[0]}${first.detail ? `: ${first.detail}` : ""}` : `no answer within ${o.timeout} s`;
      endpoints.push(endpoint);
    }
    log(`${name} world: present ${endpoints.filter((e) => e.present).map((e) => e.path).join(" ")}; skipped ${endpoints.filter((e) => !e.present).map((e) => e.path).join(" ") || "none"}`);

    /**
     * queries and rows read of every present endpoint for every bench user, at each page size;
     * with `walks`, also the walk along `next` at limit=10 (endpoint path → role → walk)
     */
    const measureCosts = async (phase: string, walks?: Record<string, Record<string, Walk>>) => {
      const all: Record<string, Record<string, Partial<Record<PageKey, Cost>>>> = {};
      for (const endpoint of endpoints.filter((e) => e.present)) {
        all[endpoint.path] = {};
        if (walks) walks[endpoint.path] = {};
        for (const role of endpoint.callers!) {
          const c: Partial<Record<PageKey, Cost>> = {};
          all[endpoint.path][role] = c;
          const pages: [PageKey, string][] = LIMITS.map((limit) => [limit, `limit=${limit}`]);
          for (let i = 0; i < pages.length; i++) {
            const [key, query] = pages[i];
            c[key] = await cost(`${server.origin}${endpoint.path}?${query}`, tokens.get(role)!, { timeoutMs });
            if (c[key]!.timedOut) {
              await restart(`${endpoint.path}?${query} (${role}) did not answer within ${o.timeout} s; its other pages are skipped`);
              break;
            }
            const count = c[10]?.count ?? 0;
            if (key === 100 && c[10]?.status === 200 && count > 10) pages.push(["last", `limit=10&offset=${Math.floor((count - 1) / 10) * 10}`]);
          }
          log(`  ${phase}${endpoint.path} ${role}: status ${LIMITS.map((l) => c[l]?.status ?? "–").join("/")}, count ${c[10]?.count ?? "–"}, queries ${LIMITS.map((l) => c[l]?.queries ?? "–").join("/")}, round trips ${LIMITS.map((l) => c[l]?.roundTrips ?? "–").join("/")}, rows_read ${LIMITS.map((l) => c[l]?.rowsRead ?? "–").join("/")} (last page by offset ${c.last?.rowsRead ?? "–"}), ${LIMITS.map((l) => c[l]?.totalMs ?? "–").join("/")} ms`);
          if (walks && o.walkPages > 0 && c[10]?.status === 200 && !c[10].timedOut) {
            const w = await walk(`${server.origin}${endpoint.path}?limit=10`, tokens.get(role)!, { maxPages: o.walkPages, timeoutMs });
            walks[endpoint.path][role] = w;
            log(`  ${phase}${endpoint.path} ${role} via next: ${w.pages} pages${w.capped ? ` (capped at ${o.walkPages})` : ""} in ${w.seconds.toFixed(1)} s, ${w.withPosition} with a position, rows_read first ${w.first.rowsRead ?? "–"}, max ${w.max.rowsRead ?? "–"} (page ${w.max.page}), last ${w.last.rowsRead ?? "–"}; ${w.results} results of ${w.count ?? "–"}, ${w.duplicates} listed twice; at most ${w.maxQueries ?? "–"} queries, ${w.maxRoundTrips ?? "–"} round trips${w.stopped ? `; stopped at ${w.stopped}` : ""}`);
            if (w.timedOut) await restart(`${endpoint.path} (${role}) via next: ${w.stopped}`);
          }
        }
      }
      return all;
    };
    const walks: Record<string, Record<string, Walk>> = {};
    const costs = await measureCosts("", walks);
    for (const endpoint of endpoints) {
      endpoint.costs = costs[endpoint.path] ?? {};
      endpoint.walks = walks[endpoint.path] ?? {};
    }

    const baselineCheck = await cost(`${server.origin}/api/`, null, { repeat: 1, timeoutMs });
    if (baselineCheck.status !== 403 || baselineCheck.queries !== 0) log(`WARNING: unauthenticated GET /api/ answered ${baselineCheck.status} with ${baselineCheck.queries} D1 queries (expected 403 and 0)`);
    const { walkPages } = o;
    const result: WorldResult = { label: name, events, counts, visibleEvents: visible, walkPages, buildSeconds, loadSeconds: loaded.seconds, baselineCheck, endpoints };
    // The token endpoint spends refresh tokens: every rotation goes through the pool of chains.
    const chains = new ChainPool(world.oauthClients);
    result.oauth = {
      clients: chains.size,
      rotationCost: await rotationCost(server.origin, chains, timeoutMs),
      introspectionCost: await introspectionCost(server.origin, world.introspection, timeoutMs),
      tally: chains.tally,
    };
    log(`  POST ${TOKEN_PATH} (refresh_token): status ${result.oauth.rotationCost.status}, queries ${result.oauth.rotationCost.queries}, rows_read ${result.oauth.rotationCost.rowsRead}, rows_written ${result.oauth.rotationCost.rowsWritten}; POST ${INTROSPECT_PATH}: status ${result.oauth.introspectionCost.status}, queries ${result.oauth.introspectionCost.queries}, rows_read ${result.oauth.introspectionCost.rowsRead}`);
    const withStatistics = async () => {
      if (!runOptimize) return;
      log(`${name} world: PRAGMA optimize (planner statistics), then the same requests again`);
      await server.stop();
      const statistics = await optimizeDatabase(dir, config);
      server = await startDevServer({ config, script, persistTo: dir, logFile });
      result.optimized = { statisticsRows: statistics, costs: await measureCosts("optimized ") };
    };
    if (!runLoad) {
      result.loadSkipped = `--load ${o.loadIn}`;
      await withStatistics();
      return result;
    }
    const settings = { connections: o.connections, duration: o.duration, timeout: o.timeout };
    /**
     * One load run: an optional warm-up run first (its requests still queued in the server are
     * waited for, so they do not eat into the measured run), then the measured run, after the
     * server has finished whatever the previous run left queued.
     */
    const measured = async (url: string, token: string | null, request?: RequestShape) => {
      await drain();
      if (o.warmup > 0) {
        await load(url, token, { ...settings, duration: o.warmup }, request);
        await drain();
      }
      return load(url, token, settings, request);
    };
    result.loadAverage = { before: os.loadavg()[0], after: 0 };
    result.baselineBefore = await measured(`${server.origin}/api/`, null);
    log(`  load GET /api/ (no D1): ${result.baselineBefore.requestsPerSecond.toFixed(1)} req/s, p50 ${result.baselineBefore.p50} ms, p99 ${result.baselineBefore.p99} ms`);
    // Reference points between "no D1" and a list endpoint: what authentication alone and the
    // smallest unauthenticated D1 route cost here.
    result.references = [];
    for (const [kind, what, p, token] of [
      ["auth", "`GET /api/` with the manager token (authentication only)", "/api/", manager.token],
      ["health", "`GET /api/health/` (unauthenticated)", "/api/health/", null],
    ] as const) {
      const check = await cost(`${server.origin}${p}`, token, { repeat: 1, timeoutMs });
      const reference = { kind, label: `${what}: ${check.status}, ${check.queries ?? "?"} D1 ${check.queries === 1 ? "query" : "queries"}`, path: p, check, load: await measured(`${server.origin}${p}`, token) };
      result.references.push(reference);
      log(`  load ${reference.label}: ${reference.load.requestsPerSecond.toFixed(1)} req/s, p50 ${reference.load.p50} ms, p99 ${reference.load.p99} ms`);
    }
    for (const endpoint of endpoints.filter((e) => e.present)) {
      endpoint.load = await measured(`${server.origin}${endpoint.path}?limit=10`, tokens.get(endpoint.callers![0])!);
      log(`  load ${endpoint.path}?limit=10: ${endpoint.load.requestsPerSecond.toFixed(1)} req/s, p50 ${endpoint.load.p50} ms, p99 ${endpoint.load.p99} ms, ${JSON.stringify(endpoint.load.statusCodes)}${endpoint.load.errors || endpoint.load.timeouts ? `, ${endpoint.load.errors} errors, ${endpoint.load.timeouts} timeouts` : ""}`);
    }
    await drain();
    result.oauth.rotation = await rotationLoad(server.origin, chains, settings);
    log(`  load POST ${TOKEN_PATH} (refresh_token): ${result.oauth.rotation.requestsPerSecond.toFixed(1)} req/s, p50 ${result.oauth.rotation.p50} ms, p99 ${result.oauth.rotation.p99} ms, ${JSON.stringify(result.oauth.rotation.statusCodes)}; ${JSON.stringify(chains.tally)}, ${chains.available} of ${chains.size} chains left`);
    result.oauth.chainsLeft = chains.available;
    result.oauth.introspection = await measured(`${server.origin}${INTROSPECT_PATH}`, null, introspectionRequest(world.introspection));
    log(`  load POST ${INTROSPECT_PATH}: ${result.oauth.introspection.requestsPerSecond.toFixed(1)} req/s, p50 ${result.oauth.introspection.p50} ms, p99 ${result.oauth.introspection.p99} ms, ${JSON.stringify(result.oauth.introspection.statusCodes)}`);
    result.baselineAfter = await measured(`${server.origin}/api/`, null);
    result.loadAverage.after = os.loadavg()[0];
    log(`  load GET /api/ (no D1) again: ${result.baselineAfter.requestsPerSecond.toFixed(1)} req/s, p50 ${result.baselineAfter.p50} ms, p99 ${result.baselineAfter.p99} ms`);
    await withStatistics();
    return result;
  } finally {
    await server.stop();
    log(`${name} world: wrangler dev stopped`);
  }
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  if (o.render) {
    const { info, worlds } = JSON.parse(readFileSync(o.render, "utf8")) as { info: RunInfo; worlds: WorldResult[] };
    const report = renderReport(info, worlds);
    writeFileSync(o.out, report);
    console.log(report);
    log(`rendered ${path.relative(ROOT, o.render)} into ${path.relative(ROOT, o.out)}`);
    return;
  }
  if (!o.worlds.length) throw new Error("--worlds needs at least one positive event count");
  mkdirSync(STATE, { recursive: true });
  const code = codeInfo(o.ref);
  if (!o.ref) ensureDevVars();
  const config = o.ref ? snapshot(o.ref) : path.join(ROOT, "wrangler.toml");
  log(`bundling the Worker (${o.ref ? `--ref ${o.ref}` : "working tree"}) once for the whole run`);
  const bundle = bundleWorker(config, path.join(STATE, "build"));
  const script = bundle.script;
  const size = bundleSize(bundle);
  log(`bundle: ${(size.bytes / 1024).toFixed(1)} KiB, gzipped ${(size.gzipBytes / 1024).toFixed(1)} KiB (wrangler: ${size.wranglerSizes ?? "–"})`);
  const startup = profileStartup(bundle, config, o.startupRuns);
  for (const s of startup) log(`startup (wrangler check startup): ${s.durationMs.toFixed(1)} ms, ${s.cpuMs.toFixed(1)} ms CPU not idle (${s.gcMs.toFixed(1)} ms GC)`);

  const worlds: WorldResult[] = [];
  const largest = Math.max(...o.worlds);
  for (const events of o.worlds) {
    const runLoad = o.loadIn === "all" || (o.loadIn === "largest" && events === largest);
    const runOptimize = o.optimizeIn === "all" || (o.optimizeIn === "largest" && events === largest);
    worlds.push(await measureWorld(events, o, config, script, runLoad, runOptimize));
  }

  const sample = buildWorld({ events: 1, seed: o.seed });
  const info: RunInfo = {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    runtimeSeconds: (performance.now() - started) / 1000,
    machine: machineInfo(),
    code,
    worker: { size, startup },
    settings: [`**Settings:** seed ${o.seed}; worlds of ${o.worlds.join(" and ")} events, ${sample.tables.find(([n]) => n === "users")![1].length} users; load: autocannon, ${o.connections} connections, ${o.duration} s per route${o.warmup > 0 ? ` after a ${o.warmup} s warm-up run` : ""}, one route at a time after the server finished the previous one, autocannon in the same Node process as the orchestrator; single requests given up after ${o.timeout} s; ${o.walkPages > 0 ? `deep pages: \`next\` followed from the first page at limit=10 for at most ${o.walkPages} pages per endpoint and caller, one request per page` : "deep pages not walked (`--walk-pages 0`)"}`],
    roles: [
      { role: "manager", description: 'user 2, member of "Verwaltung" (every global permission, among them view_userprofile, view_event, change_event), of units 1 and 2 and of the leaders of unit 1 (object view_event/change_event on their events). `/api/events/` counts only object permissions, so the manager sees a share of the events there and every active event in `/api/shifts/`.' },
      { role: "volunteer", description: 'user 3, member of "Helfende" and unit 3, no global permission: sees only the events of its unit and the ones for everybody (object view_event). Not load-tested; shows whether rows read follow the visible rows or the table.' },
      { role: "guest", description: "the federated guest instance \"Nachbarkreis\" with the bearer token it got at setup; only for the federation API (`/api/federation/events/`: the active events shared with it, about 2 % of all), and load-tested there." },
    ],
  };
  // The raw figures, to render the report again (--render) after changing bench/report.ts.
  writeFileSync(path.join(STATE, "last-run.json"), JSON.stringify({ info, worlds }, null, 1));
  const report = renderReport(info, worlds);
  writeFileSync(o.out, report);
  console.log(`\n${report}`);
  log(`wrote ${path.relative(ROOT, o.out)}`);
}

stopOnSignals(() => Promise.all([stopAll(), disposePlatforms()]));

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  await disposePlatforms();
  process.exitCode = 1;
}
