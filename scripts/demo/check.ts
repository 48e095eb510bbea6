/**
 * Checks the built demo before anything is written, and throws on any problem: first against the
 * fixture schema (src/db/fixtures/format.ts), then what the schema cannot see without a database
 * (references and uniqueness, which the loader checks in src/db/fixtures/validate.ts) and what the
 * demo promises beyond the format (valid shift configurations, every state and kind covered).
 */
import { z } from "zod";
import { fixtureSchema } from "../../src/db/fixtures/format";
import { MIN } from "./time";
import type { Fixture } from "./types";

const NAIVE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const AWARE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STRUCTURE_SLUGS = ["uniform", "qualification_mix", "named_teams", "complex"] as const;
const FLOW_SLUGS = ["instant_confirmation", "request_confirm", "manual", "coupled"] as const;

/** Collects `path: message` lines. */
class Problems {
  readonly lines: string[] = [];
  fail(path: string, msg: string): void {
    this.lines.push(`${path}: ${msg}`);
  }
  /** The ids of a list, each reported once more where it repeats. */
  ids(path: string, list: { id: number }[]): Set<number> {
    const seen = new Set<number>();
    list.forEach((x, i) => {
      if (seen.has(x.id)) this.fail(`${path}[${i}].id`, `duplicate id ${x.id}`);
      seen.add(x.id);
    });
    return seen;
  }
  ref(path: string, set: Set<number>, value: number | null | undefined, what: string): void {
    if (!set.has(value as number)) this.fail(path, `no ${what} with id ${JSON.stringify(value)}`);
  }
  /** `values` by index in the list at `path`; null: nothing to compare. */
  unique(path: string, values: (string | null)[], what: string): void {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (v === null) return;
      if (seen.has(v)) this.fail(`${path}[${i}]`, `duplicate ${what} ${v}`);
      seen.add(v);
    });
  }
  uuid4(path: string, value: unknown): void {
    if (typeof value !== "string" || !UUID4.test(value)) this.fail(path, "not a v4 uuid");
  }
}

type Ids = ReturnType<typeof collectIds>;

function collectIds(fx: Fixture, p: Problems) {
  const blocks = fx.building_blocks;
  p.ids("building_blocks[*].positions", blocks.flatMap((b) => b.positions));
  p.ids("building_blocks[*].qualification_requirements", blocks.flatMap((b) => b.qualification_requirements));
  p.ids("building_blocks[*].sub_compositions", blocks.flatMap((b) => b.sub_compositions));
  p.ids("participations", fx.participations);
  p.ids("api_tokens", fx.api_tokens);
  p.ids("federated_hosts", fx.federated_hosts);
  p.ids("invite_codes", fx.invite_codes);
  return {
    users: p.ids("users", fx.users),
    groups: p.ids("groups", fx.groups),
    categories: p.ids("qualification_categories", fx.qualification_categories),
    qualifications: p.ids("qualifications", fx.qualifications),
    eventTypes: p.ids("event_types", fx.event_types),
    events: p.ids("events", fx.events),
    shifts: p.ids("shifts", fx.shifts),
    federatedUsers: p.ids("federated_users", fx.federated_users),
    blocks: p.ids("building_blocks", blocks),
    applications: p.ids("oauth_applications", fx.oauth_applications),
    guests: p.ids("federated_guests", fx.federated_guests),
  };
}

