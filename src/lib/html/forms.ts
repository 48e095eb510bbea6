import type { Context } from "hono";
import type { z } from "zod";
import type { FieldErrors } from "../errors";

export type FormBody = Record<string, string | File | (string | File)[]>;

/**
 * Reads a submitted HTML form through a zod schema. Repeated fields (checkboxes) arrive as arrays.
 * An unreadable body counts as an empty form, so the schema reports what is missing. The raw body
 * comes back too, to fill the form in again after an error.
 */
export async function parseForm<S extends z.ZodType>(c: Context, schema: S): Promise<({ data: z.output<S> } | { errors: FieldErrors }) & { body: FormBody }> {
  let body: FormBody;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    body = {};
  }
  const result = schema.safeParse(body);
  if (result.success) return { data: result.data, body };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "__all__";
    (errors[field] ??= []).push(issue.message);
  }
  return { errors, body };
}

/** A repeated field (checkboxes) for a zod preprocess: none submitted is an empty list, one a list of one. */
export const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A submitted text field, for re-displaying a form. */
export function textField(body: FormBody, name: string): string | undefined {
  const value = body[name];
  return typeof value === "string" ? value : undefined;
}

/** All submitted values of a repeated field (checkboxes). */
export function listField(body: FormBody, name: string): string[] {
  const value = body[name];
  return (value === undefined ? [] : [value].flat()).filter((v): v is string => typeof v === "string");
}
