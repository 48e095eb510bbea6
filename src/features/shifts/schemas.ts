import { z } from "@hono/zod-openapi";
import { timeRangeQuery } from "../../lib/api/filters";
import { orderingQuery } from "../../lib/api/ordering";
import { pageSchema, paginationQuery } from "../../lib/api/pagination";

export const SignupStatsSchema = z
  .object({
    requested_count: z.number().int(),
    confirmed_count: z.number().int(),
    missing: z.number().int(),
    free: z.number().int().nullable(),
    min_count: z.number().int().nullable(),
    max_count: z.number().int().nullable(),
  })
  .openapi("SignupStats");

const jsonObject = z.record(z.string(), z.unknown());

export const ShiftSchema = z
  .object({
    id: z.number().int(),
    label: z.string(),
    event_id: z.number().int(),
    event_title: z.string(),
    meeting_time: z.string().openapi({ format: "date-time" }),
    start_time: z.string().openapi({ format: "date-time" }),
    end_time: z.string().openapi({ format: "date-time" }),
    signup_flow_slug: z.string(),
    signup_flow_configuration: jsonObject,
    structure_slug: z.string(),
    structure_configuration: jsonObject,
    signup_stats: SignupStatsSchema,
  })
  .openapi("Shift");

export const ShiftPage = pageSchema(ShiftSchema, "PaginatedShiftList");

export const SHIFT_ORDERING_FIELDS = ["id", "label", "event_id", "event__title", "meeting_time", "start_time", "end_time", "signup_flow_slug", "structure_slug"];

export const ShiftListQuery = z.object({
  ...paginationQuery,
  ...timeRangeQuery,
  ordering: orderingQuery(SHIFT_ORDERING_FIELDS),
});

/** Detail routes take the id as DRF's router does; anything but digits is a 404. */
export const IdParam = z.object({ id: z.string().regex(/^\d{1,15}$/).transform(Number).openapi({ param: { name: "id", in: "path" }, type: "integer" }) });
