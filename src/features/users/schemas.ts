import { z } from "@hono/zod-openapi";
import { pageSchema, paginationQuery } from "../../lib/api/pagination";
import { searchQuery } from "../../lib/api/search";
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

export const UserListQuery = z.object({
  ...paginationQuery,
  search: searchQuery,
});

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

/**
 * What users may change of their own profile (ME_WRITE). Like DRF, other keys (read-only fields)
 * are ignored; a key that is present must be valid.
 */
export const OwnProfileUpdate = z
  .object({
    display_name: z.string({ error: "Not a valid string." }).trim().min(1, "This field may not be blank.").max(254, "Ensure this field has no more than 254 characters.").optional(),
    phone: z.string({ error: "Not a valid string." }).trim().max(254, "Ensure this field has no more than 254 characters.").nullable().optional(),
  })
  .openapi("OwnProfileUpdate");
