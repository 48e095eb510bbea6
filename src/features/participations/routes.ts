import type { Context } from "hono";
import { type SQL, and, eq, inArray } from "drizzle-orm";
import { apiUser, requireScopes, requireScopesAndEventPermission, requireScopesAndPermission } from "../../auth/access";
import { type AuthUser, hasGlobalPermission } from "../../auth/principal";
import { type VisibilityPlan, eventHasPermission, participationInUserinfoScope, participationViewableBy } from "../../auth/visibility";
import type { RowVersion } from "../../db/guard";
import { participations } from "../../db/schema";
import { notAChoice } from "../../lib/api/filters";
import { type Page, pageRows, pageStart, paginated } from "../../lib/api/pagination";
import { etagOf, requireIfMatch } from "../../lib/api/etag";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { errorResponse, jsonBody, jsonContent, preconditionFailedResponse, validationErrorResponse } from "../../lib/api/responses";
import { NOTHING_READABLE, type ReadBack, answerAsRead } from "../../lib/api/write-answer";
import { todayIn } from "../../lib/datetime";
import { type FieldErrors, notFound, permissionDenied, validationError } from "../../lib/errors";
import { modelPermissions } from "../../lib/http";
import { refuseOtherMethods } from "../../lib/api/method-refusals";

import type { AppEnv } from "../../types";
import { type QualificationQueryRow, allQualificationsQuery } from "../qualifications/queries";
import { qualificationsById } from "../qualifications/serialize";
import { IdParam } from "../../lib/api/params";
import { customize } from "../signup/actions";
import { participantInput, requireDone } from "../signup/request";
import { changedMeanwhile, responsibleChange } from "./disposition";
import { responsibleTarget, updateByResponsible } from "./write-queries";
import { type CountByEvent, type ParticipationFilters, type ParticipationRow, choiceChecks, countParticipationsQuery, filterConditions, participationOrder, participationPageQuery } from "./queries";
import {
  OwnParticipationUpdate,
  ParticipationListQuery,
  ParticipationPage,
  ParticipationSchema,
  ResponsibleParticipationUpdate,
  UserParticipationParams,
  UserParticipationsParams,
  UserinfoParticipationPage,
  UserinfoParticipationSchema,
} from "./schemas";
import { participationJson, userinfoParticipationJson } from "./serialize";

/** What serializing needs beyond the rows: the instance's settings and the qualifications. */
function serializeContext(c: Context<AppEnv>, qualificationRows: QualificationQueryRow[]) {
  return { timeZone: c.var.settings.timeZone, today: todayIn(c.var.settings.timeZone), language: c.var.language, qualifications: qualificationsById(qualificationRows) };
}
type SerializeContext = ReturnType<typeof serializeContext>;

const publicData = (rows: ParticipationRow[], context: SerializeContext) => rows.map((row) => participationJson(row, context));
const userinfoData = (rows: ParticipationRow[], context: SerializeContext) => rows.map((row) => userinfoParticipationJson(row, context));

/**
 * The four participation endpoints of ephios differ in scope, required permission, which rows they
 * start from, the visibility filter and the serializer; the rest is shared.
 */
interface Variant<T> {
  serialize: (rows: ParticipationRow[], context: SerializeContext) => T[];
  /** Whether the rows bring the comments the caller may read (the userinfo serializer shows them). */
  comments: boolean;
  /** Which rows the variant shows; `plan` as `participationViewableBy` takes it. */
  rows: (user: AuthUser, params: { user?: number }, plan: VisibilityPlan) => (SQL | undefined)[];
  /** Where the list's visibility is `participationViewableBy`, it is counted from the events' counters. */
  countByEvent?: (user: AuthUser) => CountByEvent | null;
  /**
   * How the list's count and page ask view_event: the set of visible events where the rows are
   * many (a page walking them in id order probes it; asked per row instead, a stretch of rows the
   * caller cannot see would cost several rows each), per row where they are one user's. A detail
   * asks it per row.
   */
  plan: (user: AuthUser) => VisibilityPlan;
}

const variant = <T>(v: Variant<T>) => v;

