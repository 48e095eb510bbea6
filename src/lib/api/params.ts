import { z } from "@hono/zod-openapi";

/**
 * A database id in a path: digits only, at most 15 of them (so it stays an exact JavaScript
 * number). Anything else does not match the route, as Django's `<int:pk>` converter.
 */
export const idSegment = z.string().regex(/^\d{1,15}$/).transform(Number);

/** An id path parameter of an API route, documented as an integer. */
export const pathId = (name: string) => idSegment.openapi({ param: { name, in: "path" }, type: "integer" });

/**
 * `{id}` of an API route. DRF's router takes any segment as the pk; one the model's integer field
 * converts (`-1`) is looked up and answers the model's 404, anything else (`abc`) "Not found.".
 */
export const IdParam = z.object({
  id: z
    .string()
    .regex(/^-?\d{1,15}$/)
    .transform(Number)
    .openapi({ param: { name: "id", in: "path" }, type: "integer" }),
});

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
