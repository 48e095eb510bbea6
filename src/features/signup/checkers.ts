/**
 * The signup flows and their checkers as pure functions over what `queries.ts`
 * loads: which actions a participant may take on a shift, and ephios's messages when not.
 * Configurations are opaque JSON: a value of the wrong type counts as not configured.
 */
import { ageOn, formatForHumans, parseDateTime } from "../../lib/datetime";
import type { FieldErrors } from "../../lib/errors";
import type { BuildingBlockRow } from "../buildingblocks/queries";
import type { ShiftRow } from "../shifts/serialize";
import { MAX_TREE_BLOCKS, type SignupStats, type StatsParticipation } from "../shifts/signup-stats";

export const REQUESTED = 0;
export const CONFIRMED = 1;
export const USER_DECLINED = 2;
export const RESPONSIBLE_REJECTED = 3;
export const GETTING_DISPATCHED = 4;

export const isPositive = (state: number | undefined) => state === REQUESTED || state === CONFIRMED;

export interface SignupShift extends ShiftRow {
  eventActive: boolean;
  /** For `coupled`: the leader shift, if it exists. */
  leader: { label: string; eventTitle: string; startTime: number; endTime: number } | null;
}

interface OwnParticipation {
  id: number;
  state: number;
  individualStartTime: number | null;
  individualEndTime: number | null;
}

/** Everything the checkers look at, loaded in one go (`loadSituation`). */
export interface Situation {
  now: number;
  timeZone: string;
  shift: SignupShift;
  participant: { dateOfBirth: string | null; qualificationIds: number[] };
  own: OwnParticipation | null;
  /** The shift's REQUESTED and CONFIRMED participations (the own one included, if positive). */
  positive: StatsParticipation[];
  /** Every qualification id → the ids it directly includes. */
  qualificationIncludes: ReadonlyMap<number, readonly number[]>;
  buildingBlocks: ReadonlyMap<number, BuildingBlockRow>;
  /** The shift's signup stats for another structure configuration or set of participations ("what if"). */
  statsWith: (structureConfiguration: Record<string, unknown>, participations: StatsParticipation[]) => SignupStats;
  /** The participant's CONFIRMED participations in other shifts around this one. */
  confirmedElsewhere: { startTime: number; endTime: number; title: string }[];
}

export interface Times {
  start: number;
  end: number;
}

/** Individual times asked for (instants): a number sets one, null resets it to the shift's, absent keeps the stored one. */
export interface AskedTimes {
  start?: number | null;
  end?: number | null;
}

export interface ResolvedTimes {
  /** What to store: ephios keeps null for a time equal to the shift's. */
  stored: { start: number | null; end: number | null };
  effective: Times;
  /** Whether any time was asked for. */
  changed: boolean;
}

/** The individual times a participation gets from what is asked and what it has. */
export function resolveTimes(
  shift: { startTime: number; endTime: number },
  current: { individualStartTime: number | null; individualEndTime: number | null } | null,
  asked: AskedTimes = {},
): ResolvedTimes {
  const pick = (value: number | null | undefined, stored: number | null | undefined, shiftTime: number) => {
    const chosen = value === undefined ? (stored ?? null) : value;
    return chosen === shiftTime ? null : chosen;
  };
  const start = pick(asked.start, current?.individualStartTime, shift.startTime);
  const end = pick(asked.end, current?.individualEndTime, shift.endTime);
  return {
    stored: { start, end },
    effective: { start: start ?? shift.startTime, end: end ?? shift.endTime },
    changed: asked.start !== undefined || asked.end !== undefined,
  };
}

/** The field error of times that end before they start. */
export function timesInOrder(times: ResolvedTimes): { individual_end_time: string[] } | null {
  return times.effective.end <= times.effective.start ? { individual_end_time: ["The end time must be after the start time."] } : null;
}

/** ephios's `str(shift)`: the event title, the label if any, and when. */
export function shiftTitle(shift: { eventTitle: string; label: string; startTime: number; endTime: number }, timeZone: string): string {
  const name = shift.label ? `${shift.eventTitle} ${shift.label}` : shift.eventTitle;
  return `${name} (${formatForHumans(shift.startTime, timeZone)} – ${formatForHumans(shift.endTime, timeZone)})`;
}

/** How a flow treats self-service: the state a sign-up gets, or the one message refusing everything. */
type Flow = { selfService: true; signupState: number; usesRequestedState: boolean } | { selfService: false; message: string };

