import { type SQL, and, sql } from "drizzle-orm";
import type { Context } from "hono";
import { apiUser, requireScopes, requireScopesAndEventPermission } from "../../auth/access";
import { eventHasPermissionPerRow, eventVisibleTo, onShiftEvent } from "../../auth/visibility";
import { shifts, events } from "../../db/schema";
import { timeRangeConditions } from "../../lib/api/filters";
import { ascending, orderingFrom } from "../../lib/api/ordering";
import { pageRows, pageStart, paginated } from "../../lib/api/pagination";
import { keysOf } from "../../lib/api/keyset";
import { etagOf, requireIfMatch } from "../../lib/api/etag";
import { pkDoesNotExist } from "../../lib/api/drf-fields";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { errorResponse, jsonBody, jsonContent, preconditionFailedResponse, validationErrorResponse } from "../../lib/api/responses";
import { NOTHING_READABLE, type ReadBack, answerAsRead, createdAnswer } from "../../lib/api/write-answer";
import { ApiError, badRequest, notFound, permissionDenied, validationError } from "../../lib/errors";
import { SUPERUSER_ONLY } from "../../lib/http";
import { refuseOtherMethods } from "../../lib/api/method-refusals";

import { preconditionFailed } from "../../db/guard";
import type { AppEnv } from "../../types";
import { type StatsContextRows, countVisibleShiftsQuery, deleteShift, eventForShiftCreateQuery, followersQuery, insertShift, shiftForWriteQuery, shiftPageQuery, statsContextQueries, updateShift } from "./queries";
import { ForceQuery, IdParam } from "../../lib/api/params";
import { ShiftCreate, ShiftListQuery, ShiftPage, ShiftSchema, ShiftUpdate } from "./schemas";
import { validatedShift, writtenColumns } from "./validate";
import { shiftsJsonWithStats, statsParticipationRows } from "./serialize";

const apiRoute = apiRoutes({ tag: "Shifts" });
const access = () => requireScopes("PUBLIC_READ");
/** change_event globally or on some event first, then on the shift's event (shiftForWrite, the create handler). */
const write = () => requireScopesAndEventPermission(["PUBLIC_WRITE"], "change_event");

const ORDERING = {
  id: shifts.id,
  label: shifts.label,
  event_id: shifts.eventId,
  event__title: events.title,
  meeting_time: shifts.meetingTime,
  start_time: shifts.startTime,
  end_time: shifts.endTime,
  signup_flow_slug: shifts.signupFlowSlug,
  structure_slug: shifts.structureSlug,
};

/** Serializes a page of shifts (`shiftPageQuery`) with their signup stats; `statsContext` came in the same batch. */
const pageJson = (rows: Awaited<ReturnType<typeof shiftPageQuery>>, statsContext: StatsContextRows, timeZone: string) =>
  shiftsJsonWithStats(rows, [rows.flatMap((row) => statsParticipationRows(row.id, row.statsParticipations)), ...statsContext], timeZone);

const listRoute = apiRoute({
  method: "get",
  path: "/api/shifts/",
  access: access(),
  summary: "Shifts of the events you may view",
  description: "Shifts of active events on which you hold view_event (object or global permission).",
  request: { query: ShiftListQuery },
  responses: { 200: jsonContent(ShiftPage, "A page of shifts") },
});

const detailRoute = apiRoute({
  method: "get",
  path: "/api/shifts/{id}/",
  access: access(),
  summary: "One shift",
  request: { params: IdParam },
  responses: {
    200: jsonContent(ShiftSchema, "The shift"),
    404: errorResponse("Unknown or not visible"),
  },
});

const PERMISSION_NOTE = "Needs change_event on the shift's event (object or global permission), also when the event is inactive.";
const IF_MATCH_NOTE = "Send `If-Match` with the ETag of your last read to refuse the write (412) if the shift changed since.";
const HAS_PARTICIPATIONS = "This shift has participations, which would be deleted with it. Repeat the request with ?force=true to delete them too.";

