import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { federatedUserRequired, publicAccess } from "../../../auth/access";
import { CONFIRMED, isPositive } from "../../../db/participation-states";
import { decryptSecret, randomString } from "../../../lib/crypto";
import { ApiError, notFound, permissionDenied } from "../../../lib/errors";
import { flash } from "../../../lib/html/flash";
import { parseForm } from "../../../lib/html/forms";
import type { AppEnv } from "../../../types";
import { type ActionResult, decline, signUp } from "../../signup/actions";
import { declineErrors, shiftTitle, signupErrors } from "../../signup/checkers";
import { loadSituations } from "../../signup/queries";
import { exchangeCode, guestProfileOf } from "./client";
import { type ShiftActions, SharedEventPage, eventPageUrl } from "./pages";
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

/** ephios's flash messages after a quick action. */
function outcomeMessage(result: ActionResult, choice: "sign_up" | "decline", shift: string): string {
  if (result.status === "refused") return Object.values(result.errors).flat().join(" ");
  if (result.status === "busy") return "Too many people are signing up right now. Please try again.";
  if (result.status !== "done") return "This action is not allowed.";
  if (choice === "decline") return `You have successfully declined ${shift}.`;
  return result.state === CONFIRMED ? `You have successfully signed up for ${shift}.` : `You have successfully requested a participation in ${shift}.`;
}

/**
 * What the user may do on each shift, and ephios's reasons where not (the card footers): the same
 * checkers the actions run, so a button shown is an action allowed at this moment.
 */
async function shiftActions(c: Context<AppEnv>, shiftIds: number[], federatedUserId: number): Promise<Map<number, ShiftActions>> {
  const participant = { kind: "federated" as const, federatedUserId };
  const now = Date.now();
  const loaded = await loadSituations(
    c.var.db,
    shiftIds.map((shiftId) => ({ shiftId, participant, now, timeZone: c.var.settings.timeZone, asked: {} })),
  );
  const actions = new Map<number, ShiftActions>();
  loaded.forEach((result, i) => {
    if (!result) return;
    const { situation } = result;
    const positive = isPositive(situation.own?.state);
    const refusedSignup = positive ? [] : signupErrors(situation);
    const refusedDecline = declineErrors(situation);
    actions.set(shiftIds[i], {
      canSignUp: !positive && refusedSignup.length === 0,
      canDecline: refusedDecline.length === 0,
      reasons: [...new Set(positive ? refusedDecline : refusedSignup)],
    });
  });
  return actions;
}

/** The shift's card on its event page. */
async function backToShift(c: Context<AppEnv>, shiftId: number, guestId: number) {
  const shift = await shiftOnPage(c.var.db, shiftId);
  if (!shift) throw notFound();
  return { shift, url: `${eventPageUrl(shift.eventId, guestId)}#shift-${shiftId}` };
}

export const federationSignupRoutes = new Hono<AppEnv>()
  .get("/events/shared/:event/:guest/", federatedUser("event"), async (c) => {
    const { guestId, federatedUserId } = federatedUserOf(c);
    const { event } = eventGuestParams.parse(c.req.param());
    const [data, guest] = await Promise.all([sharedEventPage(c.var.db, event, guestId, federatedUserId), findGuest(c.var.db, guestId)]);
    if (!data || !guest) throw notFound();
    const actions = await shiftActions(
      c,
      data.shifts.map((shift) => shift.id),
      federatedUserId,
    );
    return c.html(<SharedEventPage c={c} data={data} guest={guest} actions={actions} />);
  })

  // The card's forms post here; a plain visit goes back to the event page.
  .get("/shifts/shared/:shift/:guest/signup/", federatedUser("shift"), async (c) => {
    const { guestId } = federatedUserOf(c);
    const { shift } = shiftGuestParams.parse(c.req.param());
    return c.redirect((await backToShift(c, shift, guestId)).url, 302);
  })

  .post("/shifts/shared/:shift/:guest/signup/", federatedUser("shift"), async (c) => {
    const { guestId, federatedUserId } = federatedUserOf(c);
    const { shift: shiftId } = shiftGuestParams.parse(c.req.param());
    const form = await parseForm(c, signupForm);
    if ("errors" in form) throw new ApiError(400, { detail: "Select a valid choice." });
    const input = { shiftId, participant: { kind: "federated" as const, federatedUserId }, timeZone: c.var.settings.timeZone };
    const result = form.data.signup_choice === "sign_up" ? await signUp(c.var.db, input) : await decline(c.var.db, input);
    if (result.status === "not_found") throw notFound();
    const { shift, url } = await backToShift(c, shiftId, guestId);
    flash(c, outcomeMessage(result, form.data.signup_choice, shiftTitle(shift, c.var.settings.timeZone)));
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
