/**
 * named_teams (`src/ephios/plugins/baseshiftstructures/structure/named_teams.py`): teams with a
 * title, a minimum and maximum number and a qualification each; participants are dispatched to
 * (or prefer) a team.
 */
import { CONFIRMED } from "../../db/participation-states";
import { configObject } from "../api/configuration";
import { booleanField, charField, integerField, pkField } from "../api/drf-fields";
import {
  BOUNDS_OUT_OF_ORDER,
  LARGE,
  NOT_QUALIFIED,
  ZERO_STATS,
  addStats,
  asRecord,
  boundedStats,
  boundsInOrder,
  configurationParser,
  countOrNull,
  isRecord,
  list,
  minimumAge,
  skillsOf,
  truthy,
  unassignedStats,
  uniqueUuids,
  uuidField,
} from "./helpers";
import type { ShiftStructure, SignupCheck } from "./types";

const schema = configObject({
  teams: list(
    configObject({
      title: charField(254),
      uuid: uuidField(),
      qualification: pkField().nullable().optional().default(null),
      min_count: integerField(0, LARGE),
      max_count: integerField(1, LARGE).nullable().optional().default(null),
    }).refine((t) => boundsInOrder(t.min_count, t.max_count), { path: ["max_count"], message: BOUNDS_OUT_OF_ORDER }),
  ).superRefine(uniqueUuids),
  choose_preferred_team: booleanField().optional(),
  minimum_age: minimumAge,
});

/** The configured teams the participant qualifies for (a team without a qualification takes anyone); null without a list of teams. */
function qualifiedTeams(check: SignupCheck): Record<string, unknown>[] | null {
  const raw = check.configuration.teams;
  if (!Array.isArray(raw)) return null;
  const skills = skillsOf(check);
  return raw.filter(isRecord).filter((team) => typeof team.qualification !== "number" || skills.has(team.qualification));
}

export const namedTeams: ShiftStructure = {
  configurationDoc: "teams [{title, uuid, qualification, min_count, max_count}], choose_preferred_team, minimum_age",
  parseConfiguration: configurationParser(schema, (data) => ({ qualifications: data.teams.map((t) => t.qualification) })),

  // The base formula per team over the people dispatched to (else preferring) it; everyone else is "noteam".
  stats(configuration, positive) {
    const raw = configuration.teams;
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
  },

  signupErrors(check, takesPlace) {
    const teams = qualifiedTeams(check);
    if (teams === null) return [];
    if (!teams.length) return [NOT_QUALIFIED];
    if (!takesPlace) return [];
    // Each team's own stats (the "noteam" group adds no free places).
    const hasRoom = teams.some((team) => {
      const { free } = check.statsWith({ teams: [team] }, check.positive);
      return free === null || free > 0;
    });
    return hasRoom ? [] : ["All teams you qualify for are full."];
  },

  preferenceChoice(check, preferences) {
    if (check.configuration.choose_preferred_team !== true) return null;
    const teams = qualifiedTeams(check);
    if (teams === null) return null;
    const options = teams.flatMap((team) => (typeof team.uuid === "string" ? [{ value: team.uuid, label: typeof team.title === "string" ? team.title : team.uuid }] : []));
    return { key: "preferred_team_uuid", label: "Preferred Team", value: preferences.teamUuid, options };
  },
};
