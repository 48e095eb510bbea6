import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { z } from "@hono/zod-openapi";
import { parseDateTime } from "../datetime";
import { pythonInt } from "../python";

/** A repeated single-valued parameter: Django's QueryDict takes the last value. */
const lastValue = (v: unknown) => (Array.isArray(v) ? v.at(-1) : v);
/** django-filter skips a filter whose value is empty; a blank one (" ") is a value, and checked. */
const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

/** Django's ProhibitNullCharactersValidator, run by the model choice fields before the lookup. */
const NULL_CHARACTERS = "Null characters are not allowed.";

const doc = (name: string, description: string, type: "string" | "integer" = "string", array = false) =>
  array
    ? { param: { name, in: "query" as const, style: "form" as const, explode: true }, type: "array" as const, items: { type }, description }
    : { param: { name, in: "query" as const }, type, description };

const INVALID_DATETIME = "Enter a valid date/time.";

/**
 * An ISO datetime (django-filter's IsoDateTimeField). `field` is the form field the parameter
 * belongs to, which keys its error: `start_time` for the range's `start_time_after` and
 * `start_time_before` (django-filter's widget suffixes), listed once for both.
 */
function dateTimeParam(name: string, description: string, field = name) {
  return z
    .unknown()
    .transform((v) => emptyToUndefined(lastValue(v)))
    .pipe(
      z
        .string({ error: INVALID_DATETIME })
        .refine((v) => v.length <= 64 && parseDateTime(v, "UTC") !== null, { error: INVALID_DATETIME, params: { field } })
        .optional(),
    )
    .optional()
    .openapi(doc(name, description));
}

/** django-filter's IsoDateTimeFromToRangeFilter pair, plus ephios's deprecated aliases. */
export const timeRangeQuery = {
  start_time_after: dateTimeParam("start_time_after", "Start at or after this ISO 8601 datetime (naive values in the instance's time zone; encode + as %2B).", "start_time"),
  start_time_before: dateTimeParam("start_time_before", "Start at or before this datetime.", "start_time"),
  end_time_after: dateTimeParam("end_time_after", "End at or after this datetime.", "end_time"),
  end_time_before: dateTimeParam("end_time_before", "End at or before this datetime.", "end_time"),
  start_gte: dateTimeParam("start_gte", "Deprecated alias of start_time_after."),
  start_lte: dateTimeParam("start_lte", "Deprecated alias of start_time_before."),
};

export type TimeRange = { [K in keyof typeof timeRangeQuery]?: string };

/** Whether any of the time filters is set. */
export const hasTimeRange = (filters: TimeRange) => Object.keys(timeRangeQuery).some((name) => filters[name as keyof TimeRange] !== undefined);

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

/** An id no row has (ids start at 1): where a value parses as Python's int but cannot be one. */
const NO_ID = 0;

/**
 * A single model id (django-filter ModelChoiceFilter): Django looks the value up as `pk=int(value)`,
 * so anything Python's int() takes counts (" 2 ", "+2"); whether it exists is checked against the
 * database.
 */
export function idChoiceParam(name: string, description: string) {
  return z
    .unknown()
    .transform((v) => emptyToUndefined(lastValue(v)))
    .pipe(
      z
        .string({ error: INVALID_CHOICE })
        .refine((v) => !v.includes("\0"), { error: NULL_CHARACTERS, abort: true })
        .refine((v) => pythonInt(v) !== null, INVALID_CHOICE)
        .transform((v) => {
          const id = pythonInt(v)!;
          return id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : NO_ID;
        })
        .optional(),
    )
    .optional()
    .openapi(doc(name, description, "integer"));
}

/** Django's message for a value that is not an int at all. */
const notAValue = (value: string) => `“${value.slice(0, 32)}” is not a valid value.`;

/**
 * Several model ids, the parameter repeated (ModelMultipleChoiceFilter); values ORed. As Django's
 * ModelMultipleChoiceField, every value counts, an empty one too, and one message is reported:
 * a NUL, then a value Python's int() refuses, then a value that is not an id as written (" 2",
 * "02": Django compares the text with the ids found).
 */
export function idListParam(name: string, description: string) {
  return z
    .unknown()
    .optional()
    .transform((v) => (v === undefined ? [] : [v].flat().map(String)))
    .pipe(
      z
        .array(z.string())
        .max(100, { error: "Ensure this field has no more than 100 values.", abort: true })
        .superRefine((values, context) => {
          const fail = (message: string) => context.addIssue({ code: "custom", message, input: values });
          if (values.some((v) => v.includes("\0"))) return fail(NULL_CHARACTERS);
          const notInt = values.find((v) => pythonInt(v) === null);
          if (notInt !== undefined) return fail(notAValue(notInt));
          const notId = values.find((v) => !/^[1-9][0-9]{0,14}$/.test(v));
          if (notId !== undefined) fail(notAChoice(notId.slice(0, 32)));
        })
        .transform((values) => values.map(Number)),
    )
    .openapi(doc(name, description, "integer", true));
}

/** django-filter's message for ids that are not among the choices. */
export const notAChoice = (id: number | string) => `Select a valid choice. ${id} is not one of the available choices.`;
export const invalidChoice = () => INVALID_CHOICE;
