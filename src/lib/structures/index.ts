/**
 * The shift structures by slug, and the one place that dispatches on a shift's `structure_slug`.
 * A structure is one module of this folder implementing `ShiftStructure` (types.ts); a slug this
 * instance does not know gets ephios's Fallback structure: the base numbers, no checks.
 */
import { isPositive } from "../../db/participation-states";
import type { ParsedConfiguration } from "../api/configuration";
import type { FieldErrors } from "../errors";
import { complex } from "./complex";
import { ZERO_STATS, addStats, asRecord, boundedStats, countStates, foldEventStats } from "./helpers";
import { namedTeams } from "./named-teams";
import { qualificationMix } from "./qualification-mix";
import type {
  BuildingBlockForStats,
  PreferenceChoice,
  Preferences,
  ShiftStructure,
  SignupCheck,
  SignupCheckInput,
  SignupStats,
  StatsContext,
  StatsParticipation,
} from "./types";
import { uniform } from "./uniform";

export { ZERO_STATS, addStats, foldEventStats };
export type { BuildingBlockForStats, Preferences, SignupCheckInput, SignupStats, StatsContext, StatsParticipation };
export type PreferenceOptions = Omit<PreferenceChoice, "value">;

/** The slugs a shift may name, in ephios's order. */
export const STRUCTURE_SLUGS = ["uniform", "qualification_mix", "named_teams", "complex"] as const;
export type StructureSlug = (typeof STRUCTURE_SLUGS)[number];

const STRUCTURES: Record<StructureSlug, ShiftStructure> = {
  uniform,
  qualification_mix: qualificationMix,
  named_teams: namedTeams,
  complex,
};

export const isStructureSlug = (slug: string): slug is StructureSlug => (STRUCTURE_SLUGS as readonly string[]).includes(slug);

/** The structure of a stored slug; undefined for one this instance does not know. */
const structureOf = (slug: string): ShiftStructure | undefined => (isStructureSlug(slug) ? STRUCTURES[slug] : undefined);

/** The configuration keys of every structure, for the API documentation. */
export const STRUCTURE_CONFIGURATION_DOC = `${STRUCTURE_SLUGS.map((slug) => `${slug}: ${STRUCTURES[slug].configurationDoc}`).join("; ")}. Missing uuids are generated.`;

/** A structure configuration sent on a write, checked against its slug's schema. */
export function parseStructureConfiguration(slug: StructureSlug, value: Record<string, unknown>): ParsedConfiguration {
  return STRUCTURES[slug].parseConfiguration(value);
}

/** Fallback (`src/ephios/core/signup/fallback.py`): the base formula without bounds. */
function fallbackStats(positive: StatsParticipation[]): SignupStats {
  const { requested, confirmed } = countStates(positive);
  return boundedStats(requested, confirmed, null, null);
}

/**
 * `Shift.get_signup_stats()`: the numbers of the shift's structure, or of the Fallback structure
 * for an unknown slug or a configuration the structure cannot use. `requested_count` and
 * `confirmed_count` are always the shift's totals. Pure: the caller loads everything (once per
 * page) and passes it in.
 */
export function shiftSignupStats(
  shift: { structureSlug: string; structureConfiguration: Record<string, unknown> },
  participations: StatsParticipation[],
  context: StatsContext,
): SignupStats {
  const positive = participations.filter((p) => isPositive(p.state));
  const stats = structureOf(shift.structureSlug)?.stats(asRecord(shift.structureConfiguration), positive, context);
  return stats ?? fallbackStats(positive);
}

/** A check's input with the shift's own stats code, which answers its "what if" questions. */
function signupCheck(slug: string, input: SignupCheckInput): SignupCheck {
  return {
    ...input,
    statsWith: (structureConfiguration, participations) => shiftSignupStats({ structureSlug: slug, structureConfiguration }, participations, input.context),
  };
}

/** Why the structure refuses the participant's sign-up (ephios's structure checkers); empty when it does not. See `ShiftStructure.signupErrors`. */
export function structureSignupErrors(slug: string, input: SignupCheckInput, takesPlace: boolean): string[] {
  return structureOf(slug)?.signupErrors(signupCheck(slug, input), takesPlace) ?? [];
}

const choiceError = (value: string) => `Select a valid choice. ${value.slice(0, 64)} is not one of the available choices.`;

/**
 * The `structure_data` a sign-up stores: the preferred team or unit, required where the structure
 * asks participants to choose one (`choose_preferred_team` / `choose_preferred_unit`) and one of
 * those they qualify for; else a field error. Ignored where the structure does not ask.
 */
export function preferenceData(slug: string, input: SignupCheckInput, preferences: Preferences): { data: Record<string, string> } | { errors: FieldErrors } {
  const choice = structureOf(slug)?.preferenceChoice?.(signupCheck(slug, input), preferences);
  if (!choice) return { data: {} };
  const { key, value, options } = choice;
  if (value === undefined) return { errors: { [key]: ["This field is required."] } };
  if (!options.some((option) => option.value === value)) return { errors: { [key]: [choiceError(value)] } };
  return { data: { [key]: value } };
}

/** What a sign-up form offers to choose (the field, its label, the options `preferenceData` accepts), where the structure asks; else null. */
export function preferenceOptions(slug: string, input: SignupCheckInput): PreferenceOptions | null {
  const choice = structureOf(slug)?.preferenceChoice?.(signupCheck(slug, input), {});
  return choice ? { key: choice.key, label: choice.label, options: choice.options } : null;
}

/** The most CONFIRMED participants of a shift, where its structure counts them alone (the sign-up's SQL guard counts against it); else null. */
export function confirmedMaximum(slug: string, configuration: Record<string, unknown>): number | null {
  return structureOf(slug)?.confirmedMaximum?.(configuration) ?? null;
}
