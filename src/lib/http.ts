import type { Context } from "hono";
import { methodNotAllowed } from "./errors";

/** Methods that change state; a read-only endpoint answers them after its access check. */
export const UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

/**
 * DRF runs permission checks before it looks at the method, so an unsafe method on a read-only
 * endpoint is refused by the route's guard first and only then answered with 405.
 */
export function refuseMethod(c: Context): never {
  throw methodNotAllowed(c.req.method);
}
