/** Markdown for bench/RESULTS.md (and stdout) from the figures of one run. */
import os from "node:os";
import type { Cost, Load, Walk } from "./measure";
import type { RotationCost, Tally } from "./oauth";
import type { BundleSize, Startup } from "./server";

export const LIMITS = [1, 10, 100] as const;
export type PageKey = (typeof LIMITS)[number] | "last";

/**
 * Which events count as visible to a caller in the rows-read bound of issue #13: `object`, the
 * active events with an object view_event (directly or by group; what `/api/events/` lists);
 * `any`, the global view_event counted too (every active event for its holders; what shifts and
 * participations are visible through); `shared`, the active events shared with the federated guest.
 */
export type EventBasis = "object" | "any" | "shared";

const BASIS_LABEL: Record<EventBasis, string> = {
  object: "active events with object view_event",
  any: "active events with view_event, global included",
  shared: "active events shared with the guest",
};

/** The targets of issue #13, item 4 (and items 1 and 2, as measured here). */
export const TARGETS = {
  /** rows read at limit=10 ≤ factor × visible events + base */
  boundFactor: 2,
  boundBase: 900,
  /** along `next`, each page reads at most this many times the first page's rows */
  deepRatio: 1.5,
  /** a list endpoint's req/s at limit=10 as a share of the authentication-only route's */
  authShare: 0.6,
  /** the largest world's req/s as a share of the smallest world's, per list endpoint */
  worldShare: 0.7,
  /** D1 round trips per request */
  roundTrips: 3,
};

export interface EndpointResult {
  path: string;
  /** what the endpoint lists, for the rows-read reading */
  table: string;
  present: boolean;
  note?: string;
  /** role → page → cost */
  costs: Record<string, Partial<Record<PageKey, Cost>>>;
  /** who calls it (roles); the first is load-tested. Absent in runs before the guest: the bench users. */
  callers?: string[];
  /** the events that count as visible for its rows-read bound */
  basis?: EventBasis;
  /** role → the walk along `next` from the first page at limit=10 */
  walks?: Record<string, Walk>;
  load?: Load;
}

export interface WorldResult {
  label: string;
  events: number;
  counts: Record<string, number>;
  /** role → basis → visible events (for the rows-read bound) */
  visibleEvents?: Record<string, Partial<Record<EventBasis, number>>>;
  /** the cap of the walks along `next` (0: not walked) */
  walkPages?: number;
  buildSeconds: number;
  loadSeconds: number;
  baselineCheck: Cost;
  baselineBefore?: Load;
  baselineAfter?: Load;
  endpoints: EndpointResult[];
  /** 1-minute load average of the machine when the load tests began and ended */
  loadAverage?: { before: number; after: number };
  /** routes between the no-D1 baseline and the list endpoints, load-tested the same way */
  references?: { kind: "auth" | "health"; label: string; path: string; check: Cost; load: Load }[];
  /** when load tests were skipped for this world */
  loadSkipped?: string;
  /** the same cost measurements after `PRAGMA optimize`: endpoint path → role → page → cost */
  optimized?: { statisticsRows: number; costs: Record<string, Record<string, Partial<Record<PageKey, Cost>>>> };
  oauth?: OAuthResult;
}

export interface OAuthResult {
  /** OAuth clients, one refresh-token chain each */
  clients: number;
  rotationCost: RotationCost;
  introspectionCost: Cost;
  /** the answers to every rotation of the world (single requests and the load run) */
  tally: Tally;
  rotation?: Load;
  /** chains still usable after the load run */
  chainsLeft?: number;
  introspection?: Load;
}

export interface RunInfo {
  date: string;
  runtimeSeconds: number;
  machine: string[];
  code: string[];
  settings: string[];
  roles: { role: string; description: string }[];
  worker?: { size: BundleSize; startup: Startup[] };
}

/** The gzipped bundle size the Worker must stay under (KiB). */
const BUNDLE_TARGET_KIB = 250;