const createShiftRoute = apiRoute({
  method: "post",
  path: "/api/shifts/",
  access: write(),
  summary: "Add a shift to an event",
  description: `${PERMISSION_NOTE} Times must satisfy meeting_time ≤ start_time < end_time; the configurations are checked against their signup flow and structure, and the ids they name must exist.`,
  request: { body: jsonBody(ShiftCreate) },
  responses: {
    201: jsonContent(ShiftSchema, "The new shift, as your `GET /api/shifts/{id}/` shows it (no body if you may not read it; `Location` names it)"),
    400: validationErrorResponse("Invalid values or unknown ids"),
  },
});

const updateShiftRoute = apiRoute({
  method: "patch",
  path: "/api/shifts/{id}/",
  access: write(),
  summary: "Change a shift",
  description: `${PERMISSION_NOTE} Any subset of the writable fields; the result is checked as a whole (times in order, configuration fitting its slug). A shift cannot move to another event. ${IF_MATCH_NOTE}`,
  request: { params: IdParam, body: jsonBody(ShiftUpdate) },
  responses: {
    200: jsonContent(ShiftSchema, "The updated shift, as your `GET /api/shifts/{id}/` shows it"),
    204: NOTHING_READABLE,
    400: validationErrorResponse("Invalid values or unknown ids"),
    404: errorResponse("Unknown, or neither visible nor changeable"),
    409: errorResponse("Other writes kept changing the shift while it was checked; nothing written, try again"),
    412: preconditionFailedResponse("shift"),
  },
});

const deleteShiftRoute = apiRoute({
  method: "delete",
  path: "/api/shifts/{id}/",
  access: write(),
  summary: "Delete a shift",
  description: `${PERMISSION_NOTE} A shift with participations (of any state) is only deleted with \`?force=true\`, together with them; a shift other shifts are coupled to is not deleted. ${IF_MATCH_NOTE}`,
  request: { params: IdParam, query: ForceQuery },
  responses: {
    204: { description: "Deleted" },
    400: errorResponse("The shift has participations and `force` is not set, or coupled shifts follow it"),
    404: errorResponse("Unknown, or neither visible nor changeable"),
    412: preconditionFailedResponse("shift"),
  },
});

/** The shift `where` selects as `GET /api/shifts/{id}/` shows it, with its ETag (null: none), in one round trip. */
async function shiftWithEtag(c: Context<AppEnv>, where: SQL | undefined) {
  const db = c.var.db;
  const [rows, ...statsContext] = await db.batch([shiftPageQuery(db, where, [ascending(shifts.id)], { limit: 1, offset: 0 }, Date.now()), ...statsContextQueries(db)]);
  if (!rows.length) return null;
  const [shift] = pageJson(rows, statsContext, c.var.settings.timeZone);
  return { json: shift.json, etag: await etagOf(c.var.settings.secretKey, shift.json) };
}

/** The shift as the caller's `GET /api/shifts/{id}/` shows it; null where that GET is a 404. */
const visibleShift = (c: Context<AppEnv>, id: number) => shiftWithEtag(c, and(sql`${shifts.id} = ${id}`, eventVisibleTo(apiUser(c), { acceptGlobal: true })));

/** What a write on the shift may answer (its event may be one the caller cannot see, or inactive). */
const readBack = (c: Context<AppEnv>, id: number): ReadBack<object>[] => [{ route: detailRoute, load: () => visibleShift(c, id) }];

/**
 * The shift a write is about: unknown or out of sight → 404, without change_event → 403, changed
 * since `If-Match` → 412; with the row version the write must still find (null: no `If-Match`).
 */
async function shiftForWrite(c: Context<AppEnv>, id: number) {
  const [row] = await shiftForWriteQuery(c.var.db, id, apiUser(c));
  if (!row) throw notFound("Shift");
  if (!row.permitted) throw permissionDenied();
  const version = { table: shifts, id, version: row.version };
  // The representation (with its stats: one more round trip) only matters to a conditional request.
  const shown = c.req.header("If-Match") === undefined ? null : await shiftWithEtag(c, sql`${shifts.id} = ${id}`);
  const precondition = shown === null ? null : requireIfMatch(c, { etag: shown.etag, row: version });
  return { row, version, precondition };
}

