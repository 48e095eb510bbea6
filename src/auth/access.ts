import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { notAuthenticated, permissionDenied } from "../lib/errors";
import type { AppEnv } from "../types";
import type { Permission } from "./permissions";
import { hasGlobalPermission, type AuthUser, type Principal } from "./principal";
import { holdsEventPermissionSomewhere } from "./queries";
import type { Scope } from "./scopes";

/**
 * Every route declares who may call it with exactly one of these guards, placed before its
 * handler. The guard runs first and refuses with ephios's bodies; test/auth/routes.test.ts walks
 * all registered routes and fails on one without a guard.
 */
export type Access =
  | { kind: "public" }
  | { kind: "authenticated" }
  | {
      kind: "scopes";
      scopes: Scope[];
      permission?: Permission;
      /** The permission also counts as an object permission on any one event (requireScopesAndEventPermission). */
      onSomeEvent?: boolean;
    }
  | { kind: "login" }
  | { kind: "staff" }
  | { kind: "permission"; permission: Permission }
  | { kind: "federationGuest" }
  | { kind: "federatedUser" };

export const ACCESS = Symbol("access");

export type AccessGuard = MiddlewareHandler<AppEnv> & { [ACCESS]: Access };

function guard(access: Access, check: MiddlewareHandler<AppEnv>): AccessGuard {
  return Object.assign(check, { [ACCESS]: access });
}

export function accessOf(handler: unknown): Access | undefined {
  return typeof handler === "function" ? (handler as Partial<AccessGuard>)[ACCESS] : undefined;
}

/** No authentication needed (health check, schema, login page, federation setup). */
export const publicAccess = () => guard({ kind: "public" }, createMiddleware<AppEnv>((_c, next) => next()));

/** A session, or a token with a user and every one of `scopes`. */
function holdsScopes(principal: Principal, scopes: Scope[]): boolean {
  return principal.via === "session" || (principal.user !== null && scopes.every((scope) => principal.scopes.has(scope)));
}

/**
 * ephios's IsAuthenticatedOrTokenHasScope plus an authenticated user: a session passes; a token
 * needs every scope listed and a user behind it. Nobody → "credentials were not provided".
 */
export const requireScopes = (...scopes: Scope[]) =>
  guard(
    scopes.length ? { kind: "scopes", scopes } : { kind: "authenticated" },
    createMiddleware<AppEnv>(async (c, next) => {
      const principal = c.var.principal;
      if (!principal) throw notAuthenticated();
      if (!holdsScopes(principal, scopes)) throw permissionDenied();
      await next();
    }),
  );

/**
 * Scopes plus a global model permission of the user (ephios's ViewUserModelObjectPermissions and
 * friends). Checked before anything else of the request is looked at, as DRF's permission classes.
 */
export const requireScopesAndPermission = (scopes: Scope[], permission: Permission) => {
  const scopeCheck = requireScopes(...scopes);
  return guard(
    { kind: "scopes", scopes, permission },
    createMiddleware<AppEnv>(async (c, next) => {
      await scopeCheck(c, async () => {
        if (!hasGlobalPermission(c.var.principal!.user!, permission)) throw permissionDenied();
        await next();
      });
    }),
  );
};

/**
 * Scopes plus `permission` held globally or as an object permission on at least one event: the
 * write routes whose handlers then decide per object (change_event, delete_event). DRF checks a
 * write's model permission before it reads the body or looks up the object; ephios's check is
 * the global permission, ours also lets object permissions through (docs/compatibility.md,
 * "Writes"), so a caller who holds the permission nowhere gets 403 here and never sees which
 * fields or ids exist. No query for holders of the global permission; one statement for others.
 */
export const requireScopesAndEventPermission = (scopes: Scope[], permission: Permission) => {
  const scopeCheck = requireScopes(...scopes);
  return guard(
    { kind: "scopes", scopes, permission, onSomeEvent: true },
    createMiddleware<AppEnv>(async (c, next) => {
      await scopeCheck(c, async () => {
        const user = c.var.principal!.user!;
        if (!hasGlobalPermission(user, permission) && !(await holdsEventPermissionSomewhere(c.var.db, user, permission))) throw permissionDenied();
        await next();
      });
    }),
  );
};

/**
 * Whether `principal` passes an API route's guard (scopes, and the global permission if it names
 * one) without calling it: a write answers with what its object's GET routes would show the same
 * caller (src/lib/api/write-answer.ts). Guards of other kinds never pass here, and a permission
 * that may be held on some event counts only when held globally (that needs a query; no GET route
 * has such a guard).
 */
