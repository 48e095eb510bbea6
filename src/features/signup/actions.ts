/**
 * The participant's own actions on a shift: sign up, decline, customize. Used by the
 * API routes for local users and meant for the federation pages for federated users: the caller
 * decides who may act on which shift (visibility, sharing); these functions apply the flow rules
 * and checkers and write atomically.
 */
import { type SQL, and } from "drizzle-orm";
import type { Database } from "../../db/client";
import type { RowVersion } from "../../db/guard";
import { CONFIRMED, USER_DECLINED, isPositive } from "../../db/participation-states";
import type { FieldErrors } from "../../lib/errors";
import { type Preferences, confirmedMaximum } from "../../lib/structures";
import {
  type AskedTimes,
  type ResolvedTimes,
  type Situation,
  declineErrors,
  flowOf,
  flowOptions,
  resolveTimes,
  signupErrors,
  structurePreferenceData,
  timesInOrder,
} from "./checkers";
import { type Participant, confirmedBelow, confirmedCountIs, loadSituation, ownStateIs, participantConfirmedIs, writeParticipation } from "./queries";

export type { Participant };

export type ActionResult =
  /** Written: the participant's one row in the shift and its state now. */
  | { status: "done"; participationId: number; state: number }
  /** Not allowed; nothing written. Checker messages under `non_field_errors`, invalid times under their field. */
  | { status: "refused"; errors: FieldErrors }
  /** No such shift or participant. */
  | { status: "not_found" }
  /** The shift kept changing under us (other sign-ups); nothing written, the client may retry. */
  | { status: "busy" };

export interface ActionInput {
  shiftId: number;
  participant: Participant;
  timeZone: string;
  now?: number;
  /** Only where the flow lets participants customize their times. */
  times?: AskedTimes;
  /** A comment of the participant; public: readable by everyone who sees the participation, else by responsibles and the participant. */
  comment?: { text: string; isPublic: boolean };
  /** Sign-up only: the preferred team (named_teams) or unit (complex), where the structure asks for one. */
  preferences?: Preferences;
  /** The client's `If-Match` on the participation (src/lib/api/etag.ts): a write after another one is a 412, never retried. */
  precondition?: RowVersion | null;
}

const ATTEMPTS = 3;

const NOT_ALLOWED = "This action is not allowed.";

const refused = (errors: FieldErrors): ActionResult => ({ status: "refused", errors });
const messages = (list: string[]) => refused({ non_field_errors: [...new Set(list)] });

interface Decision {
  state: number;
  /** Whether the participant's CONFIRMED participations elsewhere (overlaps) must stay as checked. */
  overlapsChecked: boolean;
  /** Whether this takes a CONFIRMED place, so the shift's capacity must still allow it. */
  takesPlace: boolean;
  /** Keys to set in the participation's `structure_data`. */
  structureData?: Record<string, string>;
}

/** Field errors of asked-for times: only where the flow allows them, and the end after the start. */
function timeErrors(situation: Situation, times: ResolvedTimes): FieldErrors | null {
  if (!times.changed) return null;
  if (!flowOptions(situation.shift, situation.timeZone).userCanCustomizeSignupTimes) {
    return { non_field_errors: ["Participants cannot choose their own times for this shift."] };
  }
  return timesInOrder(times);
}

/** The capacity guard of an instant sign-up: a structure's maximum (uniform's) counts in SQL; other structures must not have changed. */
function capacityGuard(situation: Situation): SQL {
  const max = confirmedMaximum(situation.shift.structureSlug, situation.shift.structureConfiguration);
  if (max) return confirmedBelow(situation.shift.id, max);
  return confirmedCountIs(situation.shift.id, situation.positive.filter((p) => p.state === CONFIRMED).length);
}

/**
 * Runs one action: loads the situation, lets `decide` check it, and writes with guards on what
 * the decision read. A write refused by its guard (someone changed the shift meanwhile) is
 * decided again on fresh data, a few times.
 */
async function act(db: Database, input: ActionInput, decide: (situation: Situation, times: ResolvedTimes) => Decision | ActionResult): Promise<ActionResult> {
  const { shiftId, participant, timeZone } = input;
  const asked = { start: input.times?.start ?? undefined, end: input.times?.end ?? undefined };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const now = input.now ?? Date.now();
    const loaded = await loadSituation(db, { shiftId, participant, now, timeZone, asked });
    if (!loaded) return { status: "not_found" };
    const { situation, participantConfirmed } = loaded;
    const times = resolveTimes(situation.shift, situation.own, input.times);
    const decision = decide(situation, times);
    if ("status" in decision) return decision;

    const guards = [ownStateIs(shiftId, participant, situation.own?.state ?? null)];
    if (decision.overlapsChecked) guards.push(participantConfirmedIs(participant, participantConfirmed));
    if (decision.takesPlace) guards.push(capacityGuard(situation));
    const id = await writeParticipation(db, {
      shiftId,
      participant,
      state: decision.state,
      individualStartTime: times.stored.start,
      individualEndTime: times.stored.end,
      guard: and(...guards)!,
      structureData: decision.structureData ?? {},
      comment: input.comment && { text: input.comment.text, visibleFor: input.comment.isPublic ? 2 : 1, createdAt: now },
      precondition: input.precondition,
    });
    if (id !== null) return { status: "done", participationId: id, state: decision.state };
  }
  return { status: "busy" };
}

/**
 * Signs the participant up: CONFIRMED with `instant_confirmation`, REQUESTED with
 * `request_confirm`; refused by every other flow, for a participant already REQUESTED or
 * CONFIRMED, and by the checkers. Reuses the participant's row in the shift if there is one.
 */
export function signUp(db: Database, input: ActionInput): Promise<ActionResult> {
  return act(db, input, (situation, times) => {
    const flow = flowOf(situation.shift, situation.timeZone);
    if (!flow.selfService) return messages([flow.message]);
    if (isPositive(situation.own?.state)) return messages([NOT_ALLOWED]);
    const invalidTimes = timeErrors(situation, times);
    if (invalidTimes) return refused(invalidTimes);
    const errors = signupErrors(situation, times.changed ? times.effective : undefined);
    if (errors.length) return messages(errors);
    const preference = structurePreferenceData(situation, input.preferences ?? {});
    if ("errors" in preference) return refused(preference.errors);
    return { state: flow.signupState, overlapsChecked: true, takesPlace: flow.signupState === CONFIRMED, structureData: preference.data };
  });
}

/** Declines: USER_DECLINED, creating the row if there is none (ephios does too). Asked-for times are ignored. */
export function decline(db: Database, input: Omit<ActionInput, "times">): Promise<ActionResult> {
  return act(db, { ...input, times: undefined }, (situation) => {
    const errors = declineErrors(situation);
    if (errors.length) return messages(errors);
    return { state: USER_DECLINED, overlapsChecked: false, takesPlace: false };
  });
}

/**
 * Changes the participant's times or adds a comment without changing the state (ephios's
 * "customize"): for a REQUESTED or CONFIRMED participation only where the participant could also
 * decline, and never against a checker of the sign-up.
 */
export function customize(db: Database, input: ActionInput): Promise<ActionResult> {
  return act(db, input, (situation, times) => {
    const own = situation.own;
    if (!own) return messages([NOT_ALLOWED]);
    const invalidTimes = timeErrors(situation, times);
    if (invalidTimes) return refused(invalidTimes);
    const errors = signupErrors(situation, times.changed ? times.effective : undefined);
    if (isPositive(own.state)) errors.unshift(...declineErrors(situation));
    if (errors.length) return messages(errors);
    return { state: own.state, overlapsChecked: true, takesPlace: false };
  });
}
