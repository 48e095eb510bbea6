/**
 * The configuration objects a shift stores for its signup flow and its structure. Stored
 * configurations stay opaque JSON (reads never trust their shape); these helpers only keep new
 * ones well-formed. Keys a configuration does not know are refused, so a typo is not silently
 * stored as "not configured".
 */
import { z } from "@hono/zod-openapi";

/** What a configuration refers to; the caller checks these exist. */
export interface ConfigurationReferences {
  qualifications: number[];
  buildingBlocks: number[];
  leaderShift: number | null;
}

export const NO_REFERENCES: ConfigurationReferences = { qualifications: [], buildingBlocks: [], leaderShift: null };

export type ParsedConfiguration = { ok: true; value: Record<string, unknown>; references: ConfigurationReferences } | { ok: false; errors: string[] };

/** A configuration object (or an item of one of its lists): unknown keys are refused by name. */
export const configObject = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown key${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.` : undefined),
  });

/** Zod's issues as messages naming the key inside the configuration (`teams.0.min_count: …`). */
function messages(error: z.ZodError): string[] {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
}

/** `value` parsed by `schema` (with its defaults and generated values), and what it refers to. */
export function parseConfiguration<S extends z.ZodType<Record<string, unknown>>>(
  schema: S,
  value: Record<string, unknown>,
  references: (data: z.output<S>) => ConfigurationReferences,
): ParsedConfiguration {
  const result = schema.safeParse(value);
  if (!result.success) return { ok: false, errors: messages(result.error) };
  return { ok: true, value: result.data, references: references(result.data) };
}