export function flowOf(shift: SignupShift, timeZone: string): Flow {
  switch (shift.signupFlowSlug) {
    case "instant_confirmation":
      return { selfService: true, signupState: CONFIRMED, usesRequestedState: false };
    case "request_confirm":
      return { selfService: true, signupState: REQUESTED, usesRequestedState: true };
    case "manual": {
      const explanation = shift.signupFlowConfiguration.no_selfservice_explanation;
      return { selfService: false, message: typeof explanation === "string" && explanation ? explanation : "Signup for this shift is disabled." };
    }
    case "coupled":
      if (shift.leader) return { selfService: false, message: `Participation is coupled to ${shiftTitle(shift.leader, timeZone)}.` };
  }
  return { selfService: false, message: "Signup configuration is invalid!" };
}

const flag = (value: unknown, fallback: boolean) => (typeof value === "boolean" ? value : fallback);

/** The common keys of the two self-service flows, with ephios's defaults. */
export function flowOptions(shift: SignupShift, timeZone: string) {
  const config = shift.signupFlowConfiguration;
  const until = typeof config.signup_until === "string" ? parseDateTime(config.signup_until, timeZone) : null;
  return {
    signupUntil: until,
    userCanDeclineConfirmed: flag(config.user_can_decline_confirmed, false),
    userCanCustomizeSignupTimes: flag(config.user_can_customize_signup_times, true),
  };
}

/** Checkers both actions share: the event, the deadline. */
function commonErrors(situation: Situation): string[] {
  const { shift, now, timeZone } = situation;
  const errors: string[] = [];
  // ephios's checker returns this instead of raising it (so it never blocks); fixed here.
  if (!shift.eventActive) errors.push("The event is not active.");
  const { signupUntil } = flowOptions(shift, timeZone);
  const deadline = signupUntil === null ? shift.endTime : Math.min(shift.endTime, signupUntil);
  if (now > deadline) errors.push("The signup period is over.");
  return errors;
}

/** Why the participant may not decline; empty when they may. */
export function declineErrors(situation: Situation): string[] {
  const flow = flowOf(situation.shift, situation.timeZone);
  if (!flow.selfService) return [flow.message];
  const state = situation.own?.state;
  const errors = commonErrors(situation);
  if (state === CONFIRMED && !flowOptions(situation.shift, situation.timeZone).userCanDeclineConfirmed) errors.push("You cannot decline by yourself.");
  if (state === RESPONSIBLE_REJECTED) errors.push("You have been rejected.");
  if (state === USER_DECLINED) errors.push("You have already declined participating.");
  return errors;
}

/**
 * Why the participant may not sign up (or, when already positive, keep their place with other
 * times); empty when they may. `times` are the individual times asked for, if any.
 */
export function signupErrors(situation: Situation, times?: Times): string[] {
  const flow = flowOf(situation.shift, situation.timeZone);
  if (!flow.selfService) return [flow.message];
  const errors = commonErrors(situation);
  if (situation.own?.state === RESPONSIBLE_REJECTED) errors.push("You have been rejected.");
  const overlapping = overlaps(situation, times);
  if (overlapping.length) errors.push(`You are already confirmed for other shifts at this time: ${overlapping.join(", ")}.`);
  errors.push(...structureErrors(situation, flow.usesRequestedState));
  return errors;
}

/** The times a participation would have: those asked for, else its own individual ones, else the shift's. */
function effectiveTimes(situation: Situation, times?: Times): Times {
  return times ?? { start: situation.own?.individualStartTime ?? situation.shift.startTime, end: situation.own?.individualEndTime ?? situation.shift.endTime };
}

/**
 * Rule 5: other CONFIRMED participations at the same time. When participants may choose their
 * times, only one covering the whole shift blocks, unless they asked for particular times.
 */
function overlaps(situation: Situation, times?: Times): string[] {
  const own = effectiveTimes(situation, times);
  const onlyTotal = !times && flowOptions(situation.shift, situation.timeZone).userCanCustomizeSignupTimes;
  return situation.confirmedElsewhere
    .filter((other) => (onlyTotal ? other.startTime <= own.start && other.endTime >= own.end : other.startTime < own.end && other.endTime > own.start))
    .map((other) => other.title);
}

// ---------------------------------------------------------------------------------------------
// Structure checkers (rule 6)

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A configured count as the stats read it: a non-negative safe integer, else not configured. */
const count = (value: unknown): number | null => (typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null);

/** The participant's qualifications with everything they include, transitively. */
function skillsOf(situation: Situation): Set<number> {
  const skills = new Set<number>();
  const queue = [...situation.participant.qualificationIds];
  while (queue.length) {
    const id = queue.pop()!;
    if (skills.has(id)) continue;
    skills.add(id);
    queue.push(...(situation.qualificationIncludes.get(id) ?? []));
  }
  return skills;
}

