/**
 * The signup flows and their checkers as pure functions over what `queries.ts`
 * loads: which actions a participant may take on a shift, and ephios's messages when not. The
 * shift structure's own checks are its module's (src/lib/structures/).
 * Configurations are opaque JSON: a value of the wrong type counts as not configured.
 */
import { CONFIRMED, REQUESTED, RESPONSIBLE_REJECTED, USER_DECLINED, isPositive } from "../../db/participation-states";
import { formatForHumans, parseDateTime } from "../../lib/datetime";
import type { FieldErrors } from "../../lib/errors";
import {
  type PreferenceOptions,
  type Preferences,
  type SignupCheckInput,
  type StatsContext,
  type StatsParticipation,
  preferenceData,
  preferenceOptions,
  structureSignupErrors,
} from "../../lib/structures";
import type { ShiftRow } from "../shifts/queries";

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
  /** The qualification graph and building blocks, as the stats take them. */
  stats: StatsContext;
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

/** What the shift's structure checks look at (src/lib/structures/). */
function structureInput(situation: Situation): SignupCheckInput {
  return {
    configuration: situation.shift.structureConfiguration,
    shiftStart: situation.shift.startTime,
    participant: situation.participant,
    positive: situation.positive,
    context: situation.stats,
  };
}

function structureErrors(situation: Situation, usesRequestedState: boolean): string[] {
  // A participant already holding a place does not take another one (customizing times).
  const takesPlace = !usesRequestedState && !isPositive(situation.own?.state);
  return structureSignupErrors(situation.shift.structureSlug, structureInput(situation), takesPlace);
}

/** The `structure_data` a sign-up stores (a preferred team or unit), or a field error; see `preferenceData` in src/lib/structures/. */
export function structurePreferenceData(situation: Situation, preferences: Preferences): { data: Record<string, string> } | { errors: FieldErrors } {
  return preferenceData(situation.shift.structureSlug, structureInput(situation), preferences);
}

/** The team or unit a sign-up form offers, where the structure asks for one: the choice `structurePreferenceData` checks. */
export function structurePreferenceOptions(situation: Situation): PreferenceOptions | null {
  return preferenceOptions(situation.shift.structureSlug, structureInput(situation));
}
