import { type SQL, and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { apiUser, requireScopes, requireScopesAndEventPermission, requireScopesAndPermission } from "../../auth/access";
import type { Permission } from "../../auth/permissions";
import { eventHasPermissionPerRow, eventVisibleTo } from "../../auth/visibility";
import { events } from "../../db/schema";
import { invalidChoice, timeRangeConditions } from "../../lib/api/filters";
import { ascending, orderBySql, orderingFrom } from "../../lib/api/ordering";
import { pageRows, pageStart, paginated } from "../../lib/api/pagination";
import { keyColumns, keysOf } from "../../lib/api/keyset";
import { etagOf, requireIfMatch } from "../../lib/api/etag";
import { pkDoesNotExist } from "../../lib/api/drf-fields";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { errorResponse, jsonBody, jsonContent, preconditionFailedResponse, validationErrorResponse } from "../../lib/api/responses";
import { NOTHING_READABLE, type ReadBack, answerAsRead, createdAnswer } from "../../lib/api/write-answer";
import { searchCondition } from "../../lib/api/search";
import { type FieldErrors, badRequest, notFound, permissionDenied, validationError } from "../../lib/errors";
import { modelPermissions } from "../../lib/http";
import { refuseOtherMethods } from "../../lib/api/method-refusals";

import { statsContextQueries } from "../shifts/queries";
import { ForceQuery, IdParam } from "../../lib/api/params";
import type { AppEnv } from "../../types";
import {
  countListedEventsQuery,
  deleteEvent,
  eventEnd,
  eventForWriteQuery,
  eventPageQuery,
  eventReferencesQueries,
  eventStart,
  eventTimeOrder,
  eventTypeExistsQuery,
  eventsQuery,
  eventsWithShiftsQuery,
  insertEvent,
  listedEventsQuery,
  updateEvent,
} from "./queries";
import { EventCreate, EventListQuery, EventPage, EventSchema, EventUpdate } from "./schemas";
import { eventsJsonWithShifts } from "./serialize";

const apiRoute = apiRoutes({ tag: "Events" });
const access = () => requireScopes("PUBLIC_READ");
/** A write on one event: the permission globally or on some event first, then per event (eventForWrite). */
const write = (permission: Permission) => requireScopesAndEventPermission(["PUBLIC_WRITE"], permission);

const listRoute = apiRoute({
  method: "get",
  path: "/api/events/",
  access: access(),
  summary: "Active events you may view",
  description: "Active events on which you hold the object permission view_event (directly or through a group; a global permission does not count here, as in ephios).",
  request: { query: EventListQuery },
  responses: {
    200: jsonContent(EventPage, "A page of events"),
  },
});

const detailRoute = apiRoute({
  method: "get",
  path: "/api/events/{id}/",
  access: access(),
  summary: "One event with its shifts",
  request: { params: IdParam },
  responses: {
    200: jsonContent(EventSchema, "The event"),
    404: errorResponse("Unknown or not visible"),
  },
});

const HAS_PARTICIPATIONS = "This event has participations, which would be deleted with it. Repeat the request with ?force=true to delete them too.";

const createRoute = apiRoute({
  method: "post",
  path: "/api/events/",
  access: requireScopesAndPermission(["PUBLIC_WRITE"], "add_event"),
  summary: "Create an event",
  description:
    "Needs the global permission add_event. The groups in `visible_for` get the object permission view_event; you get view_event and change_event on the new event. It has no shifts yet: add them with `POST /api/shifts/`.",
  request: { body: jsonBody(EventCreate) },
  responses: {
    201: jsonContent(EventSchema, "The new event, as your `GET /api/events/{id}/` shows it (no body if you may not read it; `Location` names it)"),
    400: validationErrorResponse("Invalid values or unknown ids"),
  },
});

const IF_MATCH_NOTE = "Send `If-Match` with the ETag of your last read to refuse the write (412) if the event changed since.";

const updateRoute = apiRoute({
  method: "patch",
  path: "/api/events/{id}/",
  access: write("change_event"),
  summary: "Change an event",
  description: `Needs change_event on the event (object or global permission), also when it is inactive. Any subset of the writable fields; \`visible_for\` replaces the groups that may see it. ${IF_MATCH_NOTE}`,
  request: { params: IdParam, body: jsonBody(EventUpdate) },
  responses: {
    200: jsonContent(EventSchema, "The updated event, as your `GET /api/events/{id}/` shows it"),
    204: NOTHING_READABLE,
    400: validationErrorResponse("Invalid values or unknown ids"),
    404: errorResponse("Unknown, or neither visible nor changeable"),
    412: preconditionFailedResponse("event"),
  },
});

const deleteRoute = apiRoute({
  method: "delete",
  path: "/api/events/{id}/",
  access: write("delete_event"),
  summary: "Delete an event with its shifts",
  description: `Needs delete_event on the event (object or global permission). An event with participations (of any state) is only deleted with \`?force=true\`, together with them; otherwise 400. ${IF_MATCH_NOTE}`,
  request: { params: IdParam, query: ForceQuery },
  responses: {
    204: { description: "Deleted" },
    400: errorResponse("The event has participations and `force` is not set"),
    404: errorResponse("Unknown, or neither visible nor deletable"),
    412: preconditionFailedResponse("event"),
  },
});

/**
 * The event `where` selects as `GET /api/events/{id}/` shows it, with its ETag (null: none), in one
 * round trip: the row brings its shifts and their stats participations.
 */
async function eventWithEtag(c: Context<AppEnv>, where: SQL) {
  const db = c.var.db;
  const [rows, ...statsContext] = await db.batch([eventsWithShiftsQuery(db, where, Date.now()), ...statsContextQueries(db)]);
  if (!rows.length) return null;
  const [json] = eventsJsonWithShifts(rows, statsContext, c.var.settings);
  return { json, etag: await etagOf(c.var.settings.secretKey, json) };
}

/** The event as the caller's `GET /api/events/{id}/` shows it; null where that GET is a 404. */
const visibleEvent = (c: Context<AppEnv>, id: number) => eventWithEtag(c, and(eq(events.id, id), eventVisibleTo(apiUser(c), { acceptGlobal: false }))!);

/** What a write on the event may answer (the object may have become invisible, e.g. deactivated). */
const readBack = (c: Context<AppEnv>, id: number): ReadBack<object>[] => [{ route: detailRoute, load: () => visibleEvent(c, id) }];

/**
 * Checks the event a write is about as DRF would: unknown or out of sight → 404, without
 * `permission` → 403, changed since the client's `If-Match` → 412. Returns the row version the
 * write must still find (null: no `If-Match`).
 */
async function eventForWrite(c: Context<AppEnv>, id: number, permission: Permission) {
  const [row] = await eventForWriteQuery(c.var.db, id, apiUser(c), permission);
  if (!row) throw notFound("Event");
  if (!row.permitted) throw permissionDenied();
  // The representation (shifts and stats: one more batch) only matters to a conditional request.
  if (c.req.header("If-Match") === undefined) return null;
  const shown = await eventWithEtag(c, eq(events.id, id));
  if (!shown) throw notFound("Event");
  return requireIfMatch(c, { etag: shown.etag, row: { table: events, id, version: row.version } });
}

/** 400 for an event type or groups that do not exist. */
async function requireReferences(c: Context<AppEnv>, typeId: number | undefined, groupIds: number[] | undefined) {
  if (typeId === undefined && groupIds === undefined) return;
  const db = c.var.db;
  const [types, groups] = await db.batch(eventReferencesQueries(db, typeId, groupIds ?? []));
  const errors: FieldErrors = {};
  if (typeId !== undefined && !types.length) errors.type = [pkDoesNotExist(typeId)];
  const known = new Set(groups.map((g) => g.id));
  const unknown = (groupIds ?? []).filter((id) => !known.has(id));
  if (unknown.length) errors.visible_for = unknown.map(pkDoesNotExist);
  if (Object.keys(errors).length) throw validationError(errors);
}

export const eventRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const db = c.var.db;
    const filters = and(
      ...timeRangeConditions(query, eventStart, eventEnd, c.var.settings.timeZone),
      query.type === undefined ? undefined : eq(events.typeId, query.type),
      searchCondition(query.search, [events.title, events.description, events.location]),
    );
    const timeOrder = [ascending(eventTimeOrder.start), ascending(eventTimeOrder.end)];
    const order = orderingFrom(query.ordering, { start_time: eventTimeOrder.start, end_time: eventTimeOrder.end, title: events.title }, timeOrder, events.id);
    const seek = await pageStart(c, query, order);
    // Unfiltered in time order, the page walks the time index and asks each event whether the
    // caller may view it (it stops after a page); a filter or another order needs the visible
    // events, and starts from them.
    const walk = filters === undefined && order[0] === timeOrder[0];
    const user = apiUser(c);
    const page = walk
      ? eventsQuery(db, and(eventHasPermissionPerRow(user, "view_event", { acceptGlobal: false }), seek.after), keyColumns(order))
      : listedEventsQuery(db, user, and(filters, seek.after), keyColumns(order));
    const [[{ total }], found, typeFound, ...statsContext] = await db.batch([
      countListedEventsQuery(db, user, filters),
      eventPageQuery(
        db,
        page
          .orderBy(...orderBySql(order))
          .limit(seek.limit)
          .offset(seek.offset),
        order,
        Date.now(),
      ),
      eventTypeExistsQuery(db, query.type ?? 0),
      ...statsContextQueries(db),
    ]);
    if (query.type !== undefined && typeFound.length === 0) throw validationError({ type: [invalidChoice()] });
    const { rows, ...position } = pageRows(found, query, (row) => keysOf(row, order));
    const results = eventsJsonWithShifts(rows, statsContext, c.var.settings);
    return c.json(await paginated(c, query, total, results, { start: seek, ...position }), 200);
  })
  .openapi(detailRoute, async (c) => {
    const shown = await visibleEvent(c, c.req.valid("param").id);
    if (!shown) throw notFound("Event");
    return c.json(shown.json, 200, { ETag: shown.etag });
  })
  .openapi(createRoute, async (c) => {
    const body = c.req.valid("json");
    await requireReferences(c, body.type, body.visible_for);
    const id = await insertEvent(c.var.db, body, apiUser(c).id);
    return createdAnswer(c, readBack(c, id), new URL(`/api/events/${id}/`, c.req.url).href);
  })
  .openapi(updateRoute, async (c) => {
    const { id } = c.req.valid("param");
    const changes = c.req.valid("json");
    const precondition = await eventForWrite(c, id, "change_event");
    await requireReferences(c, changes.type, changes.visible_for);
    await updateEvent(c.var.db, id, changes, precondition);
    return answerAsRead(c, readBack(c, id));
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { force } = c.req.valid("query");
    const precondition = await eventForWrite(c, id, "delete_event");
    // Checked with the delete itself, so participations added since the read are never lost unasked.
    if (!(await deleteEvent(c.var.db, id, force, precondition))) throw badRequest(HAS_PARTICIPATIONS);
    return c.body(null, 204);
  });

// What DRF would still refuse after its permission check: PUT, and methods a route lacks.
refuseOtherMethods(eventRoutes, () => ({ guard: access(), permissions: modelPermissions("event") }));
