import type { Context } from "hono";
import { apiUser, requireScopes } from "../../auth/access";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { errorResponse, jsonBody, jsonContent, validationErrorResponse } from "../../lib/api/responses";
import { NOTHING_READABLE, answerAsRead } from "../../lib/api/write-answer";
import { notFound } from "../../lib/errors";
import type { AppEnv } from "../../types";
import { participationReadBack } from "./routes";
import { ParticipationSchema, UserinfoParticipationSchema } from "./schemas";
import { IdParam } from "../../lib/api/params";
import { type ActionResult, decline, signUp } from "../signup/actions";
import { shiftVisibleTo } from "../signup/queries";
import { participantInput, requireDone } from "../signup/request";
import { DeclineBody, SignupBody } from "../signup/schemas";

const apiRoute = apiRoutes({ tag: "Participations" });

const responses = {
  200: jsonContent(UserinfoParticipationSchema.or(ParticipationSchema), "Your participation in the shift now, as the first of your participation GETs that shows it (with its ETag)"),
  204: NOTHING_READABLE,
  400: validationErrorResponse("Not allowed: the checkers' messages under non_field_errors, or invalid fields"),
  404: errorResponse("Unknown shift, or one you may not see"),
  409: errorResponse("Other sign-ups kept changing the shift; nothing was written, try again"),
};

const FLOWS =
  "instant_confirmation confirms at once (while places are free), request_confirm requests a place; manual and coupled shifts refuse. " +
  "Every checker of ephios applies (signup period, rejection, qualifications, overlapping shifts, minimum age, capacity); the answer lists their messages.";

const signupRoute = apiRoute({
  method: "post",
  path: "/api/shifts/{id}/signup/",
  access: requireScopes("ME_WRITE"),
  summary: "Sign up for a shift",
  description: `Signs up the token's user, following the shift's signup flow: ${FLOWS} One participation per user and shift: a declined one is reused.`,
  request: { params: IdParam, body: jsonBody(SignupBody, { required: false }) },
  responses,
});

const declineRoute = apiRoute({
  method: "post",
  path: "/api/shifts/{id}/decline/",
  access: requireScopes("ME_WRITE"),
  summary: "Decline a shift",
  description:
    "Sets your participation to declined (state 2), creating it if you had none. A confirmed participation can be declined only where the flow allows it; manual and coupled shifts refuse.",
  request: { params: IdParam, body: jsonBody(DeclineBody, { required: false }) },
  responses,
});

/** Runs the action for the caller on a shift they may see, and answers their participation as far as they may read it. */
async function respond(c: Context<AppEnv>, shiftId: number, run: (participant: { kind: "local"; userId: number }) => Promise<ActionResult>) {
  const user = apiUser(c);
  if (!(await shiftVisibleTo(c.var.db, user, shiftId))) throw notFound("Shift");
  return answerAsRead(c, participationReadBack(c, requireDone(await run({ kind: "local", userId: user.id }))));
}

export const signupRoutes = createRouter()
  .openapi(signupRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const preferences = { teamUuid: body.preferred_team_uuid, unitPath: body.preferred_unit_path };
    const timeZone = c.var.settings.timeZone;
    return respond(c, id, (participant) => signUp(c.var.db, { shiftId: id, participant, timeZone, preferences, ...participantInput(body, timeZone) }));
  })
  .openapi(declineRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { comment } = participantInput(c.req.valid("json"), c.var.settings.timeZone);
    return respond(c, id, (participant) => decline(c.var.db, { shiftId: id, participant, timeZone: c.var.settings.timeZone, comment }));
  });
