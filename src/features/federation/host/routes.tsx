import type { Context } from "hono";
import { and, eq } from "drizzle-orm";
import { apiUser, federatedGuestOf, federationGuestRequired, loginRequired, publicAccess, requireScopes, sessionUser, staffRequired } from "../../../auth/access";
import type { AuthUser } from "../../../auth/principal";
import { INVITE_CODE_LIFETIME_MS } from "../../../db/cleanup";
import type { Database } from "../../../db/client";
import { events } from "../../../db/schema";
import { pkDoesNotExist } from "../../../lib/api/drf-fields";
import { etagOf, requireIfMatch } from "../../../lib/api/etag";
import { invalidChoice, timeRangeConditions } from "../../../lib/api/filters";
import { ascending, orderBySql } from "../../../lib/api/ordering";
import { pageRows, pageStart, paginated } from "../../../lib/api/pagination";
import { keyColumns, keysOf } from "../../../lib/api/keyset";
import { apiRoutes, createRouter, fieldErrors } from "../../../lib/api/router";
import { errorResponse, jsonBody, jsonContent, preconditionFailedResponse, validationErrorResponse } from "../../../lib/api/responses";
import { NOTHING_READABLE, answerAsRead } from "../../../lib/api/write-answer";
import { HEX, decryptSecret, encryptSecret, randomString, sha256Hex } from "../../../lib/crypto";
import { notFound, permissionDenied, tooManyRequests, validationError } from "../../../lib/errors";
import { flash } from "../../../lib/html/flash";
import { parseForm, textField } from "../../../lib/html/forms";
import { refuseOtherMethods } from "../../../lib/api/method-refusals";
import { outboundUrlProblem } from "../../../lib/outbound-url";
import { clientAddress, countAttempt, type RateLimit } from "../../../lib/rate-limit";
import type { AppEnv } from "../../../types";
import { countEventsFromQuery, eventEnd, eventStart, eventTimeOrder, eventTypeExistsQuery, eventsFromQuery } from "../../events/queries";
import { IdParam, pathPk } from "../../../lib/api/params";
import { encodeShareCode } from "../share-code";
import { FEDERATION_SETTINGS } from "../urls";
import { ConfirmDeletePage, EventSharingPage, FederationOverviewPage, InviteFormPage, InvitePage, eventSharingUrl, guestDeleteUrl, inviteUrlOf } from "./pages";
import {
  deleteGuest,
  deleteInvite,
  eventForSharing,
  existingGuestIds,
  findGuest,
  findInvite,
  findInviteForRedemption,
  insertInvite,
  inviteIsValid,
  overviewQueries,
  redeemInvite,
  replaceShares,
  sharedEventsSource,
  sharesQueries,
} from "./queries";
import { EventSharesSchema, EventSharesUpdate, SetupRequest, SetupResponse, SharedEventPage, SharedEventQuery, inviteForm, sharesForm } from "./schemas";
import { sharedEventJson } from "./serialize";

/** As ephios's `secrets.token_hex()`: 64 hex characters, for invite codes and guest tokens. */
const SECRET_LENGTH = 64;
/** Longer codes are never ours; not worth hashing. */
const MAX_CODE_LENGTH = 255;
/** Failed redemptions per client address before 429 (a code has 256 bits; this only keeps probing cheap for us). */
export const SETUP_FAILURES: RateLimit = { name: "federation-setup", limit: 10, windowSeconds: 15 * 60 };

const apiRoute = apiRoutes({ tag: "Federation" });

// ---------------------------------------------------------------------------------------------
// The federation API (called by guest instances)

const setupRoute = apiRoute({
  method: "post",
  path: "/api/federation/setup/",
  access: publicAccess(),
  summary: "Redeem an invite code (called by the guest instance)",
  description:
    "Form-encoded (as an ephios guest sends it) or JSON. The code must have been issued for exactly this `url` and be at most 48 hours old; it can be used once. Answers the guest's bearer token for the federation API. The client secret is not echoed.",
  // Not `required`: each media type is then validated only when it is the one sent.
  request: { body: { content: { "application/json": { schema: SetupRequest }, "application/x-www-form-urlencoded": { schema: SetupRequest } } } },
  responses: {
    201: jsonContent(SetupResponse, "The guest was created"),
    400: validationErrorResponse('Invalid fields, or `{"non_field_errors": ["Invite code is not valid"]}` / `["Invite code is expired"]`'),
    415: errorResponse("Neither JSON nor a form"),
    429: errorResponse("Too many failed redemptions from this address"),
  },
});