function tooYoung(situation: Situation): string[] {
  const minimum = count(situation.shift.structureConfiguration.minimum_age);
  const birth = situation.participant.dateOfBirth;
  if (minimum === null || birth === null) return [];
  // ephios takes the date of the stored (UTC) start time.
  const onDate = new Date(situation.shift.startTime).toISOString().slice(0, 10);
  return ageOn(birth, onDate) < minimum ? [`You are too young. The minimum age is ${minimum}.`] : [];
}

/** `uniform`'s maximum; null or 0: unlimited. */
export const uniformMaximum = (shift: SignupShift) => count(shift.structureConfiguration.maximum_number_of_participants);

const NOT_QUALIFIED = "You are not qualified.";
const MAXIMUM_REACHED = "The maximum number of participants is reached.";

/** The participant as one more CONFIRMED participation, for asking the stats "what if". */
function withParticipant(situation: Situation, positive: StatsParticipation[]): StatsParticipation[] {
  return [...positive, { state: CONFIRMED, structureData: {}, qualificationIds: situation.participant.qualificationIds }];
}

function structureErrors(situation: Situation, usesRequestedState: boolean): string[] {
  const config = situation.shift.structureConfiguration;
  // A participant already holding a place does not take another one (customizing times).
  const takesPlace = !usesRequestedState && !isPositive(situation.own?.state);
  switch (situation.shift.structureSlug) {
    case "uniform": {
      const errors = tooYoung(situation);
      const required = Array.isArray(config.required_qualification_ids) ? config.required_qualification_ids : [];
      const skills = skillsOf(situation);
      if (!required.every((id) => typeof id === "number" && skills.has(id))) errors.push(NOT_QUALIFIED);
      const max = uniformMaximum(situation.shift);
      if (takesPlace && max && situation.positive.filter((p) => p.state === CONFIRMED).length >= max) errors.push(MAXIMUM_REACHED);
      return errors;
    }
    case "qualification_mix":
      return qualificationMixErrors(situation, takesPlace);
    case "named_teams":
      return namedTeamsErrors(situation, takesPlace);
    case "complex":
      return [...tooYoung(situation), ...complexErrors(situation, takesPlace)];
  }
  return [];
}

function qualificationMixErrors(situation: Situation, takesPlace: boolean): string[] {
  const raw = situation.shift.structureConfiguration.qualification_requirements;
  if (!Array.isArray(raw)) return [];
  const requirements = raw.filter(isRecord);
  const known = situation.qualificationIncludes;
  const skills = skillsOf(situation);
  // A requirement without a (known) qualification accepts anyone.
  const fits = requirements.some((r) => typeof r.qualification !== "number" || !known.has(r.qualification) || skills.has(r.qualification));
  if (!fits) return [NOT_QUALIFIED];
  if (!takesPlace) return [];
  // Instant: the participant must enlarge the maximum matching of the CONFIRMED participants.
  // The stats' `free` is Σ max − matching size once every requirement has a maximum, so bound
  // the unbounded ones by more places than there are participants and compare `free`.
  const confirmed = situation.positive.filter((p) => p.state === CONFIRMED);
  const bound = confirmed.length + 2;
  const bounded = requirements
    .filter((r) => r.max_count !== 0)
    .map((r) => ({ ...r, max_count: count(r.max_count) ?? bound, min_count: count(r.min_count) ?? 0 }));
  const freeWith = (participations: StatsParticipation[]) =>
    statsOf(situation, { qualification_requirements: bounded }, participations).free ?? 0;
  return freeWith(withParticipant(situation, confirmed)) < freeWith(confirmed) ? [] : [NOT_QUALIFIED];
}

const statsOf = (situation: Situation, structureConfiguration: Record<string, unknown>, participations: StatsParticipation[]) =>
  situation.statsWith(structureConfiguration, participations);

function namedTeamsErrors(situation: Situation, takesPlace: boolean): string[] {
  const raw = situation.shift.structureConfiguration.teams;
  if (!Array.isArray(raw)) return [];
  const skills = skillsOf(situation);
  const teams = raw.filter(isRecord).filter((team) => typeof team.qualification !== "number" || skills.has(team.qualification));
  if (!teams.length) return [NOT_QUALIFIED];
  if (!takesPlace) return [];
  // Each team's own stats (the "noteam" group adds no free places).
  const hasRoom = teams.some((team) => {
    const { free } = statsOf(situation, { teams: [team] }, situation.positive);
    return free === null || free > 0;
  });
  return hasRoom ? [] : ["All teams you qualify for are full."];
}

