import { and, eq } from "drizzle-orm";
import { apiUser, requireScopes, requireScopesAndPermission } from "../../auth/access";
import { users } from "../../db/schema";
import { paginated } from "../../lib/api/pagination";
import type { Context } from "hono";
import { etagOf, requireIfMatch } from "../../lib/api/etag";
import { ErrorDetail, ValidationErrors, apiRoute, createRouter } from "../../lib/api/router";
import type { AppEnv } from "../../types";
import { searchCondition } from "../../lib/api/search";
import { notFound } from "../../lib/errors";
import { UNSAFE_METHODS, modelPermissions, refuseUnsafe } from "../../lib/http";
import { IdParam } from "../shifts/schemas";
import { countUsersQuery, emailIs, profileQueries, updateOwnProfile, visibleUsers } from "./queries";
import { EmailParam, OwnProfileUpdate, UserListQuery, UserProfilePage, UserProfileSchema } from "./schemas";
import { profilesJson } from "./serialize";

/** ephios's ViewObjectPermissions / ViewPermissions: the global view_userprofile (superusers hold it). */
const confidential = () => requireScopesAndPermission(["CONFIDENTIAL_READ"], "view_userprofile");
const me = () => requireScopes("ME_READ");

const PERMISSION_NOTE = "Needs the global permission view_userprofile (directly or through a group).";

const notFoundResponse = { description: "Unknown or invisible user", content: { "application/json": { schema: ErrorDetail } } };

const meRoute = apiRoute({
  method: "get",
  path: "/api/users/me/",
  access: me(),
  summary: "Your own profile",
  description: "The profile of the token's user (or the session's), also when that user is not visible.",
  responses: { 200: { description: "Your profile", content: { "application/json": { schema: UserProfileSchema } } } },
});

const updateMeRoute = apiRoute({
  method: "patch",
  path: "/api/users/me/",
  access: requireScopes("ME_WRITE"),
  summary: "Change your own display name or phone",
  description: "Send `If-Match` with the ETag of your last read to refuse the change (412) if the profile changed since.",
  request: { body: { required: true, content: { "application/json": { schema: OwnProfileUpdate } } } },
  responses: {
    200: { description: "Your updated profile", content: { "application/json": { schema: UserProfileSchema } } },
    400: { description: "Invalid values", content: { "application/json": { schema: ValidationErrors } } },
    412: { description: "The profile changed since the ETag in If-Match", content: { "application/json": { schema: ErrorDetail } } },
  },
});

const byEmailRoute = apiRoute({
  method: "get",
  path: "/api/users/by_email/{email}/",
  access: confidential(),
  summary: "A visible user by exact email",
  description: `The email must match exactly (case-sensitive). ${PERMISSION_NOTE}`,
  request: { params: EmailParam },
  responses: { 200: { description: "The user", content: { "application/json": { schema: UserProfileSchema } } }, 404: notFoundResponse },
});

const listRoute = apiRoute({
  method: "get",
  path: "/api/users/",
  access: confidential(),
  summary: "Visible users",
  description: `Visible users (inactive ones included), ordered by id; \`search\` looks in display name and email. ${PERMISSION_NOTE}`,
  request: { query: UserListQuery },
  responses: { 200: { description: "A page of users", content: { "application/json": { schema: UserProfilePage } } } },
});

const detailRoute = apiRoute({
  method: "get",
  path: "/api/users/{id}/",
  access: confidential(),
  summary: "One visible user",
  description: PERMISSION_NOTE,
  request: { params: IdParam },
  responses: { 200: { description: "The user", content: { "application/json": { schema: UserProfileSchema } } }, 404: notFoundResponse },
});

// `/api/users/me/` and `/api/users/by_email/…` are registered before `/api/users/{id}/`, which
// would otherwise capture "me" (and answer 404, ids being digits); so is the 405 of `me`.
export const userRoutes = createRouter();

/** The caller's own profile as JSON, with its ETag. */
async function ownProfile(c: Context<AppEnv>) {
  const db = c.var.db;
  const [profiles, grants, qualifications] = await db.batch(profileQueries(db, eq(users.id, apiUser(c).id), Date.now()));
  // The principal's user was just loaded; a row missing now was deleted in between.
  if (!profiles.length) throw notFound("UserProfile");
  const profile = profilesJson(profiles, grants, qualifications)[0];
  return { profile, etag: await etagOf(profile) };
}

userRoutes
  .openapi(meRoute, async (c) => {
    const { profile, etag } = await ownProfile(c);
    return c.json(profile, 200, { ETag: etag });
  })
  .openapi(updateMeRoute, async (c) => {
    const changes = c.req.valid("json");
    const { etag } = await ownProfile(c);
    requireIfMatch(c, etag);
    await updateOwnProfile(c.var.db, apiUser(c).id, changes);
    const updated = await ownProfile(c);
    return c.json(updated.profile, 200, { ETag: updated.etag });
  })
  .on(["POST", "PUT", "DELETE"], "/api/users/me/", me(), refuseUnsafe());

userRoutes
  .openapi(byEmailRoute, async (c) => {
    const { email } = c.req.valid("param");
    const db = c.var.db;
    const [profiles, grants, qualifications] = await db.batch(profileQueries(db, and(visibleUsers, emailIs(email)), Date.now()));
    if (!profiles.length) throw notFound("UserProfile");
    return c.json(profilesJson(profiles, grants, qualifications)[0], 200);
  })
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const db = c.var.db;
    const where = and(visibleUsers, searchCondition(query.search, [users.displayName, users.email]));
    const [[{ total }], profiles, grants, qualifications] = await db.batch([countUsersQuery(db, where), ...profileQueries(db, where, Date.now(), query)]);
    return c.json(paginated(c.req.url, query, total, profilesJson(profiles, grants, qualifications)), 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid("param");
    const db = c.var.db;
    const [profiles, grants, qualifications] = await db.batch(profileQueries(db, and(visibleUsers, eq(users.id, id)), Date.now()));
    if (!profiles.length) throw notFound("UserProfile");
    return c.json(profilesJson(profiles, grants, qualifications)[0], 200);
  })
  .on(UNSAFE_METHODS, ["/api/users/", "/api/users/by_email/:email/", "/api/users/:id/"], confidential(), refuseUnsafe(modelPermissions("userprofile")));