const VARIANTS = {
  // /api/participations/: public data, only REQUESTED and CONFIRMED participations.
  participations: variant({
    serialize: publicData,
    comments: false,
    rows: (user, _, plan) => [inArray(participations.state, [0, 1]), participationViewableBy(user, plan)],
    countByEvent: () => ({ states: "positive" }),
    plan: () => "set",
  }),
  // /api/participations-userinfo/: all states, confidential data, for view_userprofile.
  userinfo: variant({
    serialize: userinfoData,
    comments: true,
    rows: (user, _, plan) => [participationInUserinfoScope(user, plan)],
    // With global view_userprofile the scope is `participationViewableBy`; without it, one's own rows.
    countByEvent: (user) => (hasGlobalPermission(user, "view_userprofile") ? { states: "all" } : null),
    plan: (user) => (hasGlobalPermission(user, "view_userprofile") ? "set" : "perRow"),
  }),
  // /api/users/me/participations/: the user's own local participations, all states.
  own: variant({
    serialize: userinfoData,
    comments: true,
    rows: (user, _, plan) => [eq(participations.kind, "local"), eq(participations.userId, user.id), participationInUserinfoScope(user, plan)],
    plan: () => "perRow",
  }),
  // /api/users/{user}/participations/: one user's local participations, all states, public data.
  ofUser: variant({
    serialize: publicData,
    comments: false,
    rows: (user, params, plan) => [eq(participations.kind, "local"), eq(participations.userId, params.user ?? 0), participationViewableBy(user, plan)],
    plan: () => "perRow",
  }),
  // What a responsible's PATCH answers: viewable, on an event the user may change, all states.
  responsible: variant({
    serialize: userinfoData,
    comments: true,
    rows: (user, _, plan) => [participationViewableBy(user, plan), eventHasPermission(user, "change_event", { acceptGlobal: true })],
    plan: () => "perRow",
  }),
};

async function list<T>(c: Context<AppEnv>, variant: Variant<T>, filters: ParticipationFilters & Page, params: { user?: number } = {}) {
  const user = apiUser(c);
  const db = c.var.db;
  const filtered = filterConditions(filters, c.var.settings.timeZone);
  const where = and(...variant.rows(user, params, variant.plan(user)), ...filtered);
  const seek = await pageStart(c, filters, participationOrder);
  const [[{ total }], found, qualificationRows, eventTypesFound, eventsFound, shiftsFound] = await db.batch([
    countParticipationsQuery(db, user, where, filters, variant.countByEvent?.(user) ?? null),
    participationPageQuery(db, and(where, seek.after), seek, Date.now(), variant.comments ? user : null),
    allQualificationsQuery(db),
    ...choiceChecks(db, filters),
  ]);

  const errors: FieldErrors = {};
  const missing = (name: string, wanted: number[], found: { id: number }[]) => {
    const known = new Set(found.map((f) => f.id));
    const unknown = wanted.find((id) => !known.has(id));
    if (unknown !== undefined) errors[name] = [notAChoice(unknown)];
  };
  missing("event_type", filters.event_type, eventTypesFound);
  missing("event", filters.event, eventsFound);
  missing("shift", filters.shift, shiftsFound);
  if (Object.keys(errors).length) throw validationError(errors);

  const { rows, ...position } = pageRows(found, filters, (row) => [row.id]);
  return paginated(c, filters, total, variant.serialize(rows, serializeContext(c, qualificationRows)), { start: seek, ...position });
}

/**
 * One participation as the variant shows it, with its ETag and the row version read with it (for
 * If-Match on the writes); null: not in the variant's sight.
 */
async function find<T>(c: Context<AppEnv>, variant: Variant<T>, id: number, params: { user?: number } = {}): Promise<{ json: T; etag: string; row: RowVersion } | null> {
  const user = apiUser(c);
  // The detail obeys the list's visibility (ephios answers 404 to all but superusers here).
  const db = c.var.db;
  const where = and(eq(participations.id, id), ...variant.rows(user, params, "perRow"));
  const one = participationPageQuery(db, where, { limit: 1, offset: 0 }, Date.now(), variant.comments ? user : null);
  const [rows, qualificationRows] = await db.batch([one, allQualificationsQuery(db)]);
  if (!rows.length) return null;
  const [json] = variant.serialize(rows, serializeContext(c, qualificationRows));
  return { json, etag: await etagOf(c.var.settings.secretKey, json), row: { table: participations, id, version: rows[0].version } };
}

async function detail<T>(c: Context<AppEnv>, variant: Variant<T>, id: number, params: { user?: number } = {}): Promise<{ json: T; etag: string; row: RowVersion }> {
  const found = await find(c, variant, id, params);
  if (!found) throw notFound("AbstractParticipation");
  return found;
}

