import { z } from "zod";
import { idSegment } from "../../../lib/api/params";
import { isIsoDate } from "../../../lib/datetime";
import { emailAddress } from "../../../lib/email";
import { SignupBody } from "../../signup/schemas";

export const eventGuestParams = z.object({ event: idSegment, guest: idSegment });
export const shiftGuestParams = z.object({ shift: idSegment, guest: idSegment });

/** What a guest's authorization endpoint sends the browser back with (RFC 6749 §4.1.2). */
export const callbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200).optional(),
  error: z.string().max(200).optional(),
});

/** An empty form field (an untouched text input, no radio chosen) counts as not sent. */
const blankAsAbsent = (value: unknown) => (value === "" ? undefined : value);
/** A cleared datetime-local input resets the time to the shift's, as ephios's form. */
const blankAsNull = (value: unknown) => (value === "" ? null : value);
/** A checkbox as Django's CheckboxInput reads it: absent, "false" or "0" is false, any other text true. */
const checkbox = (value: unknown) => (value === undefined ? false : typeof value === "string" ? !["false", "0"].includes(value.toLowerCase()) : value);

const api = SignupBody.shape;

/**
 * ephios's sign-up form on the shared event page: the choice (its two buttons) and the fields of
 * the API's sign-up, validated by the API's own field schemas (lengths, datetimes); every field but
 * the choice is optional, so the plain buttons post only that. Naive times are the host's zone.
 */
export const signupForm = z.object({
  signup_choice: z.enum(["sign_up", "decline"], { error: "Select a valid choice." }),
  individual_start_time: z.preprocess(blankAsNull, api.individual_start_time),
  individual_end_time: z.preprocess(blankAsNull, api.individual_end_time),
  comment: api.comment,
  comment_is_public: z.preprocess(checkbox, api.comment_is_public),
  preferred_team_uuid: z.preprocess(blankAsAbsent, api.preferred_team_uuid),
  preferred_unit_path: z.preprocess(blankAsAbsent, api.preferred_unit_path),
});

/** Of the guest's token answer, ephios needs these two; `expires_in` may come as a numeric string. */
export const tokenAnswer = z.object({
  access_token: z.string().min(1).max(2000),
  expires_in: z.union([z.number(), z.string().regex(/^\d{1,10}$/).transform(Number)]).pipe(z.number().int().positive()),
});

/** The guest's /api/users/me/ as the host reads it; other keys are ignored. */
export const guestProfile = z.object({
  email: z.string().trim().max(254).check(emailAddress),
  display_name: z.string().trim().min(1).max(254),
  date_of_birth: z
    .string()
    .refine(isIsoDate)
    .nullish()
    .transform((value) => value ?? null),
  qualifications: z
    .array(z.object({ uuid: z.string().max(100), includes: z.array(z.string().max(100)).max(500).default([]) }))
    .max(500)
    .default([]),
});

export type GuestProfile = z.output<typeof guestProfile>;
