/**
 * npm run soak [-- options]
 *
 * A bounded soak test: a fresh demo instance (migrations, fixtures/demo.json, `wrangler dev` of the
 * Worker bundled once, on a free loopback port) under a mix of reads, token use (accepted and
 * refused tokens) and writes from concurrent connections for a fixed time; then checks
 *   1. no answer from the Worker was a 5xx (the 503s wrangler dev's own proxy sends when it loses
 *      its connection to workerd are counted apart: PROXY_DROPPED), and no request timed out;
 *   2. every refused token was refused (401/403), and the refused sign-ups and PATCHes wrote nothing;
 *   3. no acknowledged write was lost: each created event exists with its title, each confirmed
 *      or requested sign-up is still there, and each user's display name is the one of their last
 *      acknowledged PATCH (or of the one still unanswered when the load stopped);
 *   4. the memory (RSS) of the workerd process that runs the Worker grew no more than the runtime
 *      grows by itself: the same load against a control Worker that does nothing
 *      (bench/control/) is run after the soak, and the Worker's growth over the load may be at
 *      most CONTROL_FACTOR × the control's + STABLE_SLACK_MIB (wrangler dev's workerd gains
 *      hundreds of MiB under load even for the control; its proxy process is only reported).
 *   5. every event's columns derived from its shifts and participations are what they say: the
 *      comparison of `npm run db:check`, on the instance's own files once wrangler dev is stopped.
 * Writes bench/SOAK.md, prints it, and exits with 1 when a check fails. Stops by itself: the load
 * ends after --duration, and a watchdog ends the whole run DURATION + 300 s after it began.
 *
 * Options:
 *   --duration S      seconds of load (default 60)
 *   --connections N   concurrent connections (default 32)
 *   --seed N          seed of the request mix (default 20261127)
 *   --out <file>      where to write the report (default bench/SOAK.md)
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RequestSpec } from "autocannon";
import { type DevServer, startDevServer, stopAll, stopOnSignals } from "../scripts/lib/dev-server";
import { describeDrift } from "../src/db/integrity";
import { applyLocalMigrations, checkDerivedColumns, DEMO_FILE, ensureDevVars, loadDemoIfEmpty, ROOT } from "../scripts/lib/local";
import { codeInfo, machineInfo } from "./environment";
import { load, PROXY_DROPPED } from "./measure";
import { bundleWorker } from "./server";
import { prng } from "./world";

/** The Worker's RSS may grow over the load at most this factor of the control Worker's growth … */
const CONTROL_FACTOR = 1.5;
/** … plus this much (MiB): the Worker holds more code, data and D1 pages than the control. */
const STABLE_SLACK_MIB = 64;
const CONTROL = path.join(ROOT, "bench", "control");
const SAMPLE_MS = 1000;
const STATE = path.join(ROOT, ".wrangler", "soak");

