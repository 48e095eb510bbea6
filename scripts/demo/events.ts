/** Events and shifts from the plans, and the object permissions that say who sees and plans each event. */
import type { Permission } from "../../src/auth/permissions";
import { GROUP, U } from "./people";
import type { EventPlan, ShiftPlan } from "./plans/model";
import type { Rng } from "./rng";
import { buildShift, type Slot } from "./shifts";
import type { FxEvent, FxEventPermission, FxShift } from "./types";

/** A shift with what it was planned from, as participations.ts needs it. */
export interface PlannedShift {
  plan: EventPlan;
  event: FxEvent;
  shift: FxShift;
  sp: ShiftPlan;
  slots: Slot[];
}

const permissionKey = (p: FxEventPermission) =>
  `${p.event}:${p.group === undefined ? `u${p.user}` : `g${p.group}`}:${p.permission}`;

/** Event permissions without duplicates, listed by event, groups before users, then by id and codename. */
export class EventPermissions {
  private readonly byKey = new Map<string, FxEventPermission>();

  addGroup(event: number, group: number, permission: Permission): void {
    this.add({ event, group, permission });
  }

  addUser(event: number, user: number, permission: Permission): void {
    this.add({ event, user, permission });
  }

  private add(p: FxEventPermission): void {
    if (!this.byKey.has(permissionKey(p))) this.byKey.set(permissionKey(p), p);
  }

  sorted(): FxEventPermission[] {
    const rank = (p: FxEventPermission) => (p.group === undefined ? 1 : 0);
    const holder = (p: FxEventPermission) => p.group ?? p.user!;
    const byCodename = (a: FxEventPermission, b: FxEventPermission) => (a.permission < b.permission ? -1 : a.permission > b.permission ? 1 : 0);
    return [...this.byKey.values()].sort((a, b) => a.event - b.event || rank(a) - rank(b) || holder(a) - holder(b) || byCodename(a, b));
  }
}

/** Who may see an active event (restricted ones: the management and invited planners), and who plans it. */
function grantEventPermissions(plan: EventPlan, event: number, permissions: EventPermissions): void {
  if (plan.active) {
    permissions.addGroup(event, GROUP.VERWALTUNG, "view_event");
    if (plan.restricted) for (const u of [U.PLANNER, U.PLANNER2, U.ZF]) permissions.addUser(event, u, "view_event");
    else permissions.addGroup(event, GROUP.HELFENDE, "view_event");
  }
  for (const u of plan.planners) permissions.addUser(event, u, "change_event");
}

/** Events get ids in plan order, shifts in plan order within their event. */
export function buildEvents(plans: EventPlan[], urng: Rng, permissions: EventPermissions) {
  const events: FxEvent[] = [];
  const planned: PlannedShift[] = [];
  let shiftId = 0;
  plans.forEach((plan, index) => {
    const event: FxEvent = {
      id: index + 1,
      title: plan.title,
      description: plan.description,
      location: plan.location,
      type: plan.type,
      active: plan.active,
    };
    events.push(event);
    const ids = plan.shifts.map(() => ++shiftId);
    plan.shifts.forEach((sp, i) => {
      const { shift, slots } = buildShift(sp, ids[i]!, event.id, ids, urng);
      planned.push({ plan, event, shift, sp, slots });
    });
    grantEventPermissions(plan, event.id, permissions);
  });
  return { events, shifts: planned.map((p) => p.shift), planned };
}
