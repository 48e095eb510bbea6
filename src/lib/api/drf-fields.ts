/**
 * Request body fields with Django REST framework's validation messages, so clients of the write
 * API read the texts a DRF serializer would give (`{"title": ["This field may not be blank."]}`).
 * Unknown keys of a body are dropped, as DRF ignores them.
 */
import { z } from "@hono/zod-openapi";
import { parseDateTime } from "../datetime";

/** Python's name of a JSON value's type, as DRF's messages show it. */
export function pythonType(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  switch (typeof value) {
    case "string":
      return "str";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(value) ? "int" : "float";
    default:
      return "dict";
  }
}

/** "required" for an absent key, "may not be null" for null, else the field's own type message. */
export const typeError =
  (message: string | ((input: unknown) => string)) =>
  (issue: { input?: unknown }): string => {
    if (issue.input === undefined) return "This field is required.";
    if (issue.input === null) return "This field may not be null.";
    return typeof message === "string" ? message : message(issue.input);
  };

/** At most this much of a client's value is echoed in a message. */
const echo = (value: unknown) => String(value).slice(0, 50);

/** DRF's CharField: trimmed, at most `max` characters, no NUL characters, not blank unless allowed. */
export function charField(max: number, { allowBlank = false } = {}) {
  const field = z
    .string({ error: typeError("Not a valid string.") })
    .trim()
    .max(max, `Ensure this field has no more than ${max} characters.`)
    .refine((value) => !value.includes("\0"), "Null characters are not allowed.");
  return allowBlank ? field : field.min(1, "This field may not be blank.");
}

export const booleanField = () => z.boolean({ error: typeError("Must be a valid boolean.") });

/** DRF's IntegerField with bounds. */
export const integerField = (min: number, max: number) =>
  z
    .number({ error: typeError("A valid integer is required.") })
    .int("A valid integer is required.")
    .min(min, `Ensure this value is greater than or equal to ${min}.`)
    .max(max, `Ensure this value is less than or equal to ${max}.`);

/** DRF's PrimaryKeyRelatedField, the type part; whether the object exists is the database's to say. */
export const pkField = () =>
  z
    .number({ error: typeError((input) => `Incorrect type. Expected pk value, received ${pythonType(input)}.`) })
    .int({ error: (issue) => `Incorrect type. Expected pk value, received ${pythonType(issue.input)}.` });

/** DRF's message for a well-typed id of no (accessible) object. */
export const pkDoesNotExist = (id: number) => `Invalid pk "${id}" - object does not exist.`;

/** A list of ids (ManyRelatedField), duplicates dropped. */
export const pkListField = (maxItems: number) =>
  z
    .array(pkField(), { error: typeError((input) => `Expected a list of items but got type "${pythonType(input)}".`) })
    .max(maxItems, `Ensure this field has no more than ${maxItems} elements.`)
    .transform((ids) => [...new Set(ids)]);

export const choiceField = <const T extends readonly [string, ...string[]]>(choices: T) =>
  z.enum(choices, { error: typeError((input) => `"${echo(input)}" is not a valid choice.`) });

/** Far longer than any ISO 8601 date or datetime: a longer value is none. */
export const MAX_DATETIME_LENGTH = 64;

const DATETIME_FORMAT_ERROR = "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

/**
 * DRF's DateTimeField input: ISO 8601 with a time; a value without offset is read in the
 * instance's time zone by the handler (`parseDateTime(value, TIME_ZONE)`), as Django's
 * `make_aware` does. The zone is unknown here, so this checks the form only.
 */
export const dateTimeField = () =>
  z
    .string({ error: typeError(DATETIME_FORMAT_ERROR) })
    .max(MAX_DATETIME_LENGTH, { error: DATETIME_FORMAT_ERROR, abort: true })
    .refine((value) => /^\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && parseDateTime(value, "UTC") !== null, DATETIME_FORMAT_ERROR)
    .openapi({ format: "date-time" });

/** A JSON object body; anything else is DRF's "Invalid data" answer. */
export const bodyObject = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape, { error: typeError((input) => `Invalid data. Expected a dictionary, but got ${pythonType(input)}.`) });

/** A JSON object of any keys (DRF's DictField). */
export const dictField = () =>
  z.record(z.string(), z.unknown(), { error: typeError((input) => `Expected a dictionary of items but got type "${pythonType(input)}".`) });
