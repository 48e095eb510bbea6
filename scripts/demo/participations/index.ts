/** The participations of every shift: filled shift by shift, coupled shifts mirroring their leaders. */
import { CONFIRMED, GETTING_DISPATCHED } from "../../../src/db/participation-states";
import type { EventPermissions, PlannedShift } from "../events";
import type { FxParticipation } from "../types";
import { Book } from "./book";
import { type FillContext, ShiftFill } from "./shift-fill";

export function buildParticipations(planned: PlannedShift[], ctx: Omit<FillContext, "book">): FxParticipation[] {
  const book = new Book();
  for (const ps of planned) {
    if (ps.sp.flow.slug === "coupled") continue; // mirrored from the leader below
    if (!ps.plan.active) continue; // drafts have no participations
    new ShiftFill({ ...ctx, book }, ps).run();
  }
  mirrorCoupled(planned, book, ctx.now);
  return book.numbered();
}

/** Coupled shifts get their leader's participations, except those still getting dispatched. */
function mirrorCoupled(planned: PlannedShift[], book: Book, now: number): void {
  for (const { plan, shift, sp } of planned) {
    if (sp.flow.slug !== "coupled" || !plan.active) continue;
    const leader = shift.signup_flow_configuration.leader_shift_id as number;
    const past = sp.end < now;
    for (const lp of book.of(leader)) {
      if (lp.state === GETTING_DISPATCHED) continue;
      const { kind, user, display_name, federated_user } = lp;
      book.add(shift.id, { kind, user, display_name, federated_user }, lp.state, {
        structure_data: {}, finished: past && lp.state === CONFIRMED && lp.finished, comments: [],
      });
    }
  }
}

/** ephios grants participants view_event once they are not getting dispatched. */
export function grantParticipantsView(participations: FxParticipation[], planned: PlannedShift[], permissions: EventPermissions): void {
  const eventOf = new Map(planned.map((p) => [p.shift.id, p.event.id]));
  for (const p of participations) {
    if (p.kind === "local" && p.state !== GETTING_DISPATCHED) permissions.addUser(eventOf.get(p.shift)!, p.user!, "view_event");
  }
}