/**
 * complex: qualified for some atomic block of the tree (its inherited "everyone" requirements,
 * and one of its positions or `allow_more`); instant flows also need a place among the
 * CONFIRMED participants. Known limit: with `allow_more` in the tree the stats report no `free`
 * number, and a qualified participant is then accepted.
 */
function complexErrors(situation: Situation, takesPlace: boolean): string[] {
  const config = situation.shift.structureConfiguration;
  const current = statsOf(situation, config, situation.positive);
  const refusal = current.free !== null && current.free > 0 ? NOT_QUALIFIED : MAXIMUM_REACHED;
  if (!qualifiedUnits(situation).length) return [refusal];
  if (!takesPlace) return [];
  const confirmed = situation.positive.filter((p) => p.state === CONFIRMED);
  const before = statsOf(situation, config, confirmed).free;
  const after = statsOf(situation, config, withParticipant(situation, confirmed)).free;
  return before === null || after === null || after < before ? [] : [refusal];
}

/**
 * The paths (`root.<uuid>.` then `<composition id>.` per level) of the atomic blocks the participant
 * qualifies for; none in a tree of more than MAX_TREE_BLOCKS blocks, which the stats do not expand either.
 */
function qualifiedUnits(situation: Situation): string[] {
  const raw = situation.shift.structureConfiguration.starting_blocks;
  if (!Array.isArray(raw)) return [];
  const blocks = situation.buildingBlocks;
  const skills = skillsOf(situation);
  const holds = (ids: Iterable<number>) => [...ids].every((id) => skills.has(id));
  const units: string[] = [];
  let expanded = 0;
  const visit = (blockId: number, path: string, inheritedOk: boolean, seen: ReadonlySet<number>) => {
    const block = blocks.get(blockId);
    if (!block || seen.has(blockId) || ++expanded > MAX_TREE_BLOCKS) return;
    const ok = inheritedOk && block.qualificationRequirements.every((r) => !r.everyone || holds(r.qualifications));
    if (block.blockType !== "composite") {
      if (ok && (block.allowMore || block.positions.some((p) => holds(p.qualifications)))) units.push(path);
      return;
    }
    const lineage = new Set(seen).add(blockId);
    for (const composition of block.subCompositions) visit(composition.subBlockId, `${path}${composition.id}.`, ok, lineage);
  };
  for (const entry of raw) {
    if (isRecord(entry) && typeof entry.building_block === "number" && typeof entry.uuid === "string") visit(entry.building_block, `root.${entry.uuid}.`, true, new Set());
  }
  return expanded > MAX_TREE_BLOCKS ? [] : units;
}

// ---------------------------------------------------------------------------------------------
// Preferences a sign-up may carry (named_teams' preferred team, complex's preferred unit)

export interface Preferences {
  teamUuid?: string;
  unitPath?: string;
}

const choiceError = (value: string) => `Select a valid choice. ${value.slice(0, 64)} is not one of the available choices.`;

/**
 * The `structure_data` a sign-up stores: the preferred team or unit, required where the structure
 * asks participants to choose one (`choose_preferred_team` / `choose_preferred_unit`) and one of
 * those they qualify for; else a field error. Ignored where the structure does not ask.
 */
export function preferenceData(situation: Situation, preferences: Preferences): { data: Record<string, string> } | { errors: FieldErrors } {
  const config = situation.shift.structureConfiguration;
  const choose = (field: string, key: string, value: string | undefined, allowed: string[]) => {
    if (value === undefined) return { errors: { [field]: ["This field is required."] } };
    if (!allowed.includes(value)) return { errors: { [field]: [choiceError(value)] } };
    return { data: { [key]: value } };
  };
  if (situation.shift.structureSlug === "named_teams" && config.choose_preferred_team === true && Array.isArray(config.teams)) {
    const skills = skillsOf(situation);
    const allowed = config.teams
      .filter(isRecord)
      .filter((team) => typeof team.uuid === "string" && (typeof team.qualification !== "number" || skills.has(team.qualification)))
      .map((team) => team.uuid as string);
    return choose("preferred_team_uuid", "preferred_team_uuid", preferences.teamUuid, allowed);
  }
  if (situation.shift.structureSlug === "complex" && config.choose_preferred_unit === true) {
    return choose("preferred_unit_path", "preferred_unit_path", preferences.unitPath, qualifiedUnits(situation));
  }
  return { data: {} };
}
