/** A responsible's change of a participation (ephios's disposition): state and individual times. */
import type { Database } from "../../db/client";
import { ApiError, validationError } from "../../lib/errors";
import { flowOf, resolveTimes, timesInOrder } from "../signup/checkers";
import { loadShift } from "../signup/queries";
import { instantOf } from "../signup/request";
import type { ResponsibleTarget } from "./write-queries";

interface ResponsibleBody {
  state?: number;
  individual_start_time?: string | null;
  individual_end_time?: string | null;
}

/** What to write; 400 for a state change on a coupled shift (its states mirror the leader's) or times out of order. */
export async function responsibleChange(db: Database, target: ResponsibleTarget, body: ResponsibleBody, timeZone: string) {
  const shift = await loadShift(db, target.shiftId);
  // The participation was just read with its shift; gone now means deleted in between.
  if (!shift) throw changedMeanwhile();
  const state = body.state ?? target.state;
  const flow = flowOf(shift, timeZone);
  if (state !== target.state && shift.signupFlowSlug === "coupled" && !flow.selfService) throw validationError({ state: [flow.message] });
  const times = resolveTimes(shift, target, { start: instantOf(body.individual_start_time, timeZone), end: instantOf(body.individual_end_time, timeZone) });
  const outOfOrder = timesInOrder(times);
  if (outOfOrder) throw validationError(outOfOrder);
  return { state, start: times.stored.start, end: times.stored.end };
}

export const changedMeanwhile = () => new ApiError(409, { detail: "The participation was changed at the same time. Please try again." });