function checkPeopleAndQualifications(fx: Fixture, ids: Ids, p: Problems): void {
  p.unique("users.email", fx.users.map((u) => u.email.toLowerCase()), "email (case-insensitive)");
  p.unique("groups.name", fx.groups.map((g) => g.name), "group name");
  fx.groups.forEach((g, i) => g.members.forEach((m, j) => p.ref(`groups[${i}].members[${j}]`, ids.users, m, "user")));
  const uuids = [...fx.qualification_categories, ...fx.qualifications, ...fx.building_blocks].map((x) => x.uuid);
  p.unique("uuids", uuids, "uuid");
  uuids.forEach((u, i) => p.uuid4(`uuids[${i}]`, u));
  fx.qualifications.forEach((q, i) => {
    p.ref(`qualifications[${i}].category`, ids.categories, q.category, "qualification category");
    q.includes.forEach((x, j) => p.ref(`qualifications[${i}].includes[${j}]`, ids.qualifications, x, "qualification"));
  });
  p.unique("qualification_grants", fx.qualification_grants.map((g) => `${g.user}:${g.qualification}`), "grant");
  fx.qualification_grants.forEach((g, i) => {
    p.ref(`qualification_grants[${i}].user`, ids.users, g.user, "user");
    p.ref(`qualification_grants[${i}].qualification`, ids.qualifications, g.qualification, "qualification");
  });
  fx.federated_users.forEach((f, i) => {
    p.ref(`federated_users[${i}].guest`, ids.guests, f.guest, "federated guest");
    f.qualifications.forEach((q, j) => p.ref(`federated_users[${i}].qualifications[${j}]`, ids.qualifications, q, "qualification"));
  });
}

function checkEvents(fx: Fixture, ids: Ids, p: Problems): void {
  fx.events.forEach((e, i) => p.ref(`events[${i}].type`, ids.eventTypes, e.type, "event type"));
  const key = (e: Fixture["event_permissions"][number]) => `${e.event}:${e.group === undefined ? `u${e.user}` : `g${e.group}`}:${e.permission}`;
  p.unique("event_permissions", fx.event_permissions.map(key), "event permission");
  fx.event_permissions.forEach((e, i) => {
    p.ref(`event_permissions[${i}].event`, ids.events, e.event, "event");
    if (e.group !== undefined) p.ref(`event_permissions[${i}].group`, ids.groups, e.group, "group");
    else p.ref(`event_permissions[${i}].user`, ids.users, e.user, "user");
  });
  p.unique("event_shares", fx.event_shares.map((s) => `${s.event}:${s.guest}`), "event share");
  fx.event_shares.forEach((s, i) => {
    p.ref(`event_shares[${i}].event`, ids.events, s.event, "event");
    p.ref(`event_shares[${i}].guest`, ids.guests, s.guest, "federated guest");
  });
}

type Shift = Fixture["shifts"][number];
/** Per shift, the team uuids and unit paths its participations' structure data may name. */
type Targets = { teams: Map<number, Set<string>>; units: Map<number, Set<string>> };

function checkShiftTimes(s: Shift, path: string, p: Problems): void {
  for (const k of ["meeting_time", "start_time", "end_time"] as const) if (!NAIVE.test(s[k])) p.fail(`${path}.${k}`, "not a naive datetime");
  if (!(s.meeting_time <= s.start_time && s.start_time < s.end_time)) p.fail(path, "needs meeting_time <= start_time < end_time");
  const mins = (Date.parse(`${s.start_time}Z`) - Date.parse(`${s.meeting_time}Z`)) / MIN;
  if (mins < 30 || mins > 60) p.fail(`${path}.meeting_time`, "should be 30 to 60 minutes before start_time");
}

function checkFlow(s: Shift, path: string, shiftById: Map<number, Shift>, p: Problems): void {
  const fc = s.signup_flow_configuration;
  const keys = Object.keys(fc).sort().join(",");
  const at = `${path}.signup_flow_configuration`;
  switch (s.signup_flow_slug) {
    case "instant_confirmation":
    case "request_confirm":
      if (keys !== "signup_until,user_can_customize_signup_times,user_can_decline_confirmed") p.fail(at, "unexpected keys");
      if (fc.signup_until !== null && !(typeof fc.signup_until === "string" && AWARE.test(fc.signup_until)))
        p.fail(`${at}.signup_until`, "must be null or a datetime string");
      if (typeof fc.user_can_decline_confirmed !== "boolean" || typeof fc.user_can_customize_signup_times !== "boolean") p.fail(at, "flags must be booleans");
      break;
    case "manual":
      if (keys !== "no_selfservice_explanation" || typeof fc.no_selfservice_explanation !== "string") p.fail(at, "manual needs no_selfservice_explanation");
      break;
    case "coupled": {
      const leader = shiftById.get(fc.leader_shift_id as number);
      if (keys !== "leader_shift_id" || !leader) p.fail(`${at}.leader_shift_id`, `no shift with id ${JSON.stringify(fc.leader_shift_id)}`);
      else if (leader.id === s.id || leader.event !== s.event || leader.signup_flow_slug === "coupled")
        p.fail(`${at}.leader_shift_id`, "leader must be another non-coupled shift of the same event");
      break;
    }
    default:
      p.fail(`${path}.signup_flow_slug`, `unknown flow ${s.signup_flow_slug}`);
  }
}

