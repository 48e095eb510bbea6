/** From a request body to an action's input, and from its result to the answer (shared by the sign-up and participation routes). */
import { ApiError, notFound, validationError } from "../../lib/errors";
import { parseDateTime } from "../../lib/datetime";
import type { ActionInput, ActionResult } from "./actions";

interface ParticipantBody {
  comment?: string;
  comment_is_public?: boolean;
  individual_start_time?: string | null;
  individual_end_time?: string | null;
}

interface SignupBody extends ParticipantBody {
  preferred_team_uuid?: string;
  preferred_unit_path?: string;
}

/** A datetime the schema accepted, read in the instance's zone when naive; null stays null. */
export const instantOf = (value: string | null | undefined, timeZone: string) => (typeof value === "string" ? parseDateTime(value, timeZone)! : value);

export function participantInput(body: ParticipantBody, timeZone: string): Pick<ActionInput, "times" | "comment"> {
  return {
    times: { start: instantOf(body.individual_start_time, timeZone), end: instantOf(body.individual_end_time, timeZone) },
    // A blank comment adds none (ephios's form leaves it empty).
    comment: body.comment ? { text: body.comment, isPublic: body.comment_is_public ?? false } : undefined,
  };
}

/** A sign-up's input: the participant's fields and the preferred team or unit. */
export function signupInput(body: SignupBody, timeZone: string): Pick<ActionInput, "times" | "comment" | "preferences"> {
  return { ...participantInput(body, timeZone), preferences: { teamUuid: body.preferred_team_uuid, unitPath: body.preferred_unit_path } };
}

/** The action's participation id, or the error answer: 400 with the messages, 404, or 409 for a shift that kept changing. */
export function requireDone(result: ActionResult, model = "Shift"): number {
  switch (result.status) {
    case "done":
      return result.participationId;
    case "refused":
      throw validationError(result.errors);
    case "not_found":
      throw notFound(model);
    case "busy":
      throw new ApiError(409, { detail: "The shift changed while you signed up. Please try again." });
  }
}