const eventsRoute = apiRoute({
  method: "get",
  path: "/api/federation/events/",
  access: federationGuestRequired(),
  summary: "Active events shared with the calling guest instance",
  description: "Ordered by start time. The event filters of `/api/events/`; no search, no ordering parameter.",
  request: { query: SharedEventQuery },
  responses: { 200: jsonContent(SharedEventPage, "A page of shared events"), 400: validationErrorResponse("Invalid filter values") },
});

const guestDeleteRoute = apiRoute({
  method: "delete",
  path: "/api/federation/guest/delete/",
  access: federationGuestRequired(),
  summary: "End the federation (called by the guest instance)",
  description: "Deletes the calling guest with its federated users, their participations and its event shares, and revokes its token.",
  responses: { 204: { description: "Deleted" } },
});

// ---------------------------------------------------------------------------------------------
// Choosing the guests an event is shared with

const sharesRoute = apiRoute({
  method: "get",
  path: "/api/events/{id}/federation/",
  access: requireScopes("PUBLIC_READ"),
  summary: "The guest instances an event is shared with",
  description: "For staff and users who may change the event (change_event).",
  request: { params: IdParam },
  responses: { 200: jsonContent(EventSharesSchema, "The event's shares and every guest"), 404: errorResponse("Unknown or invisible event") },
});

const sharesUpdateRoute = apiRoute({
  method: "put",
  path: "/api/events/{id}/federation/",
  access: requireScopes("PUBLIC_WRITE"),
  summary: "Share an event with exactly these guest instances",
  description: "For staff and users who may change the event (change_event). Send `If-Match` with the ETag of your last read to refuse the change (412) if the shares changed since.",
  request: { params: IdParam, body: jsonBody(EventSharesUpdate) },
  responses: {
    200: jsonContent(EventSharesSchema, "The event's shares now, as `GET /api/events/{id}/federation/` shows them"),
    204: NOTHING_READABLE,
    400: validationErrorResponse("Invalid or unknown guest ids"),
    404: errorResponse("Unknown or invisible event"),
    412: preconditionFailedResponse("shares"),
  },
});

/** A setup call without any body (one without a type was refused with 415): every field is missing. */
function missingSetupBody(): never {
  const empty = SetupRequest.safeParse({});
  throw validationError(empty.success ? {} : fieldErrors(empty.error));
}

/** The event whose shares `user` may see and change; 404 when invisible, 403 when only visible. */
async function eventToShare(db: Database, id: number, user: AuthUser) {
  const event = await eventForSharing(db, id, user);
  if (!event) throw notFound("Event");
  if (!event.mayShare) throw permissionDenied();
  return event;
}

/** The event's shares as the API shows them, with the event's row version read with them. */
async function sharesOf(db: Database, eventId: number) {
  const [guests, shares, [event]] = await db.batch(sharesQueries(db, eventId));
  if (!event) throw notFound("Event");
  const body = { guests: shares.map((s) => s.guestId), available_guests: guests };
  return { body, row: { table: events, id: eventId, version: event.version } };
}

/** The shares as `GET /api/events/{id}/federation/` sends them, with their ETag. */
async function sharesShown(c: Context<AppEnv>, eventId: number) {
  const { body, row } = await sharesOf(c.var.db, eventId);
  return { json: body, etag: await etagOf(c.var.settings.secretKey, body), row };
}

export const federationHostRoutes = createRouter();