const callersOf = (e: EndpointResult) => e.callers ?? ["manager", "volunteer"];

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const table = (head: string[], rows: string[][]) => [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const baselineRps = (w: WorldResult) => (w.baselineBefore!.requestsPerSecond + w.baselineAfter!.requestsPerSecond) / 2;

function statusNote(cost: Cost | undefined): string {
  if (!cost) return "–";
  if (cost.timedOut) return `**${cost.detail}**`;
  if (cost.status === 200) return "200";
  return `${cost.status}${cost.detail ? ` (${cost.detail.slice(0, 60)})` : ""}`;
}

const PAGES = [...LIMITS, "last"] as const;

/** `pages (capped)` or why the walk stopped early */
function walkPages(w: Walk | undefined): string {
  if (!w) return "–";
  return `${fmt(w.pages)}${w.capped ? " (capped)" : ""}${w.stopped ? `, stopped at ${w.stopped}` : ""}`;
}

const deepRatio = (w: Walk | undefined) => (w?.first.rowsRead && w.max.rowsRead !== null ? w.max.rowsRead / w.first.rowsRead : null);

function costTable(world: WorldResult, role: string): string {
  const rows: string[][] = [];
  for (const e of world.endpoints.filter((x) => callersOf(x).includes(role))) {
    if (!e.present) {
      rows.push([`\`${e.path}\``, e.note ?? "not present", ...Array<string>(10).fill("")]);
      continue;
    }
    const c = e.costs[role] ?? {};
    const perPage = (pick: (x: Cost) => number | null) => PAGES.map((k) => (c[k] ? `${fmt(pick(c[k]!))}${c[k]!.unstable ? "*" : ""}` : "–")).join(" / ");
    const statuses = [...new Set(Object.values(c).map((x) => statusNote(x)))].join(", ");
    const w = e.walks?.[role];
    const ratio = deepRatio(w);
    rows.push([
      `\`${e.path}\``,
      statuses,
      fmt(c[10]?.count),
      perPage((x) => x.queries),
      perPage((x) => x.roundTrips),
      fmt(c[1]?.rowsRead),
      fmt(c[10]?.rowsRead),
      fmt(c[100]?.rowsRead),
      fmt(c.last?.rowsRead),
      walkPages(w),
      w && w.pages ? `${fmt(w.first.rowsRead)} / ${fmt(w.max.rowsRead)} (page ${fmt(w.max.page)}) / ${ratio === null ? "–" : `×${fmt(ratio, 2)}`}` : "–",
      LIMITS.map((k) => (c[k]?.timedOut ? "timeout" : `${fmt(c[k]?.totalMs, 1)}${c[k]?.runs === 1 ? "†" : ""}`)).join(" / "),
    ]);
  }
  return table(
    ["endpoint", "status", "count", "queries @1 / @10 / @100 / last", "round trips @1 / @10 / @100 / last", "rows_read @1", "rows_read @10", "rows_read @100", "rows_read last page @10 by offset", "via next @10: pages", "via next: rows first / max (page) / max÷first", "server ms @1 / @10 / @100"],
    rows,
  );
}

function loadTable(world: WorldResult): string {
  const base = baselineRps(world);
  const before = world.baselineBefore!;
  const after = world.baselineAfter!;
  const responses = (l: Load) =>
    Object.entries(l.statusCodes)
      .map(([code, n]) => `${n}×${code}`)
      .join(", ") + (l.errors || l.timeouts ? `; ${l.errors} errors, ${l.timeouts} timeouts` : "");
  const rows: string[][] = [
    ["`GET /api/` unauthenticated (no D1), before", fmt(before.requestsPerSecond, 1), fmt(before.p50, 1), fmt(before.p99, 1), "–", responses(before)],
  ];
  const auth = world.references?.find((r) => r.kind === "auth")?.load.requestsPerSecond;
  const ofAuth = (rps: number) => (auth ? `${fmt((100 * rps) / auth, 1)} %` : "–");
  rows[0].splice(5, 0, "–");
  for (const r of world.references ?? []) rows.push([`${r.label} — reference`, fmt(r.load.requestsPerSecond, 1), fmt(r.load.p50, 1), fmt(r.load.p99, 1), `${fmt((100 * r.load.requestsPerSecond) / base, 1)} %`, r.kind === "auth" ? "100 %" : ofAuth(r.load.requestsPerSecond), responses(r.load)]);
  for (const e of world.endpoints) {
    if (!e.present) continue;
    if (!e.load) {
      rows.push([`\`${e.path}?limit=10\``, "–", "–", "–", "–", "–", "not load-tested"]);
      continue;
    }
    const l = e.load;
    const caller = callersOf(e)[0];
    rows.push([`\`${e.path}?limit=10\`${caller === "manager" ? "" : ` (${caller} token)`}`, fmt(l.requestsPerSecond, 1), fmt(l.p50, 1), fmt(l.p99, 1), `${fmt((100 * l.requestsPerSecond) / base, 1)} %`, ofAuth(l.requestsPerSecond), responses(l)]);
  }
  rows.push(["`GET /api/` unauthenticated (no D1), after", fmt(after.requestsPerSecond, 1), fmt(after.p50, 1), fmt(after.p99, 1), "–", "–", responses(after)]);
  return table(["route", "req/s", "p50 ms", "p99 ms", "% of no-DB req/s", "% of auth-only req/s", "responses"], rows);
}

function worldTable(worlds: WorldResult[]): string {
  const names = [...new Set(worlds.flatMap((w) => Object.keys(w.counts)))];
  const rows = names.map((name) => [name, ...worlds.map((w) => fmt(w.counts[name]))]);
  rows.push(["build + load (s)", ...worlds.map((w) => `${fmt(w.buildSeconds, 1)} + ${fmt(w.loadSeconds, 1)}`)]);
  return table(["table", ...worlds.map((w) => `${w.label} world`)], rows);
}

const pct = (share: number, digits = 1) => `${fmt(100 * share, digits)} %`;

const BASIS_SHORT: Record<EventBasis, string> = { object: "object", any: "global incl.", shared: "shared" };

function boundOf(w: WorldResult, e: EndpointResult, role: string): { events: number; bound: number } | null {
  const events = e.basis ? w.visibleEvents?.[role]?.[e.basis] : undefined;
  return events === undefined ? null : { events, bound: TARGETS.boundFactor * events + TARGETS.boundBase };
}

/** The verdict for a figure that must stay at or below `limit`. */
const atMost = (value: number, limit: number, what: string) =>
  value <= limit ? `met: ${fmt(limit - value)} under (${pct(value / limit, 0)} of ${what})` : `**not met**: ${fmt(value - limit)} over (${fmt(value / limit, 1)}× ${what})`;

/** The verdict for a share that must reach `target`. */
const atLeast = (share: number, target: number) =>
  share >= target ? `met: ${fmt(100 * (share - target), 1)} points above` : `**not met**: ${fmt(100 * (target - share), 1)} points below`;

/** "N of M met", over the verdicts that judged something */
const tally = (verdicts: string[]) => {
  const met = verdicts.filter((v) => v.startsWith("met")).length;
  const judgedCount = met + verdicts.filter((v) => v.startsWith("**not met")).length;
  return judgedCount ? `${met} of ${judgedCount} met` : "not measured";
};

/** The (world, endpoint, caller) triples with a 200 at limit=10, and the ones refused. */
function judged(worlds: WorldResult[], roles: string[]) {
  const ok: { w: WorldResult; e: EndpointResult; role: string; c: Partial<Record<PageKey, Cost>> }[] = [];
  const refused: string[] = [];
  for (const w of worlds) {
    for (const e of w.endpoints.filter((x) => x.present)) {
      for (const role of roles.filter((r) => callersOf(e).includes(r))) {
        const c = e.costs[role] ?? {};
        if (c[10]?.status === 200 && c[10].rowsRead !== null) ok.push({ w, e, role, c });
        else refused.push(`${w.label} \`${e.path}\` (${role}: ${c[10]?.timedOut ? "no answer" : (c[10]?.status ?? "not measured")})`);
      }
    }
  }
  return { ok, refused };
}

/** Issue #13's targets, one table each, computed from the figures; met or not, and by how much. */
function targetsSection(worlds: WorldResult[], roles: string[]): string[] {
  const { ok, refused } = judged(worlds, roles);
  const out: string[] = [
    "## Targets",
    "",
    `Issue #13's targets, as far as they are measurable here, computed from the figures in the sections below. Each list endpoint is judged for every caller it answers 200 (unfiltered).${refused.length ? ` Not judged, because the endpoint refuses the caller or did not answer: ${refused.join(", ")}.` : ""}`,
    "",
    "Where a target is not met, [docs/performance.md, \"What is not reached yet\"](../docs/performance.md#what-is-not-reached-yet) says why (what the rows are spent on and what would reach the target); it is updated with each committed run.",
    "",
  ];

  // Item 1: a page costs the caller's visible events plus the page.
  const bounds = ok.map(({ w, e, role, c }) => {
    const b = boundOf(w, e, role);
    const verdict = b ? atMost(c[10]!.rowsRead!, b.bound, "the bound") : "no bound (no visible-event figure in this run)";
    return { row: [w.label, `\`${e.path}\``, role, b ? `${fmt(b.events)} (${BASIS_SHORT[e.basis!]})` : "–", b ? fmt(b.bound) : "–", fmt(c[10]!.rowsRead), verdict], verdict };
  });
  out.push(
    `### Rows read at limit=10 ≤ ${TARGETS.boundFactor} × visible events + ${TARGETS.boundBase}: ${tally(bounds.map((b) => b.verdict))}`,
    "",
    `Visible events: *object* = ${BASIS_LABEL.object} (directly or via groups; what \`/api/events/\` lists); *global incl.* = ${BASIS_LABEL.any} (every active event for the manager, who holds it through "Verwaltung"), for the shifts, the participation lists and \`/api/users/me/participations/\`, and also for \`/api/users/\` and \`/api/buildingblocks/\`, which list no events; *shared* = ${BASIS_LABEL.shared}, for the federation list.`,
    "",
    table(["world", "endpoint", "caller", "visible events", "bound", "rows_read @10", "verdict"], bounds.map((b) => b.row)),
    "",
  );

  // Item 2: deep pages via next cost what the first page cost.
  const deep = ok.flatMap(({ w, e, role, c }) => {
    const walked = e.walks?.[role];
    if (!walked?.pages) return [];
    const ratio = deepRatio(walked);
    const limit = TARGETS.deepRatio * (walked.first.rowsRead ?? 0);
    let verdict =
      ratio === null
        ? "no rows_read figures"
        : ratio <= TARGETS.deepRatio
          ? `met: ×${fmt(ratio, 2)}${walked.pages === 1 ? " (one page)" : ""}`
          : `**not met**: ×${fmt(ratio, 2)}, ${fmt(walked.max.rowsRead! - limit)} rows above ${TARGETS.deepRatio} × the first page`;
    if (walked.capped) verdict += ` (first ${fmt(walked.pages)} pages only)`;
    const notes: string[] = [];
    if (walked.stopped) notes.push(`stopped at ${walked.stopped}`);
    if (walked.duplicates) notes.push(`**${fmt(walked.duplicates)} rows listed twice**`);
    if (!walked.capped && !walked.stopped && walked.count !== null && walked.results !== walked.count) notes.push(`**${fmt(walked.results)} results seen, count ${fmt(walked.count)}**`);
    return [
      {
        row: [w.label, `\`${e.path}\``, role, walkPages(walked), `${fmt(walked.withPosition)} of ${fmt(Math.max(walked.pages - 1, 0))}`, fmt(walked.first.rowsRead), `${fmt(walked.max.rowsRead)} (page ${fmt(walked.max.page)})`, fmt(walked.last.rowsRead), fmt(c.last?.rowsRead), verdict, notes.join("; ") || "–"],
        verdict,
      },
    ];
  });
  const cap = worlds.find((w) => w.walkPages !== undefined)?.walkPages;
  out.push(
    `### Deep pages via \`next\`: every page ≤ ${TARGETS.deepRatio} × the first page's rows: ${deep.length ? tally(deep.map((d) => d.verdict)) : "not measured"}`,
    "",
    `\`next\` followed from \`?limit=10\` to the last page, one request per page${cap ? `, at most ${fmt(cap)} pages (*capped*: the list goes on beyond; the figures are those of the pages walked)` : ""}. *With position*: the pages after the first whose \`next\` link carried a signed \`position\` (a seek; without it the page skips \`offset\` rows). The last page by a hand-built \`offset\` (no \`position\`) is shown for comparison; it keeps its old price and is not judged.`,
    "",
    deep.length
      ? table(["world", "endpoint", "caller", "pages walked", "with position", "rows_read first page", "most rows_read (page)", "last page walked", "last page by offset", "verdict", "notes"], deep.map((d) => d.row))
      : "Not walked in this run (`--walk-pages 0`, or figures from an older run).",
    "",
  );

  // Round trips per request.
  const trips = ok.map(({ w, e, role, c }) => {
    const walked = e.walks?.[role];
    const values = [...PAGES.filter((k) => c[k]?.status === 200).map((k) => c[k]!.roundTrips), walked?.maxRoundTrips ?? null];
    // typeof: figures rendered from a run before round trips were recorded lack the field
    const reported = values.filter((v): v is number => typeof v === "number");
    const most = reported.length ? Math.max(...reported) : null;
    const verdict = most === null ? "not reported (no `round_trips` in Server-Timing)" : most <= TARGETS.roundTrips ? `met: at most ${most}` : `**not met**: ${most} (${most - TARGETS.roundTrips} over)`;
    return { row: [w.label, `\`${e.path}\``, role, PAGES.map((k) => (c[k]?.status === 200 ? fmt(c[k]!.roundTrips) : "–")).join(" / "), fmt(walked?.maxRoundTrips), PAGES.map((k) => (c[k]?.status === 200 ? fmt(c[k]!.queries) : "–")).join(" / "), verdict], verdict };
  });
  out.push(
    `### D1 round trips per request ≤ ${TARGETS.roundTrips}: ${tally(trips.map((t) => t.verdict))}`,
    "",
    "`round_trips` from Server-Timing: calls to D1, a batch of statements counting once (`src/db/instrumented.ts`); the statements in them are `queries`. The callers' tokens were used just before, so the Worker remembers them and their lookup goes along with the route's batch (`src/auth/token-cache.ts`); a token's first request in an isolate makes one round trip more.",
    "",
    table(["world", "endpoint", "caller", "round trips @1 / @10 / @100 / last by offset", "most along next", "queries @1 / @10 / @100 / last by offset", "verdict"], trips.map((t) => t.row)),
    "",
  );

  // Item 4: throughput against the authentication-only route, and across worlds.
  const tested = worlds.filter((w) => !w.loadSkipped && w.references?.some((r) => r.kind === "auth"));
  const shares: { row: string[]; verdict: string }[] = [];
  for (const w of tested) {
    const auth = w.references!.find((r) => r.kind === "auth")!.load.requestsPerSecond;
    for (const e of w.endpoints.filter((x) => x.present && x.load)) {
      const share = e.load!.requestsPerSecond / auth;
      const verdict = atLeast(share, TARGETS.authShare);
      shares.push({ row: [w.label, `\`${e.path}\`${callersOf(e)[0] === "manager" ? "" : ` (${callersOf(e)[0]})`}`, fmt(e.load!.requestsPerSecond, 1), fmt(auth, 1), pct(share), verdict], verdict });
    }
  }
  out.push(
    `### Throughput at limit=10 ≥ ${pct(TARGETS.authShare, 0)} of the authentication-only route: ${shares.length ? tally(shares.map((x) => x.verdict)) : "not load-tested"}`,
    "",
    "The reference is `GET /api/` with the manager's token: it authenticates the token (one D1 query) and answers the links of the API root, nothing else. Same world, same load settings; the manager's token (the guest's for the federation list).",
    "",
    shares.length ? table(["world", "endpoint", "req/s", "auth-only req/s", "share", "verdict"], shares.map((x) => x.row)) : `Not load-tested in this run (${worlds.map((w) => `${w.label}: ${w.loadSkipped ?? "no reference route"}`).join("; ")}).`,
    "",
  );
  if (tested.length >= 2) {
    const [small, large] = [tested[0], tested[tested.length - 1]];
    const authOf = (w: WorldResult) => w.references!.find((r) => r.kind === "auth")!.load.requestsPerSecond;
    const across: { row: string[]; verdict: string }[] = [];
    for (const e of large.endpoints.filter((x) => x.present && x.load)) {
      const before = small.endpoints.find((x) => x.path === e.path)?.load;
      if (!before) continue;
      const share = e.load!.requestsPerSecond / before.requestsPerSecond;
      const verdict = atLeast(share, TARGETS.worldShare);
      across.push({ row: [`\`${e.path}\``, fmt(before.requestsPerSecond, 1), fmt(e.load!.requestsPerSecond, 1), pct(share), verdict], verdict });
    }
    out.push(
      `### Throughput of the ${large.label} world ≥ ${pct(TARGETS.worldShare, 0)} of the ${small.label} world's: ${tally(across.map((x) => x.verdict))}`,
      "",
      `Per list endpoint at limit=10, req/s of the ${large.label} world over the ${small.label} world's. The authentication-only route, whose cost does not depend on the world, went from ${fmt(authOf(small), 1)} to ${fmt(authOf(large), 1)} req/s (${pct(authOf(large) / authOf(small))}): that is how much the machine itself drifted between the two worlds.`,
      "",
      table(["endpoint", `${small.label} req/s`, `${large.label} req/s`, `${large.label} ÷ ${small.label}`, "verdict"], across.map((x) => x.row)),
      "",
    );
  } else {
    out.push(`### Throughput across worlds ≥ ${pct(TARGETS.worldShare, 0)}: not measured`, "", "Needs the load tests in at least two worlds (`--load all`).", "");
  }
  return out;
}

/** The reading against the targets, one line per finding; computed, not written by hand. */
function reading(worlds: WorldResult[], roles: string[], worker: RunInfo["worker"]): string[] {
  const out: string[] = [];

  if (worker) {
    const gz = worker.size.gzipBytes / 1024;
    out.push(`**Bundle (target: ≤ ${BUNDLE_TARGET_KIB} KB gzipped):** ${fmt(gz, 1)} KiB gzipped (${fmt(worker.size.bytes / 1024, 1)} KiB raw): ${gz <= BUNDLE_TARGET_KIB ? "meets the target" : `**${fmt(gz - BUNDLE_TARGET_KIB, 1)} KiB over the target**`}.`, "");
  }

  out.push("**Throughput against the no-database route** (the target is against the authentication-only route, see Targets above; this is how far any D1 work is from none):", "");
  for (const w of worlds) {
    if (w.loadSkipped || !w.baselineBefore || !w.baselineAfter) {
      out.push(`- ${w.label} world: not load-tested (${w.loadSkipped}).`);
      continue;
    }
    const base = baselineRps(w);
    const tested = w.endpoints.filter((e) => e.present && e.load);
    const share = (rps: number) => `${fmt((100 * rps) / base, 1)} %`;
    const shares = tested.map((e) => e.load!.requestsPerSecond / base);
    out.push(`- ${w.label} world (no-DB route ${fmt(base, 1)} req/s, the mean of ${fmt(w.baselineBefore.requestsPerSecond, 1)} before and ${fmt(w.baselineAfter.requestsPerSecond, 1)} after): list endpoints ${tested.length ? `${fmt(100 * Math.min(...shares), 1)}–${fmt(100 * Math.max(...shares), 1)} %` : "–"} of it.`);
    for (const r of w.references ?? []) out.push(`  - Reference: ${r.label} reaches ${fmt(r.load.requestsPerSecond, 1)} req/s = ${share(r.load.requestsPerSecond)} (p99 ${fmt(r.load.p99)} ms).`);
    const bad = tested.filter((e) => e.load!.errors || e.load!.timeouts || Object.keys(e.load!.statusCodes).some((c) => c !== "200"));
    if (bad.length) out.push(`  - Not all answers were 200: ${bad.map((e) => `\`${e.path}\` (${Object.entries(e.load!.statusCodes).map(([c, n]) => `${n}×${c}`).join(", ")}; ${e.load!.errors} errors, ${e.load!.timeouts} timeouts)`).join("; ")}.`);
  }

  out.push("", "**Queries per request (target: the same at every page size):**", "");
  for (const w of worlds) {
    const varying: string[] = [];
    const constant: string[] = [];
    for (const e of w.endpoints.filter((x) => x.present)) {
      for (const role of roles) {
        const c = e.costs[role] ?? {};
        const ok = Object.values(c).filter((x) => x && x.status === 200 && x.queries !== null);
        if (!ok.length) continue;
        const byPage = ([...LIMITS, "last"] as PageKey[]).filter((k) => c[k]?.status === 200).map((k) => `${k === "last" ? "last page" : `@${k}`}: ${c[k]!.queries}`);
        if (new Set(ok.map((x) => x.queries)).size > 1) varying.push(`\`${e.path}\` (${role}; ${byPage.join(", ")})`);
        else constant.push(`\`${e.path}\` ${ok[0].queries}${roles.length > 1 ? ` (${role})` : ""}`);
      }
    }
    out.push(`- ${w.label} world: constant for ${constant.length ? constant.join(", ") : "none"}.`);
    if (varying.length) out.push(`  - **Grows with the page:** ${varying.join("; ")}.`);
  }
  const across: string[] = [];
  if (worlds.length > 1) {
    for (const e of worlds[0].endpoints.filter((x) => x.present)) {
      for (const role of roles) {
        const q = worlds.map((w) => w.endpoints.find((x) => x.path === e.path)?.costs[role]?.[10]).map((c) => (c?.status === 200 ? c.queries : null));
        if (q.every((x) => x !== null) && new Set(q).size > 1) across.push(`\`${e.path}\` (${role}: ${worlds.map((w, i) => `${w.label} ${q[i]}`).join(", ")})`);
      }
    }
    out.push(across.length ? `- **Differs between worlds** at limit=10: ${across.join("; ")}.` : "- Query counts at limit=10 are the same in every world.");
  }

  out.push(
    "",
    "**Rows read (target: growing with page size and visible rows, not with the whole table):**",
    "",
    "`visible` is the endpoint's `count` for that user, `table` the rows of the table it lists; `per result` = (rows_read@100 − rows_read@10) / 90, what one more row on the page costs; `fixed` = rows_read@1, what a page costs before its rows. A fixed cost at or above the whole table while the user sees only part of it means the request reads the table, not the user's rows; more than 50 rows per visible row is marked as reading far more than the visible rows.",
    "",
  );
  const rows: string[][] = [];
  for (const w of worlds) {
    for (const e of w.endpoints.filter((x) => x.present)) {
      for (const role of roles) {
        const c = e.costs[role] ?? {};
        const timedOut = Object.values(c).find((x) => x?.timedOut);
        if (timedOut) {
          rows.push([w.label, `\`${e.path}\``, role, fmt(c[10]?.count ?? c[1]?.count), fmt(w.counts[e.table]), fmt(c[1]?.rowsRead), "–", "–", `**${timedOut.detail}** (${([...LIMITS, "last"] as PageKey[]).filter((k) => c[k]?.timedOut).map((k) => (k === "last" ? "last page" : `limit=${k}`)).join(", ")}); the server was restarted`]);
          continue;
        }
        if (c[1]?.status !== 200 || c[1].rowsRead === null) continue;
        const visible = c[10]?.count ?? c[1].count ?? 0;
        const tableRows = w.counts[e.table] ?? null;
        const fixed = c[1].rowsRead;
        const perResult =
          c[100]?.status === 200 && c[10]?.status === 200 && (c[100]!.results ?? 0) > (c[10]!.results ?? 0)
            ? (c[100]!.rowsRead! - c[10]!.rowsRead!) / (c[100]!.results! - c[10]!.results!)
            : null;
        let verdict: string;
        if (fixed <= 1000) verdict = "small and bounded";
        else if (tableRows !== null && visible < 0.5 * tableRows && fixed >= tableRows) verdict = `**reads ≥ the whole table** (${fmt(fixed / tableRows, 1)}× its rows) though ${(100 * visible) / tableRows < 1 ? "< 1" : fmt((100 * visible) / tableRows)} % is visible`;
        else if (visible > 0 && fixed / visible <= 50) verdict = `∝ visible rows (${fmt(fixed / visible, 1)} rows per visible row)`;
        else if (visible > 0 && tableRows) verdict = `**reads far more than the visible rows** (${fmt(fixed / visible)} per visible row; ${fmt((100 * fixed) / tableRows)} % of the table's rows)`;
        else verdict = "reads rows though nothing is visible";
        rows.push([w.label, `\`${e.path}\``, role, fmt(visible), fmt(tableRows), fmt(fixed), perResult === null ? "–" : fmt(perResult, 1), fmt(c.last?.rowsRead), verdict]);
      }
    }
  }
  out.push(table(["world", "endpoint", "user", "visible", "table", "fixed (rows_read@1)", "per result", "last page @10", "reading"], rows));

  if (worlds.length > 1) {
    const [small, large] = [worlds[0], worlds[worlds.length - 1]];
    const growth: string[][] = [];
    for (const e of large.endpoints.filter((x) => x.present)) {
      for (const role of roles) {
        const a = small.endpoints.find((x) => x.path === e.path)?.costs[role]?.[10];
        const b = e.costs[role]?.[10];
        if (a?.status !== 200 || b?.status !== 200 || !a.rowsRead || !b.rowsRead) continue;
        const countGrowth = a.count && b.count ? b.count / a.count : null;
        const tableGrowth = small.counts[e.table] && large.counts[e.table] ? large.counts[e.table] / small.counts[e.table] : null;
        growth.push([`\`${e.path}\``, role, `${fmt(a.rowsRead)} → ${fmt(b.rowsRead)} (×${fmt(b.rowsRead / a.rowsRead, 1)})`, countGrowth === null ? "–" : `×${fmt(countGrowth, 1)}`, tableGrowth === null ? "–" : `×${fmt(tableGrowth, 1)}`, `${fmt(a.totalMs, 1)} → ${fmt(b.totalMs, 1)}`]);
      }
    }
    out.push("", `Growth from the ${small.label} to the ${large.label} world at limit=10:`, "", table(["endpoint", "user", "rows_read @10", "visible rows", "table rows", "server ms @10"], growth));
  }

  for (const w of worlds.filter((x) => x.optimized)) {
    const changed: string[] = [];
    for (const e of w.endpoints.filter((x) => x.present)) {
      for (const role of roles) {
        const before = e.costs[role]?.[10] ?? e.costs[role]?.[1];
        const after = w.optimized!.costs[e.path]?.[role]?.[10] ?? w.optimized!.costs[e.path]?.[role]?.[1];
        if (!before || !after || after.status !== 200 || after.rowsRead === null) continue;
        if (before.timedOut) changed.push(`\`${e.path}\` (${role}): no answer within the timeout → ${fmt(after.rowsRead)} rows, ${fmt(after.totalMs, 1)} ms`);
        // Statistics must not change what a page reads (test/db/planner-statistics.test.ts): every
        // difference beyond a few rows is named, whichever way it goes.
        else if (before.rowsRead !== null && Math.abs(after.rowsRead - before.rowsRead) > Math.max(50, 0.1 * before.rowsRead)) changed.push(`\`${e.path}\` (${role}): ${fmt(before.rowsRead)} → ${fmt(after.rowsRead)} rows read, ${fmt(before.totalMs, 1)} → ${fmt(after.totalMs, 1)} ms`);
      }
    }
    out.push("", `**Planner statistics (${w.label} world):** ${changed.length ? `\`PRAGMA optimize\` changes rows read at limit=10 by more than 10 % (and 50 rows) for ${changed.join("; ")}.` : "`PRAGMA optimize` changes no endpoint's rows read at limit=10 by more than 10 % (or 50 rows)."}`);
  }
  return out;
}

function optimizedSection(worlds: WorldResult[], roles: string[]): string[] {
  const out: string[] = [];
  for (const w of worlds.filter((x) => x.optimized)) {
    const opt = w.optimized!;
    out.push(`### ${w.label} world (${fmt(opt.statisticsRows)} rows in sqlite_stat1 afterwards)`, "");
    const rows: string[][] = [];
    const cell = (a: Cost | undefined, b: Cost | undefined, pick: (c: Cost) => number | null, digits = 0) => {
      const show = (c: Cost | undefined) => (!c ? "–" : c.timedOut ? "timeout" : c.status !== 200 ? String(c.status) : fmt(pick(c), digits));
      return `${show(a)} → ${show(b)}`;
    };
    for (const e of w.endpoints.filter((x) => x.present)) {
      for (const role of roles.filter((r) => callersOf(e).includes(r))) {
        const before = e.costs[role] ?? {};
        const after = opt.costs[e.path]?.[role] ?? {};
        rows.push([`\`${e.path}\``, role, cell(before[10], after[10], (c) => c.queries), cell(before[1], after[1], (c) => c.rowsRead), cell(before[10], after[10], (c) => c.rowsRead), cell(before[100], after[100], (c) => c.rowsRead), cell(before.last, after.last, (c) => c.rowsRead), cell(before[10], after[10], (c) => c.totalMs, 1)]);
      }
    }
    out.push(table(["endpoint", "user", "queries @10", "rows_read @1", "rows_read @10", "rows_read @100", "rows_read last page", "server ms @10"], rows), "");
  }
  return out;
}