/** ephios's ViewUserModelObjectPermissions: the global view_userprofile permission, before anything else. */
const viewUserprofile = () => requireScopesAndPermission(["CONFIDENTIAL_READ"], "view_userprofile");

const apiRoute = apiRoutes({ tag: "Participations" });

const NOT_FOUND = "Unknown or not visible";
const writeResponses = {
  200: jsonContent(
    UserinfoParticipationSchema.or(ParticipationSchema),
    "The participation as the first of your participation GETs that shows it (`/api/users/me/participations/{id}/`, `/api/participations-userinfo/{id}/`, `/api/participations/{id}/`)",
  ),
  204: NOTHING_READABLE,
  400: validationErrorResponse("Invalid fields, or not allowed (messages under non_field_errors)"),
  404: errorResponse(NOT_FOUND),
  409: errorResponse("Changed by someone else at the same time; nothing written"),
  412: preconditionFailedResponse("participation"),
};

const routes = {
  participations: {
    list: apiRoute({
      method: "get",
      path: "/api/participations/",
      access: requireScopes("CONFIDENTIAL_READ"),
      summary: "Requested and confirmed participations you may see (public participant data)",
      request: { query: ParticipationListQuery },
      responses: { 200: jsonContent(ParticipationPage, "A page of participations") },
    }),
    detail: apiRoute({
      method: "get",
      path: "/api/participations/{id}/",
      access: requireScopes("CONFIDENTIAL_READ"),
      summary: "One participation (public participant data)",
      request: { params: IdParam },
      responses: { 200: jsonContent(ParticipationSchema, "The participation"), 404: errorResponse(NOT_FOUND) },
    }),
  },
  userinfo: {
    list: apiRoute({
      method: "get",
      path: "/api/participations-userinfo/",
      access: viewUserprofile(),
      summary: "Participations with confidential participant data and comments",
      description: "Needs the global permission view_userprofile.",
      request: { query: ParticipationListQuery },
      responses: { 200: jsonContent(UserinfoParticipationPage, "A page of participations") },
    }),
    detail: apiRoute({
      method: "get",
      path: "/api/participations-userinfo/{id}/",
      access: viewUserprofile(),
      summary: "One participation with confidential participant data and comments",
      description: "Needs the global permission view_userprofile. Answers an `ETag` for `If-Match` on PATCH.",
      request: { params: IdParam },
      responses: { 200: jsonContent(UserinfoParticipationSchema, "The participation"), 404: errorResponse(NOT_FOUND) },
    }),
    update: apiRoute({
      method: "patch",
      path: "/api/participations-userinfo/{id}/",
      access: requireScopesAndEventPermission(["CONFIDENTIAL_WRITE"], "change_event"),
      summary: "Change a participation's state or times (responsibles)",
      description:
        "Needs change_event on the participation's event (object or global permission). The state of a participation in a coupled shift follows its leader shift and cannot be changed here; " +
        "a new state in a leader shift is mirrored to its coupled shifts. Times: null resets to the shift's. Send `If-Match` with the ETag of your last read to get 412 if the participation changed since.",
      request: { params: IdParam, body: jsonBody(ResponsibleParticipationUpdate) },
      responses: writeResponses,
    }),
  },
  own: {
    list: apiRoute({
      method: "get",
      path: "/api/users/me/participations/",
      access: requireScopes("ME_READ"),
      summary: "Your own participations, in every state",
      request: { query: ParticipationListQuery },
      responses: { 200: jsonContent(UserinfoParticipationPage, "A page of participations") },
    }),
    detail: apiRoute({
      method: "get",
      path: "/api/users/me/participations/{id}/",
      access: requireScopes("ME_READ"),
      summary: "One of your participations",
      description: "Answers an `ETag` for `If-Match` on PATCH.",
      request: { params: IdParam },
      responses: { 200: jsonContent(UserinfoParticipationSchema, "The participation"), 404: errorResponse(NOT_FOUND) },
    }),
    update: apiRoute({
      method: "patch",
      path: "/api/users/me/participations/{id}/",
      access: requireScopes("ME_WRITE"),
      summary: "Change your times or add a comment",
      description:
        "Your individual times (where the shift's flow lets participants choose them; null resets to the shift's) and a new comment; the state stays. " +
        "As in ephios, only while you could sign up, and for a requested or confirmed participation also decline (else 400 with the checkers' messages). " +
        "Send `If-Match` with the ETag of your last read to get 412 if the participation changed since.",
      request: { params: IdParam, body: jsonBody(OwnParticipationUpdate) },
      responses: writeResponses,
    }),
  },
  ofUser: {
    list: apiRoute({
      method: "get",
      path: "/api/users/{user}/participations/",
      access: viewUserprofile(),
      summary: "One user's participations (public participant data)",
      description: "Needs the global permission view_userprofile. An unknown user gives an empty list.",
      request: { params: UserParticipationsParams, query: ParticipationListQuery },
      responses: { 200: jsonContent(ParticipationPage, "A page of participations") },
    }),
    detail: apiRoute({
      method: "get",
      path: "/api/users/{user}/participations/{id}/",
      access: viewUserprofile(),
      summary: "One participation of a user (public participant data)",
      description: "Needs the global permission view_userprofile.",
      request: { params: UserParticipationParams },
      responses: { 200: jsonContent(ParticipationSchema, "The participation"), 404: errorResponse(NOT_FOUND) },
    }),
  },
};

