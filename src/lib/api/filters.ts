import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { parseDateTime } from "../datetime";

/** A repeated single-valued parameter: Django's QueryDict takes the last value. */
const lastValue = (v: unknown) => (Array.isArray(v) ? v.at(-1) : v);
/** Empty values are ignored by django-filter. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const doc = (name: string, description: string, type: "string" | "integer" = "string", array = false) =>
  array
    ? { param: { name, in: "query" as const, style: "form" as const, explode: true }, type: "array" as const, items: { type }, description }
    : { param: { name, in: "query" as const }, type, description };

function dateTimeParam(name: string, description: string) {
  return z
    .unknown()
    .transform((v) => blankToUndefined(lastValue(v)))
    .pipe(
      z
        .string({ error: "Enter a valid date/time." })
        .refine((v) => v.length <= 64 && parseDateTime(v, "UTC") !== null, "Enter a valid date/time.")
        .optional(),
    )
    .optional()
    .openapi(doc(name, description));
}

/** django-filter's IsoDateTimeFromToRangeFilter pair, plus ephios's deprecated aliases. */
export const timeRangeQuery = {
  start_time_after: dateTimeParam("start_time_after", "Start at or after this ISO 8601 datetime (naive values in the instance's time zone; encode + as %2B)."),
  start_time_before: dateTimeParam("start_time_before", "Start at or before this datetime."),
  end_time_after: dateTimeParam("end_time_after", "End at or after this datetime."),
  end_time_before: dateTimeParam("end_time_before", "End at or before this datetime."),
  start_gte: dateTimeParam("start_gte", "Deprecated alias of start_time_after."),
  start_lte: dateTimeParam("start_lte", "Deprecated alias of start_time_before."),
};

export type TimeRange = { [K in keyof typeof timeRangeQuery]?: string };

/** Conditions for the time filters; bounds are inclusive, naive values read in `timeZone`. */
export function timeRangeConditions(filters: TimeRange, start: SQLWrapper, end: SQLWrapper, timeZone: string): SQL[] {
  const at = (v: string) => parseDateTime(v, timeZone)!;
  const conditions: SQL[] = [];
  if (filters.start_time_after) conditions.push(sql`${start} >= ${at(filters.start_time_after)}`);
  if (filters.start_time_before) conditions.push(sql`${start} <= ${at(filters.start_time_before)}`);
  if (filters.end_time_after) conditions.push(sql`${end} >= ${at(filters.end_time_after)}`);
  if (filters.end_time_before) conditions.push(sql`${end} <= ${at(filters.end_time_before)}`);
  if (filters.start_gte) conditions.push(sql`${start} >= ${at(filters.start_gte)}`);
  if (filters.start_lte) conditions.push(sql`${start} <= ${at(filters.start_lte)}`);
  return conditions;
}

const INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices.";

/** A single model id (django-filter ModelChoiceFilter); whether it exists is checked against the database. */
export function idChoiceParam(name: string, description: string) {
  return z
    .unknown()
    .transform((v) => blankToUndefined(lastValue(v)))
    .pipe(
      z
        .string({ error: INVALID_CHOICE })
        .regex(/^\s*\d{1,15}\s*$/, INVALID_CHOICE)
        .transform(Number)
        .optional(),
    )
    .optional()
    .openapi(doc(name, description, "integer"));
}

/** Several model ids, the parameter repeated (ModelMultipleChoiceFilter); values ORed. */
export function idListParam(name: string, description: string) {
  return z
    .unknown()
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat()).filter((x) => !(typeof x === "string" && x.trim() === "")))
    .pipe(
      z
        .array(
          z
            .string()
            .refine((v) => /^\s*\d{1,15}\s*$/.test(v), { error: (issue) => `“${String(issue.input).slice(0, 32)}” is not a valid value.` })
            .transform(Number),
        )
        .max(100, "Ensure this field has no more than 100 values."),
    )
    .openapi(doc(name, description, "integer", true));
}

/** django-filter's message for ids that are not among the choices. */
export const notAChoice = (id: number) => `Select a valid choice. ${id} is not one of the available choices.`;
export const invalidChoice = () => INVALID_CHOICE;