/** The configurations as the generator writes them (shifts.ts). */
interface StructureConfiguration {
  required_qualification_ids?: number[];
  qualification_requirements?: { qualification: number | null; min_count: number; max_count: number | null }[];
  teams?: { uuid: string; qualification: number | null }[];
  choose_preferred_team?: unknown;
  starting_blocks?: { uuid: string; building_block: number }[];
  choose_preferred_unit?: unknown;
}

/** Every unit path (root.<uuid>.<composition ids>.) of an atomic block reachable from a starting block. */
function unitPaths(fx: Fixture, starting: { uuid: string; building_block: number }[]): Set<string> {
  const blockById = new Map(fx.building_blocks.map((b) => [b.id, b]));
  const paths = new Set<string>();
  const walk = (blockId: number, path: string) => {
    const b = blockById.get(blockId);
    if (!b) return;
    if (b.block_type === "atomic") paths.add(path);
    else for (const c of b.sub_compositions) walk(c.sub_block, `${path}${c.id}.`);
  };
  for (const b of starting) walk(b.building_block, `root.${b.uuid}.`);
  return paths;
}

function checkStructure(fx: Fixture, s: Shift, path: string, ids: Ids, targets: Targets, p: Problems): void {
  const sc = s.structure_configuration as StructureConfiguration;
  const at = `${path}.structure_configuration`;
  const qref = (where: string, v: number | null) => {
    if (v !== null) p.ref(where, ids.qualifications, v, "qualification");
  };
  switch (s.structure_slug) {
    case "uniform":
      if (Object.keys(sc).sort().join(",") !== "maximum_number_of_participants,minimum_age,minimum_number_of_participants,required_qualification_ids")
        p.fail(at, "unexpected keys");
      (sc.required_qualification_ids ?? []).forEach((q, j) => qref(`${at}.required_qualification_ids[${j}]`, q));
      break;
    case "qualification_mix":
      if (!sc.qualification_requirements?.length) p.fail(`${at}.qualification_requirements`, "needs at least one entry");
      (sc.qualification_requirements ?? []).forEach((r, j) => {
        qref(`${at}.qualification_requirements[${j}].qualification`, r.qualification);
        if (r.max_count !== null && r.max_count < r.min_count) p.fail(`${at}.qualification_requirements[${j}]`, "max_count < min_count");
      });
      break;
    case "named_teams":
      if (!sc.teams?.length || typeof sc.choose_preferred_team !== "boolean") p.fail(at, "needs teams and choose_preferred_team");
      (sc.teams ?? []).forEach((t, j) => {
        qref(`${at}.teams[${j}].qualification`, t.qualification);
        p.uuid4(`${at}.teams[${j}].uuid`, t.uuid);
      });
      targets.teams.set(s.id, new Set((sc.teams ?? []).map((t) => t.uuid)));
      break;
    case "complex":
      if (!sc.starting_blocks?.length || typeof sc.choose_preferred_unit !== "boolean") p.fail(at, "needs starting_blocks and choose_preferred_unit");
      (sc.starting_blocks ?? []).forEach((b, j) => {
        p.ref(`${at}.starting_blocks[${j}].building_block`, ids.blocks, b.building_block, "building block");
        p.uuid4(`${at}.starting_blocks[${j}].uuid`, b.uuid);
      });
      targets.units.set(s.id, unitPaths(fx, sc.starting_blocks ?? []));
      break;
    default:
      p.fail(`${path}.structure_slug`, `unknown structure ${s.structure_slug}`);
  }
}

