import { z } from "@hono/zod-openapi";

/**
 * A database id in a path: digits only, at most 15 of them (so it stays an exact JavaScript
 * number). Anything else does not match the route, as Django's `<int:pk>` converter.
 */
export const idSegment = z.string().regex(/^\d{1,15}$/).transform(Number);

/** An id path parameter of an API route, documented as an integer. */
export const pathId = (name: string) => idSegment.openapi({ param: { name, in: "path" }, type: "integer" });

/** `{id}` of an API route. */
export const IdParam = z.object({ id: pathId("id") });

/** The `<pk>` of a page's path, or null when it is not an id. */
export const pathPk = (params: Record<string, string>): number | null => z.object({ pk: idSegment }).safeParse(params).data?.pk ?? null;

/** `?force=true` confirms deleting an object together with its participations. */
export const ForceQuery = z.object({
  force: z
    .enum(["true", "false"], { error: 'Must be "true" or "false".' })
    .optional()
    .transform((value) => value === "true")
    .openapi({ param: { name: "force", in: "query" }, type: "boolean", description: "Also delete the participations (required when there are any)." }),
});