export function passesGuard(principal: Principal | null | undefined, guard: AccessGuard): boolean {
  const access = guard[ACCESS];
  if (!principal?.user || (access.kind !== "scopes" && access.kind !== "authenticated")) return false;
  const permission = access.kind === "scopes" ? access.permission : undefined;
  return holdsScopes(principal, access.kind === "scopes" ? access.scopes : []) && (!permission || hasGlobalPermission(principal.user, permission));
}

/** Any authenticated user, no scope (ephios's API root). */
export const requireAuthenticated = () => requireScopes();

/**
 * The check DRF runs on OPTIONS for a view guarded by `access`: the same permission classes, whose
 * model permissions ask nothing of OPTIONS (DjangoModelPermissions' and ephios's perms_map), so
 * the scopes stay and the permission goes.
 */
export function metadataGuard(access: Access): AccessGuard {
  switch (access.kind) {
    case "public":
      return publicAccess();
    case "authenticated":
      return requireAuthenticated();
    case "scopes":
      return requireScopes(...access.scopes);
    case "federationGuest":
      return federationGuestRequired();
    default:
      throw new Error(`no DRF view is guarded by ${access.kind}`);
  }
}

/** The logged-in user of an HTML page; these pages are for browsers, so only the session counts. */
export function sessionUser(c: { var: AppEnv["Variables"] }): AuthUser {
  const principal = c.var.principal;
  if (principal?.via !== "session") throw new Error("sessionUser() outside a login-guarded route");
  return principal.user;
}

function redirectToLogin(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  return c.redirect(`/accounts/login/?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
}

/** HTML pages: a browser session is required; anybody else is sent to the login page (with `next`). */
export const loginRequired = () =>
  guard(
    { kind: "login" },
    createMiddleware<AppEnv>(async (c, next) => {
      if (c.var.principal?.via !== "session") return redirectToLogin(c);
      await next();
    }),
  );

/** HTML pages for users holding a global permission (superusers hold all). */
export const permissionRequired = (permission: Permission) =>
  guard(
    { kind: "permission", permission },
    createMiddleware<AppEnv>(async (c, next) => {
      const principal = c.var.principal;
      if (principal?.via !== "session") return redirectToLogin(c);
      if (!hasGlobalPermission(principal.user, permission)) throw permissionDenied();
      await next();
    }),
  );

/** The user behind an API request; routes guarded by requireScopes() always have one. */
export function apiUser(c: { var: AppEnv["Variables"] }): AuthUser {
  const user = c.var.principal?.user;
  if (!user) throw new Error("apiUser() outside a route guarded by requireScopes()");
  return user;
}

/** HTML pages for staff (ephios's `staff_required`): anonymous → login, others → 403. */
export const staffRequired = () =>
  guard(
    { kind: "staff" },
    createMiddleware<AppEnv>(async (c, next) => {
      const principal = c.var.principal;
      if (principal?.via !== "session") return redirectToLogin(c);
      if (!principal.user.isStaff && !principal.user.isSuperuser) throw permissionDenied();
      await next();
    }),
  );

/**
 * The federation API (ephios's TokenHasScope with no scopes plus "the token of a FederatedGuest"):
 * only the bearer token a guest instance got at setup. Nobody → "credentials were not provided";
 * a session or any other token → "no permission". A guest treats a 403 as "share ended", so this
 * refuses only what will never pass.
 */
export const federationGuestRequired = () =>
  guard(
    { kind: "federationGuest" },
    createMiddleware<AppEnv>(async (c, next) => {
      const principal = c.var.principal;
      if (!principal) throw notAuthenticated();
      if (principal.via !== "token" || principal.token.guestId === null) throw permissionDenied();
      await next();
    }),
  );

/** The calling guest instance's id and token id; routes guarded by federationGuestRequired() always have them. */
export function federatedGuestOf(c: { var: AppEnv["Variables"] }): { guestId: number; tokenId: number } {
  const principal = c.var.principal;
  if (principal?.via !== "token" || principal.token.guestId === null) throw new Error("federatedGuestOf() outside a route guarded by federationGuestRequired()");
  return { guestId: principal.token.guestId, tokenId: principal.token.id };
}

/**
 * Pages for users of a federated guest instance who log in through their own instance to sign up
 * here (src/features/federation/signup). What identifies them depends on the guest and event in the
 * URL, so the feature supplies the check; it must refuse or send the user to log in.
 */
export const federatedUserRequired = (check: MiddlewareHandler<AppEnv>) => guard({ kind: "federatedUser" }, check);
