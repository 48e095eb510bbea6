import { and, eq } from "drizzle-orm";
import { apiUser, requireScopes } from "../../auth/access";
import { eventVisibleTo } from "../../auth/visibility";
import type { Database } from "../../db/client";
import { events } from "../../db/schema";
import { timeRangeConditions } from "../../lib/api/filters";
import { ascending, orderingFrom } from "../../lib/api/ordering";
import { paginated } from "../../lib/api/pagination";
import { ErrorDetail, apiRoute, createRouter } from "../../lib/api/router";
import { searchCondition } from "../../lib/api/search";
import { invalidChoice } from "../../lib/api/filters";
import { notFound, validationError } from "../../lib/errors";
import { UNSAFE_METHODS, modelPermissions, refuseUnsafe } from "../../lib/http";
import { shiftsOfEventsQuery } from "../shifts/queries";
import { shiftsWithStats } from "../shifts/routes";
import { IdParam } from "../shifts/schemas";
import { countEventsQuery, eventEnd, eventStart, eventTypeExistsQuery, eventsQuery } from "./queries";
import { EventListQuery, EventPage, EventSchema } from "./schemas";
import { type EventRow, eventJson } from "./serialize";

const access = () => requireScopes("PUBLIC_READ");

/** Events with their shifts and stats: one batch for the shifts, one for the stats inputs. */
async function eventsWithShifts(db: Database, rows: EventRow[], env: Env) {
  const shiftRows = await shiftsOfEventsQuery(db, rows.map((r) => r.id));
  const shifts = await shiftsWithStats(db, shiftRows, env.TIME_ZONE);
  return rows.map((event) =>
    eventJson(
      event,
      shifts.filter((s) => s.row.eventId === event.id),
      env,
    ),
  );
}

const listRoute = apiRoute({
  method: "get",
  path: "/api/events/",
  access: access(),
  summary: "Active events you may view",
  description: "Active events on which you hold the object permission view_event (directly or through a group; a global permission does not count here, as in ephios).",
  request: { query: EventListQuery },
  responses: {
    200: { description: "A page of events", content: { "application/json": { schema: EventPage } } },
  },
});

const detailRoute = apiRoute({
  method: "get",
  path: "/api/events/{id}/",
  access: access(),
  summary: "One event with its shifts",
  request: { params: IdParam },
  responses: {
    200: { description: "The event", content: { "application/json": { schema: EventSchema } } },
    404: { description: "Unknown or not visible", content: { "application/json": { schema: ErrorDetail } } },
  },
});

export const eventRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const db = c.var.db;
    const where = and(
      eventVisibleTo(apiUser(c), { acceptGlobal: false }),
      ...timeRangeConditions(query, eventStart, eventEnd, c.env.TIME_ZONE),
      query.type === undefined ? undefined : eq(events.typeId, query.type),
      searchCondition(query.search, [events.title, events.description, events.location]),
    );
    const order = orderingFrom(query.ordering, { start_time: eventStart, end_time: eventEnd, title: events.title }, [ascending(eventStart), ascending(eventEnd)], events.id);
    const [[{ total }], rows, typeFound] = await db.batch([
      countEventsQuery(db, where),
      eventsQuery(db, where)
        .orderBy(...order)
        .limit(query.limit)
        .offset(query.offset),
      eventTypeExistsQuery(db, query.type ?? 0),
    ]);
    if (query.type !== undefined && typeFound.length === 0) throw validationError({ type: [invalidChoice()] });
    return c.json(paginated(c.req.url, query, total, await eventsWithShifts(db, rows, c.env)), 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid("param");
    const rows = await eventsQuery(c.var.db, and(eq(events.id, id), eventVisibleTo(apiUser(c), { acceptGlobal: false })));
    if (!rows.length) throw notFound("Event");
    const [event] = await eventsWithShifts(c.var.db, rows, c.env);
    return c.json(event, 200);
  })
  .on(UNSAFE_METHODS, ["/api/events/", "/api/events/:id/"], access(), refuseUnsafe(modelPermissions("event")));
