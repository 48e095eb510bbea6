import { bodyObject, booleanField, charField, dateTimeField } from "../../lib/api/drf-fields";

/** A participant's comment (ephios's signup form: at most 255 characters, public or not). */
export const commentFields = {
  comment: charField(255, { allowBlank: true }).optional().openapi({ description: "Added as a new comment of the participant; blank adds none." }),
  comment_is_public: booleanField()
    .optional()
    .openapi({ description: "true: everyone who sees the participation may read the comment; else (default) responsibles and the participant." }),
};

/** Individual times; null resets to the shift's time, absent keeps the stored one. */
export const individualTimeFields = {
  individual_start_time: dateTimeField().nullable().optional().openapi({ description: "Your own start time (naive values in the instance's time zone); null: the shift's." }),
  individual_end_time: dateTimeField().nullable().optional().openapi({ description: "Your own end time; null: the shift's." }),
};

export const SignupBody = bodyObject({
  ...commentFields,
  ...individualTimeFields,
  preferred_team_uuid: charField(64)
    .optional()
    .openapi({ description: "named_teams with choose_preferred_team: the uuid of a team you qualify for (required there, ignored elsewhere)." }),
  preferred_unit_path: charField(1000)
    .optional()
    .openapi({ description: "complex with choose_preferred_unit: the path of a unit you qualify for, e.g. root.<uuid>. (required there, ignored elsewhere)." }),
}).openapi("SignupRequest", {
  description: "All fields optional; individual times only where the shift's flow lets participants choose them.",
});

export const DeclineBody = bodyObject(commentFields).openapi("DeclineRequest");