export const participationRoutes = createRouter();

/**
 * What a write on a participation may answer: the first of its detail GETs (own, userinfo, public)
 * that shows it to the caller. So a responsible without view_userprofile gets the public data at
 * most, and a token without a read scope nothing.
 */
export const participationReadBack = (c: Context<AppEnv>, id: number): ReadBack<object>[] => [
  { route: routes.own.detail, load: () => find(c, VARIANTS.own, id) },
  { route: routes.userinfo.detail, load: () => find(c, VARIANTS.userinfo, id) },
  { route: routes.participations.detail, load: () => find(c, VARIANTS.participations, id) },
];

const withEtag = <T>(c: Context<AppEnv>, { json, etag }: { json: T; etag: string }) => c.json(json, 200, { ETag: etag });

participationRoutes
  .openapi(routes.participations.list, async (c) => c.json(await list(c, VARIANTS.participations, c.req.valid("query")), 200))
  .openapi(routes.participations.detail, async (c) => withEtag(c, await detail(c, VARIANTS.participations, c.req.valid("param").id)))
  .openapi(routes.userinfo.list, async (c) => c.json(await list(c, VARIANTS.userinfo, c.req.valid("query")), 200))
  .openapi(routes.userinfo.detail, async (c) => withEtag(c, await detail(c, VARIANTS.userinfo, c.req.valid("param").id)))
  .openapi(routes.userinfo.update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const db = c.var.db;
    const target = await responsibleTarget(db, apiUser(c), id);
    if (!target) throw notFound("AbstractParticipation");
    if (!target.canChange) throw permissionDenied();
    const precondition = requireIfMatch(c, await detail(c, VARIANTS.responsible, id));
    const change = await responsibleChange(db, target, body, c.var.settings.timeZone);
    if (!(await updateByResponsible(db, target, change, precondition))) throw changedMeanwhile();
    return answerAsRead(c, participationReadBack(c, id));
  })
  .openapi(routes.own.list, async (c) => c.json(await list(c, VARIANTS.own, c.req.valid("query")), 200))
  .openapi(routes.own.detail, async (c) => withEtag(c, await detail(c, VARIANTS.own, c.req.valid("param").id)))
  .openapi(routes.own.update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const current = await detail(c, VARIANTS.own, id);
    const result = await customize(c.var.db, {
      shiftId: current.json.shift,
      participant: { kind: "local", userId: apiUser(c).id },
      timeZone: c.var.settings.timeZone,
      precondition: requireIfMatch(c, current),
      ...participantInput(body, c.var.settings.timeZone),
    });
    requireDone(result, "AbstractParticipation");
    return answerAsRead(c, participationReadBack(c, id));
  })
  .openapi(routes.ofUser.list, async (c) => c.json(await list(c, VARIANTS.ofUser, c.req.valid("query"), c.req.valid("param")), 200))
  .openapi(routes.ofUser.detail, async (c) => {
    const params = c.req.valid("param");
    return withEtag(c, await detail(c, VARIANTS.ofUser, params.id, params));
  });

// Read-only (but for the PATCHes above): refused by the read scope and, where the data is a
// user profile's, ephios's userprofile model permission first, then 405.
refuseOtherMethods(participationRoutes, (path) => ({
  guard: requireScopes(path.startsWith("/api/users/me/") ? "ME_READ" : "CONFIDENTIAL_READ"),
  permissions: path.startsWith("/api/participations-userinfo/") || path.startsWith("/api/users/:user/") ? modelPermissions("userprofile") : {},
}));
