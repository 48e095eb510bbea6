import { z } from "zod";
import { ALPHANUMERIC } from "../../lib/crypto";

/** ephios's `secrets.token_urlsafe()`: 43 characters of the URL-safe Base64 alphabet (258 bits). */
export const CALENDAR_TOKEN_LENGTH = 43;
export const URL_SAFE = `${ALPHANUMERIC}-_`;

/** A token as the feed's path carries it; anything else is no token of ours (404 without a lookup). */
export const calendarTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{1,254}$/) });

/**
 * ephios's `request.GET.get(name)`: the last value counts, and any value but none, empty or "0"
 * switches the extra states on. Never an error: calendar apps only ever repeat the URL they got.
 */
export const switchedOn = (values: string[] | undefined) => {
  const last = values?.at(-1);
  return last !== undefined && last !== "" && last !== "0";
};

const REQUIRED = "This field is required.";

/** ephios's CalendarURLResetForm: a required BooleanField `reset` (Django reads "" and "false" as unchecked). */
export const resetForm = z.object({
  reset: z.string({ error: REQUIRED }).refine((value) => value !== "" && value.toLowerCase() !== "false", REQUIRED),
});
