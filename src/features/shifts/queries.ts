import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { outer } from "../../db/sql";
import { events, participations, qualificationIncludes, qualifications, shifts } from "../../db/schema";
import { allBuildingBlocksQuery } from "../buildingblocks/queries";

/** Columns of a shift as the API shows it. */
export const shiftColumns = {
  id: shifts.id,
  label: shifts.label,
  eventId: shifts.eventId,
  eventTitle: sql<string>`${events.title}`.as("event_title"),
  meetingTime: shifts.meetingTime,
  startTime: shifts.startTime,
  endTime: shifts.endTime,
  signupFlowSlug: shifts.signupFlowSlug,
  signupFlowConfiguration: shifts.signupFlowConfiguration,
  structureSlug: shifts.structureSlug,
  structureConfiguration: shifts.structureConfiguration,
};

/** A bound JSON array of ids: one parameter however many ids (D1 allows 100 per statement). */
export const idList = (ids: number[]) => sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;

export function shiftsQuery(db: Database, where: SQL | undefined) {
  return db.select(shiftColumns).from(shifts).innerJoin(events, sql`${events.id} = ${shifts.eventId}`).where(where);
}

/** The shifts of some events, in ephios's shift order (meeting time, start time, id). */
export function shiftsOfEventsQuery(db: Database, eventIds: number[]) {
  return shiftsQuery(db, sql`${shifts.eventId} IN ${idList(eventIds)}`).orderBy(shifts.meetingTime, shifts.startTime, shifts.id);
}

/**
 * What the signup stats of some shifts need, as three statements for one batch: their REQUESTED
 * and CONFIRMED participations with each participant's qualifications (local: unexpired grants;
 * federated: the stored set; placeholder: none), the qualification graph, and the building blocks.
 */
export function statsInputQueries(db: Database, shiftIds: SQL, now: number) {
  const qualificationIds = sql<string | null>`CASE ${outer(participations.kind)}
      WHEN 'local' THEN (SELECT group_concat(g.qualification_id) FROM qualification_grants g
                          WHERE g.user_id = ${outer(participations.userId)} AND (g.expires IS NULL OR g.expires >= ${now}))
      WHEN 'federated' THEN (SELECT group_concat(q.qualification_id) FROM federated_user_qualifications q
                          WHERE q.federated_user_id = ${outer(participations.federatedUserId)})
    END`;
  return [
    db
      .select({ shiftId: participations.shiftId, state: participations.state, structureData: participations.structureData, qualificationIds: qualificationIds.as("qualification_ids") })
      .from(participations)
      .where(sql`${participations.shiftId} IN ${shiftIds} AND ${participations.state} IN (0, 1)`),
    // Every qualification, with its direct inclusions: the stats treat an unknown id as deleted.
    db.select({ qualificationId: qualifications.id, includedId: qualificationIncludes.includedId }).from(qualifications).leftJoin(qualificationIncludes, sql`${qualificationIncludes.qualificationId} = ${qualifications.id}`),
    allBuildingBlocksQuery(db),
  ] as const;
}

export const shiftIdsOfEvents = (eventIds: number[]) => sql`(SELECT id FROM shifts WHERE event_id IN ${idList(eventIds)})`;

