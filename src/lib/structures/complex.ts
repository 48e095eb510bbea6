/**
 * complex (`src/ephios/plugins/complexsignup/structure.py`, scores from
 * `src/ephios/core/services/matching.py`): starting blocks from the building blocks (units with
 * positions, composed of sub-blocks); participants are matched to the positions of the atomic
 * block occurrences, dispatched to or preferring a unit.
 */
import { CONFIRMED } from "../../db/participation-states";
import { configObject } from "../api/configuration";
import { booleanField, charField, pkField } from "../api/drf-fields";
import { maxWeightMatching } from "../matching";
import { QualificationGraph } from "../qualifications/graph";
import {
  MAXIMUM_REACHED,
  NOT_QUALIFIED,
  ZERO_STATS,
  addStats,
  asRecord,
  configurationParser,
  confirmedOf,
  countStates,
  isRecord,
  list,
  minimumAge,
  skillsOf,
  tooYoung,
  truthy,
  unassignedStats,
  uniqueUuids,
  uuidField,
  withParticipant,
} from "./helpers";
import type { BuildingBlockForStats, ShiftStructure, SignupCheck, SignupStats, StatsContext, StatsParticipation } from "./types";

const schema = configObject({
  starting_blocks: list(
    configObject({
      building_block: pkField(),
      label: charField(254, { allowBlank: true }).optional().default(""),
      optional: booleanField().optional().default(false),
      uuid: uuidField(),
    }),
  ).superRefine(uniqueUuids),
  choose_preferred_unit: booleanField().optional(),
  minimum_age: minimumAge,
});

// ---------------------------------------------------------------------------------------------
// Stats: the starting blocks are expanded into atomic block occurrences with positions, REQUESTED
// and CONFIRMED participants are matched to them, and every position contributes by its kind and
// holder.

/**
 * A tree of more block occurrences or regular positions than this counts as a malformed
 * configuration (Fallback numbers). Both lie far beyond any real roster (a large event with 50
 * vehicles of 6 seats has 300 positions) and bound the matching's columns, so the stats of every
 * shift take bounded work, whatever blocks its configuration names.
 */
const MAX_TREE_BLOCKS = 256;
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

function stats(
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
  let total = ZERO_STATS;
  groups.forEach((group, index) => {
    const { requested, confirmed } = held[index];
    const counts = { requested_count: requested, confirmed_count: confirmed };
    switch (group.kind) {
      case "regular":
        total = addStats(total, {
          ...counts,
          missing: group.required ? group.count - confirmed : 0,
          free: group.count - confirmed,
          min_count: group.required ? group.count : 0,
          max_count: group.count,
        });
        break;
      case "allow_more":
        total = addStats(total, { ...counts, missing: 0, free: null, min_count: 0, max_count: null });
        break;
      case "overflow":
        total = addStats(total, { ...counts, missing: 0, free: 0, min_count: 0, max_count: 0 });
        break;
    }
  });
  const { requested, confirmed } = countStates(unpaired);
  return addStats(total, unassignedStats(requested, confirmed));
}

// ---------------------------------------------------------------------------------------------
// Sign-up checks

/**
 * The atomic blocks the participant qualifies for (its inherited "everyone" requirements, and one
 * of its positions or `allow_more`): their paths (`root.<uuid>.` then `<composition id>.` per level)
 * and ephios's names for them, the labels (else block names) down the tree and a running number
 * per block name in the order of the walk ("Sanitätswache » RTW #2"); none in a tree of more than
 * MAX_TREE_BLOCKS blocks, which the stats do not expand either.
 */
function qualifiedUnits(check: SignupCheck): { path: string; label: string }[] {
  const raw = check.configuration.starting_blocks;
  if (!Array.isArray(raw)) return [];
  const blocks = check.context.buildingBlocks;
  const skills = skillsOf(check);
  const holds = (ids: Iterable<number>) => [...ids].every((id) => skills.has(id));
  const units: { path: string; label: string }[] = [];
  const numbers = new Map<string, number>();
  let expanded = 0;
  const visit = (blockId: number, path: string, label: string, above: string[], inheritedOk: boolean, seen: ReadonlySet<number>) => {
    const block = blocks.get(blockId);
    if (!block || seen.has(blockId) || ++expanded > MAX_TREE_BLOCKS) return;
    const number = (numbers.get(block.name) ?? 0) + 1;
    numbers.set(block.name, number);
    const shown = label || block.name;
    const ok = inheritedOk && block.qualificationRequirements.every((r) => !r.everyone || holds(r.qualificationIds));
    if (block.blockType !== "composite") {
      if (ok && (block.allowMore || block.positions.some((p) => holds(p.qualificationIds)))) units.push({ path, label: [...above, `${shown} #${number}`].join(" » ") });
      return;
    }
    const lineage = new Set(seen).add(blockId);
    for (const composition of block.subCompositions) visit(composition.subBlockId, `${path}${composition.id}.`, composition.label, [...above, shown], ok, lineage);
  };
  for (const entry of raw) {
    if (isRecord(entry) && typeof entry.building_block === "number" && typeof entry.uuid === "string") {
      visit(entry.building_block, `root.${entry.uuid}.`, typeof entry.label === "string" ? entry.label : "", [], true, new Set());
    }
  }
  return expanded > MAX_TREE_BLOCKS ? [] : units;
}

/**
 * Qualified for some unit of the tree (`qualifiedUnits`); instant flows also need a place among
 * the CONFIRMED participants. Known limit: with `allow_more` in the tree the stats report no
 * `free` number, and a qualified participant is then accepted.
 */
function placeErrors(check: SignupCheck, takesPlace: boolean): string[] {
  const current = check.statsWith(check.configuration, check.positive);
  const refusal = current.free !== null && current.free > 0 ? NOT_QUALIFIED : MAXIMUM_REACHED;
  if (!qualifiedUnits(check).length) return [refusal];
  if (!takesPlace) return [];
  const confirmed = confirmedOf(check.positive);
  const before = check.statsWith(check.configuration, confirmed).free;
  const after = check.statsWith(check.configuration, withParticipant(check, confirmed)).free;
  return before === null || after === null || after < before ? [] : [refusal];
}

export const complex: ShiftStructure = {
  configurationDoc: "starting_blocks [{building_block, label, optional, uuid}], choose_preferred_unit, minimum_age",
  parseConfiguration: configurationParser(schema, (data) => ({ buildingBlocks: data.starting_blocks.map((b) => b.building_block) })),

  stats,

  signupErrors: (check, takesPlace) => [...tooYoung(check), ...placeErrors(check, takesPlace)],

  preferenceChoice(check, preferences) {
    if (check.configuration.choose_preferred_unit !== true) return null;
    const options = qualifiedUnits(check).map((unit) => ({ value: unit.path, label: unit.label }));
    return { key: "preferred_unit_path", label: "Preferred Unit", value: preferences.unitPath, options };
  },
};
