import type { Context } from "hono";
import { apiUser, permissionRequired, publicAccess, requireScopesAndPermission, sessionUser } from "../../auth/access";
import type { AuthUser } from "../../auth/principal";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { errorResponse, jsonContent } from "../../lib/api/responses";
import { randomString, sha256Hex } from "../../lib/crypto";
import { formatDateTime } from "../../lib/datetime";
import { badRequest, notFound, permissionDenied } from "../../lib/errors";
import { flash } from "../../lib/html/flash";
import { parseForm } from "../../lib/html/forms";
import { hashPassword } from "../../lib/password";
import type { AppEnv } from "../../types";
import { setPasswordForm } from "../accounts/schemas";
import { IdParam, pathPk } from "../../lib/api/params";
import { LAST_SUPERUSER, mayAdminister } from "../users/rules";
import { InvalidLinkPage, PasswordLinkPage, SetPasswordPage, UserPasswordPage } from "./pages";
import { findAdministeredUser, findUsableLink, insertPasswordLink, revokePassword, usePasswordLink } from "./queries";
import { LINK_TOKEN_LENGTH, PasswordLinkSchema, linkTokenParam } from "./schemas";

/** How long a set-password link can be used (as ephios's invite codes). */
export const PASSWORD_LINK_LIFETIME_MS = 48 * 3_600_000;
/** A link for yourself would change your password without the old one (from a token, too). */
const NO_LINK_FOR_YOURSELF = "You cannot create a set-password link for yourself; change your password instead.";
const NO_REVOKE_FOR_YOURSELF = "You cannot revoke your own password; change it instead.";

/**
 * The user an administrator acts on: visible users only (others are 404 and their names never
 * shown, as on the API), and staff or superusers only for callers of the same rank.
 */
async function administeredUser(c: Context<AppEnv>, caller: AuthUser, userId: number | null) {
  const user = userId === null ? null : await findAdministeredUser(c.var.db, userId);
  if (!user) throw notFound("UserProfile");
  if (!mayAdminister(caller, user)) throw permissionDenied();
  return user;
}

const pageUserId = (c: Context<AppEnv>) => pathPk(c.req.param());

/**
 * A new link for `userId`: the token is returned to be shown once, only its SHA-256 is stored, and
 * the user's older unused link stops working.
 */
async function createLink(c: Context<AppEnv>, userId: number, createdById: number) {
  if (userId === createdById) throw badRequest(NO_LINK_FOR_YOURSELF);
  const token = randomString(LINK_TOKEN_LENGTH);
  const createdAt = Date.now();
  const expires = createdAt + PASSWORD_LINK_LIFETIME_MS;
  await insertPasswordLink(c.var.db, { userId, tokenHash: await sha256Hex(token), createdById, createdAt, expires });
  return { url: `${c.var.settings.siteUrl}/accounts/set-password/${token}/`, expires };
}

/** Pages showing or taking a link's token: nothing may cache them or pass their URL on. */
function keepTokenPrivate(c: Context<AppEnv>) {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
}

const apiRoute = apiRoutes({ tag: "Account administration" });

const createLinkRoute = apiRoute({
  method: "post",
  path: "/api/users/{id}/password-link/",
  access: requireScopesAndPermission(["CONFIDENTIAL_WRITE"], "change_userprofile"),
  summary: "Create a one-time set-password link for a visible user",
  description:
    "With the link the user sets a password (e.g. a user created through the API, who has none) at `/accounts/set-password/<token>/`: usable once, for 48 hours. " +
    "The link is in this answer only; a newer link replaces the user's unused one. Setting the password ends the user's sessions and revokes their tokens. " +
    "Staff users need a staff caller, superusers a superuser; not for yourself (400). Needs the global permission change_userprofile.",
  request: { params: IdParam },
  responses: {
    201: jsonContent(PasswordLinkSchema, "The link"),
    400: errorResponse("A link for yourself"),
    404: errorResponse("Unknown or invisible user"),
  },
});

export const accountAdminRoutes = createRouter()
  .openapi(createLinkRoute, async (c) => {
    const caller = apiUser(c);
    const user = await administeredUser(c, caller, c.req.valid("param").id);
    const link = await createLink(c, user.id, caller.id);
    c.header("Cache-Control", "no-store");
    return c.json({ url: link.url, expires: formatDateTime(link.expires, c.var.settings.timeZone) }, 201);
  })

  .get("/users/:pk/password_revoke/", permissionRequired("change_userprofile"), async (c) => {
    const caller = sessionUser(c);
    const user = await administeredUser(c, caller, pageUserId(c));
    return c.html(<UserPasswordPage c={c} userId={user.id} name={user.displayName} yourself={user.id === caller.id} />);
  })

  .post("/users/:pk/password_revoke/", permissionRequired("change_userprofile"), async (c) => {
    const caller = sessionUser(c);
    const user = await administeredUser(c, caller, pageUserId(c));
    // As with deactivation: an administrator does not lock themselves out by a click on their own page.
    if (user.id === caller.id) throw badRequest(NO_REVOKE_FOR_YOURSELF);
    if (!(await revokePassword(c.var.db, user.id, Date.now()))) throw badRequest(LAST_SUPERUSER);
    flash(c, `The password of ${user.displayName} was revoked and all their API tokens were revoked. A set-password link lets them log in again.`);
    return c.redirect(`/users/${user.id}/password_revoke/`, 302);
  })

  .post("/users/:pk/password_link/", permissionRequired("change_userprofile"), async (c) => {
    const caller = sessionUser(c);
    const user = await administeredUser(c, caller, pageUserId(c));
    const link = await createLink(c, user.id, caller.id);
    keepTokenPrivate(c);
    return c.html(<PasswordLinkPage c={c} name={user.displayName} url={link.url} expires={link.expires} />);
  })

  .get("/accounts/set-password/:token/", publicAccess(), async (c) => {
    keepTokenPrivate(c);
    const params = linkTokenParam.safeParse(c.req.param());
    const link = params.success ? await findUsableLink(c.var.db, await sha256Hex(params.data.token), Date.now()) : null;
    if (!link) return c.html(<InvalidLinkPage c={c} />, 404);
    return c.html(<SetPasswordPage c={c} email={link.email} />);
  })

  .post("/accounts/set-password/:token/", publicAccess(), async (c) => {
    keepTokenPrivate(c);
    const params = linkTokenParam.safeParse(c.req.param());
    const tokenHash = params.success ? await sha256Hex(params.data.token) : null;
    const link = tokenHash ? await findUsableLink(c.var.db, tokenHash, Date.now()) : null;
    if (!tokenHash || !link) return c.html(<InvalidLinkPage c={c} />, 404);
    const form = await parseForm(c, setPasswordForm);
    if ("errors" in form) return c.html(<SetPasswordPage c={c} email={link.email} errors={form.errors} />, 400);
    const passwordHash = await hashPassword(form.data.new_password1);
    // Decided again in the writing batch: a parallel request may have used the link meanwhile.
    if (!(await usePasswordLink(c.var.db, { userId: link.userId, tokenHash }, passwordHash, Date.now()))) return c.html(<InvalidLinkPage c={c} />, 404);
    flash(c, "Your password has been set. You may log in now.");
    return c.redirect("/accounts/login/", 302);
  });
