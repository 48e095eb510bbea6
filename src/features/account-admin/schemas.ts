import { z } from "@hono/zod-openapi";


/** Characters of a set-password link's token (about 256 bits from [A-Za-z0-9]). */
export const LINK_TOKEN_LENGTH = 43;

/** The token in a set-password link; anything else is no link of ours. */
export const linkTokenParam = z.object({ token: z.string().regex(new RegExp(`^[A-Za-z0-9]{${LINK_TOKEN_LENGTH}}$`)) });

export const PasswordLinkSchema = z
  .object({
    url: z.string().openapi({ format: "uri", description: "The one-time link; shown only in this answer (only its SHA-256 is stored)." }),
    expires: z.string().openapi({ format: "date-time", description: "48 hours after creation." }),
  })
  .openapi("PasswordSetLink");
