import type { Context } from "hono";
import type { Permission } from "../auth/permissions";
import { hasGlobalPermission } from "../auth/principal";
import type { AppEnv } from "../types";
import { methodNotAllowed, permissionDenied } from "./errors";

/**
 * The model permission DRF's DjangoObjectPermissions asks for per method; "superuser" where the
 * model's permission exists in ephios but nobody is given it (so only superusers pass).
 */
export type MethodPermissions = Partial<Record<"POST" | "PUT" | "PATCH" | "DELETE", Permission | "superuser">>;

export const modelPermissions = (model: "event" | "userprofile"): MethodPermissions => ({
  POST: `add_${model}`,
  PUT: `change_${model}`,
  PATCH: `change_${model}`,
  DELETE: `delete_${model}`,
});

export const SUPERUSER_ONLY: MethodPermissions = { POST: "superuser", PUT: "superuser", PATCH: "superuser", DELETE: "superuser" };

/**
 * DRF runs permission checks before it looks at the method: an unsafe method on a read-only
 * endpoint is refused by the route's guard, then by the model permission the method would need
 * (if the endpoint checks one), and only then answered with 405.
 */
export const refuseUnsafe = (permissions: MethodPermissions = {}) =>
  Object.assign(
    (c: Context<AppEnv>): never => {
      const needed = permissions[c.req.method as keyof MethodPermissions];
      const user = c.var.principal?.user;
      if (needed && user && !(needed === "superuser" ? user.isSuperuser : hasGlobalPermission(user, needed))) throw permissionDenied();
      throw methodNotAllowed(c.req.method);
    },
    { [REFUSES_METHOD]: true },
  );

/** Marks the handlers above, so the OpenAPI coverage test can tell refusals from operations. */
export const REFUSES_METHOD = Symbol("refuses method");
