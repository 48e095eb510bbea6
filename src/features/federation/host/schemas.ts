import { z } from "@hono/zod-openapi";
import { bodyObject, charField, pkListField } from "../../../lib/api/drf-fields";
import { pageSchema, paginationQuery } from "../../../lib/api/pagination";
import { EventSchema, eventFilterQuery } from "../../events/schemas";

const REQUIRED = "This field is required.";
const INVALID_URL = "Enter a valid URL.";
/** Django's URLField default, the length of ephios's `url` columns. */
const MAX_URL_LENGTH = 200;

/** Django's URLValidator, in what matters here: http(s) (or ftp(s)), `//`, a host. */
function isValidUrl(value: string): boolean {
  if (!/^(https?|ftps?):\/\/[^/?#\\\s]/i.test(value) || /\s/.test(value)) return false;
  try {
    return new URL(value).hostname !== "";
  } catch {
    return false;
  }
}

/**
 * ephios's invite-URL normalisation (`scheme://netloc` + the path without its outer slashes), with
 * its missing slash before a non-empty path put back: `https://a.org/b/` → `https://a.org/b`.
 * Without a trailing slash, as every instance's SITE_URL, which the guest compares it with.
 */
function normaliseInstanceUrl(value: string): string {
  const url = new URL(value);
  const path = url.pathname.replace(/^\/+|\/+$/g, "");
  return `${url.protocol}//${url.host}${path ? `/${path}` : ""}`;
}

/** The staff form that creates an invite code. */
export const inviteForm = z.object({
  url: z
    .string({ error: REQUIRED })
    .trim()
    .min(1, REQUIRED)
    .max(MAX_URL_LENGTH, `Ensure this value has at most ${MAX_URL_LENGTH} characters.`)
    .refine((value) => isValidUrl(value) && /^https?:/i.test(value), INVALID_URL)
    .transform(normaliseInstanceUrl),
});


/** `POST /api/federation/setup/` (ephios's FederatedGuestCreateSerializer), JSON or form-encoded. */
export const SetupRequest = bodyObject({
  name: charField(255),
  url: charField(MAX_URL_LENGTH).refine(isValidUrl, INVALID_URL),
  client_id: charField(255),
  client_secret: charField(255),
  // ephios sets no limit (a longer value is just no valid code); this bound only keeps requests small.
  code: charField(10_000),
}).openapi("FederationSetupRequest");

export const SetupResponse = z
  .object({
    id: z.number().int(),
    name: z.string(),
    url: z.string(),
    client_id: z.string(),
    access_token: z.string().openapi({ description: "The bearer token for the federation API; shown only here." }),
    host_name: z.string().openapi({ description: "This instance's organisation name." }),
  })
  .openapi("FederationSetupResponse");

export const SharedEventQuery = z.object({ ...paginationQuery, ...eventFilterQuery });

export const SharedEventSchema = EventSchema.pick({ id: true, title: true, description: true, location: true, type: true, start_time: true, end_time: true })
  .extend({
    signup_url: z.string().url().openapi({ description: "Where the guest's users sign up: `<SITE_URL>/events/shared/<event id>/<guest id>/`." }),
  })
  .openapi("SharedEvent");

export const SharedEventPage = pageSchema(SharedEventSchema, "PaginatedSharedEventList");

/** At most this many guests per event in one request. */
const MAX_SHARED_GUESTS = 100;

export const EventSharesUpdate = bodyObject({ guests: pkListField(MAX_SHARED_GUESTS) }).openapi("EventSharesUpdate");

export const EventSharesSchema = z
  .object({
    guests: z.array(z.number().int()).openapi({ description: "Ids of the guest instances the event is shared with." }),
    available_guests: z.array(z.object({ id: z.number().int(), name: z.string(), url: z.string() })).openapi({ description: "Every guest instance it could be shared with." }),
  })
  .openapi("EventShares");

/** The sharing page's form: the checked guests. */
export const sharesForm = z.object({
  guests: z
    .preprocess((value) => (value === undefined ? [] : [value].flat()), z.array(z.string().regex(/^\d{1,15}$/, "Select a valid choice.").transform(Number)).max(MAX_SHARED_GUESTS))
    .transform((ids) => [...new Set(ids)]),
});
