/** What several structures share: stats arithmetic, reading stored JSON, configuration fields, check helpers. */
import { z } from "@hono/zod-openapi";
import { CONFIRMED } from "../../db/participation-states";
import { NO_REFERENCES, type ParsedConfiguration, parseConfiguration } from "../api/configuration";
import { integerField, pythonType, typeError } from "../api/drf-fields";
import { ageOn } from "../datetime";
import { QualificationGraph } from "../qualifications/graph";
import type { SignupCheck, SignupStats, StatsParticipation } from "./types";

// ---------------------------------------------------------------------------------------------
// Stats arithmetic (`src/ephios/core/signup/stats.py`)

/** The identity of `addStats`; also what an event without shifts shows. */
export const ZERO_STATS: SignupStats = Object.freeze({
  requested_count: 0,
  confirmed_count: 0,
  missing: 0,
  free: 0,
  min_count: null,
  max_count: 0,
});

/** `SignupStats.__add__`. */
export function addStats(a: SignupStats, b: SignupStats): SignupStats {
  return {
    requested_count: a.requested_count + b.requested_count,
    confirmed_count: a.confirmed_count + b.confirmed_count,
    missing: a.missing + b.missing,
    free: a.free !== null && b.free !== null ? a.free + b.free : null,
    min_count: a.min_count === null && b.min_count === null ? null : (a.min_count ?? 0) + (b.min_count ?? 0),
    max_count: a.max_count !== null && b.max_count !== null ? a.max_count + b.max_count : null,
  };
}

/** `Event.get_signup_stats()`: the shifts' stats added up, starting from ZERO. */
export function foldEventStats(shiftStats: SignupStats[]): SignupStats {
  return shiftStats.reduce(addStats, ZERO_STATS);
}

export const confirmedOf = (participations: StatsParticipation[]) => participations.filter((p) => p.state === CONFIRMED);

export function countStates(participations: StatsParticipation[]): { requested: number; confirmed: number } {
  const confirmed = confirmedOf(participations).length;
  return { requested: participations.length - confirmed, confirmed };
}

/**
 * `BaseShiftStructure.get_signup_stats` (`src/ephios/core/signup/structure/base.py`): a bound
 * counts only when truthy, so 0 and null both mean "none" for missing / free, but are reported raw.
 */
export function boundedStats(requested: number, confirmed: number, min: number | null, max: number | null): SignupStats {
  return {
    requested_count: requested,
    confirmed_count: confirmed,
    missing: min ? Math.max(min - confirmed, 0) : 0,
    free: max ? Math.max(max - confirmed, 0) : null,
    min_count: min,
    max_count: max,
  };
}

/** The catch-all group of the group-based structures: people counted, but filling nothing. */
export function unassignedStats(requested: number, confirmed: number): SignupStats {
  return { ...ZERO_STATS, requested_count: requested, confirmed_count: confirmed };
}

// ---------------------------------------------------------------------------------------------
// Reading stored JSON

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** Python truthiness of a JSON value. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** A configured count: a non-negative safe integer. Anything else (strings, negatives, fractions, garbage) counts as not configured. */
export function countOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

// ---------------------------------------------------------------------------------------------
// Configuration fields of a write

export const LARGE = 1_000_000;
export const MAX_ITEMS = 100;

export const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item, { error: typeError((input) => `Expected a list of items but got type "${pythonType(input)}".`) })
    .min(1, "This list may not be empty.")
    .max(MAX_ITEMS, `Ensure this field has no more than ${MAX_ITEMS} elements.`);

export const minimumAge = integerField(0, 999).nullable().optional();

/** Bounds as the ephios forms enforce them: a maximum, when set, is not below the minimum. */
export const boundsInOrder = (min: number | null | undefined, max: number | null | undefined) => min == null || max == null || max >= min;

export const BOUNDS_OUT_OF_ORDER = "The maximum must not be below the minimum.";

/** A uuid that identifies a team or starting block in participations' structure data; generated when missing or blank. */
export const uuidField = () =>
  z
    .string({ error: "Must be a valid UUID." })
    .trim()
    .refine((value) => value === "" || z.uuid().safeParse(value).success, "Must be a valid UUID.")
    .optional()
    .transform((value) => value || crypto.randomUUID());

export const uniqueUuids = (items: { uuid: string }[], context: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.uuid)) context.addIssue({ code: "custom", path: [index, "uuid"], message: "This uuid is used twice." });
    seen.add(item.uuid);
  });
};

/** A structure's `parseConfiguration`: the schema, and the qualifications (null: none) and building blocks a parsed configuration names. */
export const configurationParser =
  <T extends Record<string, unknown>>(
    schema: z.ZodType<T>,
    refersTo: (data: T) => { qualifications?: (number | null)[]; buildingBlocks?: number[] },
  ) =>
  (value: Record<string, unknown>): ParsedConfiguration =>
    parseConfiguration(schema, value, (data) => {
      const { qualifications = [], buildingBlocks = [] } = refersTo(data);
      return {
        ...NO_REFERENCES,
        qualifications: [...new Set(qualifications.filter((id): id is number => id !== null))],
        buildingBlocks: [...new Set(buildingBlocks)],
      };
    });

// ---------------------------------------------------------------------------------------------
// Sign-up checks

export const NOT_QUALIFIED = "You are not qualified.";
export const MAXIMUM_REACHED = "The maximum number of participants is reached.";

/** The participant's qualifications with everything they include, transitively. */
export function skillsOf(check: SignupCheck): Set<number> {
  return new QualificationGraph(check.context.qualificationIncludes).spreadFrom(check.participant.qualificationIds);
}

export function tooYoung(check: SignupCheck): string[] {
  const minimum = countOrNull(check.configuration.minimum_age);
  const birth = check.participant.dateOfBirth;
  if (minimum === null || birth === null) return [];
  // ephios takes the date of the stored (UTC) start time.
  const onDate = new Date(check.shiftStart).toISOString().slice(0, 10);
  return ageOn(birth, onDate) < minimum ? [`You are too young. The minimum age is ${minimum}.`] : [];
}

/** The participant as one more CONFIRMED participation, for asking the stats "what if". */
export function withParticipant(check: SignupCheck, positive: StatsParticipation[]): StatsParticipation[] {
  return [...positive, { state: CONFIRMED, structureData: {}, qualificationIds: check.participant.qualificationIds }];
}
