/**
 * Signup statistics: how full a shift is, computed from the shift's structure
 * configuration, its participations and the qualification / building-block data of the instance.
 * Pure functions; the caller loads everything (once per page) and passes it in.
 *
 * Configurations are stored as opaque JSON, so nothing here trusts their shape: a value of
 * the wrong type counts as "not configured", and a configuration the structure cannot work with
 * at all gives the Fallback numbers. No JSON shape makes these functions throw.
 */
import { maxWeightMatching } from "../../lib/matching";

export interface SignupStats {
  requested_count: number;
  confirmed_count: number;
  missing: number;
  free: number | null;
  min_count: number | null;
  max_count: number | null;
}

/** The identity of `addStats`; also what an event without shifts shows. */
export const ZERO_STATS: SignupStats = Object.freeze({
  requested_count: 0,
  confirmed_count: 0,
  missing: 0,
  free: 0,
  min_count: null,
  max_count: 0,
});

/** `SignupStats.__add__` (`src/ephios/core/signup/stats.py`). */
export function addStats(a: SignupStats, b: SignupStats): SignupStats {
  return {
    requested_count: a.requested_count + b.requested_count,
    confirmed_count: a.confirmed_count + b.confirmed_count,
    missing: a.missing + b.missing,
    free: a.free !== null && b.free !== null ? a.free + b.free : null,
    min_count: a.min_count === null && b.min_count === null ? null : (a.min_count ?? 0) + (b.min_count ?? 0),
    max_count: a.max_count !== null && b.max_count !== null ? a.max_count + b.max_count : null,
  };
}

/** `Event.get_signup_stats()`: the shifts' stats added up, starting from ZERO. */
export function foldEventStats(shiftStats: SignupStats[]): SignupStats {
  return shiftStats.reduce(addStats, ZERO_STATS);
}

/** One participation of the shift as the stats need it. Only states 0 (REQUESTED) and 1 (CONFIRMED) matter; pass all, the function filters. */
export interface StatsParticipation {
  state: number;
  /** raw JSON (preferred_team_uuid, dispatched_team_uuid, preferred_unit_path, dispatched_unit_path …) */
  structureData: Record<string, unknown>;
  /** the participant's qualifications as stored (local: unexpired grants; federated: stored set; placeholder: []) */
  qualificationIds: number[];
}

/** Everything besides the shift's own participations that a structure may need, loaded once per page. */
export interface StatsContext {
  /**
   * Qualification id → ids it DIRECTLY includes (`includes`). Every existing qualification must be
   * a key (with `[]` if it includes nothing): `qualification_mix` treats an id that is not a key as
   * a deleted qualification, which anyone fulfils. The closure is computed here; cycles are fine.
   */
  qualificationIncludes: ReadonlyMap<number, readonly number[]>;
  /** building blocks by id, for `complex` */
  buildingBlocks: ReadonlyMap<number, BuildingBlockForStats>;
}

export interface BuildingBlockForStats {
  id: number;
  uuid: string;
  blockType: "atomic" | "composite";
  allowMore: boolean;
  positions: { id: number; optional: boolean; qualificationIds: number[] }[];
  qualificationRequirements: { everyone: boolean; atLeast: number; qualificationIds: number[] }[];
  subCompositions: { id: number; subBlockId: number; optional: boolean }[];
}

const REQUESTED = 0;
const CONFIRMED = 1;

/**
 * `Shift.get_signup_stats()`: the numbers of the shift's structure, or of the Fallback structure
 * for an unknown slug or a configuration the structure cannot use. `requested_count` and
 * `confirmed_count` are always the shift's totals.
 */
