import { formatDateTime } from "../../lib/datetime";
import { type BuildingBlockRow, toBuildingBlocks } from "../buildingblocks/queries";
import type { ShiftRow, StatsInputRows } from "./queries";
import { type SignupStats, type StatsContext, type StatsParticipation, shiftSignupStats } from "../../lib/structures";

interface StatsParticipationRow {
  shiftId: number;
  state: number;
  structureData: Record<string, unknown>;
  qualificationIds: string | null;
}

type StatsParticipationTuple = [state: number, structureData: Record<string, unknown>, qualificationIds: string | null];

const participationRowsOf = (shiftId: number, tuples: StatsParticipationTuple[]): StatsParticipationRow[] =>
  tuples.map(([state, structureData, qualificationIds]) => ({ shiftId, state, structureData, qualificationIds }));

/** The participations `statsParticipationsJson` gives for one shift, as `statsInputs` reads them. */
export const statsParticipationRows = (shiftId: number, json: string) => participationRowsOf(shiftId, JSON.parse(json) as StatsParticipationTuple[]);

type EventShiftTuple = [
  id: number,
  label: string,
  meetingTime: number,
  startTime: number,
  endTime: number,
  signupFlowSlug: string,
  signupFlowConfiguration: Record<string, unknown>,
  structureSlug: string,
  structureConfiguration: Record<string, unknown>,
  statsParticipations: StatsParticipationTuple[],
];

/**
 * The shifts `eventShiftsJson` gives for one event, in ephios's shift order (meeting time, start
 * time, id), each with its stats participations.
 */
export function eventShiftRows(event: { id: number; title: string }, json: string): { shift: ShiftRow; participations: StatsParticipationRow[] }[] {
  const tuples = JSON.parse(json) as EventShiftTuple[];
  return tuples
    .map(([id, label, meetingTime, startTime, endTime, signupFlowSlug, signupFlowConfiguration, structureSlug, structureConfiguration, participations]) => {
      const times = { meetingTime, startTime, endTime };
      const shift = { id, label, eventId: event.id, eventTitle: event.title, ...times, signupFlowSlug, signupFlowConfiguration, structureSlug, structureConfiguration };
      return { shift, participations: participationRowsOf(id, participations) };
    })
    .sort((a, b) => a.shift.meetingTime - b.shift.meetingTime || a.shift.startTime - b.shift.startTime || a.shift.id - b.shift.id);
}

/** Builds what the stats of a page of shifts need from the rows of `statsInputQueries`. */
export function statsInputs(participations: StatsParticipationRow[], includes: { qualificationId: number; includedId: number | null }[], blocks: BuildingBlockRow[]) {
  const byShift = new Map<number, StatsParticipation[]>();
  for (const row of participations) {
    const list = byShift.get(row.shiftId) ?? [];
    list.push({ state: row.state, structureData: row.structureData, qualificationIds: row.qualificationIds ? row.qualificationIds.split(",").map(Number) : [] });
    byShift.set(row.shiftId, list);
  }
  const qualificationIncludes = new Map<number, number[]>();
  for (const { qualificationId, includedId } of includes) {
    const direct = qualificationIncludes.get(qualificationId) ?? [];
    if (includedId !== null) direct.push(includedId);
    qualificationIncludes.set(qualificationId, direct);
  }
  const context: StatsContext = {
    qualificationIncludes,
    buildingBlocks: new Map(
      blocks.map((b) => [
        b.id,
        {
          id: b.id,
          uuid: b.uuid,
          name: b.name,
          blockType: b.blockType,
          allowMore: b.allowMore,
          positions: b.positions.map((p) => ({ id: p.id, optional: p.optional, qualificationIds: p.qualifications })),
          qualificationRequirements: b.qualificationRequirements.map((r) => ({ everyone: r.everyone, atLeast: r.atLeast, qualificationIds: r.qualifications })),
          subCompositions: b.subCompositions.map((c) => ({ id: c.id, subBlockId: c.subBlockId, optional: c.optional, label: c.label })),
        },
      ]),
    ),
  };
  return {
    context,
    participationsOf: (shiftId: number) => byShift.get(shiftId) ?? [],
    statsOf: (shift: ShiftRow): SignupStats => shiftSignupStats(shift, byShift.get(shift.id) ?? [], context),
  };
}

/** ephios's ShiftSerializer. */
export function shiftJson(shift: ShiftRow, stats: SignupStats, timeZone: string) {
  return {
    id: shift.id,
    label: shift.label,
    event_id: shift.eventId,
    event_title: shift.eventTitle,
    meeting_time: formatDateTime(shift.meetingTime, timeZone),
    start_time: formatDateTime(shift.startTime, timeZone),
    end_time: formatDateTime(shift.endTime, timeZone),
    signup_flow_slug: shift.signupFlowSlug,
    signup_flow_configuration: shift.signupFlowConfiguration,
    structure_slug: shift.structureSlug,
    structure_configuration: shift.structureConfiguration,
    signup_stats: stats,
  };
}

/** Serializes shifts with their signup stats, from the rows `statsInputQueries` loaded for them. */
export function shiftsJsonWithStats(rows: ShiftRow[], [participations, includes, blocks]: StatsInputRows, timeZone: string) {
  const { statsOf } = statsInputs(participations, includes, toBuildingBlocks(blocks));
  return rows.map((row) => {
    // Once per shift: the stats run the structure's matching.
    const stats = statsOf(row);
    return { row, stats, json: shiftJson(row, stats, timeZone) };
  });
}
