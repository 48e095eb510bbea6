/**
 * The signup flows and shift structures a shift may name, and the configuration each accepts on a
 * write. Stored configurations stay opaque JSON (reads never trust their
 * shape); these schemas only keep new ones well-formed. Keys a flow or structure does not know
 * are refused, so a typo is not silently stored as "not configured".
 */
import { z } from "@hono/zod-openapi";
import { booleanField, charField, dateTimeField, integerField, pkField, pkListField, pythonType, typeError } from "../../lib/api/drf-fields";

export const SIGNUP_FLOW_SLUGS = ["instant_confirmation", "request_confirm", "manual", "coupled"] as const;
export const STRUCTURE_SLUGS = ["uniform", "qualification_mix", "named_teams", "complex"] as const;

export type SignupFlowSlug = (typeof SIGNUP_FLOW_SLUGS)[number];
export type StructureSlug = (typeof STRUCTURE_SLUGS)[number];

/** What a configuration refers to; the caller checks these exist. */
export interface ConfigurationReferences {
  qualifications: number[];
  buildingBlocks: number[];
  leaderShift: number | null;
}

const NO_REFERENCES: ConfigurationReferences = { qualifications: [], buildingBlocks: [], leaderShift: null };

const LARGE = 1_000_000;
const MAX_ITEMS = 100;

const config = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown key${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.` : undefined),
  });

const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item, { error: typeError((input) => `Expected a list of items but got type "${pythonType(input)}".`) })
    .min(1, "This list may not be empty.")
    .max(MAX_ITEMS, `Ensure this field has no more than ${MAX_ITEMS} elements.`);

const minimumAge = integerField(0, 999).nullable().optional();

/** Bounds as the ephios forms enforce them: a maximum, when set, is not below the minimum. */
const boundsInOrder = (min: number | null | undefined, max: number | null | undefined) => min == null || max == null || max >= min;

/** A uuid that identifies a team or starting block in participations' structure data; generated when missing or blank. */
const uuidField = () =>
  z
    .string({ error: "Must be a valid UUID." })
    .trim()
    .refine((value) => value === "" || z.uuid().safeParse(value).success, "Must be a valid UUID.")
    .optional()
    .transform((value) => value || crypto.randomUUID());

const uniqueUuids = (items: { uuid: string }[], context: z.RefinementCtx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.uuid)) context.addIssue({ code: "custom", path: [index, "uuid"], message: "This uuid is used twice." });
    seen.add(item.uuid);
  });
};

const selfServiceFlow = config({
  signup_until: dateTimeField().nullable().optional(),
  user_can_decline_confirmed: booleanField().optional(),
  user_can_customize_signup_times: booleanField().optional(),
});

const signupFlows = {
  instant_confirmation: selfServiceFlow,
  request_confirm: selfServiceFlow,
  manual: config({ no_selfservice_explanation: charField(1000, { allowBlank: true }).optional() }),
  coupled: config({ leader_shift_id: pkField() }),
} satisfies Record<SignupFlowSlug, z.ZodType>;

const structures = {
  uniform: config({
    minimum_number_of_participants: integerField(0, LARGE).nullable().optional(),
    maximum_number_of_participants: integerField(1, LARGE).nullable().optional(),
    required_qualification_ids: pkListField(MAX_ITEMS).optional(),
    minimum_age: minimumAge,
  }).refine((c) => boundsInOrder(c.minimum_number_of_participants, c.maximum_number_of_participants), {
    path: ["maximum_number_of_participants"],
    message: "The maximum must not be below the minimum.",
  }),
  qualification_mix: config({
    qualification_requirements: list(
      config({
        qualification: pkField().nullable().optional().default(null),
        min_count: integerField(0, LARGE),
        max_count: integerField(1, LARGE).nullable().optional().default(null),
      }).refine((r) => boundsInOrder(r.min_count, r.max_count), { path: ["max_count"], message: "The maximum must not be below the minimum." }),
    ),
    minimum_age: minimumAge,
  }),
  named_teams: config({
    teams: list(
      config({
        title: charField(254),
        uuid: uuidField(),
        qualification: pkField().nullable().optional().default(null),
        min_count: integerField(0, LARGE),
        max_count: integerField(1, LARGE).nullable().optional().default(null),
      }).refine((t) => boundsInOrder(t.min_count, t.max_count), { path: ["max_count"], message: "The maximum must not be below the minimum." }),
    ).superRefine(uniqueUuids),
    choose_preferred_team: booleanField().optional(),
    minimum_age: minimumAge,
  }),
  complex: config({
    starting_blocks: list(
      config({
        building_block: pkField(),
        label: charField(254, { allowBlank: true }).optional().default(""),
        optional: booleanField().optional().default(false),
        uuid: uuidField(),
      }),
    ).superRefine(uniqueUuids),
    choose_preferred_unit: booleanField().optional(),
    minimum_age: minimumAge,
  }),
} satisfies Record<StructureSlug, z.ZodType>;

export type ParsedConfiguration = { ok: true; value: Record<string, unknown>; references: ConfigurationReferences } | { ok: false; errors: string[] };

/** Zod's issues as messages naming the key inside the configuration (`teams.0.min_count: …`). */
function messages(error: z.ZodError): string[] {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
}

export function parseSignupFlowConfiguration(slug: SignupFlowSlug, value: Record<string, unknown>): ParsedConfiguration {
  const result = signupFlows[slug].safeParse(value);
  if (!result.success) return { ok: false, errors: messages(result.error) };
  const leader = "leader_shift_id" in result.data ? result.data.leader_shift_id : null;
  return { ok: true, value: result.data, references: { ...NO_REFERENCES, leaderShift: leader } };
}

export function parseStructureConfiguration(slug: StructureSlug, value: Record<string, unknown>): ParsedConfiguration {
  const result = structures[slug].safeParse(value);
  if (!result.success) return { ok: false, errors: messages(result.error) };
  const data = result.data;
  const qualifications =
    "required_qualification_ids" in data
      ? (data.required_qualification_ids ?? [])
      : "qualification_requirements" in data
        ? data.qualification_requirements.map((r) => r.qualification)
        : "teams" in data
          ? data.teams.map((t) => t.qualification)
          : [];
  const buildingBlocks = "starting_blocks" in data ? data.starting_blocks.map((b) => b.building_block) : [];
  return {
    ok: true,
    value: data,
    references: { ...NO_REFERENCES, qualifications: [...new Set(qualifications.filter((id): id is number => id !== null))], buildingBlocks: [...new Set(buildingBlocks)] },
  };
}
