import type { Context } from "hono";
import { getPath } from "hono/utils/url";

/** DRF's `format_suffix_patterns`: `.<format>` in place of the trailing slash, a slash after it optional. */
export const FORMAT_SUFFIX = /^(.*)\.([a-z0-9]+)\/?$/;

/**
 * The format named by the request's path suffix (`/api/.json` → `json`), if the request was routed
 * by one (src/middleware/drf-views.ts routes `/api/events.json` as `/api/events/`).
 */
export function suffixFormat(c: Context): string | undefined {
  const sent = getPath(c.req.raw);
  return sent === c.req.path ? undefined : FORMAT_SUFFIX.exec(sent)?.[2];
}