federationHostRoutes
  .openapi(setupRoute, async (c) => {
    const type = c.req.header("Content-Type") ?? "";
    // Each media type was validated only if it is the one sent (see the route's body).
    const input = /^application\/([\w.-]+\+)?json/i.test(type) ? c.req.valid("json") : /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type) ? c.req.valid("form") : missingSetupBody();
    const db = c.var.db;
    const now = Date.now();
    // Only failures count, and only they are refused over the limit: a valid code (256 random
    // bits) is redeemed whatever others sent from its address, which every guest deployed as a
    // Worker shares with every other Worker.
    const refuse = async (message: string): Promise<never> => {
      const attempt = await countAttempt(db, [{ limit: SETUP_FAILURES, subject: [clientAddress(c)] }], now);
      if (attempt.refused) throw tooManyRequests(attempt.refused.retryAfter);
      throw validationError({ non_field_errors: [message] });
    };

    const invite = input.code.length <= MAX_CODE_LENGTH ? await findInviteForRedemption(db, await sha256Hex(input.code), input.url) : null;
    if (!invite) return refuse("Invite code is not valid");
    if (!inviteIsValid(invite.createdAt, now)) return refuse("Invite code is expired");

    const token = randomString(SECRET_LENGTH, HEX);
    const clientSecretEncrypted = await encryptSecret(input.client_secret, c.var.settings.secretKey);
    const guestId = await redeemInvite(
      db,
      invite.id,
      { name: input.name, url: input.url, clientId: input.client_id, clientSecretEncrypted, tokenHash: await sha256Hex(token) },
      now,
    );
    // Redeemed by a concurrent call in between.
    if (guestId === null) return refuse("Invite code is not valid");
    return c.json({ id: guestId, name: input.name, url: input.url, client_id: input.client_id, access_token: token, host_name: c.var.settings.organizationName }, 201);
  })
  .openapi(eventsRoute, async (c) => {
    const query = c.req.valid("query");
    const { guestId } = federatedGuestOf(c);
    const db = c.var.db;
    const timeRange = timeRangeConditions(query, eventStart, eventEnd, c.var.settings.timeZone);
    const shared = sharedEventsSource(guestId);
    const where = and(...timeRange, query.type === undefined ? undefined : eq(events.typeId, query.type));
    const order = [ascending(eventTimeOrder.start), ascending(events.id)];
    const seek = await pageStart(c, query, order);
    const [[{ total }], found, typeFound] = await db.batch([
      countEventsFromQuery(db, shared, where),
      eventsFromQuery(db, shared, and(where, seek.after), keyColumns(order))
        .orderBy(...orderBySql(order))
        .limit(seek.limit)
        .offset(seek.offset),
      eventTypeExistsQuery(db, query.type ?? 0),
    ]);
    if (query.type !== undefined && typeFound.length === 0) throw validationError({ type: [invalidChoice()] });
    const { rows, ...position } = pageRows(found, query, (row) => keysOf(row, order));
    const results = rows.map((row) => sharedEventJson(row, guestId, c.var.settings));
    return c.json(await paginated(c, query, total, results, { start: seek, ...position }), 200);
  });

federationHostRoutes
  .openapi(guestDeleteRoute, async (c) => {
    await deleteGuest(c.var.db, federatedGuestOf(c).guestId);
    return c.body(null, 204);
  });

federationHostRoutes
  .openapi(sharesRoute, async (c) => {
    const event = await eventToShare(c.var.db, c.req.valid("param").id, apiUser(c));
    const { json, etag } = await sharesShown(c, event.id);
    return c.json(json, 200, { ETag: etag });
  })
  .openapi(sharesUpdateRoute, async (c) => {
    const { guests } = c.req.valid("json");
    const db = c.var.db;
    const event = await eventToShare(db, c.req.valid("param").id, apiUser(c));
    const precondition = requireIfMatch(c, await sharesShown(c, event.id));
    const existing = await existingGuestIds(db, guests);
    // DRF's many-related field stops at the first unknown id.
    const unknown = guests.find((id) => !existing.has(id));
    if (unknown !== undefined) throw validationError({ guests: [pkDoesNotExist(unknown)] });
    await replaceShares(db, event.id, guests, precondition);
    // The GET asks for the same event permission as this PUT, but for PUBLIC_READ.
    return answerAsRead(c, [{ route: sharesRoute, load: () => sharesShown(c, event.id) }]);
  });

// The setup is public: its other methods get the app's plain 405.
refuseOtherMethods(federationHostRoutes, (path) =>
  path.startsWith("/api/federation/") && path !== "/api/federation/setup/"
    ? { guard: federationGuestRequired() }
    : path === "/api/events/:id/federation/"
      ? { guard: requireScopes("PUBLIC_WRITE") }
      : undefined,
);

// ---------------------------------------------------------------------------------------------
// Staff pages

/** The `:pk` of a settings page, or a 404. */
function pkOf(c: Context<AppEnv>, model: string): number {
  const pk = pathPk(c.req.param());
  if (pk === null) throw notFound(model);
  return pk;
}

async function inviteFrom(c: Context<AppEnv>) {
  const invite = await findInvite(c.var.db, pkOf(c, "InviteCode"));
  if (!invite) throw notFound("InviteCode");
  return invite;
}

async function guestFrom(c: Context<AppEnv>) {
  const guest = await findGuest(c.var.db, pkOf(c, "FederatedGuest"));
  if (!guest) throw notFound("FederatedGuest");
  return guest;
}

async function sharingPageEvent(c: Context<AppEnv>) {
  const id = IdParam.safeParse(c.req.param());
  if (!id.success) throw notFound("Event");
  return eventToShare(c.var.db, id.data.id, sessionUser(c));
}