function checkShifts(fx: Fixture, ids: Ids, p: Problems): Targets {
  const shiftById = new Map(fx.shifts.map((s) => [s.id, s]));
  const targets: Targets = { teams: new Map(), units: new Map() };
  fx.shifts.forEach((s, i) => {
    const path = `shifts[${i}]`;
    p.ref(`${path}.event`, ids.events, s.event, "event");
    checkShiftTimes(s, path, p);
    checkFlow(s, path, shiftById, p);
    checkStructure(fx, s, path, ids, targets, p);
  });
  const uuids = fx.shifts.flatMap((s) => {
    const sc = s.structure_configuration as StructureConfiguration;
    return [...(sc.teams ?? []), ...(sc.starting_blocks ?? [])].map((x) => x.uuid);
  });
  p.unique("shift uuids", uuids, "team / starting block uuid");
  return targets;
}

const STRUCTURE_DATA_TARGET: Record<string, keyof Targets> = {
  preferred_team_uuid: "teams",
  dispatched_team_uuid: "teams",
  preferred_unit_path: "units",
  dispatched_unit_path: "units",
};

function checkParticipations(fx: Fixture, ids: Ids, targets: Targets, p: Problems): void {
  const shiftById = new Map(fx.shifts.map((s) => [s.id, s]));
  fx.participations.forEach((x, i) => {
    const path = `participations[${i}]`;
    p.ref(`${path}.shift`, ids.shifts, x.shift, "shift");
    if (x.kind === "local") p.ref(`${path}.user`, ids.users, x.user, "user");
    if (x.kind === "federated") p.ref(`${path}.federated_user`, ids.federatedUsers, x.federated_user, "federated user");
    x.comments.forEach((c, j) => {
      if (c.authored_by_responsible !== null) p.ref(`${path}.comments[${j}].authored_by_responsible`, ids.users, c.authored_by_responsible, "user");
    });
    const s = shiftById.get(x.shift);
    if (!s) return;
    for (const k of ["individual_start_time", "individual_end_time"] as const) {
      const v = x[k];
      if (v === null) continue;
      if (!NAIVE.test(v)) p.fail(`${path}.${k}`, "not a naive datetime");
      else if (v < s.start_time || v > s.end_time) p.fail(`${path}.${k}`, "outside the shift");
    }
    for (const [k, v] of Object.entries(x.structure_data)) {
      const target = STRUCTURE_DATA_TARGET[k];
      if (!target) p.fail(`${path}.structure_data.${k}`, "unexpected key");
      else if (!targets[target].get(s.id)?.has(v as string)) p.fail(`${path}.structure_data.${k}`, `not a ${target === "teams" ? "team" : "unit path"} of the shift`);
    }
  });
  const participant = (x: Fixture["participations"][number]) =>
    x.kind === "local" ? `${x.shift}:u${x.user}` : x.kind === "federated" ? `${x.shift}:f${x.federated_user}` : null;
  p.unique("participations", fx.participations.map(participant), "participant in a shift");
}

function checkBuildingBlocks(fx: Fixture, ids: Ids, p: Problems): void {
  fx.building_blocks.forEach((b, i) => {
    const at = `building_blocks[${i}]`;
    b.positions.forEach((x, j) => x.qualifications.forEach((q, k) => p.ref(`${at}.positions[${j}].qualifications[${k}]`, ids.qualifications, q, "qualification")));
    b.qualification_requirements.forEach((r, j) =>
      r.qualifications.forEach((q, k) => p.ref(`${at}.qualification_requirements[${j}].qualifications[${k}]`, ids.qualifications, q, "qualification")),
    );
    b.sub_compositions.forEach((c, j) => {
      p.ref(`${at}.sub_compositions[${j}].sub_block`, ids.blocks, c.sub_block, "building block");
      if (c.sub_block === b.id) p.fail(`${at}.sub_compositions[${j}]`, "block contains itself");
    });
  });
}