export function shiftSignupStats(
  shift: { structureSlug: string; structureConfiguration: Record<string, unknown> },
  participations: StatsParticipation[],
  context: StatsContext,
): SignupStats {
  const positive = participations.filter((p) => p.state === REQUESTED || p.state === CONFIRMED);
  const config = asRecord(shift.structureConfiguration);
  let stats: SignupStats | null = null;
  switch (shift.structureSlug) {
    case "uniform":
      stats = uniformStats(config, positive);
      break;
    case "qualification_mix":
      stats = qualificationMixStats(config, positive, new QualificationGraph(context.qualificationIncludes));
      break;
    case "named_teams":
      stats = namedTeamsStats(config, positive);
      break;
    case "complex":
      stats = complexStats(config, positive, context);
      break;
  }
  return stats ?? fallbackStats(positive);
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Python truthiness of a JSON value. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** A configured count: a non-negative safe integer. Anything else (strings, negatives, fractions, garbage) counts as not configured. */
function countOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function countStates(participations: StatsParticipation[]): { requested: number; confirmed: number } {
  const confirmed = participations.filter((p) => p.state === CONFIRMED).length;
  return { requested: participations.length - confirmed, confirmed };
}

/**
 * `BaseShiftStructure.get_signup_stats` (`src/ephios/core/signup/structure/base.py`): a bound
 * counts only when truthy, so 0 and null both mean "none" for missing / free, but are reported raw.
 */
function boundedStats(requested: number, confirmed: number, min: number | null, max: number | null): SignupStats {
  return {
    requested_count: requested,
    confirmed_count: confirmed,
    missing: min ? Math.max(min - confirmed, 0) : 0,
    free: max ? Math.max(max - confirmed, 0) : null,
    min_count: min,
    max_count: max,
  };
}

/** The catch-all group of the group-based structures: people counted, but filling nothing. */
function unassignedStats(requested: number, confirmed: number): SignupStats {
  return { ...ZERO_STATS, requested_count: requested, confirmed_count: confirmed };
}

/** The qualification inclusion graph (`QualificationUniverse.get_graph()`, `src/ephios/extra/graphs.py`). */
class QualificationGraph {
  private includedBy: Map<number, number[]> | undefined;

  constructor(private readonly includes: ReadonlyMap<number, readonly number[]>) {}

  isKnown(id: number): boolean {
    return this.includes.has(id);
  }

  /** The ids plus everything they include, transitively (`spread_from`). */
  spreadFrom(ids: Iterable<number>): Set<number> {
    return reachable(ids, (id) => this.includes.get(id) ?? []);
  }

  /** The ids plus everything that includes one of them, transitively (`spread_reverse`). */
  spreadReverse(ids: Iterable<number>): Set<number> {
    if (!this.includedBy) {
      this.includedBy = new Map();
      for (const [id, included] of this.includes) {
        for (const child of included) {
          const parents = this.includedBy.get(child);
          if (parents) parents.push(id);
          else this.includedBy.set(child, [id]);
        }
      }
    }
    const includedBy = this.includedBy;
    return reachable(ids, (id) => includedBy.get(id) ?? []);
  }

  /** `skill_level` (`src/ephios/core/services/matching.py`): how high up the hierarchy a requirement sits, in [0, 1]. */
  skillLevel(required: ReadonlySet<number>): number {
    if (required.size === 0) return 0;
    const below = this.spreadFrom(required);
    const related = new Set([...below, ...this.spreadReverse(required)]);
    return below.size / related.size;
  }
}

function reachable(starts: Iterable<number>, next: (id: number) => Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const queue = [...starts];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of next(id)) queue.push(child);
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------
// Fallback (`src/ephios/core/signup/fallback.py`): the base formula without bounds.

function fallbackStats(positive: StatsParticipation[]): SignupStats {
  const { requested, confirmed } = countStates(positive);
  return boundedStats(requested, confirmed, null, null);
}

// ---------------------------------------------------------------------------------------------
// uniform (`src/ephios/plugins/baseshiftstructures/structure/uniform.py`, `common.py`):
// the base formula with the configured minimum and maximum. Qualifications play no part.

function uniformStats(config: Record<string, unknown>, positive: StatsParticipation[]): SignupStats {
  const { requested, confirmed } = countStates(positive);
  return boundedStats(
    requested,
    confirmed,
    countOrNull(config.minimum_number_of_participants),
    countOrNull(config.maximum_number_of_participants),
  );
}

// ---------------------------------------------------------------------------------------------
// qualification_mix (`src/ephios/plugins/baseshiftstructures/structure/qualification_mix.py`):
// CONFIRMED participants are matched to positions per requirement; each requirement counts the
// participants matched to it, the rest land in an "unpaired" group with all REQUESTED ones.

function qualificationMixStats(
  config: Record<string, unknown>,
  positive: StatsParticipation[],
  graph: QualificationGraph,
): SignupStats | null {
  const raw = config.qualification_requirements;
  if (!Array.isArray(raw)) return null; // ephios crashes without a list
  const requirements = raw.filter(isRecord).map((requirement) => {
    const qualification = requirement.qualification;
    return {
      // null or unknown: the requirement needs nothing, anyone fits
      qualification: typeof qualification === "number" && graph.isKnown(qualification) ? qualification : null,
      min: countOrNull(requirement.min_count) ?? 0,
      max: countOrNull(requirement.max_count),
    };
  });
  const confirmed = positive.filter((p) => p.state === CONFIRMED);
  const n = confirmed.length;

  // ephios creates `max_count` positions per requirement (or max(min_count, N) without a maximum),
  // the first `min_count` of them required. At most N can ever be filled, so N per requirement
  // (required ones first) give the same numbers. Places that need the same qualification and are
  // equally required are interchangeable, also across requirements: the matching runs over one
  // column per such kind with the number of places as its capacity, so its work follows the
  // participants and the qualifications named, never the places.
  interface Column {
    qualification: number | null;
    required: boolean;
    places: { requirement: number; count: number }[];
  }
  const byKind = new Map<string, Column>();
  requirements.forEach((requirement, index) => {
    const count = Math.min(requirement.max ?? Math.max(requirement.min, n), n);
    const required = Math.min(requirement.min, count);
    for (const [isRequired, places] of [[true, required], [false, count - required]] as const) {
      if (places === 0) continue;
      const key = `${requirement.qualification}/${isRequired}`;
      const column = byKind.get(key) ?? { qualification: requirement.qualification, required: isRequired, places: [] };
      column.places.push({ requirement: index, count: places });
      byKind.set(key, column);
    }
  });
  const columns = [...byKind.values()];

  // Lexicographic: the most pairings, then the most required positions among them. ephios adds a
  // small preference for high-skill requirements, which only chooses between matchings with the
  // same numbers (missing and free depend on the number of pairings and of required positions
  // filled only), so it is left out.
  const pairingValue = n + 1;
  const weights = confirmed.map((participation) => {
    const skill = graph.spreadFrom(participation.qualificationIds);
    return columns.map((column) => (column.qualification !== null && !skill.has(column.qualification) ? 0 : pairingValue + (column.required ? 1 : 0)));
  });
  const capacities = columns.map((column) => column.places.reduce((sum, place) => sum + place.count, 0));
  const filled = columns.map(() => 0);
  let paired = 0;
  for (const column of maxWeightMatching(weights, capacities)) {
    if (column < 0) continue;
    filled[column]++;
    paired++;
  }
  // Each column's participants take its requirements' places in order. A requirement cannot hold
  // optional participants while its required places are open: moving one there would add weight.
  const matchedPerRequirement = requirements.map(() => 0);
  columns.forEach((column, index) => {
    let left = filled[index];
    for (const place of column.places) {
      const taken = Math.min(left, place.count);
      matchedPerRequirement[place.requirement] += taken;
      left -= taken;
    }
  });

  let stats = ZERO_STATS;
  requirements.forEach((requirement, index) => {
    stats = addStats(stats, boundedStats(0, matchedPerRequirement[index], requirement.min, requirement.max));
  });
  return addStats(stats, unassignedStats(positive.length - n, n - paired));
}

// ---------------------------------------------------------------------------------------------
// named_teams (`src/ephios/plugins/baseshiftstructures/structure/named_teams.py`): the base
// formula per team over the people dispatched to (else preferring) it; everyone else is "noteam".

function namedTeamsStats(config: Record<string, unknown>, positive: StatsParticipation[]): SignupStats | null {
  const raw = config.teams;
  if (!Array.isArray(raw)) return null; // ephios crashes without a list
  // Keyed by uuid like ephios's dict, so a repeated uuid keeps the last team. A team without a
  // string uuid still offers its places, but nobody can be assigned to it.
  const teams = new Map<string, { min: number | null; max: number | null }>();
  const unreachableTeams: { min: number | null; max: number | null }[] = [];
  for (const team of raw.filter(isRecord)) {
    const bounds = { min: countOrNull(team.min_count), max: countOrNull(team.max_count) };
    if (typeof team.uuid === "string") teams.set(team.uuid, bounds);
    else unreachableTeams.push(bounds);
  }

  const counts = new Map([...teams.keys()].map((uuid) => [uuid, { requested: 0, confirmed: 0 }]));
  const noTeam = { requested: 0, confirmed: 0 };
  for (const participation of positive) {
    const data = asRecord(participation.structureData);
    const chosen = truthy(data.dispatched_team_uuid) ? data.dispatched_team_uuid : data.preferred_team_uuid;
    const bucket = (typeof chosen === "string" && chosen !== "" && counts.get(chosen)) || noTeam;
    if (participation.state === CONFIRMED) bucket.confirmed++;
    else bucket.requested++;
  }

  let stats = ZERO_STATS;
  for (const [uuid, team] of teams) {
    const count = counts.get(uuid)!;
    stats = addStats(stats, boundedStats(count.requested, count.confirmed, team.min, team.max));
  }
  for (const team of unreachableTeams) stats = addStats(stats, boundedStats(0, 0, team.min, team.max));
  return addStats(stats, unassignedStats(noTeam.requested, noTeam.confirmed));
}

// ---------------------------------------------------------------------------------------------
// complex (`src/ephios/plugins/complexsignup/structure.py`, scores from
// `src/ephios/core/services/matching.py`): the starting blocks are expanded into atomic block
// occurrences with positions, REQUESTED and CONFIRMED participants are matched to them, and every
// position contributes by its kind and holder.

/**
 * A tree of more block occurrences or regular positions than this counts as a malformed
 * configuration (Fallback numbers). Both lie far beyond any real roster (a large event with 50
 * vehicles of 6 seats has 300 positions) and bound the matching's columns, so the stats of every
 * shift take bounded work, whatever blocks its configuration names.
 */
export const MAX_TREE_BLOCKS = 256;
const MAX_TREE_POSITIONS = 1024;

interface AtomicOccurrence {
  /** `root.<starting uuid>.` then `<composition id>.` per level */
  path: string;
  block: BuildingBlockForStats;
  /** qualifications of all `everyone` requirements on the way down */
  required: ReadonlySet<number>;
  /** the starting block or a composition on the way down is optional */
  optional: boolean;
}

type PositionKind = "regular" | "allow_more" | "overflow";

/** Interchangeable positions: same unit (or any unit nobody refers to), kind, requiredness and qualifications. */
interface PositionGroup {
  /** null: the positions lie in units that no participant is dispatched to or prefers */
  path: string | null;
  kind: PositionKind;
  required: boolean;
  qualificationIds: readonly number[];
  skillLevel: number;
  count: number;
}

function expandStartingBlocks(
  config: Record<string, unknown>,
  blocks: ReadonlyMap<number, BuildingBlockForStats>,
): AtomicOccurrence[] | null {
  const raw = config.starting_blocks;
  if (!Array.isArray(raw)) return null; // ephios crashes without a list
  const atomics: AtomicOccurrence[] = [];
  let expanded = 0;
  let positions = 0;

  const expand = (
    block: BuildingBlockForStats,
    path: string,
    inherited: ReadonlySet<number>,
    optional: boolean,
    ancestors: ReadonlySet<number>,
  ): boolean => {
    if (++expanded > MAX_TREE_BLOCKS) return false;
    const required = new Set(inherited);
    for (const requirement of block.qualificationRequirements) {
      // ephios raises for "at least" requirements (everyone=false), so such a shift cannot even
      // be displayed there. Unsupported here as well: they are ignored instead of failing.
      if (requirement.everyone) for (const id of requirement.qualificationIds) required.add(id);
    }
    if (block.blockType !== "composite") {
      positions += block.positions.length;
      atomics.push({ path, block, required, optional });
      return positions <= MAX_TREE_POSITIONS;
    }
    const lineage = new Set(ancestors).add(block.id);
    for (const composition of block.subCompositions) {
      const sub = blocks.get(composition.subBlockId);
      if (!sub || lineage.has(sub.id)) continue; // deleted block or a cycle (the block editor forbids both)
      if (!expand(sub, `${path}${composition.id}.`, required, optional || composition.optional, lineage)) return false;
    }
    return true;
  };

  for (const entry of raw) {
    // Entries without a known block are skipped like ephios does; without a string uuid they have no path.
    if (!isRecord(entry) || typeof entry.uuid !== "string" || typeof entry.building_block !== "number") continue;
    const block = blocks.get(entry.building_block);
    if (!block) continue;
    if (!expand(block, `root.${entry.uuid}.`, new Set(), truthy(entry.optional), new Set())) return null;
  }
  return atomics;
}

/**
 * The positions of the tree as ephios builds them, grouped: a pairing's weight depends on the
 * position's unit only for participants dispatched to or preferring that unit, so positions of
 * other units that agree in kind, requiredness and qualifications are interchangeable and become
 * one group (one matching column with the group's size as capacity).
 */
function groupPositions(
  atomics: AtomicOccurrence[],
  positive: StatsParticipation[],
  graph: QualificationGraph,
): PositionGroup[] {
  const referenced = new Set<string>();
  for (const participation of positive) {
    for (const key of ["dispatched_unit_path", "preferred_unit_path"] as const) {
      const path = unitPath(participation, key);
      if (path !== null) referenced.add(path);
    }
  }
  const groups = new Map<string, PositionGroup>();
  const skillLevels = new Map<string, number>(); // many groups share a set of qualifications
  const add = (path: string, kind: PositionKind, required: boolean, qualifications: ReadonlySet<number>, count: number) => {
    if (count === 0) return;
    const unit = referenced.has(path) ? path : null;
    const qualificationIds = [...qualifications].sort((a, b) => a - b);
    const key = JSON.stringify([unit, kind, required, qualificationIds]);
    const group = groups.get(key);
    if (group) {
      group.count += count;
      return;
    }
    const ids = `${qualificationIds}`;
    const skillLevel = skillLevels.get(ids) ?? graph.skillLevel(qualifications);
    skillLevels.set(ids, skillLevel);
    groups.set(key, { path: unit, kind, required, qualificationIds, skillLevel, count });
  };
  for (const { path, block, required, optional } of atomics) {
    for (const position of block.positions) {
      add(path, "regular", !(position.optional || optional), new Set([...required, ...position.qualificationIds]), 1);
    }
    // one more than there are participants, as ephios keeps one spare for its signup check
    const allowMoreCount = block.allowMore ? positive.length + 1 : 0;
    add(path, "allow_more", false, required, allowMoreCount);
    const dispatchedHere = positive.filter((p) => unitPath(p, "dispatched_unit_path") === path).length;
    add(path, "overflow", false, required, Math.max(0, dispatchedHere - block.positions.length - allowMoreCount));
  }
  return [...groups.values()];
}

function unitPath(participation: StatsParticipation, key: "dispatched_unit_path" | "preferred_unit_path"): string | null {
  const value = asRecord(participation.structureData)[key];
  return typeof value === "string" ? value : null;
}

/** Resolution of the skill-level tie-breaker (ephios uses the float directly). */
const SKILL_STEPS = 100;
/** Largest tie-breaker of one pairing: preferred 3 + confirmed 2 + regular 2, plus the skill term (offset 1 ± 1), in SKILL_STEPS. */
const MAX_TIE_BREAKER = 9 * SKILL_STEPS;

interface Pairing {
  valid: boolean;
  dispatchedHere: boolean;
  qualified: boolean;
  required: boolean;
  preferred: boolean;
  confirmed: boolean;
  regular: boolean;
  skillLevel: number;
}

/**
 * ephios's `score_pairing` as integer weights, lexicographic in this order: valid pairings;
 * dispatches honoured (qualified 2, unqualified 1); required positions filled; then preferred
 * unit +3, CONFIRMED +2, regular position +2 and the position's skill level (+ up to 1 when
 * qualified, − up to 1 when dispatched there unqualified). Pairs that may not be matched weigh 0.
 *
 * ephios's scores tie when a REQUESTED and a CONFIRMED participant could swap places (CONFIRMED
 * +2 counts wherever they sit), and SciPy's tie-break then decides what counts as filled. Here a
 * last level settles such ties: CONFIRMED participants go to regular and required places.
 *
 * The weights stay exact integers (below 2^53, with room for the matching's potentials) up to
 * about 1,000 REQUESTED + CONFIRMED participations; beyond that the lowest tie-breakers may round
 * away, as they do in ephios's float scores.
 */
function pairingWeights(pairs: number): (pairing: Pairing) => number {
  // Each level's unit exceeds the largest sum all lower levels can reach over `pairs` pairings.
  let lowerLevelsMax = 0;
  const unit = (maxPerPairing: number): number => {
    const value = lowerLevelsMax + 1;
    lowerLevelsMax += maxPerPairing * pairs * value;
    return value;
  };
  const confirmedPlaceUnit = unit(2);
  const tieBreakerUnit = unit(MAX_TIE_BREAKER);
  const requiredUnit = unit(1);
  const dispatchUnit = unit(2);
  const validUnit = unit(1);
  return (pairing) => {
    if (!pairing.valid) return 0;
    const skill = Math.round(pairing.skillLevel * SKILL_STEPS);
    const tieBreaker =
      SKILL_STEPS * (3 * +pairing.preferred + 2 * +pairing.confirmed + 2 * +pairing.regular + 1) +
      (pairing.qualified ? skill : -skill);
    const dispatch = pairing.dispatchedHere ? (pairing.qualified ? 2 : 1) : 0;
    const confirmedPlace = pairing.confirmed ? +pairing.regular + +pairing.required : 0;
    return (
      validUnit + dispatchUnit * dispatch + requiredUnit * +pairing.required + tieBreakerUnit * tieBreaker + confirmedPlaceUnit * confirmedPlace
    );
  };
}

function complexStats(
  config: Record<string, unknown>,
  positive: StatsParticipation[],
  context: StatsContext,
): SignupStats | null {
  const atomics = expandStartingBlocks(config, context.buildingBlocks);
  if (atomics === null) return null;
  const graph = new QualificationGraph(context.qualificationIncludes);
  const groups = groupPositions(atomics, positive, graph);
  const blockPaths = new Set(atomics.map((atomic) => atomic.path));
  const weight = pairingWeights(positive.length);

  const weights = positive.map((participation) => {
    const skill = graph.spreadFrom(participation.qualificationIds);
    const dispatchedTo = unitPath(participation, "dispatched_unit_path");
    // dispatched to a unit that exists in this tree; a stale path counts as not dispatched
    const dispatched = dispatchedTo !== null && blockPaths.has(dispatchedTo);
    const preferredPath = unitPath(participation, "preferred_unit_path");
    return groups.map((group) => {
      const dispatchedHere = dispatched && dispatchedTo === group.path;
      const qualified = group.qualificationIds.every((id) => skill.has(id));
      return weight({
        // overflow places exist only for the people dispatched to the unit
        valid: dispatchedHere || (qualified && !dispatched && group.kind !== "overflow"),
        dispatchedHere,
        qualified,
        required: group.required,
        preferred: preferredPath !== null && preferredPath === group.path,
        confirmed: participation.state === CONFIRMED,
        regular: group.kind === "regular",
        skillLevel: group.skillLevel,
      });
    });
  });

  const held = groups.map(() => ({ requested: 0, confirmed: 0 }));
  const unpaired: StatsParticipation[] = [];
  maxWeightMatching(
    weights,
    groups.map((group) => group.count),
  ).forEach((column, row) => {
    if (column < 0) unpaired.push(positive[row]);
    else if (positive[row].state === CONFIRMED) held[column].confirmed++;
    else held[column].requested++;
  });

  // Each position adds its holder and, by kind: regular {missing: required and no CONFIRMED
  // holder, free: no CONFIRMED holder, min: required, max 1}, allow_more {free and max null},
  // overflow {all 0}; a group adds its positions' sum.
  let stats = ZERO_STATS;
  groups.forEach((group, index) => {
    const { requested, confirmed } = held[index];
    const counts = { requested_count: requested, confirmed_count: confirmed };
    switch (group.kind) {
      case "regular":
        stats = addStats(stats, {
          ...counts,
          missing: group.required ? group.count - confirmed : 0,
          free: group.count - confirmed,
          min_count: group.required ? group.count : 0,
          max_count: group.count,
        });
        break;
      case "allow_more":
        stats = addStats(stats, { ...counts, missing: 0, free: null, min_count: 0, max_count: null });
        break;
      case "overflow":
        stats = addStats(stats, { ...counts, missing: 0, free: 0, min_count: 0, max_count: 0 });
        break;
    }
  });
  const { requested, confirmed } = countStates(unpaired);
  return addStats(stats, unassignedStats(requested, confirmed));
}
