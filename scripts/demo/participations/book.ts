import type { FxComment, FxParticipation, JsonObject } from "../types";

/** Who participates: a local user, an external helper by name, or a member of a federated guest. */
export type Who = Pick<FxParticipation, "kind" | "user" | "display_name" | "federated_user">;

export const local = (user: number): Who => ({ kind: "local", user, display_name: null, federated_user: null });
export const placeholder = (name: string): Who => ({ kind: "placeholder", user: null, display_name: name, federated_user: null });
export const federated = (user: number): Who => ({ kind: "federated", user: null, display_name: null, federated_user: user });

export interface Details {
  structure_data: JsonObject;
  times?: [string | null, string | null];
  finished: boolean;
  comments: FxComment[];
}

/** The participations booked so far, by shift. */
export class Book {
  private readonly all: FxParticipation[] = [];
  private readonly byShift = new Map<number, FxParticipation[]>();

  add(shift: number, who: Who, state: number, details: Details): void {
    const [start, end] = details.times ?? [null, null];
    const p: FxParticipation = {
      id: this.all.length + 1,
      shift,
      ...who,
      state,
      structure_data: details.structure_data,
      individual_start_time: start,
      individual_end_time: end,
      finished: details.finished,
      comments: details.comments,
    };
    this.all.push(p);
    this.byShift.set(shift, [...this.of(shift), p]);
  }

  of(shift: number): FxParticipation[] {
    return this.byShift.get(shift) ?? [];
  }

  /** Every participation, ordered by shift and renumbered so ids follow that order. */
  numbered(): FxParticipation[] {
    const sorted = [...this.all].sort((a, b) => a.shift - b.shift || a.id - b.id);
    return sorted.map((p, i) => ({ ...p, id: i + 1 }));
  }
}