function options(argv: string[]) {
  const known = new Set(["duration", "connections", "seed", "out"]);
  const value = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  const unknown = argv.filter((a, i) => a.startsWith("--") && !known.has(a.slice(2)) && !(i > 0 && known.has(argv[i - 1]?.slice(2))));
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(" ")} (see the header of bench/soak.ts)`);
  const o = { duration: Number(value("duration", "60")), connections: Number(value("connections", "32")), seed: Number(value("seed", "20261127")), out: path.resolve(ROOT, value("out", "bench/SOAK.md")) };
  if (!(o.duration > 0 && o.duration <= 3600)) throw new Error("--duration must be between 1 and 3600 seconds");
  if (!(Number.isInteger(o.connections) && o.connections > 0 && o.connections <= 256)) throw new Error("--connections must be between 1 and 256");
  return o;
}

const started = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// ---- the demo data the mix uses ------------------------------------------------------------

interface Demo {
  api_tokens: { user: number; token: string; scope: string[] }[];
  users: { id: number; email: string }[];
  events: { id: number }[];
  shifts: { id: number; start_time: string; signup_flow_slug: string }[];
}
const demo = JSON.parse(readFileSync(DEMO_FILE, "utf8")) as Demo;
const tokenOf = (email: string) => {
  const user = demo.users.find((u) => u.email === email);
  const token = demo.api_tokens.find((t) => t.user === user?.id);
  if (!user || !token) throw new Error(`fixtures/demo.json: no token for ${email}`);
  return { userId: user.id, token: token.token, scopes: token.scope };
};
const admin = tokenOf("admin@example.org"); // every scope, superuser
const manager = tokenOf("manager@example.org"); // read scopes only
const planner = tokenOf("planner@example.org"); // PUBLIC_WRITE (add_event by group), ME_WRITE, CONFIDENTIAL_WRITE
const volunteer = tokenOf("volunteer@example.org"); // ME_WRITE, no CONFIDENTIAL_READ
const writers = [admin, volunteer].filter((t) => t.scopes.includes("ME_WRITE"));
// Shifts still open for sign-ups for a day or more (the demo data has absolute dates).
const openShifts = demo.shifts.filter((s) => Date.parse(`${s.start_time}Z`) > Date.now() + 86_400_000 && ["instant_confirmation", "request_confirm"].includes(s.signup_flow_slug)).map((s) => s.id);

// ---- the request mix -----------------------------------------------------------------------

type Kind = "read" | "refused" | "patch" | "create" | "signup";
interface Op {
  kind: Kind;
  /** groups the figures in the report */
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** for the write checks */
  userId?: number;
  value?: string;
  shiftId?: number;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const JSON_TYPE = { "content-type": "application/json" };

/** What was acknowledged, and what was in flight without an answer. */
const ledger = {
  /** user id → display name of the last PATCH answered 200 */
  lastName: new Map<number, string>(),
  /** user id → display name of the PATCH in flight (one per user at a time, so acknowledgements come in the order of the writes) */
  pendingName: new Map<number, string>(),
  /** user id → display names whose PATCH never got an answer (it may or may not have been applied) */
  unanswered: new Map<number, string[]>(),
  events: new Map<number, string>(),
  /** `${userId}:${shiftId}` of sign-ups answered 200 */
  signups: new Set<string>(),
  byLabel: new Map<string, Record<string, number>>(),
  refusedAccepted: [] as string[],
  serverErrors: [] as string[],
  proxyDropped: [] as string[],
};

function nextOp(rng: ReturnType<typeof prng>, seq: () => number): Op {
  const roll = rng.next();
  if (roll < 0.55) {
    const who = rng.pick([admin, manager, planner, volunteer]);
    const [label, p] = rng.pick([
      ["GET /api/events/", "/api/events/?limit=10"],
      ["GET /api/shifts/", "/api/shifts/?limit=10"],
      ["GET /api/participations/", "/api/participations/?limit=10"],
      ["GET /api/users/", "/api/users/?limit=10"],
      ["GET /api/users/me/", "/api/users/me/"],
      ["GET /api/users/me/participations/", "/api/users/me/participations/?limit=10"],
      ["GET /api/buildingblocks/", "/api/buildingblocks/"],
      ["GET /api/events/{id}/", `/api/events/${rng.pick(demo.events).id}/`],
      ["GET /api/shifts/{id}/", `/api/shifts/${rng.pick(demo.shifts).id}/`],
    ] as const);
    return { kind: "read", label, method: "GET", path: p, headers: bearer(who.token) };
  }
  if (roll < 0.7) {
    const shift = rng.pick(demo.shifts).id;
    return rng.pick<Op>([
      { kind: "refused", label: "refused: no credentials", method: "GET", path: "/api/events/?limit=10", headers: {} },
      { kind: "refused", label: "refused: unknown token", method: "GET", path: "/api/users/me/", headers: bearer(`soak-unknown-${rng.token(30)}`) },
      { kind: "refused", label: "refused: Basic scheme", method: "GET", path: "/api/users/me/", headers: { authorization: `Basic ${Buffer.from("admin@example.org:wrong").toString("base64")}` } },
      { kind: "refused", label: "refused: PATCH me without ME_WRITE", method: "PATCH", path: "/api/users/me/", headers: { ...bearer(manager.token), ...JSON_TYPE }, body: JSON.stringify({ display_name: "must not be stored" }) },
      { kind: "refused", label: "refused: users list without CONFIDENTIAL_READ", method: "GET", path: "/api/users/?limit=10", headers: bearer(volunteer.token) },
      { kind: "refused", label: "refused: sign-up without ME_WRITE", method: "POST", path: `/api/shifts/${shift}/signup/`, headers: { ...bearer(manager.token), ...JSON_TYPE }, body: "{}" },
    ]);
  }
  if (roll < 0.8) {
    // One PATCH per user in flight; when every writer has one, another kind of write goes instead.
    const free = writers.filter((w) => !ledger.pendingName.has(w.userId));
    if (free.length) {
      const who = rng.pick(free);
      const value = `Soak ${who.userId}-${seq()}`;
      return { kind: "patch", label: "PATCH /api/users/me/", method: "PATCH", path: "/api/users/me/", headers: { ...bearer(who.token), ...JSON_TYPE }, body: JSON.stringify({ display_name: value }), userId: who.userId, value };
    }
  }
  // A PATCH that could not go (roll 0.7–0.8) goes to the other two writes in equal parts.
  if ((roll < 0.9 && (roll >= 0.8 || rng.chance(0.5))) || !openShifts.length) {
    const who = rng.pick([admin, planner]);
    const title = `Soak event ${seq()}`;
    return { kind: "create", label: "POST /api/events/", method: "POST", path: "/api/events/", headers: { ...bearer(who.token), ...JSON_TYPE }, body: JSON.stringify({ title, location: "Soak", type: 1, visible_for: [1] }), value: title };
  }
  const who = rng.pick(writers);
  const shiftId = rng.pick(openShifts);
  return { kind: "signup", label: "POST /api/shifts/{id}/signup/", method: "POST", path: `/api/shifts/${shiftId}/signup/`, headers: { ...bearer(who.token), ...JSON_TYPE }, body: "{}", userId: who.userId, shiftId };
}

function settle(op: Op, status: number, body: string): void {
  const counts = ledger.byLabel.get(op.label) ?? ledger.byLabel.set(op.label, {}).get(op.label)!;
  counts[status] = (counts[status] ?? 0) + 1;
  const dropped = status === 503 && body.startsWith(PROXY_DROPPED);
  if (dropped) ledger.proxyDropped.push(`${op.method} ${op.path}`);
  else if (status >= 500) ledger.serverErrors.push(`${op.method} ${op.path} → ${status}: ${body.slice(0, 200)}`);
  if (op.kind === "refused" && !dropped && status !== 401 && status !== 403) ledger.refusedAccepted.push(`${op.label}: ${status}`);
  if (op.kind === "patch") {
    ledger.pendingName.delete(op.userId!);
    if (status === 200) ledger.lastName.set(op.userId!, op.value!);
    else if (status >= 500) ledger.unanswered.set(op.userId!, [...(ledger.unanswered.get(op.userId!) ?? []), op.value!]);
  }
  if (op.kind === "create" && status === 201) {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    if (typeof id === "number") ledger.events.set(id, op.value!);
  }
  if (op.kind === "signup" && status === 200) ledger.signups.add(`${op.userId}:${op.shiftId}`);
}

// ---- memory of the dev server --------------------------------------------------------------

/** Ids of the workerd processes started below this process (wrangler dev's children). */
function workerdPids(): number[] {
  const parent = new Map<number, number>();
  const name = new Map<number, string>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      parent.set(Number(entry), Number(stat.slice(close + 2).split(" ")[1]));
      name.set(Number(entry), stat.slice(stat.indexOf("(") + 1, close));
    } catch {
      /* gone meanwhile */
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...name].filter(([pid, comm]) => comm.startsWith("workerd") && below(pid)).map(([pid]) => pid);
}

/** VmRSS (MiB) of a process, or null when it is gone. */
function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The same load against the control Worker (bench/control/): how much RSS wrangler dev's workerd
 * running the Worker gains by itself. Null when its processes could not be sampled.
 */
async function controlGrowth(o: { connections: number; duration: number }): Promise<{ start: number; end: number } | null> {
  const server = await startDevServer({ config: path.join(CONTROL, "wrangler.toml"), script: path.join(CONTROL, "worker.js"), persistTo: path.join(STATE, "control"), logFile: path.join(STATE, "control.log") });
  try {
    const port = new URL(server.origin).port;
    const pids = workerdPids();
    const workers = pids.length > 1 ? pids.filter((pid) => processRole(pid, port) !== "wrangler dev's proxy") : pids;
    const total = () => workers.reduce((sum, pid) => sum + (rssMiB(pid) ?? 0), 0);
    const start = total();
    await load(`${server.origin}/`, null, { connections: o.connections, duration: o.duration, timeout: 30 });
    return workers.length ? { start, end: total() } : null;
  } finally {
    await server.stop();
  }
}

/**
 * Which workerd is which: wrangler dev runs its ProxyWorker in a workerd listening on the dev
 * server's port, and the Worker with its bindings (D1, KV) in another one.
 */
function processRole(pid: number, port: string): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    if (args.some((a) => a.endsWith(`=127.0.0.1:${port}`))) return "wrangler dev's proxy";
  } catch {
    /* gone */
  }
  return "the Worker and its bindings";
}

interface Memory {
  role: string;
  pids: number[];
  judged: boolean;
  start: number;
  firstHalfPeak: number;
  peak: number;
  end: number;
  settled: number;
  /** at each tenth of the load */
  series: number[];
}

// ---- checks after the run ------------------------------------------------------------------

async function getJson(origin: string, p: string, token: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(p.startsWith("http") ? p : `${origin}${p}`, { headers: bearer(token), signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/** Every participation of the token's user (following `next`). */
async function ownParticipations(origin: string, token: string): Promise<{ shift: number; state: { value: number } }[]> {
  const all: { shift: number; state: { value: number } }[] = [];
  let next: string | null = "/api/users/me/participations/?limit=1000";
  while (next) {
    const { status, body } = await getJson(origin, next, token);
    if (status !== 200) throw new Error(`GET ${next}: ${status}`);
    const page = body as { results: { shift: number; state: { value: number } }[]; next: string | null };
    all.push(...page.results);
    next = page.next;
  }
  return all;
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** `npm run db:check` on the instance's database (wrangler dev stopped: its files are read through bindings of their own). */
async function derivedColumnsCheck(persistTo: string): Promise<Check> {
  const name = "derived columns match (db:check)";
  try {
    const { events, drift } = await checkDerivedColumns({ remote: false, persistTo });
    const shown = drift.slice(0, 10).map(describeDrift).join("; ");
    return { name, ok: drift.length === 0, detail: drift.length ? `${drift.length} value(s) differ in ${events} events: ${shown}${drift.length > 10 ? "; …" : ""}` : `${events} events checked, every time and count as their shifts and participations say` };
  } catch (error) {
    return { name, ok: false, detail: `could not check: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const watchdog = setTimeout(() => {
    console.error(`soak: still running ${o.duration + 300} s after the start; stopping`);
    void stopAll().finally(() => process.exit(2));
  }, (o.duration + 300) * 1000);
  watchdog.unref();

  // As scripts/lib/instance.ts, but with the Worker bundled once: `wrangler dev` on src/ would
  // reload it whenever someone edits a file, which restarts workerd in the middle of the run.
  log("a fresh demo instance: bundling the Worker, migrations, demo data");
  rmSync(STATE, { recursive: true, force: true });
  mkdirSync(STATE, { recursive: true });
  ensureDevVars();
  const config = path.join(ROOT, "wrangler.toml");
  const code = codeInfo("");
  const bundle = bundleWorker(config, path.join(STATE, "build"));
  const persistTo = path.join(STATE, "state");
  applyLocalMigrations(persistTo);
  await loadDemoIfEmpty(persistTo);
  let server: DevServer | null = null;
  try {
    server = await startDevServer({ config, script: bundle.script, persistTo, logFile: path.join(STATE, "wrangler.log") });
    const origin = server.origin;
    log(`wrangler dev answers on ${origin}`);
    const startPids = workerdPids();
    const pids = new Set<number>(startPids);
    log(`workerd process(es): ${startPids.join(", ") || "none found"}`);
    const displayName = async (token: string) => ((await getJson(origin, "/api/users/me/", token)).body as { display_name: string }).display_name;
    const managerParticipationsBefore = (await ownParticipations(origin, manager.token)).length;
    const managerBefore = await displayName(manager.token);
    const namesBefore = new Map<number, string>();
    for (const w of writers) namesBefore.set(w.userId, await displayName(w.token));


    const rng = prng(o.seed);
    let counter = 0;
    const request: RequestSpec = {
      setupRequest: (req, context) => {
        const op = nextOp(rng, () => ++counter);
        if (op.kind === "patch") ledger.pendingName.set(op.userId!, op.value!);
        context.op = op;
        return { ...req, method: op.method, path: op.path, headers: op.headers, body: op.body ?? "" };
      },
      onResponse: (status, body, context) => settle(context.op as Op, status, body),
    };
    log(`load: ${o.connections} connections for ${o.duration} s (reads 55 %, token use 15 %, writes 30 %: PATCH /api/users/me/, POST /api/events/, POST /api/shifts/{id}/signup/ on ${openShifts.length} open shifts)`);
    const loadAverageBefore = os.loadavg()[0];
    const loadStart = performance.now();
    const rss: { t: number; mib: Map<number, number> }[] = [];
    const sample = () => {
      const mib = new Map<number, number>();
      for (const pid of workerdPids()) {
        pids.add(pid);
        const value = rssMiB(pid);
        if (value !== null) mib.set(pid, value);
      }
      rss.push({ t: (performance.now() - loadStart) / 1000, mib });
    };
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);
    const result = await load(`${origin}/api/`, null, { connections: o.connections, duration: o.duration, timeout: 30 }, { requests: [request] });
    const loadSeconds = (performance.now() - loadStart) / 1000;
    sample();
    // PATCHes sent but not answered when the load stopped may still be applied: let the server
    // finish them, then count them as in doubt.
    for (const [userId, value] of ledger.pendingName) ledger.unanswered.set(userId, [...(ledger.unanswered.get(userId) ?? []), value]);
    ledger.pendingName.clear();
    await new Promise((r) => setTimeout(r, 5000));
    sample();
    clearInterval(sampler);
    const loadAverageAfter = os.loadavg()[0];
    log(`load done: ${result.total} requests, ${result.requestsPerSecond.toFixed(1)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.errors} errors, ${result.timeouts} timeouts`);

    // ---- read back ----
    const checks: Check[] = [];
    const dropped = ledger.proxyDropped.length ? `; apart from that, ${ledger.proxyDropped.length} × 503 from wrangler dev's proxy, which lost its connection to workerd (${ledger.proxyDropped.slice(0, 5).join(", ")}${ledger.proxyDropped.length > 5 ? ", …" : ""})` : "";
    checks.push({ name: "no 5xx from the Worker", ok: ledger.serverErrors.length === 0, detail: `${ledger.serverErrors.length ? ledger.serverErrors.slice(0, 5).join("; ") : "none"}${dropped}` });
    checks.push({ name: "no request timed out", ok: result.timeouts === 0, detail: `${result.timeouts} timeouts (30 s); ${result.errors} connection errors (reported, not judged)` });
    checks.push({ name: "refused tokens refused", ok: ledger.refusedAccepted.length === 0, detail: ledger.refusedAccepted.length ? `answered other than 401/403: ${ledger.refusedAccepted.slice(0, 5).join("; ")}` : "every one answered 401 or 403" });
    const managerParticipationsAfter = (await ownParticipations(origin, manager.token)).length;
    const managerAfter = await displayName(manager.token);
    checks.push({ name: "refused writes wrote nothing", ok: managerParticipationsAfter === managerParticipationsBefore && managerAfter === managerBefore, detail: `the manager's participations: ${managerParticipationsBefore} before, ${managerParticipationsAfter} after; the manager's display name: "${managerBefore}" before, "${managerAfter}" after` });

    const missingEvents: string[] = [];
    for (const [id, title] of ledger.events) {
      const { status, body } = await getJson(origin, `/api/events/${id}/`, admin.token);
      const stored = (body as { title?: string }).title;
      if (status !== 200 || stored !== title) missingEvents.push(`${id} (${status}${stored === undefined ? "" : `, "${stored}"`})`);
    }
    checks.push({ name: "created events kept", ok: missingEvents.length === 0, detail: `${ledger.events.size} acknowledged (201), ${missingEvents.length ? `missing or changed: ${missingEvents.slice(0, 10).join(", ")}` : "all there with their title"}` });

    const missingSignups: string[] = [];
    for (const w of writers) {
      const mine = new Map((await ownParticipations(origin, w.token)).map((p) => [p.shift, p.state.value]));
      for (const key of ledger.signups) {
        const [userId, shiftId] = key.split(":").map(Number);
        // 0 requested, 1 confirmed; nothing in the mix declines
        if (userId === w.userId && ![0, 1].includes(mine.get(shiftId) ?? -1)) missingSignups.push(`user ${userId} shift ${shiftId} (${mine.get(shiftId) ?? "none"})`);
      }
    }
    checks.push({ name: "sign-ups kept", ok: missingSignups.length === 0, detail: `${ledger.signups.size} distinct acknowledged (200), ${missingSignups.length ? `missing or not requested/confirmed: ${missingSignups.slice(0, 10).join(", ")}` : "all requested or confirmed"}` });

    const names: string[] = [];
    let namesOk = true;
    for (const w of writers) {
      const stored = await displayName(w.token);
      const acknowledged = ledger.lastName.get(w.userId) ?? namesBefore.get(w.userId)!;
      const inDoubt = ledger.unanswered.get(w.userId) ?? [];
      const ok = stored === acknowledged || inDoubt.includes(stored);
      namesOk &&= ok;
      names.push(`user ${w.userId}: stored "${stored}", last acknowledged "${acknowledged}"${inDoubt.length ? ` (unanswered: ${inDoubt.map((v) => `"${v}"`).join(", ")})` : ""}${ok ? "" : " **lost**"}`);
    }
    const patches = Object.values(ledger.byLabel.get("PATCH /api/users/me/") ?? {}).reduce((a, b) => a + b, 0);
    checks.push({ name: "last PATCH per user stored", ok: namesOk, detail: `${patches} PATCHes; ${names.join("; ")}` });

    // Per role: the summed RSS of its processes over time. Judged: the Worker's workerd (all of
    // them if the proxy cannot be told apart); the proxy's is wrangler's and only reported.
    const port = new URL(origin).port;
    const roles = new Map<string, number[]>();
    for (const pid of startPids) roles.set(processRole(pid, port), [...(roles.get(processRole(pid, port)) ?? []), pid]);
    const memory: Memory[] = [...roles].map(([role, members]) => {
      const total = (i: number) => members.reduce((sum, pid) => sum + (rss[i].mib.get(pid) ?? 0), 0);
      const at = (seconds: number) => rss.reduce((best, s, i) => (Math.abs(s.t - seconds) < Math.abs(rss[best].t - seconds) ? i : best), 0);
      const all = rss.map((_, i) => total(i));
      return {
        role,
        pids: members,
        judged: role !== "wrangler dev's proxy" || roles.size === 1,
        start: all[0],
        firstHalfPeak: Math.max(...rss.map((s, i) => (s.t <= loadSeconds / 2 ? all[i] : 0))),
        peak: Math.max(...all),
        end: all[at(loadSeconds)],
        settled: all[all.length - 1],
        series: Array.from({ length: 11 }, (_, i) => all[at((i * loadSeconds) / 10)]),
      };
    });
    const restarted = pids.size !== startPids.length;
    const judged = memory.filter((m) => m.judged);
    if (restarted) {
      checks.push({ name: "memory stable", ok: false, detail: `workerd was restarted during the run (processes at the start: ${startPids.join(", ")}; seen: ${[...pids].join(", ")}), so its memory cannot be judged` });
    } else if (judged.length) {
      await server.stop();
      server = null;
      log(`control: the same load against a Worker that does nothing (bench/control/)`);
      const control = await controlGrowth(o);
      if (control) {
        const controlGain = control.end - control.start;
        const limit = CONTROL_FACTOR * Math.max(controlGain, 0) + STABLE_SLACK_MIB;
        const gains = judged.map((m) => ({ m, gain: m.end - m.start }));
        checks.push({
          name: "memory stable",
          ok: gains.every(({ gain }) => gain <= limit),
          detail: `${gains.map(({ m, gain }) => `${m.role}: ${m.start.toFixed(1)} → ${m.end.toFixed(1)} MiB over the load (+${gain.toFixed(1)})`).join("; ")}; the control Worker under the same load: ${control.start.toFixed(1)} → ${control.end.toFixed(1)} MiB (+${controlGain.toFixed(1)}); limit +${limit.toFixed(1)} MiB (${CONTROL_FACTOR} × the control's gain + ${STABLE_SLACK_MIB})`,
        });
      } else {
        checks.push({ name: "memory stable", ok: false, detail: "the control Worker's workerd could not be sampled" });
      }
    } else {
      checks.push({ name: "memory stable", ok: false, detail: "no workerd process found below this process: RSS not sampled" });
    }

    await server?.stop();
    server = null;
    checks.push(await derivedColumnsCheck(persistTo));

    const report = renderSoak({ o, code, result, loadSeconds, loadAverage: [loadAverageBefore, loadAverageAfter], memory, samples: rss.length, checks });
    writeFileSync(o.out, report);
    console.log(`\n${report}`);
    log(`wrote ${path.relative(ROOT, o.out)}`);
    const failed = checks.filter((c) => !c.ok);
    if (failed.length) {
      console.error(`soak: ${failed.length} check(s) failed: ${failed.map((c) => c.name).join(", ")}`);
      process.exitCode = 1;
    }
  } finally {
    await server?.stop();
    log("wrangler dev stopped");
  }
}

