/**
 * A shift write as a whole: the body's fields over the stored shift (or the defaults of a new
 * one), checked together — times in order, known slugs, configurations that fit them and refer to
 * existing objects — as ephios's shift form does. Every problem is reported at once, keyed by field.
 */
import type { Database } from "../../db/client";
import type { ConfigurationReferences, ParsedConfiguration } from "../../lib/api/configuration";
import { parseDateTime } from "../../lib/datetime";
import { type FieldErrors, validationError } from "../../lib/errors";
import { isStructureSlug, parseStructureConfiguration } from "../../lib/structures";
import { SIGNUP_FLOW_SLUGS, type SignupFlowSlug, parseSignupFlowConfiguration } from "./configuration";
import { type ShiftValues, configurationReferencesQueries, followersQuery } from "./queries";
import type { ShiftChanges } from "./schemas";

const isFlow = (slug: string): slug is SignupFlowSlug => (SIGNUP_FLOW_SLUGS as readonly string[]).includes(slug);

/**
 * Validates `changes` over `stored` (for a new shift: the event and the defaults) and returns what
 * to write. A configuration is checked when it or its slug changes; one that merely stays as it
 * was stored is left alone. `shiftId` is the shift being changed (null for a new one).
 */
export async function validatedShift(
  db: Database,
  timeZone: string,
  shiftId: number | null,
  stored: ShiftValues | null,
  changes: ShiftChanges & { eventId: number },
): Promise<ShiftValues> {
  const errors: FieldErrors = {};
  const add = (field: string, ...messages: string[]) => (errors[field] ??= []).push(...messages);

  // Times: parsed in the instance's zone (the schema has checked their form).
  const at = (value: string | undefined) => (value === undefined ? undefined : parseDateTime(value, timeZone)!);
  const startTime = at(changes.start_time) ?? stored?.startTime;
  const endTime = at(changes.end_time) ?? stored?.endTime;
  const meetingTime = at(changes.meeting_time) ?? stored?.meetingTime ?? startTime;
  if (startTime === undefined || endTime === undefined || meetingTime === undefined) throw new Error("a new shift without start or end time passed the schema");
  if (meetingTime > startTime) add("meeting_time", "The meeting time must not be after the start time.");
  if (endTime <= startTime) add("end_time", "The end time must be after the start time.");

  /** A changed configuration, parsed for its (stored or new) slug; null when unchanged or invalid. */
  const configuration = <S extends string>(
    fields: { slug: string; configuration: string },
    isKnown: (slug: string) => slug is S,
    parse: (slug: S, value: Record<string, unknown>) => ParsedConfiguration,
    slug: string,
    value: Record<string, unknown>,
  ) => {
    // Only a stored slug can be unknown here (one from the body is a checked choice).
    if (!isKnown(slug)) {
      add(fields.slug, `The stored "${slug.slice(0, 50)}" is not a valid choice; set a known one with its configuration.`);
      return null;
    }
    const parsed = parse(slug, value);
    if (parsed.ok) return parsed;
    add(fields.configuration, ...parsed.errors);
    return null;
  };

  const signupFlowSlug = changes.signup_flow_slug ?? stored!.signupFlowSlug;
  const structureSlug = changes.structure_slug ?? stored!.structureSlug;
  const flowChanged = changes.signup_flow_slug !== undefined || changes.signup_flow_configuration !== undefined;
  const structureChanged = changes.structure_slug !== undefined || changes.structure_configuration !== undefined;
  const flow = flowChanged
    ? configuration({ slug: "signup_flow_slug", configuration: "signup_flow_configuration" }, isFlow, parseSignupFlowConfiguration, signupFlowSlug, changes.signup_flow_configuration ?? stored!.signupFlowConfiguration)
    : null;
  const structure = structureChanged
    ? configuration({ slug: "structure_slug", configuration: "structure_configuration" }, isStructureSlug, parseStructureConfiguration, structureSlug, changes.structure_configuration ?? stored!.structureConfiguration)
    : null;
  if (Object.keys(errors).length) throw validationError(errors);

  await requireReferences(db, shiftId, changes.eventId, flow?.references ?? null, structure?.references ?? null, add);
  if (Object.keys(errors).length) throw validationError(errors);

  return {
    eventId: changes.eventId,
    label: changes.label ?? stored?.label ?? "",
    meetingTime,
    startTime,
    endTime,
    // A changed configuration is stored as parsed (with generated uuids and defaults).
    signupFlowSlug,
    signupFlowConfiguration: flow?.value ?? stored!.signupFlowConfiguration,
    structureSlug,
    structureConfiguration: structure?.value ?? stored!.structureConfiguration,
  };
}

