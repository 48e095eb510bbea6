import { z } from "@hono/zod-openapi";
import { idChoiceParam, timeRangeQuery } from "../../lib/api/filters";
import { orderingQuery } from "../../lib/api/ordering";
import { pageSchema, paginationQuery } from "../../lib/api/pagination";
import { searchQuery } from "../../lib/api/search";
import { ShiftSchema, SignupStatsSchema } from "../shifts/schemas";

export const EventTypeRef = z.object({ id: z.number().int(), title: z.string() }).openapi("EventTypeRef");

export const EventSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    description: z.string().nullable(),
    location: z.string(),
    type: EventTypeRef,
    frontend_url: z.string().url(),
    start_time: z.string().nullable().openapi({ format: "date-time", description: "Earliest shift start; null without shifts." }),
    end_time: z.string().nullable().openapi({ format: "date-time", description: "Latest shift end; null without shifts." }),
    signup_stats: SignupStatsSchema,
    shifts: z.array(ShiftSchema),
  })
  .openapi("Event");

export const EventPage = pageSchema(EventSchema, "PaginatedEventList");

export const EVENT_ORDERING_FIELDS = ["start_time", "end_time", "title"];

/** The filters of ephios's EventFilterSet (shared with the federation event list). */
export const eventFilterQuery = {
  ...timeRangeQuery,
  type: idChoiceParam("type", "Only events of this event type (id)."),
};

export const EventListQuery = z.object({
  ...paginationQuery,
  ...eventFilterQuery,
  search: searchQuery,
  ordering: orderingQuery(EVENT_ORDERING_FIELDS),
});
