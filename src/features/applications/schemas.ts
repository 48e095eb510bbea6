import { z } from "zod";
import { SCOPE_NAMES } from "../../auth/scopes";
import { asList } from "../../lib/html/forms";

const REQUIRED = "This field is required.";

export const CLIENT_TYPES = ["confidential", "public"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** The only grant type offered (ephios documents only confidential + authorization code). */
export const GRANT_TYPE = "authorization-code";

export const MAX_REDIRECT_URIS = 20;
export const MAX_REDIRECT_URI_LENGTH = 2000;
/** The whole textarea: 20 URIs of 2000 characters with separators, plus slack for blank lines. */
const MAX_REDIRECT_URIS_TEXT = 50_000;

/**
 * Why `uri` cannot be a redirect URI, or null when it can: an absolute http(s) URL with a host and
 * no fragment (DOT's RedirectURIValidator plus ALLOWED_REDIRECT_URI_SCHEMES). The URI is stored as
 * typed, because the authorization endpoint compares redirect URIs exactly.
 */
export function redirectUriProblem(uri: string): string | null {
  if (uri.length > MAX_REDIRECT_URI_LENGTH) return `Ensure each redirect URI has at most ${MAX_REDIRECT_URI_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `Enter a valid absolute URL: ${uri}`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `Unauthorized redirect scheme: ${url.protocol.slice(0, -1)}`;
  // WHATWG parsing accepts "http:host" and "http:/host"; a redirect URI spells out "//host".
  if (!/^https?:\/\/[^/?#\\@]/i.test(uri) || !url.hostname) return `Enter a valid absolute URL: ${uri}`;
  if (uri.includes("#")) return `Redirect URIs must not contain fragments: ${uri}`;
  return null;
}

/** Whitespace-separated redirect URIs, each valid, duplicates dropped, order kept. */
const redirectUris = z
  .string({ error: REQUIRED })
  .max(MAX_REDIRECT_URIS_TEXT, `Ensure this value has at most ${MAX_REDIRECT_URIS_TEXT} characters.`)
  .transform((raw, ctx) => {
    const uris = [...new Set(raw.split(/\s+/).filter(Boolean))];
    if (uris.length === 0) {
      ctx.addIssue({ code: "custom", message: REQUIRED });
      return z.NEVER;
    }
    if (uris.length > MAX_REDIRECT_URIS) {
      ctx.addIssue({ code: "custom", message: `Enter at most ${MAX_REDIRECT_URIS} redirect URIs.` });
      return z.NEVER;
    }
    for (const uri of uris) {
      const problem = redirectUriProblem(uri);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }
    return uris;
  });

/** An HTML checkbox: submitted (with any value) means checked. */
const checkbox = z.preprocess((value) => value !== undefined && value !== "", z.boolean());

/** Register and update form (DOT's application form, reduced to what this service supports). */
export const applicationForm = z.object({
  name: z.string({ error: REQUIRED }).trim().min(1, REQUIRED).max(255, "Ensure this value has at most 255 characters."),
  client_type: z.enum(CLIENT_TYPES, { error: "Select a valid choice." }),
  redirect_uris: redirectUris,
  skip_authorization: checkbox,
  /** The scopes the application may ask for (one checkbox each), kept in the settings order. */
  allowed_scopes: z.preprocess(
    asList,
    z
      .array(z.enum(SCOPE_NAMES, { error: "Select a valid choice." }))
      .min(1, REQUIRED)
      .transform((chosen) => SCOPE_NAMES.filter((scope) => chosen.includes(scope))),
  ),
  /** Update form only: replace the client secret and show the new one once. */
  new_client_secret: checkbox,
});

export type ApplicationForm = z.output<typeof applicationForm>;