/**
 * What a PATCH with `changes` writes: the columns of the fields sent (a new slug also writes its
 * configuration, parsed again for it), so a concurrent change of another field survives. And
 * whether the checks above combined the sent values with stored ones the write leaves alone (a
 * new start time with the stored end, a configuration with the stored slug): then the write must
 * only happen while the shift is still as validated.
 */
export function writtenColumns(changes: ShiftChanges): { columns: (keyof ShiftValues)[]; readsStored: boolean } {
  const columns: (keyof ShiftValues)[] = [];
  if (changes.label !== undefined) columns.push("label");
  const times = [
    [changes.meeting_time, "meetingTime"],
    [changes.start_time, "startTime"],
    [changes.end_time, "endTime"],
  ] as const;
  for (const [value, column] of times) if (value !== undefined) columns.push(column);
  const timesSent = times.filter(([value]) => value !== undefined).length;
  let readsStored = timesSent > 0 && timesSent < times.length;
  const configured = [
    [changes.signup_flow_slug, changes.signup_flow_configuration, "signupFlowSlug", "signupFlowConfiguration"],
    [changes.structure_slug, changes.structure_configuration, "structureSlug", "structureConfiguration"],
  ] as const;
  for (const [slug, configuration, slugColumn, configurationColumn] of configured) {
    if (slug !== undefined) columns.push(slugColumn);
    if (slug !== undefined || configuration !== undefined) columns.push(configurationColumn);
    if ((slug === undefined) !== (configuration === undefined)) readsStored = true;
  }
  return { columns, readsStored };
}

/** The referenced qualifications and building blocks exist; a coupled flow's leader is another, uncoupled shift of the same event, and this shift leads no other. */
async function requireReferences(
  db: Database,
  shiftId: number | null,
  eventId: number,
  flow: ConfigurationReferences | null,
  structure: ConfigurationReferences | null,
  add: (field: string, ...messages: string[]) => void,
) {
  const wanted: ConfigurationReferences = {
    qualifications: structure?.qualifications ?? [],
    buildingBlocks: structure?.buildingBlocks ?? [],
    leaderShift: flow?.leaderShift ?? null,
  };
  if (!wanted.qualifications.length && !wanted.buildingBlocks.length && wanted.leaderShift === null) return;
  const [qualifications, blocks, [leader], followers] = await db.batch([...configurationReferencesQueries(db, wanted), followersQuery(db, shiftId ?? 0)]);
  const unknown = (ids: number[], found: { id: number }[]) => ids.filter((id) => !found.some((row) => row.id === id));
  for (const id of unknown(wanted.qualifications, qualifications)) add("structure_configuration", `Unknown qualification id ${id}.`);
  for (const id of unknown(wanted.buildingBlocks, blocks)) add("structure_configuration", `Unknown building block id ${id}.`);
  if (wanted.leaderShift !== null) {
    if (!leader || leader.id === shiftId || leader.eventId !== eventId || leader.signupFlowSlug === "coupled") {
      add("signup_flow_configuration", "leader_shift_id: Must be another shift of the same event whose signup flow is not coupled.");
    } else if (followers.length) {
      add("signup_flow_configuration", "This shift leads coupled shifts, so it cannot be coupled itself.");
    }
  }
}