federationHostRoutes
  .get(FEDERATION_SETTINGS, staffRequired(), async (c) => {
    const [guests, invites, hosts] = await c.var.db.batch(overviewQueries(c.var.db, Date.now()));
    return c.html(<FederationOverviewPage c={c} guests={guests} invites={invites} hosts={hosts} />);
  })

  .get(`${FEDERATION_SETTINGS}guests/add/`, staffRequired(), (c) => c.html(<InviteFormPage c={c} />))

  .post(`${FEDERATION_SETTINGS}guests/add/`, staffRequired(), async (c) => {
    const form = await parseForm(c, inviteForm);
    if ("errors" in form) return c.html(<InviteFormPage c={c} url={textField(form.body, "url")} errors={form.errors} />, 400);
    // The guest's URL is where its users' logins are checked later (token and profile calls).
    const problem = outboundUrlProblem(form.data.url, c.var.settings.siteUrl);
    if (problem !== null) return c.html(<InviteFormPage c={c} url={form.data.url} errors={{ url: [`This is ${problem}, which this instance does not call.`] }} />, 400);
    const code = randomString(SECRET_LENGTH, HEX);
    const codeEncrypted = await encryptSecret(code, c.var.settings.secretKey);
    const id = await insertInvite(c.var.db, { codeHash: await sha256Hex(code), codeEncrypted, url: form.data.url }, Date.now());
    return c.redirect(inviteUrlOf(id), 302);
  })

  .get(`${FEDERATION_SETTINGS}invite/:pk/`, staffRequired(), async (c) => {
    const invite = await inviteFrom(c);
    if (!inviteIsValid(invite.createdAt, Date.now())) {
      flash(c, "Invite code has expired.");
      return c.redirect(FEDERATION_SETTINGS, 302);
    }
    const code = await decryptSecret(invite.codeEncrypted, c.var.settings.secretKey);
    const shareString = encodeShareCode({ guest_url: invite.url, code, host_url: c.var.settings.siteUrl });
    const inviteUrl = `${invite.url}/settings/federation/hosts/add/?code=${encodeURIComponent(shareString)}`;
    // The code is a credential until redeemed: keep it out of caches.
    c.header("Cache-Control", "no-store");
    return c.html(<InvitePage c={c} url={invite.url} shareString={shareString} inviteUrl={inviteUrl} expires={invite.createdAt + INVITE_CODE_LIFETIME_MS} />);
  })

  .get(`${FEDERATION_SETTINGS}invite/:pk/delete/`, staffRequired(), async (c) => {
    const invite = await inviteFrom(c);
    return c.html(
      <ConfirmDeletePage c={c} title="Delete invite" question={`Are you sure to delete the invite for ${invite.url}?`} help="The invite code stops working at once." action={`${inviteUrlOf(invite.id)}delete/`} />,
    );
  })

  .post(`${FEDERATION_SETTINGS}invite/:pk/delete/`, staffRequired(), async (c) => {
    const invite = await inviteFrom(c);
    await deleteInvite(c.var.db, invite.id);
    flash(c, `The invite for ${invite.url} was deleted.`);
    return c.redirect(FEDERATION_SETTINGS, 302);
  })

  .get(`${FEDERATION_SETTINGS}guests/:pk/delete/`, staffRequired(), async (c) => {
    const guest = await guestFrom(c);
    return c.html(
      <ConfirmDeletePage
        c={c}
        title="Stop sharing"
        question={`Are you sure to stop sharing events with ${guest.name} (${guest.url})?`}
        help="Its users who signed up here and their participations are deleted, and its access token stops working. The guest needs a new invite to share again."
        action={guestDeleteUrl(guest.id)}
      />,
    );
  })

  .post(`${FEDERATION_SETTINGS}guests/:pk/delete/`, staffRequired(), async (c) => {
    const guest = await guestFrom(c);
    await deleteGuest(c.var.db, guest.id);
    flash(c, `You no longer share events with ${guest.name}.`);
    return c.redirect(FEDERATION_SETTINGS, 302);
  })

  .get("/events/:id/federation/", loginRequired(), async (c) => {
    const event = await sharingPageEvent(c);
    const { body } = await sharesOf(c.var.db, event.id);
    return c.html(<EventSharingPage c={c} event={event} guests={body.available_guests} shared={new Set(body.guests)} />);
  })

  .post("/events/:id/federation/", loginRequired(), async (c) => {
    const event = await sharingPageEvent(c);
    const form = await parseForm(c, sharesForm);
    const { body } = await sharesOf(c.var.db, event.id);
    const known = new Set(body.available_guests.map((g) => g.id));
    const chosen = "data" in form ? form.data.guests : [];
    if ("errors" in form || chosen.some((id) => !known.has(id))) {
      const errors = { guests: ["Select a valid choice."] };
      return c.html(<EventSharingPage c={c} event={event} guests={body.available_guests} shared={new Set(body.guests)} errors={errors} />, 400);
    }
    await replaceShares(c.var.db, event.id, chosen, null);
    flash(c, `The shares of ${event.title} were saved.`);
    return c.redirect(eventSharingUrl(event.id), 302);
  });