const kib = (bytes: number) => fmt(bytes / 1024, 1);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function workerSection(worker: NonNullable<RunInfo["worker"]>): string[] {
  const { size, startup } = worker;
  const out = [
    "## Worker bundle and startup",
    "",
    `The bundle the bench serves (\`wrangler deploy --dry-run --outdir\`), without source maps, gzipped with node:zlib at its default level. Target: ≤ ${BUNDLE_TARGET_KIB} KB gzipped.${size.wranglerSizes ? ` wrangler's own count for the upload: ${size.wranglerSizes}.` : ""}`,
    "",
    table(["module", "raw KiB", "gzipped KiB"], [...size.files.map((f) => [`\`${f.name}\``, kib(f.bytes), kib(f.gzipBytes)]), ["**total**", `**${kib(size.bytes)}**`, `**${kib(size.gzipBytes)}**`]]),
    "",
  ];
  if (startup.length) {
    out.push(
      "Cold start: `wrangler check startup --worker <upload> --outfile <profile>` evaluates the Worker's top level (imports, route and schema construction) in a local workerd and writes a V8 CPU profile of that startup phase. *Phase*: first to last tick of the profile; *CPU*: its sampled time that was not `(idle)` (script compilation and evaluation, garbage collection). Measured on this machine's CPU, not Cloudflare's.",
      "",
      table(
        ["run", "startup phase ms", "CPU (not idle) ms", "of it GC ms", "samples"],
        startup.map((r, i) => [String(i + 1), fmt(r.durationMs, 1), fmt(r.cpuMs, 1), fmt(r.gcMs, 1), fmt(r.samples)]),
      ),
      "",
      `Median of ${startup.length}: startup phase ${fmt(median(startup.map((r) => r.durationMs)), 1)} ms, CPU ${fmt(median(startup.map((r) => r.cpuMs)), 1)} ms.`,
      "",
    );
  }
  return out;
}

