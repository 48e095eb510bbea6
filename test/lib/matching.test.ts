/**
 * The capacitated matching against the algorithm it replaced: the Hungarian method over one
 * column per place (the reference below, as it was in src/lib/matching.ts). Both must reach the
 * same total weight on any matrix, with column capacities expanded into that many columns.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchingSteps, maxWeightMatching } from "../../src/lib/matching";

/** The previous implementation: Kuhn–Munkres with potentials on a rectangular matrix, O(n²·m). */
function hungarian(weights: number[][]): number[] {
  const rowCount = weights.length;
  const columnCount = weights.reduce((widest, row) => Math.max(widest, row.length), 0);
  const result = new Array<number>(rowCount).fill(-1);
  if (rowCount === 0 || columnCount === 0) return result;
  const gain = (row: number, column: number) => {
    const weight = weights[row][column];
    return Number.isFinite(weight) && weight > 0 ? weight : 0;
  };
  const transposed = rowCount > columnCount;
  const n = transposed ? columnCount : rowCount;
  const m = transposed ? rowCount : columnCount;
  const cost = (left: number, right: number) => -(transposed ? gain(right, left) : gain(left, right));
  const leftPotential = new Float64Array(n + 1);
  const rightPotential = new Float64Array(m + 1);
  const owner = new Int32Array(m + 1);
  const previous = new Int32Array(m + 1);
  for (let left = 1; left <= n; left++) {
    owner[0] = left;
    let current = 0;
    const slack = new Float64Array(m + 1).fill(Infinity);
    const visited = new Uint8Array(m + 1);
    do {
      visited[current] = 1;
      const from = owner[current];
      let delta = Infinity;
      let next = 0;
      for (let right = 1; right <= m; right++) {
        if (visited[right]) continue;
        const reduced = cost(from - 1, right - 1) - leftPotential[from] - rightPotential[right];
        if (reduced < slack[right]) {
          slack[right] = reduced;
          previous[right] = current;
        }
        if (slack[right] < delta) {
          delta = slack[right];
          next = right;
        }
      }
      for (let right = 0; right <= m; right++) {
        if (visited[right]) {
          leftPotential[owner[right]] += delta;
          rightPotential[right] -= delta;
        } else {
          slack[right] -= delta;
        }
      }
      current = next;
    } while (owner[current] !== 0);
    do {
      const before = previous[current];
      owner[current] = owner[before];
      current = before;
    } while (current !== 0);
  }
  for (let right = 1; right <= m; right++) {
    if (owner[right] === 0) continue;
    const row = transposed ? right - 1 : owner[right] - 1;
    const column = transposed ? owner[right] - 1 : right - 1;
    if (gain(row, column) > 0) result[row] = column;
  }
  return result;
}

/** The total weight of an assignment, checking that it pairs only along positive weights and respects the capacities. */
function totalOf(weights: number[][], capacities: number[], assignment: number[]): number {
  expect(assignment).toHaveLength(weights.length);
  const load = capacities.map(() => 0);
  return assignment.reduce((sum, column, row) => {
    if (column < 0) return sum;
    expect(weights[row][column]).toBeGreaterThan(0);
    expect(++load[column]).toBeLessThanOrEqual(capacities[column]);
    return sum + weights[row][column];
  }, 0);
}

/** Each column repeated as often as its capacity: the one-column-per-place matrix the old code built. */
function expanded(weights: number[][], capacities: number[]): number[][] {
  return weights.map((row) => capacities.flatMap((capacity, column) => new Array<number>(capacity).fill(row[column])));
}

// Weights with ties and non-edges, and some at the scale of the lexicographic weights the stats use.
const weight = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 0, -3, Number.NaN) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 40 }) },
);
const problem = fc
  .record({ rows: fc.integer({ min: 0, max: 9 }), columns: fc.integer({ min: 1, max: 7 }) })
  .chain(({ rows, columns }) =>
    fc.record({
      weights: fc.array(fc.array(weight, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
      capacities: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: columns, maxLength: columns }),
    }),
  );

describe("maxWeightMatching with capacities", () => {
  it("reaches the old algorithm's total over one column per place", () => {
    fc.assert(
      fc.property(problem, ({ weights, capacities }) => {
        const total = totalOf(weights, capacities, maxWeightMatching(weights, capacities));
        const wide = expanded(weights, capacities);
        const ones = wide[0]?.map(() => 1) ?? [];
        expect(total).toBe(totalOf(wide, ones, hungarian(wide)));
      }),
      { numRuns: 500 },
    );
  });

  it("without capacities is the old one-row-per-column matching", () => {
    fc.assert(
      fc.property(problem, ({ weights }) => {
        const ones = weights[0]?.map(() => 1) ?? [];
        expect(totalOf(weights, ones, maxWeightMatching(weights))).toBe(totalOf(weights, ones, hungarian(weights)));
      }),
      { numRuns: 300 },
    );
  });

  it("fills a column up to its capacity and no further", () => {
    expect(maxWeightMatching([[5], [4], [3]], [2])).toEqual([0, 0, -1]);
    expect(maxWeightMatching([[5], [4]], [0])).toEqual([-1, -1]);
    // one row is moved off the shared column so that the third fits
    expect(maxWeightMatching([[9, 8], [9, 0], [9, 0]], [2, 5])).toEqual([1, 0, 0]);
  });

  it("takes work by the columns it is given, not by their capacities", () => {
    const rows = Array.from({ length: 40 }, (_, row) => [1 + (row % 3), 2, row % 2 ? 3 : 0]);
    const work = (capacities: number[]) => {
      const before = matchingSteps();
      maxWeightMatching(rows, capacities);
      return matchingSteps() - before;
    };
    const small = work([5, 5, 5]);
    expect(small).toBeGreaterThan(0);
    // capacities beyond the number of rows change nothing: the same problem, the same steps
    expect(work([1_000_000, 1_000_000, 1_000_000])).toBe(work([40, 40, 40]));
    // the bound of the method: per row at most (2 rows + 1) passes over the columns and "unmatched"
    expect(small).toBeLessThanOrEqual(40 * (2 * 40 + 1) * 4);
  });
});