function checkAccess(fx: Fixture, ids: Ids, p: Problems): void {
  p.unique("api_tokens.token", fx.api_tokens.map((t) => t.token), "token");
  fx.api_tokens.forEach((t, i) => p.ref(`api_tokens[${i}].user`, ids.users, t.user, "user"));
  p.unique("oauth_applications.client_id", fx.oauth_applications.map((a) => a.client_id), "client_id");
  fx.oauth_applications.forEach((a, i) => {
    if (a.owner !== null) p.ref(`oauth_applications[${i}].owner`, ids.users, a.owner, "user");
  });
  fx.federated_guests.forEach((g, i) => {
    if (!/^[0-9a-f]{64}$/.test(g.access_token)) p.fail(`federated_guests[${i}].access_token`, "must be 64 lowercase hex");
  });
  p.unique("federated_hosts.oauth_application", fx.federated_hosts.map((h) => String(h.oauth_application)), "oauth_application");
  fx.federated_hosts.forEach((h, i) => {
    p.ref(`federated_hosts[${i}].oauth_application`, ids.applications, h.oauth_application, "oauth application");
    const app = fx.oauth_applications.find((a) => a.id === h.oauth_application);
    if (app && app.redirect_uris.join(" ") !== `${h.url}/api/federation/oauth-callback/`)
      p.fail(`federated_hosts[${i}]`, "its application must redirect to <host url>/api/federation/oauth-callback/");
  });
}

/** What the demo is for: every flow, structure, state and kind to look at. */
function checkCoverage(fx: Fixture, p: Problems): void {
  const need = <T>(what: string, wanted: readonly T[], have: Iterable<T>) => {
    const set = new Set(have);
    const missing = wanted.filter((w) => !set.has(w));
    if (missing.length) p.fail("coverage", `${what} missing: ${missing.join(", ")}`);
  };
  need<string>("structure_slug", STRUCTURE_SLUGS, fx.shifts.map((s) => s.structure_slug));
  need<string>("signup_flow_slug", FLOW_SLUGS, fx.shifts.map((s) => s.signup_flow_slug));
  need("participation state", [0, 1, 2, 3, 4], fx.participations.map((x) => x.state));
  need("participation kind", ["local", "placeholder", "federated"], fx.participations.map((x) => x.kind));
  need("comment visible_for", [0, 1, 2], fx.participations.flatMap((x) => x.comments.map((c) => c.visible_for)));
  need("show_participant_data", [0, 1, 2, 3], fx.event_types.map((t) => t.show_participant_data));
  if (fx.events.length < 60) p.fail("events", `needs at least 60 events, has ${fx.events.length}`);
  if (!fx.events.some((e) => !e.active)) p.fail("events", "needs an inactive event");
  const withShifts = new Set(fx.shifts.map((s) => s.event));
  if (!fx.events.some((e) => !withShifts.has(e.id))) p.fail("events", "needs an event without shifts");
  if (!fx.participations.some((x) => x.finished)) p.fail("participations", "needs finished participations");
  if (!fx.participations.some((x) => x.individual_start_time || x.individual_end_time)) p.fail("participations", "needs individual times");
  if (fx.event_shares.length < 3 || fx.event_shares.length > 5) p.fail("event_shares", `should share 3 to 5 events, has ${fx.event_shares.length}`);
}

export function validateDemoFixture(fx: Fixture): void {
  const parsed = fixtureSchema.safeParse(fx);
  if (!parsed.success) throw new Error(`demo fixture does not match the fixture format:\n${z.prettifyError(parsed.error)}`);
  const p = new Problems();
  const ids = collectIds(fx, p);
  checkPeopleAndQualifications(fx, ids, p);
  checkEvents(fx, ids, p);
  checkParticipations(fx, ids, checkShifts(fx, ids, p), p);
  checkBuildingBlocks(fx, ids, p);
  checkAccess(fx, ids, p);
  checkCoverage(fx, p);
  const errors = p.lines;
  if (errors.length) {
    throw new Error(`demo fixture self-check failed (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n  ${errors.slice(0, 50).join("\n  ")}`);
  }
}
