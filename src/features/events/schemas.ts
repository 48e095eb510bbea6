import { z } from "@hono/zod-openapi";
import { bodyObject, booleanField, charField, pkField, pkListField } from "../../lib/api/drf-fields";
import { idChoiceParam, timeRangeQuery } from "../../lib/api/filters";
import { orderingQuery } from "../../lib/api/ordering";
import { pageSchema, paginationQuery } from "../../lib/api/pagination";
import { refuseNullSearch, searchQuery } from "../../lib/api/search";
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

/** The filters of ephios's EventFilterSet, in its order (which orders its errors); shared with the federation event list. */
export const eventFilterQuery = {
  type: idChoiceParam("type", "Only events of this event type (id)."),
  ...timeRangeQuery,
};

export const EventListQuery = z
  .object({
    ...paginationQuery,
    ...eventFilterQuery,
    search: searchQuery,
    ordering: orderingQuery(EVENT_ORDERING_FIELDS),
  })
  .check(refuseNullSearch);

/**
 * ephios's description is an unbounded TextField; this bound is far beyond any real one and keeps
 * a page of events (and a guest's shared-event list) bounded.
 */
export const MAX_DESCRIPTION = 20_000;

const eventFields = {
  title: charField(254),
  description: charField(MAX_DESCRIPTION, { allowBlank: true })
    .nullable()
    .openapi({ description: `Free text (markdown), at most ${MAX_DESCRIPTION} characters; null or blank for none.` }),
  location: charField(254),
  type: pkField().openapi({ description: "Event type id." }),
  active: booleanField().openapi({
    description: "Only active events appear in the API's listings (as in ephios); holders of change_event can still change or delete an inactive one.",
  }),
  visible_for: pkListField(1000).openapi({
    description: "Ids of the groups that may see the event (they hold the object permission view_event); replaces the current list. Write-only.",
  }),
};

/** The body of `POST /api/events/`. */
export const EventCreate = bodyObject({
  ...eventFields,
  description: eventFields.description.optional().default(null),
  active: eventFields.active.optional().default(true),
  visible_for: eventFields.visible_for.optional().default([]),
}).openapi("EventCreate");

/** The body of `PATCH /api/events/{id}/`: any subset of the writable fields. */
export const EventUpdate = bodyObject({
  title: eventFields.title.optional(),
  description: eventFields.description.optional(),
  location: eventFields.location.optional(),
  type: eventFields.type.optional(),
  active: eventFields.active.optional(),
  visible_for: eventFields.visible_for.optional(),
}).openapi("EventUpdate");

export type EventChanges = z.infer<typeof EventUpdate>;
