/**
 * What a shift structure is (ephios: one `BaseShiftStructure` subclass per structure): the
 * configuration it accepts on a write, the signup stats it computes, and the sign-up checks it
 * adds. Each structure is one module of this folder; `index.ts` maps the slugs to them.
 *
 * Stored configurations are opaque JSON, so stats and checks never trust their shape: a value of
 * the wrong type counts as "not configured", and no JSON shape makes them throw.
 */
import type { ParsedConfiguration } from "../api/configuration";

export interface SignupStats {
  requested_count: number;
  confirmed_count: number;
  missing: number;
  free: number | null;
  min_count: number | null;
  max_count: number | null;
}

/** One participation of the shift as the stats need it. Only REQUESTED and CONFIRMED ones matter; pass all, the stats filter. */
export interface StatsParticipation {
  state: number;
  /** raw JSON (preferred_team_uuid, dispatched_team_uuid, preferred_unit_path, dispatched_unit_path …) */
  structureData: Record<string, unknown>;
  /** the participant's qualifications as stored (local: unexpired grants; federated: stored set; placeholder: []) */
  qualificationIds: number[];
}

/** Everything besides the shift's own participations that a structure may need, loaded once per page. */
export interface StatsContext {
  /**
   * Qualification id → ids it DIRECTLY includes (`includes`). Every existing qualification must be
   * a key (with `[]` if it includes nothing): `qualification_mix` treats an id that is not a key as
   * a deleted qualification, which anyone fulfils. The closure is computed here; cycles are fine.
   */
  qualificationIncludes: ReadonlyMap<number, readonly number[]>;
  /** building blocks by id, for `complex` */
  buildingBlocks: ReadonlyMap<number, BuildingBlockForStats>;
}

export interface BuildingBlockForStats {
  id: number;
  uuid: string;
  /** What the sign-up form names its units by (ephios's `display`). */
  name: string;
  blockType: "atomic" | "composite";
  allowMore: boolean;
  positions: { id: number; optional: boolean; qualificationIds: number[] }[];
  qualificationRequirements: { everyone: boolean; atLeast: number; qualificationIds: number[] }[];
  subCompositions: { id: number; subBlockId: number; optional: boolean; label: string }[];
}

/** What a structure's sign-up checks look at, loaded by the caller (the signup feature). */
export interface SignupCheckInput {
  /** The shift's structure configuration as stored. */
  configuration: Record<string, unknown>;
  /** The shift's start (instant), the day ages are counted on. */
  shiftStart: number;
  participant: { dateOfBirth: string | null; qualificationIds: number[] };
  /** The shift's REQUESTED and CONFIRMED participations (the participant's own one included, if positive). */
  positive: StatsParticipation[];
  context: StatsContext;
}

/** A check's input plus the shift's own stats, for "what if" questions on another configuration or set of participations. */
export interface SignupCheck extends SignupCheckInput {
  statsWith: (configuration: Record<string, unknown>, participations: StatsParticipation[]) => SignupStats;
}

/** The preferences a sign-up may carry (named_teams' preferred team, complex's preferred unit). */
export interface Preferences {
  teamUuid?: string;
  unitPath?: string;
}

/**
 * A choice a structure asks participants to make on sign-up: the `structure_data` key (also the
 * field of its errors and of the sign-up form), ephios's label of that field, the value sent, and
 * what may be chosen, each with the name the form shows.
 */
export interface PreferenceChoice {
  key: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
}

export interface ShiftStructure {
  /** The configuration keys, for the API documentation (`key [{item keys}], …`). */
  configurationDoc: string;
  /** A configuration sent on a write: parsed (defaults, generated uuids) with what it refers to, or its errors. */
  parseConfiguration(value: Record<string, unknown>): ParsedConfiguration;
  /**
   * The stats of a shift with this structure (`get_signup_stats`) over its REQUESTED and CONFIRMED
   * participations; null when the structure cannot work with the configuration (the caller then
   * uses the Fallback numbers).
   */
  stats(configuration: Record<string, unknown>, positive: StatsParticipation[], context: StatsContext): SignupStats | null;
  /**
   * Why the participant may not sign up (ephios's structure checkers); empty when they may.
   * `takesPlace`: the sign-up would take a CONFIRMED place (an instant flow, not yet REQUESTED or CONFIRMED).
   */
  signupErrors(check: SignupCheck, takesPlace: boolean): string[];
  /** The choice a sign-up must make, where the configuration asks for one; null where it does not. */
  preferenceChoice?(check: SignupCheck, preferences: Preferences): PreferenceChoice | null;
  /** The most CONFIRMED participants, where a count alone decides whether there is room (checked again in SQL on the write); null: no such count. */
  confirmedMaximum?(configuration: Record<string, unknown>): number | null;
}
