/**
 * qualification_mix (`src/ephios/plugins/baseshiftstructures/structure/qualification_mix.py`):
 * requirements of a number of participants with a qualification each; CONFIRMED participants are
 * matched to the requirements' positions.
 */
import { configObject } from "../api/configuration";
import { integerField, pkField } from "../api/drf-fields";
import { maxWeightMatching } from "../matching";
import { QualificationGraph } from "../qualifications/graph";
import {
  BOUNDS_OUT_OF_ORDER,
  LARGE,
  NOT_QUALIFIED,
  ZERO_STATS,
  addStats,
  boundedStats,
  boundsInOrder,
  configurationParser,
  confirmedOf,
  countOrNull,
  isRecord,
  list,
  minimumAge,
  skillsOf,
  unassignedStats,
  withParticipant,
} from "./helpers";
import type { ShiftStructure, SignupStats, StatsParticipation } from "./types";

const schema = configObject({
  qualification_requirements: list(
    configObject({
      qualification: pkField().nullable().optional().default(null),
      min_count: integerField(0, LARGE),
      max_count: integerField(1, LARGE).nullable().optional().default(null),
    }).refine((r) => boundsInOrder(r.min_count, r.max_count), { path: ["max_count"], message: BOUNDS_OUT_OF_ORDER }),
  ),
  minimum_age: minimumAge,
});

/**
 * Each requirement counts the CONFIRMED participants matched to it; the rest land in an
 * "unpaired" group with all REQUESTED ones.
 */
function stats(configuration: Record<string, unknown>, positive: StatsParticipation[], graph: QualificationGraph): SignupStats | null {
  const raw = configuration.qualification_requirements;
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
  const confirmed = confirmedOf(positive);
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

  let total = ZERO_STATS;
  requirements.forEach((requirement, index) => {
    total = addStats(total, boundedStats(0, matchedPerRequirement[index], requirement.min, requirement.max));
  });
  return addStats(total, unassignedStats(positive.length - n, n - paired));
}

export const qualificationMix: ShiftStructure = {
  configurationDoc: "qualification_requirements [{qualification, min_count, max_count}], minimum_age",
  parseConfiguration: configurationParser(schema, (data) => ({ qualifications: data.qualification_requirements.map((r) => r.qualification) })),

  stats: (configuration, positive, context) => stats(configuration, positive, new QualificationGraph(context.qualificationIncludes)),

  signupErrors(check, takesPlace) {
    const raw = check.configuration.qualification_requirements;
    if (!Array.isArray(raw)) return [];
    const requirements = raw.filter(isRecord);
    const known = check.context.qualificationIncludes;
    const skills = skillsOf(check);
    // A requirement without a (known) qualification accepts anyone.
    const fits = requirements.some((r) => typeof r.qualification !== "number" || !known.has(r.qualification) || skills.has(r.qualification));
    if (!fits) return [NOT_QUALIFIED];
    if (!takesPlace) return [];
    // Instant: the participant must enlarge the maximum matching of the CONFIRMED participants.
    // The stats' `free` is Σ max − matching size once every requirement has a maximum, so bound
    // the unbounded ones by more places than there are participants and compare `free`.
    const confirmed = confirmedOf(check.positive);
    const bound = confirmed.length + 2;
    const bounded = requirements
      .filter((r) => r.max_count !== 0)
      .map((r) => ({ ...r, max_count: countOrNull(r.max_count) ?? bound, min_count: countOrNull(r.min_count) ?? 0 }));
    const freeWith = (participations: StatsParticipation[]) => check.statsWith({ qualification_requirements: bounded }, participations).free ?? 0;
    return freeWith(withParticipant(check, confirmed)) < freeWith(confirmed) ? [] : [NOT_QUALIFIED];
  },
};