function oauthSection(worlds: WorldResult[]): string[] {
  const out = [
    "## OAuth token endpoint",
    "",
    "`POST /api/oauth/token/` with `grant_type=refresh_token` (client_secret_post): each request spends a refresh token and gets the next one of its chain. The world has one confidential client per chain; the idle chains form a queue, so no two requests in flight carry the same token and consecutive requests go to different clients (the endpoint counts only failed requests, per client and address, in D1; a throttled request spends nothing and answers 429). `POST /api/oauth/introspect/` asks about one valid access token of a further client. D1 figures from Server-Timing of single requests (a rotation is measured on three chains after one unmeasured rotation); load as for the list endpoints, percentages against the same routes.",
    "",
  ];
  for (const w of worlds.filter((x) => x.oauth)) {
    const o = w.oauth!;
    const base = w.baselineBefore && w.baselineAfter ? baselineRps(w) : null;
    const auth = w.references?.find((r) => r.kind === "auth")?.load.requestsPerSecond;
    const responses = (l: Load) => Object.entries(l.statusCodes).map(([code, n]) => `${n}×${code}`).join(", ") + (l.errors || l.timeouts ? `; ${l.errors} errors, ${l.timeouts} timeouts` : "");
    const loadCells = (l: Load | undefined) => (l ? [fmt(l.requestsPerSecond, 1), fmt(l.p50, 1), fmt(l.p99, 1), base ? `${fmt((100 * l.requestsPerSecond) / base, 1)} %` : "–", auth ? `${fmt((100 * l.requestsPerSecond) / auth, 1)} %` : "–", responses(l)] : ["–", "–", "–", "–", "–", "not load-tested"]);
    const r = o.rotationCost;
    const i = o.introspectionCost;
    out.push(
      `### ${w.label} world`,
      "",
      table(
        ["route", "status", "queries", "rows_read", "rows_written", "server ms", "req/s", "p50 ms", "p99 ms", "% of no-DB req/s", "% of auth-only req/s", "responses"],
        [
          ["`POST /api/oauth/token/` (refresh_token rotation)", String(r.status), fmt(r.queries), fmt(r.rowsRead), fmt(r.rowsWritten), fmt(r.totalMs, 1), ...loadCells(o.rotation)],
          ["`POST /api/oauth/introspect/`", String(i.status), fmt(i.queries), fmt(i.rowsRead), "–", fmt(i.totalMs, 1), ...loadCells(o.introspection)],
        ],
      ),
      "",
    );
    const t = o.tally;
    const perClient = o.rotation ? (o.rotation.total / o.clients) * (60 / o.rotation.durationSeconds) : null;
    out.push(
      `Rotations in this world (single requests and load run): ${fmt(t.rotated)} rotated, ${fmt(t.throttled)} throttled (429), ${fmt(t.refused)} refused (4xx), ${fmt(t.dropped ?? 0)} lost by wrangler dev's proxy (its 503 "Your worker restarted mid-request", see the README), ${fmt(t.other)} other; ${o.chainsLeft === undefined ? "" : `${fmt(o.chainsLeft)} of ${fmt(o.clients)} chains usable afterwards (a chain whose request got no answer is given up, as are the ones in flight when the run ended). `}${perClient === null ? "" : `The load run asked each of the ${fmt(o.clients)} clients about ${fmt(perClient, 1)} times per minute.`}`,
      "",
    );
  }
  return out;
}

