import { eq, sql } from "drizzle-orm";
import type { AuthUser } from "../../auth/principal";
import { eventHasPermission, participationViewableBy } from "../../auth/visibility";
import type { Database } from "../../db/client";
import { type RowVersion, runGuarded } from "../../db/guard";
import { eventTypes, events, participations, shifts } from "../../db/schema";
import { mirrorToCoupledShifts } from "../signup/queries";

/**
 * A participation a responsible wants to change, if `user` may see it (viewable_by), with whether
 * they may change its event (change_event, object or global).
 */
export async function responsibleTarget(db: Database, user: AuthUser, id: number) {
  const [row] = await db
    .select({
      id: participations.id,
      shiftId: participations.shiftId,
      kind: participations.kind,
      userId: participations.userId,
      federatedUserId: participations.federatedUserId,
      state: participations.state,
      individualStartTime: participations.individualStartTime,
      individualEndTime: participations.individualEndTime,
      canChange: sql<number>`${eventHasPermission(user, "change_event", { acceptGlobal: true })}`.as("can_change"),
    })
    .from(participations)
    .innerJoin(shifts, eq(shifts.id, participations.shiftId))
    .innerJoin(events, eq(events.id, shifts.eventId))
    .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
    .where(sql`${participations.id} = ${id} AND ${participationViewableBy(user)}`);
  return row ? { ...row, canChange: Boolean(row.canChange) } : null;
}

export type ResponsibleTarget = NonNullable<Awaited<ReturnType<typeof responsibleTarget>>>;

/**
 * Writes a responsible's change, and mirrors a new state to coupled shifts, in one transaction;
 * only if the row is still as read (false otherwise, nothing written). With a `precondition`
 * (`If-Match`), only while the participation is still at the version read, else 412.
 */
export async function updateByResponsible(
  db: Database,
  target: ResponsibleTarget,
  change: { state: number; start: number | null; end: number | null },
  precondition: RowVersion | null,
): Promise<boolean> {
  const [updated] = await runGuarded(db, precondition, [
    sql`UPDATE participations SET state = ${change.state}, individual_start_time = ${change.start}, individual_end_time = ${change.end}
      WHERE id = ${target.id} AND state = ${target.state}
        AND individual_start_time IS ${target.individualStartTime} AND individual_end_time IS ${target.individualEndTime} RETURNING id`,
    ...(change.state !== target.state ? mirrorToCoupledShifts(target.shiftId, { participationId: target.id }, change.state) : []),
  ]);
  // Not meta.changes: D1 counts the rows the version trigger updates too.
  return updated.results.length === 1;
}
