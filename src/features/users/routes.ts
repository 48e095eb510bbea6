import type { z } from "@hono/zod-openapi";
import { type SQL, and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { apiUser, requireScopes, requireScopesAndPermission } from "../../auth/access";
import type { Permission } from "../../auth/permissions";
import { users } from "../../db/schema";
import { etagOf, requireIfMatch } from "../../lib/api/etag";
import { pageRows, pageStart, paginated } from "../../lib/api/pagination";
import { ascending } from "../../lib/api/ordering";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { errorResponse, etagHeader, jsonBody, jsonContent, preconditionFailedResponse, validationErrorResponse } from "../../lib/api/responses";
import { NOTHING_READABLE, type ReadBack, answerAsRead, createdAnswer } from "../../lib/api/write-answer";
import { searchCondition } from "../../lib/api/search";
import { parseDateTime } from "../../lib/datetime";
import { badRequest, notFound, permissionDenied, validationError } from "../../lib/errors";
import { modelPermissions } from "../../lib/http";
import { refuseOtherMethods } from "../../lib/api/method-refusals";

import type { Database } from "../../db/client";
import type { AppEnv } from "../../types";
import { IdParam } from "../../lib/api/params";
import { type RelationChanges, type UserValues, countUsersQuery, createUser, emailIs, managedStateQueries, profileQueries, updateUser, visibleUsers, writeCheckQueries } from "./queries";
import { EMAIL_TAKEN, LAST_SUPERUSER, SELF_DEACTIVATION, type Target, changesAccess, manageableGroups, mayAdminister, writeErrors } from "./rules";
import { EmailParam, OwnProfileUpdate, UserCreate, UserListQuery, UserProfilePage, UserProfileSchema, UserUpdate } from "./schemas";
import { managedProfileJson, profilesJson } from "./serialize";

const apiRoute = apiRoutes({ tag: "Users" });
/** The list's order (ephios: by id), for its `next` positions. */
const BY_ID = [ascending(users.id)];

/** ephios's ViewObjectPermissions / ViewPermissions: the global view_userprofile (superusers hold it). */
const confidential = () => requireScopesAndPermission(["CONFIDENTIAL_READ"], "view_userprofile");
const me = () => requireScopes("ME_READ");
/** Writes on others' data: CONFIDENTIAL_WRITE and the model permission DRF asks for per method. */
const administer = (permission: Permission) => requireScopesAndPermission(["CONFIDENTIAL_WRITE"], permission);

const PERMISSION_NOTE = "Needs the global permission view_userprofile (directly or through a group).";
const ETAG_NOTE = "The `ETag` covers every field an administrator may change (also those not shown); send it as `If-Match` with a write.";

const notFoundResponse = errorResponse("Unknown or invisible user");
const invalidResponse = validationErrorResponse("Invalid values (field-keyed messages)");
const profileResponse = (description: string) => jsonContent(UserProfileSchema, description, etagHeader("Version of the user, for If-Match"));

const meRoute = apiRoute({
  method: "get",
  path: "/api/users/me/",
  access: me(),
  summary: "Your own profile",
  description: "The profile of the token's user (or the session's), also when that user is not visible.",
  responses: { 200: profileResponse("Your profile") },
});

const updateMeRoute = apiRoute({
  method: "patch",
  path: "/api/users/me/",
  access: requireScopes("ME_WRITE"),
  summary: "Change your own display name or phone",
  description: "Send `If-Match` with the ETag of your last read to refuse the change (412) if the profile changed since.",
  request: { body: jsonBody(OwnProfileUpdate) },
  responses: {
    200: profileResponse("Your updated profile, as `GET /api/users/me/` shows it"),
    204: NOTHING_READABLE,
    400: invalidResponse,
    412: preconditionFailedResponse("profile"),
  },
});

const byEmailRoute = apiRoute({
  method: "get",
  path: "/api/users/by_email/{email}/",
  access: confidential(),
  summary: "A visible user by exact email",
  description: `The email must match exactly (case-sensitive). ${PERMISSION_NOTE} ${ETAG_NOTE}`,
  request: { params: EmailParam },
  responses: { 200: profileResponse("The user"), 404: notFoundResponse },
});

const listRoute = apiRoute({
  method: "get",
  path: "/api/users/",
  access: confidential(),
  summary: "Visible users",
  description: `Visible users (inactive ones included), ordered by id; \`search\` looks in display name and email. ${PERMISSION_NOTE}`,
  request: { query: UserListQuery },
  responses: { 200: jsonContent(UserProfilePage, "A page of users") },
});

const detailRoute = apiRoute({
  method: "get",
  path: "/api/users/{id}/",
  access: confidential(),
  summary: "One visible user",
  description: `${PERMISSION_NOTE} ${ETAG_NOTE}`,
  request: { params: IdParam },
  responses: { 200: profileResponse("The user"), 404: notFoundResponse },
});

const createUserRoute = apiRoute({
  method: "post",
  path: "/api/users/",
  access: administer("add_userprofile"),
  summary: "Create a user",
  description:
    "A new, visible user without a password: they cannot log in until a password is set. `is_staff`, `is_superuser`, `is_visible` and `password` cannot be set through the API. " +
    "Groups: with `change_group` any, else only your own groups. Needs the global permission add_userprofile.",
  request: { body: jsonBody(UserCreate) },
  responses: { 201: profileResponse("The new user, as your `GET /api/users/{id}/` shows it (no body if you may not read it; `Location` names it)"), 400: invalidResponse },
});

const updateRoute = apiRoute({
  method: "patch",
  path: "/api/users/{id}/",
  access: administer("change_userprofile"),
  summary: "Change a visible user",
  description:
    "Only the keys sent change; `groups` and `qualification_grants` replace the stored lists (memberships of groups you may not manage stay). " +
    "Changing the email of another user needs staff, `change_group`, or membership in all of that user's groups. " +
    "Changing the email, `is_active` or `groups` of a staff user needs staff (403), of a superuser a superuser. " +
    "You cannot deactivate yourself, nor the last active superuser with a password (400). Needs the global permission change_userprofile.",
  request: { params: IdParam, body: jsonBody(UserUpdate) },
  responses: {
    200: profileResponse("The changed user, as your `GET /api/users/{id}/` shows it"),
    204: NOTHING_READABLE,
    400: invalidResponse,
    404: notFoundResponse,
    412: preconditionFailedResponse("user"),
  },
});

const deactivateRoute = apiRoute({
  method: "delete",
  path: "/api/users/{id}/",
  access: administer("delete_userprofile"),
  summary: "Deactivate a visible user",
  description:
    "Sets `is_active` to false; nothing is deleted (participations and history stay). The user can no longer log in and their tokens stop working, until reactivated with PATCH. " +
    "Answers 204 also for an already inactive user. Staff users need a staff caller, superusers a superuser (403). " +
    "You cannot deactivate yourself, nor the last active superuser with a password. Needs the global permission delete_userprofile.",
  request: { params: IdParam },
  responses: {
    204: { description: "Deactivated" },
    400: errorResponse("You cannot deactivate yourself, nor the last superuser who can log in"),
    404: notFoundResponse,
    412: preconditionFailedResponse("user"),
  },
});

// `/api/users/me/` and `/api/users/by_email/…` are registered before `/api/users/{id}/`, which
// would otherwise capture "me" (and answer 404, ids being digits); so is the 405 of `me`.
export const userRoutes = createRouter();

/** Statements for one batch: the user matching `where` with everything an administrator may change. */
const userStatements = (db: Database, where: SQL) => [...profileQueries(db, where, Date.now()), ...managedStateQueries(db, where)] as const;

type UserResults = Awaited<ReturnType<typeof readUser>>;
const readUser = (db: Database, where: SQL) => db.batch(userStatements(db, where));

/**
 * The user as the API shows it, as an administrator sees it, with the ETag over the latter (so it
 * changes with every writable field) and the row version read with it (for `If-Match`), and the
 * stored facts the write rules look at; null: none.
 */
async function userFrom(c: Context<AppEnv>, [profiles, grants, qualifications, states, memberships, allGrants]: UserResults) {
  if (!profiles.length) return null;
  const profile = profilesJson(profiles, grants, qualifications)[0];
  const [state] = states;
  const groupIds = memberships.map((m) => m.groupId);
  const managed = managedProfileJson(profile, { phone: state.phone, isActive: state.isActive, groupIds, grants: allGrants }, c.var.settings.timeZone);
  const target: Target = { id: profile.id, email: profile.email, isActive: state.isActive, isStaff: state.isStaff, isSuperuser: state.isSuperuser, groupIds };
  return { profile, managed, target, etag: await etagOf(c.var.settings.secretKey, managed), row: { table: users, id: profile.id, version: state.version } };
}

/** The profile of the user matching `where` as a read shows it, with its ETag; null: none. */
async function shownProfile(c: Context<AppEnv>, where: SQL) {
  const user = await userFrom(c, await readUser(c.var.db, where));
  return user && { json: user.profile, etag: user.etag };
}

/**
 * What a write on a user may answer: the profile as the caller's `GET /api/users/{id}/` (or, for
 * themselves, `/api/users/me/`) shows it. Never the fields only an administrator sets (phone,
 * is_active, groups, grants): no read shows them.
 */
function readBack(c: Context<AppEnv>, id: number): ReadBack<object>[] {
  const own = id === apiUser(c).id ? [{ route: meRoute, load: () => shownProfile(c, eq(users.id, id)) }] : [];
  return [{ route: detailRoute, load: () => shownProfile(c, visibleUser(id)) }, ...own];
}

/** The user matching `where`, else 404. */
async function findUser(c: Context<AppEnv>, where: SQL) {
  const user = await userFrom(c, await readUser(c.var.db, where));
  if (!user) throw notFound("UserProfile");
  return user;
}

const visibleUser = (id: number) => and(visibleUsers, eq(users.id, id))!;

type WriteBody = z.output<typeof UserUpdate>;

/** The `users` columns a write sets; an empty phone is stored as none. */
function columnsOf(body: Pick<WriteBody, "email" | "display_name" | "date_of_birth" | "phone" | "is_active">): UserValues {
  return {
    ...(body.email === undefined ? {} : { email: body.email }),
    ...(body.display_name === undefined ? {} : { displayName: body.display_name }),
    ...(body.date_of_birth === undefined ? {} : { dateOfBirth: body.date_of_birth }),
    ...(body.phone === undefined ? {} : { phone: body.phone || null }),
    ...(body.is_active === undefined ? {} : { isActive: body.is_active }),
  };
}

/** Statements for the write check's batch (see `writeCheckQueries`); `userId`: the user being changed. */
function checkStatements(c: Context<AppEnv>, body: WriteBody, userId?: number) {
  return writeCheckQueries(c.var.db, {
    callerId: apiUser(c).id,
    email: body.email,
    userId,
    groupIds: body.groups ?? [],
    qualificationIds: (body.qualification_grants ?? []).map((grant) => grant.qualification),
  });
}

type CheckResults = Awaited<ReturnType<typeof readChecks>>;
const readChecks = (c: Context<AppEnv>, body: WriteBody) => c.var.db.batch(checkStatements(c, body));

/**
 * Applies the write rules (./rules.ts) to the loaded facts: refuses with field-keyed messages, or
 * returns the columns and relations to write.
 */
function plannedWrite(c: Context<AppEnv>, body: WriteBody, [callerGroups, existingGroups, existingQualifications, emailOwners]: CheckResults, target: Target | null) {
  const caller = apiUser(c);
  const facts = {
    callerGroups: callerGroups.map((row) => row.groupId),
    existingGroups: existingGroups.map((row) => row.id),
    existingQualifications: existingQualifications.map((row) => row.id),
    emailTaken: emailOwners.length > 0,
  };
  const errors = writeErrors(caller, facts, target, body);
  if (Object.keys(errors).length) throw validationError(errors);
  const relations: RelationChanges = {
    ...(body.groups === undefined ? {} : { groups: { ids: body.groups, managed: manageableGroups(caller, facts.callerGroups) } }),
    ...(body.qualification_grants === undefined
      ? {}
      : {
          grants: body.qualification_grants.map((grant) => ({
            qualificationId: grant.qualification,
            // The schema accepted only parseable values.
            expires: grant.expires == null ? null : parseDateTime(grant.expires, c.var.settings.timeZone)!,
          })),
        }),
  };
  return { values: columnsOf(body), relations };
}

userRoutes
  .openapi(meRoute, async (c) => {
    const user = await findUser(c, eq(users.id, apiUser(c).id));
    return c.json(user.profile, 200, { ETag: user.etag });
  })
  .openapi(updateMeRoute, async (c) => {
    const changes = c.req.valid("json");
    const id = apiUser(c).id;
    const precondition = requireIfMatch(c, await findUser(c, eq(users.id, id)));
    await updateUser(c.var.db, id, columnsOf(changes), {}, precondition);
    return answerAsRead(c, readBack(c, id));
  });
// The other methods of `me` pass ephios's one check there (ME_READ) and get their 405; refused
// before `/api/users/{id}/` is registered, whose DELETE would otherwise answer them.
refuseOtherMethods(userRoutes, () => ({ guard: me() }));

userRoutes
  .openapi(byEmailRoute, async (c) => {
    const { email } = c.req.valid("param");
    const user = await findUser(c, and(visibleUsers, emailIs(email))!);
    return c.json(user.profile, 200, { ETag: user.etag });
  })
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const db = c.var.db;
    const where = and(visibleUsers, searchCondition(query.search, [users.displayName, users.email]));
    const seek = await pageStart(c, query, BY_ID);
    const [[{ total }], found, grants, qualifications] = await db.batch([countUsersQuery(db, where), ...profileQueries(db, and(where, seek.after), Date.now(), seek)]);
    const { rows: profiles, ...position } = pageRows(found, query, (profile) => [profile.id]);
    return c.json(await paginated(c, query, total, profilesJson(profiles, grants, qualifications), { start: seek, ...position }), 200);
  })
  .openapi(createUserRoute, async (c) => {
    const body = c.req.valid("json");
    const { values, relations } = plannedWrite(c, body, await readChecks(c, body), null);
    const id = await createUser(c.var.db, { ...values, email: body.email, displayName: body.display_name }, relations, Date.now());
    if (id === null) throw validationError({ email: [EMAIL_TAKEN] });
    return createdAnswer(c, readBack(c, id), new URL(`/api/users/${id}/`, c.req.url).href);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = await findUser(c, visibleUser(id));
    return c.json(user.profile, 200, { ETag: user.etag });
  })
  .openapi(updateRoute, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const db = c.var.db;
    const [profiles, grants, qualifications, states, memberships, allGrants, ...checks] = await db.batch([...userStatements(db, visibleUser(id)), ...checkStatements(c, body, id)]);
    const user = await userFrom(c, [profiles, grants, qualifications, states, memberships, allGrants]);
    if (!user) throw notFound("UserProfile");
    if (!mayAdminister(apiUser(c), user.target) && changesAccess(user.target, body)) throw permissionDenied();
    const precondition = requireIfMatch(c, user);
    const { values, relations } = plannedWrite(c, body, checks, user.target);
    const refusal = await updateUser(db, id, values, relations, precondition);
    if (refusal === "email taken") throw validationError({ email: [EMAIL_TAKEN] });
    if (refusal === "last superuser") throw validationError({ is_active: [LAST_SUPERUSER] });
    return answerAsRead(c, readBack(c, id));
  })
  .openapi(deactivateRoute, async (c) => {
    const { id } = c.req.valid("param");
    const user = await findUser(c, visibleUser(id));
    if (!mayAdminister(apiUser(c), user.target)) throw permissionDenied();
    const precondition = requireIfMatch(c, user);
    if (id === apiUser(c).id) throw badRequest(SELF_DEACTIVATION);
    if ((await updateUser(c.var.db, id, { isActive: false }, {}, precondition)) === "last superuser") throw badRequest(LAST_SUPERUSER);
    return c.body(null, 204);
  });

// Methods the endpoints on others' profiles do not offer: the write scope and DRF's model
// permission, then 405.
refuseOtherMethods(userRoutes, () => ({ guard: requireScopes("CONFIDENTIAL_WRITE"), permissions: modelPermissions("userprofile") }));