function renderSoak(r: {
  o: ReturnType<typeof options>;
  code: string[];
  result: Awaited<ReturnType<typeof load>>;
  loadSeconds: number;
  loadAverage: [number, number];
  memory: Memory[];
  samples: number;
  checks: Check[];
}): string {
  const table = (head: string[], rows: string[][]) => [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
  const mib = (n: number) => n.toFixed(1);
  const lines = [
    "# Soak test",
    "",
    "Produced by `npm run soak` (see [README.md](README.md#soak-test)): a fresh demo instance (`wrangler dev` on loopback, demo data), a mix of reads, token use and writes from concurrent connections, then checks. Only the checks pass or fail; the figures depend on the machine.",
    "",
    `- **Date:** ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}`,
    ...machineInfo().map((line) => `- ${line}`),
    `- **Machine load:** 1-minute load average ${r.loadAverage[0].toFixed(2)} before the load, ${r.loadAverage[1].toFixed(2)} after (${os.cpus().length} cores)`,
    ...r.code.map((line) => `- ${line}`),
    `- **Settings:** ${r.o.connections} connections for ${r.o.duration} s (${r.loadSeconds.toFixed(1)} s measured), seed ${r.o.seed}, autocannon in the same Node process`,
    `- **Result:** ${r.result.total} requests, ${r.result.requestsPerSecond.toFixed(1)} req/s, latency p50 ${r.result.p50} ms, p99 ${r.result.p99} ms; ${r.result.errors} connection errors, ${r.result.timeouts} timeouts`,
    "",
    "## Checks",
    "",
    table(["check", "result", "detail"], r.checks.map((c) => [c.name, c.ok ? "pass" : "**FAIL**", c.detail])),
    "",
    "## Memory (workerd RSS)",
    "",
    r.memory.length
      ? [
          `VmRSS of the dev server's workerd processes from /proc every ${SAMPLE_MS / 1000} s (${r.samples} samples), in MiB. The memory check judges the Worker's process; wrangler dev's proxy is wrangler's own and only reported.`,
          "",
          table(
            ["workerd", "pid", "start", "first half's peak", "peak", "end of the load", "5 s later", "at each tenth of the load"],
            r.memory.map((m) => [`${m.role}${m.judged ? " (judged)" : ""}`, m.pids.join(", "), mib(m.start), mib(m.firstHalfPeak), mib(m.peak), mib(m.end), mib(m.settled), m.series.map((v) => v.toFixed(0)).join(" → ")]),
          ),
        ].join("\n")
      : "Not sampled (no workerd process found).",
    "",
    "## Requests by operation",
    "",
    table(
      ["operation", "requests", "answers"],
      [...ledger.byLabel].sort(([a], [b]) => a.localeCompare(b)).map(([label, counts]) => [label, String(Object.values(counts).reduce((a, b) => a + b, 0)), Object.entries(counts).map(([status, n]) => `${n}×${status}`).join(", ")]),
    ),
    "",
    "4xx answers to writes are the API refusing them (a full shift, overlapping sign-ups, a sign-up already made): they are not acknowledged and not checked. Requests in flight when the load stopped are not counted above.",
    "",
  ];
  return lines.join("\n");
}

stopOnSignals();

try {
  await main();
} catch (error) {
  console.error(`soak failed: ${error instanceof Error ? error.message : String(error)}`);
  await stopAll();
  process.exitCode = 1;
}
