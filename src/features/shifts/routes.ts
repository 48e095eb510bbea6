import { and, count, sql } from "drizzle-orm";
import { apiUser, requireScopes } from "../../auth/access";
import { eventVisibleTo } from "../../auth/visibility";
import { shifts, events } from "../../db/schema";
import { timeRangeConditions } from "../../lib/api/filters";
import { ascending, orderingFrom } from "../../lib/api/ordering";
import { paginated } from "../../lib/api/pagination";
import { ErrorDetail, apiRoute, createRouter } from "../../lib/api/router";
import { notFound } from "../../lib/errors";
import { SUPERUSER_ONLY, UNSAFE_METHODS, refuseUnsafe } from "../../lib/http";
import { idList, shiftsQuery, statsInputQueries } from "./queries";
import { IdParam, ShiftListQuery, ShiftPage, ShiftSchema } from "./schemas";
import { shiftJson, statsInputs } from "./serialize";
import type { Database } from "../../db/client";
import { toBuildingBlocks } from "../buildingblocks/queries";
import type { ShiftRow } from "./serialize";

const access = () => requireScopes("PUBLIC_READ");

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

/** Serializes shifts with their signup stats: one more batch, whatever the number of shifts. */
export async function shiftsWithStats(db: Database, rows: ShiftRow[], timeZone: string) {
  const [participations, includes, blocks] = await db.batch(statsInputQueries(db, idList(rows.map((r) => r.id)), Date.now()));
  const { statsOf } = statsInputs(participations, includes, toBuildingBlocks(blocks));
  return rows.map((row) => ({ row, stats: statsOf(row), json: shiftJson(row, statsOf(row), timeZone) }));
}

const listRoute = apiRoute({
  method: "get",
  path: "/api/shifts/",
  access: access(),
  summary: "Shifts of the events you may view",
  description: "Shifts of active events on which you hold view_event (object or global permission).",
  request: { query: ShiftListQuery },
  responses: { 200: { description: "A page of shifts", content: { "application/json": { schema: ShiftPage } } } },
});

const detailRoute = apiRoute({
  method: "get",
  path: "/api/shifts/{id}/",
  access: access(),
  summary: "One shift",
  request: { params: IdParam },
  responses: {
    200: { description: "The shift", content: { "application/json": { schema: ShiftSchema } } },
    404: { description: "Unknown or not visible", content: { "application/json": { schema: ErrorDetail } } },
  },
});

export const shiftRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const db = c.var.db;
    const where = and(eventVisibleTo(apiUser(c), { acceptGlobal: true, eventId: shifts.eventId }), ...timeRangeConditions(query, shifts.startTime, shifts.endTime, c.env.TIME_ZONE));
    const order = orderingFrom(query.ordering, ORDERING, [ascending(shifts.meetingTime), ascending(shifts.startTime)], shifts.id);
    const [[{ total }], rows] = await db.batch([
      db.select({ total: count() }).from(shifts).where(where),
      shiftsQuery(db, where)
        .orderBy(...order)
        .limit(query.limit)
        .offset(query.offset),
    ]);
    const serialized = await shiftsWithStats(db, rows, c.env.TIME_ZONE);
    return c.json(paginated(c.req.url, query, total, serialized.map((s) => s.json)), 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid("param");
    const db = c.var.db;
    const rows = await shiftsQuery(db, and(sql`${shifts.id} = ${id}`, eventVisibleTo(apiUser(c), { acceptGlobal: true, eventId: shifts.eventId })));
    if (!rows.length) throw notFound("Shift");
    const [shift] = await shiftsWithStats(db, rows, c.env.TIME_ZONE);
    return c.json(shift.json, 200);
  })
  .on(UNSAFE_METHODS, ["/api/shifts/", "/api/shifts/:id/"], access(), refuseUnsafe(SUPERUSER_ONLY));
