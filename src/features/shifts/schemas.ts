import { z } from "@hono/zod-openapi";
import { bodyObject, charField, choiceField, dateTimeField, dictField, pkField } from "../../lib/api/drf-fields";
import { timeRangeQuery } from "../../lib/api/filters";
import { orderingQuery } from "../../lib/api/ordering";
import { pageSchema, paginationQuery } from "../../lib/api/pagination";
import { ignoredSearchQuery, refuseNullSearch } from "../../lib/api/search";
import { STRUCTURE_CONFIGURATION_DOC, STRUCTURE_SLUGS } from "../../lib/structures";
import { SIGNUP_FLOW_SLUGS } from "./configuration";

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

export const ShiftListQuery = z
  .object({
    ...paginationQuery,
    ...timeRangeQuery,
    search: ignoredSearchQuery,
    ordering: orderingQuery(SHIFT_ORDERING_FIELDS),
  })
  .check(refuseNullSearch);

const FLOW_DOC =
  "instant_confirmation and request_confirm: signup_until (datetime or null), user_can_decline_confirmed, user_can_customize_signup_times (booleans); manual: no_selfservice_explanation; coupled: leader_shift_id (another, not coupled shift of the same event).";

const shiftFields = {
  label: charField(255, { allowBlank: true }),
  meeting_time: dateTimeField().openapi({ description: "Not after start_time; ISO 8601, naive values in the instance's time zone." }),
  start_time: dateTimeField(),
  end_time: dateTimeField().openapi({ description: "After start_time." }),
  signup_flow_slug: choiceField(SIGNUP_FLOW_SLUGS),
  signup_flow_configuration: dictField().openapi({ description: `Checked against the signup flow. ${FLOW_DOC}` }),
  structure_slug: choiceField(STRUCTURE_SLUGS),
  structure_configuration: dictField().openapi({ description: `Checked against the structure. ${STRUCTURE_CONFIGURATION_DOC}` }),
};

/** The body of `POST /api/shifts/`. */
export const ShiftCreate = bodyObject({
  event: pkField().openapi({ description: "The event's id; you need change_event on it." }),
  ...shiftFields,
  label: shiftFields.label.optional().default(""),
  meeting_time: shiftFields.meeting_time.optional().openapi({ description: "Defaults to start_time." }),
  signup_flow_configuration: shiftFields.signup_flow_configuration.optional().default({}),
  structure_configuration: shiftFields.structure_configuration.optional().default({}),
}).openapi("ShiftCreate");

/** The body of `PATCH /api/shifts/{id}/`: any subset; a shift stays with its event. */
export const ShiftUpdate = bodyObject({
  label: shiftFields.label.optional(),
  meeting_time: shiftFields.meeting_time.optional(),
  start_time: shiftFields.start_time.optional(),
  end_time: shiftFields.end_time.optional(),
  signup_flow_slug: shiftFields.signup_flow_slug.optional(),
  signup_flow_configuration: shiftFields.signup_flow_configuration.optional(),
  structure_slug: shiftFields.structure_slug.optional(),
  structure_configuration: shiftFields.structure_configuration.optional(),
}).openapi("ShiftUpdate");

export type ShiftChanges = z.infer<typeof ShiftUpdate>;
