import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { federatedUserRequired, publicAccess } from "../../../auth/access";
import { CONFIRMED, isPositive } from "../../../db/participation-states";
import { decryptSecret, randomString } from "../../../lib/crypto";
import { ApiError, type FieldErrors, notFound, permissionDenied } from "../../../lib/errors";
import { flash } from "../../../lib/html/flash";
import { parseForm } from "../../../lib/html/forms";
import type { AppEnv } from "../../../types";
import { decline, signUp } from "../../signup/actions";
import { declineErrors, flowOptions, shiftTitle, signupErrors, structurePreferenceOptions } from "../../signup/checkers";
import { loadSituations } from "../../signup/queries";
import { signupInput } from "../../signup/request";
import { exchangeCode, guestProfileOf } from "./client";
import { type ShiftForm, SharedEventPage, type SubmittedForm, eventPageUrl } from "./pages";
import { type Guest, federatedUserBelongsTo, findGuest, findOrCreateFederatedUser, shareOf, sharedEventPage, shiftOnPage } from "./queries";
import { callbackQuery, eventGuestParams, shiftGuestParams, signupForm } from "./schemas";
import { OAUTH_CALLBACK_PATH, beginLogin, openFederatedSession, readFederatedSession, takePendingLogin } from "./session";

/** Where a guest's user is sent after a failed login: the guest's own event list, with ephios's error key. */
const backToGuest = (c: Context<AppEnv>, guest: Guest, error: "oauth_error" | "event_error") => c.redirect(`${guest.url}/events/external/?error=${error}`, 302);

/**
 * The access check of the shared pages: the event (or the shift's event) must be active (else 404)
 * and shared with the guest in the URL (else 403, also for an unknown guest); then the browser needs
 * a federated session of that guest, or it is sent to log in there. Sets `federatedUser`.
 */
const federatedUser = (target: "event" | "shift") =>
  federatedUserRequired(
    createMiddleware<AppEnv>(async (c, next) => {
      const params = (target === "event" ? eventGuestParams : shiftGuestParams).safeParse(c.req.param());
      if (!params.success) throw notFound();
      const { guest: guestId } = params.data;
      const share = await shareOf(c.var.db, "event" in params.data ? { eventId: params.data.event } : { shiftId: params.data.shift }, guestId);
      if (!share || !share.active) throw notFound();
      if (!share.shared) throw permissionDenied();
      const guest = await findGuest(c.var.db, guestId);
      if (!guest) throw permissionDenied();

      const session = await readFederatedSession(c);
      if (!session || session.guestId !== guest.id || typeof session.binding !== "string" || !(await federatedUserBelongsTo(c.var.db, session))) {
        // A form post cannot survive the detour through the guest: the event page starts the login.
        if (c.req.method !== "GET") return c.redirect(eventPageUrl(share.eventId, guest.id), 302);
        return beginLogin(c, guest, share.eventId);
      }
      c.set("federatedUser", session);
      await next();
    }),
  );

function federatedUserOf(c: Context<AppEnv>) {
  const user = c.var.federatedUser;
  if (!user) throw new Error("federatedUserOf() outside a route guarded by federatedUser()");
  return user;
}

/** ephios's flash messages after a sign-up or decline. */
function outcomeMessage(state: number, choice: "sign_up" | "decline", shift: string): string {
  if (choice === "decline") return `You have successfully declined ${shift}.`;
  return state === CONFIRMED ? `You have successfully signed up for ${shift}.` : `You have successfully requested a participation in ${shift}.`;
}

const BUSY = "Too many people are signing up right now. Please try again.";

/**
 * What each shift's card offers, and ephios's reasons where it offers nothing: the same checkers
 * the actions run, so a button shown is an action allowed at this moment; the fields as the flow
 * (own times) and the structure (a preferred team or unit) ask for them.
 */
async function shiftForms(c: Context<AppEnv>, shiftIds: number[], federatedUserId: number): Promise<Map<number, ShiftForm>> {
  const participant = { kind: "federated" as const, federatedUserId };
  const now = Date.now();
  const timeZone = c.var.settings.timeZone;
  const loaded = await loadSituations(
    c.var.db,
    shiftIds.map((shiftId) => ({ shiftId, participant, now, timeZone, asked: {} })),
  );
  const forms = new Map<number, ShiftForm>();
  loaded.forEach((result, i) => {
    if (!result) return;
    const { situation } = result;
    const { shift, own } = situation;
    const positive = isPositive(own?.state);
    const refusedSignup = positive ? [] : signupErrors(situation);
    const refusedDecline = declineErrors(situation);
    forms.set(shiftIds[i], {
      canSignUp: !positive && refusedSignup.length === 0,
      canDecline: refusedDecline.length === 0,
      reasons: [...new Set(positive ? refusedDecline : refusedSignup)],
      times: flowOptions(shift, timeZone).userCanCustomizeSignupTimes
        ? { start: own?.individualStartTime ?? shift.startTime, end: own?.individualEndTime ?? shift.endTime }
        : null,
      preference: structurePreferenceOptions(situation),
    });
  });
  return forms;
}

