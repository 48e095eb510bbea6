/**
 * The qualification inclusion graph (ephios's `QualificationUniverse.get_graph()`,
 * `src/ephios/extra/graphs.py`): who holds a qualification also holds everything it includes,
 * transitively. Built from each qualification's DIRECT inclusions; cycles are fine.
 */
export class QualificationGraph {
  private includedBy: Map<number, number[]> | undefined;

  /** Qualification id → the ids it directly includes; every existing qualification is a key. */
  constructor(private readonly includes: ReadonlyMap<number, readonly number[]>) {}

  /** Whether the qualification exists (a key of the graph). */
  isKnown(id: number): boolean {
    return this.includes.has(id);
  }

  /** The ids plus everything they include, transitively (`spread_from`). */
  spreadFrom(ids: Iterable<number>): Set<number> {
    return reachable(ids, (id) => this.includes.get(id) ?? []);
  }

  /** The ids plus everything that includes one of them, transitively (`spread_reverse`). */
  spreadReverse(ids: Iterable<number>): Set<number> {
    if (!this.includedBy) {
      this.includedBy = new Map();
      for (const [id, included] of this.includes) {
        for (const child of included) {
          const parents = this.includedBy.get(child);
          if (parents) parents.push(id);
          else this.includedBy.set(child, [id]);
        }
      }
    }
    const includedBy = this.includedBy;
    return reachable(ids, (id) => includedBy.get(id) ?? []);
  }

  /** `skill_level` (`src/ephios/core/services/matching.py`): how high up the hierarchy a requirement sits, in [0, 1]. */
  skillLevel(required: ReadonlySet<number>): number {
    if (required.size === 0) return 0;
    const below = this.spreadFrom(required);
    const related = new Set([...below, ...this.spreadReverse(required)]);
    return below.size / related.size;
  }
}

function reachable(starts: Iterable<number>, next: (id: number) => Iterable<number>): Set<number> {
  const seen = new Set<number>();
  const queue = [...starts];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const child of next(id)) queue.push(child);
  }
  return seen;
}
