import type { Hono } from "hono";
import type { AccessGuard } from "../../auth/access";
import type { AppEnv } from "../../types";
import { type MethodPermissions, refuseUnsafe } from "../http";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** How a path refuses the methods it has no route for; undefined: the app's plain 405 answers. */
export type RefusalRule = (path: string) => { guard: AccessGuard; permissions?: MethodPermissions } | undefined;

/**
 * Registers, for every API path of `router`, the methods none of its routes handles: as DRF, the
 * request first passes the path's access guard and the model permission the method would need,
 * and only then gets its 405. Call it once the router holds all its routes; or, where a later
 * parameter route would capture a path (`/api/users/{id}/` and `me`), also after that path's routes:
 * a path whose methods are all handled is left alone.
 */
export function refuseOtherMethods<R extends Hono<AppEnv>>(router: R, rule: RefusalRule): R {
  const handled = new Map<string, Set<string>>();
  for (const { method, path } of router.routes) {
    if (method !== "ALL" && path.startsWith("/api/")) (handled.get(path) ?? handled.set(path, new Set()).get(path)!).add(method);
  }
  for (const [path, methods] of handled) {
    const refusal = rule(path);
    const missing = METHODS.filter((method) => !methods.has(method));
    if (refusal && missing.length) router.on(missing, path, refusal.guard, refuseUnsafe(refusal.permissions));
  }
  return router;
}