/** The shared event page, with a form sent back filled in and its errors at its shift's card. */
async function eventPage(c: Context<AppEnv>, eventId: number, submitted?: SubmittedForm, status: 200 | 400 | 409 = 200) {
  const { guestId, federatedUserId } = federatedUserOf(c);
  const [data, guest] = await Promise.all([sharedEventPage(c.var.db, eventId, guestId, federatedUserId), findGuest(c.var.db, guestId)]);
  if (!data || !guest) throw notFound();
  const forms = await shiftForms(
    c,
    data.shifts.map((shift) => shift.id),
    federatedUserId,
  );
  return c.html(<SharedEventPage c={c} data={data} guest={guest} forms={forms} submitted={submitted} />, status);
}

/** The shift's card on its event page. */
async function backToShift(c: Context<AppEnv>, shiftId: number, guestId: number) {
  const shift = await shiftOnPage(c.var.db, shiftId);
  if (!shift) throw notFound();
  return { shift, url: `${eventPageUrl(shift.eventId, guestId)}#shift-${shiftId}` };
}

export const federationSignupRoutes = new Hono<AppEnv>()
  .get("/events/shared/:event/:guest/", federatedUser("event"), async (c) => eventPage(c, eventGuestParams.parse(c.req.param()).event))

  // The card's forms post here; a plain visit goes back to the event page.
  .get("/shifts/shared/:shift/:guest/signup/", federatedUser("shift"), async (c) => {
    const { guestId } = federatedUserOf(c);
    const { shift } = shiftGuestParams.parse(c.req.param());
    return c.redirect((await backToShift(c, shift, guestId)).url, 302);
  })

  /**
   * The form of a card: sign up or decline the session's federated user (nobody else), with the
   * API's actions and checkers. Accepted: a flash message on the event page. Invalid fields or a
   * refusal: the event page again (400) with the form as sent and the messages at its card.
   */
  .post("/shifts/shared/:shift/:guest/signup/", federatedUser("shift"), async (c) => {
    const { guestId, federatedUserId } = federatedUserOf(c);
    const { shift: shiftId } = shiftGuestParams.parse(c.req.param());
    const form = await parseForm(c, signupForm);
    // Not a press of one of the form's buttons.
    if ("errors" in form && form.errors.signup_choice) throw new ApiError(400, { detail: "Select a valid choice." });
    const sendBack = async (errors: FieldErrors, status: 400 | 409) => {
      const { shift } = await backToShift(c, shiftId, guestId);
      return eventPage(c, shift.eventId, { shiftId, values: form.body, errors }, status);
    };
    if ("errors" in form) return sendBack(form.errors, 400);

    const { signup_choice: choice } = form.data;
    const input = { shiftId, participant: { kind: "federated" as const, federatedUserId }, timeZone: c.var.settings.timeZone };
    const fields = signupInput(form.data, c.var.settings.timeZone);
    const result = choice === "sign_up" ? await signUp(c.var.db, { ...input, ...fields }) : await decline(c.var.db, { ...input, comment: fields.comment });
    if (result.status === "not_found") throw notFound();
    if (result.status === "refused") return sendBack(result.errors, 400);
    if (result.status === "busy") return sendBack({ non_field_errors: [BUSY] }, 409);
    const { shift, url } = await backToShift(c, shiftId, guestId);
    flash(c, outcomeMessage(result.state, choice, shiftTitle(shift, c.var.settings.timeZone)));
    return c.redirect(url, 302);
  })

  /**
   * The guest sends the browser back here: exchange the code, read the
   * profile, find or create the federated user, open the federated session.
   */
  .get(OAUTH_CALLBACK_PATH, publicAccess(), async (c) => {
    const query = callbackQuery.safeParse(c.req.query());
    const pending = query.success ? await takePendingLogin(c, query.data.state) : null;
    if (!query.success || !pending) throw new ApiError(403, { detail: "This login was not started here or has expired. Please start again from the event list of your instance." });
    const guest = await findGuest(c.var.db, pending.guestId);
    if (!guest) throw permissionDenied();
    const { code, error } = query.data;
    if (error !== undefined || code === undefined) return backToGuest(c, guest, "oauth_error");

    const clientSecret = await decryptSecret(guest.clientSecretEncrypted, c.var.settings.secretKey).catch(() => null);
    if (clientSecret === null) return backToGuest(c, guest, "oauth_error");
    const { siteUrl } = c.var.settings;
    const token = await exchangeCode({ url: guest.url, clientId: guest.clientId, clientSecret }, code, pending.verifier, `${siteUrl}${OAUTH_CALLBACK_PATH}`, siteUrl);
    if (!token.ok) return backToGuest(c, guest, token.error);
    const profile = await guestProfileOf(guest.url, token.accessToken, siteUrl);
    if (!profile) return backToGuest(c, guest, "event_error");

    const user = await findOrCreateFederatedUser(c.var.db, guest.id, profile, Date.now(), randomString(32));
    await openFederatedSession(c, { guestId: guest.id, federatedUserId: user.id, binding: user.binding }, token.expiresIn);
    return c.redirect(eventPageUrl(pending.eventId, guest.id), 302);
  });
