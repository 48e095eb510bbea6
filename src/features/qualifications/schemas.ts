import { z } from "@hono/zod-openapi";

/** ephios's QualificationSerializer. */
export const QualificationSchema = z
  .object({
    uuid: z.string().openapi({ format: "uuid" }),
    title: z.string(),
    abbreviation: z.string(),
    category: z.string().openapi({ format: "uuid", description: "UUID of the qualification category." }),
    includes: z.array(z.string().openapi({ format: "uuid" })).openapi({
      description: "UUIDs of every qualification reachable through the included qualifications (transitive closure, unordered; the qualification itself only if reachable).",
    }),
  })
  .openapi("Qualification");
