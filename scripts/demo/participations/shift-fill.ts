/**
 * Who signs up for one (non-coupled) shift of an active event, in what state, with which comments.
 * Every choice draws from the "participations" stream in a fixed order; reordering the draws
 * changes fixtures/demo.json.
 */
import {
  CONFIRMED, GETTING_DISPATCHED, REQUESTED, RESPONSIBLE_REJECTED, USER_DECLINED, isPositive,
} from "../../../src/db/participation-states";
import { ET } from "../event-types";
import type { PlannedShift } from "../events";
import { PEOPLE, PLACEHOLDER_NAMES, U } from "../people";
import { withIncluded } from "../qualifications";
import type { Rng } from "../rng";
import type { Slot } from "../shifts";
import { DAY, HOUR, MIN, atTime, fmtNaive, startOfDay } from "../time";
import type { FxComment, FxFederatedUser } from "../types";
import type { Roster } from "../users";
import { type Book, type Details, type Who, federated, local, placeholder } from "./book";
import * as notes from "./notes";

export interface FillContext {
  prng: Rng;
  /** The wall time the demo pretends it is: before it lies the past, after it the future. */
  now: number;
  roster: Roster;
  federatedUsers: FxFederatedUser[];
  /** Ids of the events shared with the federated guest. */
  shared: Set<number>;
  book: Book;
}

const activeUserIds = PEOPLE.filter((p) => (p.isActive ?? true) && (p.isVisible ?? true)).map((p) => p.id);

export class ShiftFill {
  private readonly prng: Rng;
  private readonly past: boolean;
  private readonly pool: number[];
  private readonly used = new Set<number>();

  constructor(
    private readonly ctx: FillContext,
    private readonly ps: PlannedShift,
  ) {
    this.prng = ctx.prng;
    this.past = ps.sp.end < ctx.now;
    this.pool = this.candidates();
  }

  run(): void {
    this.fillSlots();
    this.externalHelper();
    this.federatedSignups();
    this.declined();
  }

  /** Who may be picked, shuffled: the management for restricted events; the manager only for service evenings. */
  private candidates(): number[] {
    const { plan, sp } = this.ps;
    let pool: number[];
    if (plan.restricted) pool = [U.MANAGER, U.PLANNER, U.PLANNER2, U.ZF];
    else if (this.past) pool = PEOPLE.filter((p) => p.id !== U.MANAGER || plan.type !== ET.SAN).map((p) => p.id);
    else pool = activeUserIds.filter((id) => id !== U.MANAGER || plan.type === ET.DIENSTABEND);
    const minAge = sp.structure.minAge;
    return this.prng.shuffle(pool).filter((id) => {
      if (minAge === null) return true;
      const age = this.ctx.roster.ageAt(id, sp.start);
      return age === null || age >= minAge;
    });
  }

  /** The share of places filled: most in the past, fewer the further ahead. */
  private fillRate(): number {
    const daysAhead = (this.ps.sp.start - this.ctx.now) / DAY;
    return this.past ? 0.9 : daysAhead < 14 ? 0.75 : daysAhead < 60 ? 0.5 : 0.2;
  }

  private add(who: Who, state: number, details: Details): void {
    this.ctx.book.add(this.ps.shift.id, who, state, details);
  }

  /** Slots with qualified local users; where nobody qualified is left, sometimes an external helper. */
  private fillSlots(): void {
    const fill = this.fillRate();
    for (const slot of this.ps.slots) {
      if (!this.prng.chance(slot.required ? fill : fill * 0.6)) continue;
      const candidate = this.pool.find((id) => {
        if (this.used.has(id)) return false;
        const q = this.ctx.roster.qualificationsAt(id, this.ps.sp.start);
        return slot.quals.every((x) => q.has(x));
      });
      if (candidate === undefined) {
        this.bookedExternal(slot);
        continue;
      }
      this.used.add(candidate);
      const state = this.pickState();
      const times = this.individualTimes(state);
      this.add(local(candidate), state, {
        structure_data: slot.data(state), times, finished: this.finished(state), comments: this.comments("local", state),
      });
    }
  }

  /** Nobody qualified left: on medical services a responsible sometimes books an external helper. */
  private bookedExternal(slot: Slot): void {
    if (this.ps.plan.type !== ET.SAN || !this.prng.chance(0.35)) return;
    const state = this.past ? CONFIRMED : this.prng.pick([CONFIRMED, GETTING_DISPATCHED] as const);
    const taken = this.ctx.book.of(this.ps.shift.id);
    const name = PLACEHOLDER_NAMES.find((n) => !taken.some((p) => p.display_name === n));
    if (!name) return;
    this.add(placeholder(name), state, {
      structure_data: slot.data(state), finished: this.finished(state), comments: this.comments("placeholder", state),
    });
  }

  /** An occasional external helper on medical services, outside the structure's places. */
  private externalHelper(): void {
    if (this.ps.plan.type !== ET.SAN || !this.prng.chance(0.15)) return;
    const taken = new Set(this.ctx.book.of(this.ps.shift.id).map((p) => p.display_name));
    const name = PLACEHOLDER_NAMES.find((n) => !taken.has(n) && this.prng.chance(0.5));
    if (!name) return;
    const state = this.past ? CONFIRMED : this.prng.weighted([[CONFIRMED, 2], [GETTING_DISPATCHED, 1]] as const);
    this.add(placeholder(name), state, {
      structure_data: {}, finished: this.finished(state), comments: this.comments("placeholder", state),
    });
  }

