import { z } from "zod";
import { idSegment } from "../../../lib/api/params";
import { isIsoDate } from "../../../lib/datetime";

export const eventGuestParams = z.object({ event: idSegment, guest: idSegment });
export const shiftGuestParams = z.object({ shift: idSegment, guest: idSegment });

/** What a guest's authorization endpoint sends the browser back with (RFC 6749 §4.1.2). */
export const callbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200).optional(),
  error: z.string().max(200).optional(),
});

/** The card buttons of the shared event page (ephios's quick action). */
export const signupForm = z.object({ signup_choice: z.enum(["sign_up", "decline"], { error: "Select a valid choice." }) });

/** Of the guest's token answer, ephios needs these two; `expires_in` may come as a numeric string. */
export const tokenAnswer = z.object({
  access_token: z.string().min(1).max(2000),
  expires_in: z.union([z.number(), z.string().regex(/^\d{1,10}$/).transform(Number)]).pipe(z.number().int().positive()),
});

/** The guest's /api/users/me/ as the host reads it; other keys are ignored. */
export const guestProfile = z.object({
  email: z.string().trim().min(3).max(254).regex(/^[^@\s]+@[^@\s]+$/),
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
