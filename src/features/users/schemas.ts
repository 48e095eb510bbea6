import { z } from "@hono/zod-openapi";
import { MAX_DATETIME_LENGTH } from "../../lib/api/drf-fields";
import { pageSchema, paginationQuery } from "../../lib/api/pagination";
import { refuseNullSearch, searchQuery } from "../../lib/api/search";
import { isIsoDate, parseDateTime } from "../../lib/datetime";
import { emailAddress } from "../../lib/email";
import { QualificationSchema } from "../qualifications/schemas";

export const UserProfileSchema = z
  .object({
    id: z.number().int(),
    display_name: z.string(),
    date_of_birth: z.string().nullable().openapi({ format: "date" }),
    email: z.string().openapi({ format: "email" }),
    qualifications: z.array(QualificationSchema).openapi({ description: "Qualifications with an unexpired grant (expires null or not yet passed)." }),
  })
  .openapi("UserProfile");

export const UserProfilePage = pageSchema(UserProfileSchema, "PaginatedUserProfileList");

export const UserListQuery = z
  .object({
    ...paginationQuery,
    search: searchQuery,
  })
  .check(refuseNullSearch);

/**
 * The email path segment as DRF's `[^/]+` lookup sees it: already percent-decoded (undecodable
 * sequences kept as they are); a decoded "/" cannot come from a real segment, so it is a 404.
 */
export const EmailParam = z.object({
  email: z
    .string()
    .min(1)
    .refine((email) => !email.includes("/"))
    .openapi({ param: { name: "email", in: "path" }, description: "Exact, case-sensitive email address." }),
});

/** DRF's messages for a missing key, a null, and a value of the wrong type. */
const drfError = (wrongType: (input: unknown) => string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "This field is required." : issue.input === null ? "This field may not be null." : wrongType(issue.input)),
});

/** Python's name for the type of a JSON value, as DRF's messages show it. */
function pythonType(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

const TOO_LONG = "Ensure this field has no more than 254 characters.";
const BLANK = "This field may not be blank.";
const text = () => z.string(drfError(() => "Not a valid string.")).trim();
const displayName = text().min(1, BLANK).max(254, TOO_LONG);
const phone = text().max(254, TOO_LONG).nullable();

/**
 * What users may change of their own profile (ME_WRITE). Like DRF, other keys (read-only fields)
 * are ignored; a key that is present must be valid.
 */
export const OwnProfileUpdate = z.object({ display_name: displayName.optional(), phone: phone.optional() }).openapi("OwnProfileUpdate");

/** At most this many items per list: more than any organisation has, and it bounds one request's work. */
export const MAX_LIST_ITEMS = 500;

const list = <T extends z.ZodType>(item: T) =>
  z.array(item, drfError((input) => `Expected a list of items but got type "${pythonType(input)}".`)).max(MAX_LIST_ITEMS, `Ensure this field has no more than ${MAX_LIST_ITEMS} elements.`);

const pk = z.int(drfError((input) => `Incorrect type. Expected pk value, received ${pythonType(input)}.`));

const DATETIME_FORMAT = "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

const QualificationGrantInput = z
  .object(
    {
      qualification: pk,
      expires: z
        .string(drfError(() => DATETIME_FORMAT))
        .max(MAX_DATETIME_LENGTH, { error: DATETIME_FORMAT, abort: true })
        .refine((value) => parseDateTime(value, "UTC") !== null, DATETIME_FORMAT)
        .nullable()
        .optional()
        .openapi({ format: "date-time", description: "When the grant ends; null or missing: never. Without an offset in TIME_ZONE; a date alone means its midnight." }),
    },
    drfError((input) => `Invalid data. Expected a dictionary, but got ${pythonType(input)}.`),
  )
  .openapi("QualificationGrantInput");

const DATE_FORMAT = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.";

/** The fields of a user an administrator may set; `email` and `display_name` are required on creation. */
const managedFields = {
  date_of_birth: z
    .string(drfError(() => DATE_FORMAT))
    .max(MAX_DATETIME_LENGTH, { error: DATE_FORMAT, abort: true })
    .refine(isIsoDate, DATE_FORMAT)
    .nullable()
    .optional()
    .openapi({ format: "date" }),
  phone: phone.optional(),
  is_active: z.boolean(drfError(() => "Must be a valid boolean.")).optional().openapi({ description: "Inactive users cannot log in; their tokens stop working." }),
  groups: list(pk)
    .optional()
    .openapi({ description: "Ids of the user's groups; replaces the memberships you may manage (all with change_group, else those in your own groups; others stay)." }),
  qualification_grants: list(QualificationGrantInput).optional().openapi({ description: "Replaces all of the user's qualification grants: one entry per qualification." }),
};

// A blank email gets only the blank message, as in DRF.
const email = text().min(1, { error: BLANK, abort: true }).max(254, TOO_LONG).check(emailAddress);

/** Keys a client might expect to write, refused rather than silently ignored. */
const NOT_WRITABLE = ["password", "is_staff", "is_superuser", "is_visible"] as const;

const refuseNotWritable = (body: Record<string, unknown>, context: z.RefinementCtx) => {
  for (const key of NOT_WRITABLE) {
    if (key in body) context.addIssue({ code: "custom", path: [key], message: "This field cannot be set through the API." });
  }
};

export const UserCreate = z
  .looseObject({ email: email.openapi({ format: "email" }), display_name: displayName, ...managedFields })
  .superRefine(refuseNotWritable)
  .openapi("UserCreate", { description: "A new user without a password (so no password login); not staff, not superuser, visible." });

export const UserUpdate = z
  .looseObject({ email: email.optional().openapi({ format: "email" }), display_name: displayName.optional(), ...managedFields })
  .superRefine(refuseNotWritable)
  .openapi("UserUpdate", { description: "Only the keys sent are changed; lists replace the stored ones." });