export function renderReport(info: RunInfo, worlds: WorldResult[]): string {
  const roles = info.roles.map((r) => r.role);
  const parts: string[] = [
    "# Benchmark results",
    "",
    "Produced by `npm run bench` (see [README.md](README.md) for what is measured and the caveats). Local `wrangler dev` (workerd) with local SQLite-backed D1: the figures compare endpoints with each other and across page and world sizes; they are not production latencies.",
    "",
    `- **Date:** ${info.date} (run took ${fmt(info.runtimeSeconds / 60, 1)} min)`,
    ...info.machine.map((m) => `- ${m}`),
    ...info.code.map((m) => `- ${m}`),
    ...info.settings.map((m) => `- ${m}`),
    "",
    "Callers (the users' bearer tokens hold all six scopes):",
    "",
    ...info.roles.map((r) => `- **${r.role}**: ${r.description}`),
    "",
    ...(info.worker ? workerSection(info.worker) : []),
    "## Worlds",
    "",
    worldTable(worlds),
    "",
    ...targetsSection(worlds, roles),
    "## Cost per request (Server-Timing)",
    "",
    "`queries`, `round_trips` and `rows_read` from the `Server-Timing` header (`d1;desc=\"queries=N rows_read=M rows_written=K round_trips=R\"`), for `?limit=1`, `10`, `100` and for the last page at `limit=10` reached by a hand-built `offset` (the last multiple of 10 below `count`, no `position`: it skips the rows before it). *Via next*: `next` followed from `?limit=10` page by page, one request each (see Targets for the cap); the rows read of its first page, of the page that read the most, and their ratio. `count` is the endpoint's total for that user. Server ms: median `total;dur` of three sequential requests after one unmeasured one (no concurrency); `†`: from the single first request, because it took over 2 s. `*`: the figure differed between repetitions. \"no answer\": the request was given up and the server restarted.",
    "",
  ];
  for (const w of worlds) {
    parts.push(`### ${w.label} world`, "");
    for (const role of roles.filter((r) => w.endpoints.some((e) => callersOf(e).includes(r)))) parts.push(`**${role}**`, "", costTable(w, role), "");
    const notes = w.endpoints.filter((e) => e.note && e.present);
    for (const e of notes) parts.push(`- \`${e.path}\`: ${e.note}`);
    if (notes.length) parts.push("");
  }
  parts.push("## Throughput under load (limit=10, manager token; the federation API with the guest's token)", "");
  parts.push(
    `\`GET /api/\` without credentials runs the whole middleware chain and answers 403 without touching D1 (checked from its Server-Timing in each world: ${worlds.map((w) => `${w.label}: ${w.baselineCheck.status}, queries=${w.baselineCheck.queries}`).join("; ")}). It is run before and after the endpoints; "% of no-DB" is against the mean of the two. \`GET /api/\` with the manager's token authenticates the token (one D1 query) and does nothing else: it is the reference of the throughput target ("% of auth-only", judged under Targets). \`GET /api/health/\` shows the smallest unauthenticated D1 route.`,
    "",
  );
  for (const w of worlds) {
    parts.push(`### ${w.label} world`, "");
    if (w.loadAverage) parts.push(`Machine load (1-minute load average, ${os.cpus().length} cores): ${w.loadAverage.before.toFixed(2)} when the load tests began, ${w.loadAverage.after.toFixed(2)} when they ended. Anything above the bench's own share means other processes competed for the cores.`, "");
    parts.push(w.loadSkipped || !w.baselineBefore ? `Not load-tested: ${w.loadSkipped ?? "no baseline"}.` : loadTable(w), "");
  }
  if (worlds.some((w) => w.oauth)) parts.push(...oauthSection(worlds));
  if (worlds.some((w) => w.optimized)) {
    parts.push(
      "## With planner statistics (`PRAGMA optimize`)",
      "",
      "The worlds above are as `wrangler d1 migrations apply` leaves a database: no `sqlite_stat1`, so SQLite plans without knowing table sizes or index selectivity (a new production D1 database is in the same state until someone runs `PRAGMA optimize`, which the D1 documentation advises after creating indexes). After the load tests, the bench runs `PRAGMA optimize` on the database and repeats the requests (before → after; no load test):",
      "",
      ...optimizedSection(worlds, roles),
    );
  }
  parts.push("## Other targets and readings", "", ...reading(worlds, roles, info.worker), "");
  return parts.join("\n");
}
