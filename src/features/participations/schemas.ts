import { z } from "@hono/zod-openapi";
import { bodyObject, integerField } from "../../lib/api/drf-fields";
import { idListParam, timeRangeQuery } from "../../lib/api/filters";
import { pathId } from "../../lib/api/params";
import { pageSchema, paginationQuery } from "../../lib/api/pagination";
import { QualificationSchema } from "../qualifications/schemas";
import { EventTypeRef } from "../events/schemas";
import { commentFields, individualTimeFields } from "../signup/schemas";

const STATE_CHOICE = (value: unknown) => `Select a valid choice. ${String(value).slice(0, 32)} is not one of the available choices.`;

/** The filters of ephios's ParticipationFilterSet, in its order (which orders its errors). */
export const ParticipationListQuery = z.object({
  ...paginationQuery,
  state: z
    .unknown()
    .transform((v) => (Array.isArray(v) ? v.at(-1) : v))
    .transform((v) => (v === "" ? undefined : v))
    .pipe(
      z
        .string()
        // Django's ChoiceField compares the text with the choices as written: " 1" and "01" are not "1".
        .refine((v) => /^[0-4]$/.test(v), { error: (issue) => STATE_CHOICE(issue.input) })
        .transform(Number)
        .optional(),
    )
    .optional()
    .openapi({ param: { name: "state", in: "query" }, type: "integer", enum: [0, 1, 2, 3, 4], description: "0 requested, 1 confirmed, 2 declined by user, 3 rejected by responsible, 4 getting dispatched." }),
  ...timeRangeQuery,
  event_type: idListParam("event_type", "Only participations in events of these types (repeat the parameter)."),
  event: idListParam("event", "Only participations in these active events (repeat the parameter)."),
  shift: idListParam("shift", "Only participations in these shifts (repeat the parameter)."),
});

const PublicParticipant = z
  .object({
    display_name: z.string(),
    is_minor: z.boolean(),
    type: z.enum(["LocalUserParticipant", "PlaceholderParticipant", "GuestParticipant", "FederatedParticipant"]),
    qualifications: z.array(QualificationSchema),
  })
  .openapi("PublicParticipant");

const ConfidentialParticipant = PublicParticipant.extend({
  email: z.string().nullable(),
  date_of_birth: z.string().nullable().openapi({ format: "date" }),
  age: z.number().int().nullable(),
}).openapi("ConfidentialParticipant");

const participationFields = {
  id: z.number().int(),
  shift: z.number().int(),
  event: z.number().int(),
  event_title: z.string(),
  event_type: EventTypeRef,
  state: z.object({ value: z.number().int(), label: z.string() }),
  start_time: z.string().openapi({ format: "date-time" }),
  end_time: z.string().openapi({ format: "date-time" }),
  duration: z.number().openapi({ description: "Seconds between start and end." }),
  structure_data: z.record(z.string(), z.unknown()),
  user: z.number().int().nullable(),
};

export const ParticipationSchema = z.object({ ...participationFields, participant: PublicParticipant }).openapi("Participation");

export const UserinfoParticipationSchema = z
  .object({
    ...participationFields,
    comments: z.array(z.object({ author: z.string(), text: z.string(), created_at: z.string().openapi({ format: "date-time" }) })),
    participant: ConfidentialParticipant,
  })
  .openapi("UserinfoParticipation");

export const ParticipationPage = pageSchema(ParticipationSchema, "PaginatedParticipationList");
export const UserinfoParticipationPage = pageSchema(UserinfoParticipationSchema, "PaginatedUserinfoParticipationList");

export const UserParticipationsParams = z.object({
  user: pathId("user"),
});
export const UserParticipationParams = UserParticipationsParams.extend({
  id: pathId("id"),
});

/** What the participant may change of their own participation (where the flow lets them). */
export const OwnParticipationUpdate = bodyObject({ ...commentFields, ...individualTimeFields }).openapi("OwnParticipationUpdate");

/** What a responsible may change: the state (disposition) and the individual times. */
export const ResponsibleParticipationUpdate = bodyObject({
  state: integerField(0, 4)
    .optional()
    .openapi({ description: "0 requested, 1 confirmed, 2 declined by user, 3 rejected by responsible, 4 getting dispatched." }),
  ...individualTimeFields,
}).openapi("ResponsibleParticipationUpdate");
