import { z } from "zod";
import { SCOPE_NAMES } from "../../auth/scopes";
import { asList } from "../../lib/html/forms";

const REQUIRED = "This field is required.";
const optionalText = z
  .string()
  .max(20)
  .optional()
  .transform((v) => v?.trim() || undefined);

export const createTokenForm = z
  .object({
    description: z.string({ error: REQUIRED }).trim().min(1, REQUIRED).max(1000, "Ensure this value has at most 1000 characters."),
    scope: z.preprocess(asList, z.array(z.enum(SCOPE_NAMES, { error: "Select a valid choice." })).min(1, REQUIRED)),
    /** Expiry date (YYYY-MM-DD) and time (HH:MM[:SS]) in the instance's zone; both empty: never expires. */
    expires_0: optionalText.refine((v) => v === undefined || /^\d{4}-\d{2}-\d{2}$/.test(v), "Enter a valid date."),
    expires_1: optionalText.refine((v) => v === undefined || /^\d{2}:\d{2}(:\d{2})?$/.test(v), "Enter a valid time."),
  })
  .refine((f) => (f.expires_0 === undefined) === (f.expires_1 === undefined), { path: ["expires"], message: "Enter a complete value." });


export const revokeTokenForm = z.object({ pk: z.string({ error: REQUIRED }).regex(/^\d{1,15}$/, "Enter a whole number.").transform(Number) });