  /** Members of the federated guest request places in shared events, where they are qualified for one. */
  private federatedSignups(): void {
    if (!this.ctx.shared.has(this.ps.event.id) || this.ps.sp.flow.slug !== "request_confirm") return;
    for (const fu of this.ctx.federatedUsers) {
      if (!this.prng.chance(0.7)) continue;
      const fq = withIncluded(fu.qualifications);
      const slot = this.ps.slots.find((s) => s.quals.every((x) => fq.has(x)));
      if (!slot) continue;
      const state = this.prng.weighted([[REQUESTED, 1], [CONFIRMED, 1]] as const);
      this.add(federated(fu.id), state, {
        structure_data: slot.data(state), finished: false,
        comments: this.prng.chance(0.5) ? [this.comment(notes.FEDERATED_NOTE, 2, null)] : [],
      });
    }
  }

  /** Some extra people who declined or were turned down. */
  private declined(): void {
    const flow = this.ps.sp.flow.slug;
    if (this.ps.plan.restricted || (flow !== "instant_confirmation" && flow !== "request_confirm") || !this.prng.chance(0.3)) return;
    const candidate = this.pool.find((id) => !this.used.has(id));
    if (candidate === undefined) return;
    this.used.add(candidate);
    const state = flow === "request_confirm" && this.prng.chance(0.4) ? RESPONSIBLE_REJECTED : USER_DECLINED;
    this.add(local(candidate), state, {
      structure_data: {}, finished: false,
      comments: state === USER_DECLINED && this.prng.chance(0.4) ? [this.comment(notes.DECLINE_NOTE, 1, null)] : [],
    });
  }

  private pickState(): number {
    const flow = this.ps.sp.flow.slug;
    if (this.past) {
      if (flow === "manual") return CONFIRMED;
      if (flow === "instant_confirmation") return this.prng.weighted([[CONFIRMED, 9], [USER_DECLINED, 1]] as const);
      return this.prng.weighted([[CONFIRMED, 80], [USER_DECLINED, 8], [RESPONSIBLE_REJECTED, 7], [REQUESTED, 5]] as const);
    }
    if (flow === "manual") return this.prng.weighted([[CONFIRMED, 65], [GETTING_DISPATCHED, 35]] as const);
    if (flow === "instant_confirmation") return this.prng.weighted([[CONFIRMED, 85], [USER_DECLINED, 15]] as const);
    return this.prng.weighted([
      [REQUESTED, 35], [CONFIRMED, 40], [USER_DECLINED, 8], [RESPONSIBLE_REJECTED, 7], [GETTING_DISPATCHED, 10],
    ] as const);
  }

  /** Where the flow lets participants customize their times, a few in long shifts come later or leave earlier. */
  private individualTimes(state: number): [string | null, string | null] {
    const { sp } = this.ps;
    const customizable = (sp.flow.slug === "instant_confirmation" || sp.flow.slug === "request_confirm") && sp.flow.customize;
    if (!customizable || !isPositive(state) || sp.end - sp.start < 4 * HOUR || !this.prng.chance(0.15)) return [null, null];
    if (this.prng.chance(0.5)) return [fmtNaive(sp.start + this.prng.pick([60, 90, 120]) * MIN), null];
    return [null, fmtNaive(sp.end - this.prng.pick([60, 90]) * MIN)];
  }

  private finished(state: number): boolean {
    return this.past && state === CONFIRMED && this.ps.sp.end < this.ctx.now - 2 * DAY && this.prng.chance(0.9);
  }

  private comments(kind: "local" | "placeholder", state: number): FxComment[] {
    const responsible = this.ps.plan.planners[0]!;
    const out: FxComment[] = [];
    if (kind === "placeholder") {
      if (this.prng.chance(0.5)) out.push(this.comment(this.prng.pick(notes.PLACEHOLDER_NOTES), 0, responsible));
      return out;
    }
    if (this.prng.chance(0.12)) out.push(this.comment(this.prng.pick(notes.PARTICIPANT_NOTES), this.prng.pick([1, 2] as const), null));
    if (this.prng.chance(0.1)) {
      const vis = this.prng.weighted([[0, 4], [1, 4], [2, 2]] as const);
      const text = state === RESPONSIBLE_REJECTED && vis !== 0
        ? notes.RESPONSIBLE_NOTES_1[3]!
        : this.prng.pick(vis === 0 ? notes.RESPONSIBLE_NOTES_0 : vis === 1 ? notes.RESPONSIBLE_NOTES_1.slice(0, 3) : notes.RESPONSIBLE_NOTES_2);
      out.push(this.comment(text, vis, responsible));
    }
    out.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
    return out;
  }

  /** A comment written some time in the days before the shift (and before "now"), between 07:00 and 22:00. */
  private comment(text: string, visibleFor: 0 | 1 | 2, author: number | null): FxComment {
    const latest = Math.min(this.ps.sp.start - DAY, this.ctx.now - HOUR);
    let at = atTime(startOfDay(latest) - this.prng.int(0, 12) * DAY, 7, this.prng.int(0, 900));
    while (at > latest) at -= DAY;
    return { text, visible_for: visibleFor, authored_by_responsible: author, created_at: fmtNaive(at) };
  }
}