/** Tries of a PATCH whose checks combined sent and stored values, while other writes keep changing the shift. */
const ATTEMPTS = 3;
const changedMeanwhile = () => new ApiError(409, { detail: "The shift was changed at the same time. Please try again." });

export const shiftRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const db = c.var.db;
    const user = apiUser(c);
    const filters = timeRangeConditions(query, shifts.startTime, shifts.endTime, c.var.settings.timeZone);
    // Asked of each shift's event as the page walks the shifts in order: a page reads its rows and
    // stops, where the set of visible events would lead SQLite to read every visible shift.
    const where = and(onShiftEvent(eventHasPermissionPerRow(user, "view_event", { acceptGlobal: true })), ...filters);
    const order = orderingFrom(query.ordering, ORDERING, [ascending(shifts.meetingTime), ascending(shifts.startTime)], shifts.id);
    const seek = await pageStart(c, query, order);
    const [[{ total }], found, ...statsContext] = await db.batch([
      countVisibleShiftsQuery(db, user, filters),
      shiftPageQuery(db, and(where, seek.after), order, seek, Date.now()),
      ...statsContextQueries(db),
    ]);
    const { rows, ...position } = pageRows(found, query, (row) => keysOf(row, order));
    const serialized = pageJson(rows, statsContext, c.var.settings.timeZone);
    return c.json(await paginated(c, query, total, serialized.map((s) => s.json), { start: seek, ...position }), 200);
  })
  .openapi(detailRoute, async (c) => {
    const shown = await visibleShift(c, c.req.valid("param").id);
    if (!shown) throw notFound("Shift");
    return c.json(shown.json, 200, { ETag: shown.etag });
  })
  .openapi(createShiftRoute, async (c) => {
    const { event: eventId, ...fields } = c.req.valid("json");
    // An event one may neither see nor change does not exist for them (as DRF's related field).
    const [event] = await eventForShiftCreateQuery(c.var.db, eventId, apiUser(c));
    if (!event) throw validationError({ event: [pkDoesNotExist(eventId)] });
    if (!event.permitted) throw permissionDenied();
    const values = await validatedShift(c.var.db, c.var.settings.timeZone, null, null, { ...fields, eventId });
    const id = await insertShift(c.var.db, values);
    return createdAnswer(c, readBack(c, id), new URL(`/api/shifts/${id}/`, c.req.url).href);
  })
  .openapi(updateShiftRoute, async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    const { columns, readsStored } = writtenColumns(changes);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { row, version, precondition } = await shiftForWrite(c, id);
      const values = await validatedShift(c.var.db, c.var.settings.timeZone, id, row, { ...changes, eventId: row.eventId });
      // The client's If-Match guards the write; without one, the version read guards what was checked together.
      if (await updateShift(c.var.db, id, values, columns, precondition ?? (readsStored ? version : null))) return answerAsRead(c, readBack(c, id));
      if (precondition) throw preconditionFailed();
    }
    throw changedMeanwhile();
  })
  .openapi(deleteShiftRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { force } = c.req.valid("query");
    const { precondition } = await shiftForWrite(c, id);
    const followers = await followersQuery(c.var.db, id);
    if (followers.length === 1) throw badRequest(`Shift ${followers[0].id} is coupled to this shift; change its signup flow or delete it first.`);
    if (followers.length) throw badRequest(`Shifts ${followers.map((f) => f.id).join(", ")} are coupled to this shift; change their signup flow or delete them first.`);
    // Checked with the delete itself, so participations added since the read are never lost unasked.
    if (!(await deleteShift(c.var.db, id, force, precondition))) throw badRequest(HAS_PARTICIPATIONS);
    return c.body(null, 204);
  });

// What stays refused after the permission check (ephios's Shift permissions, held by superusers only).
refuseOtherMethods(shiftRoutes, () => ({ guard: access(), permissions: SUPERUSER_ONLY }));
