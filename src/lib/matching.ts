/**
 * Maximum-weight bipartite matching: the Hungarian algorithm (Kuhn–Munkres with potentials,
 * O(n²·m) for n ≤ m) on a rectangular matrix.
 *
 * ephios solves the same problem with SciPy's `min_weight_full_bipartite_matching` on negated
 * scores (`src/ephios/core/services/matching.py`) and drops the pairs whose score is not positive.
 * Here a pair with weight ≤ 0 (or a non-finite weight) is simply not an edge: assigning such a
 * pair never adds anything, so a full minimum-cost assignment of the smaller side with those pairs
 * costed at 0 is a maximum-weight matching once they are dropped again.
 *
 * Weights should be integers below 2^53 so that sums stay exact; callers encode lexicographic
 * priorities as weights with large enough multipliers.
 */

/**
 * `weights[row][column]` is the gain of pairing `row` with `column`. Returns, for every row, the
 * column it is matched to, or -1. The result maximises the total weight; between matchings of
 * equal weight the choice is unspecified.
 */
export function maxWeightMatching(weights: readonly (readonly number[])[]): number[] {
  const rowCount = weights.length;
  const columnCount = weights.reduce((widest, row) => Math.max(widest, row.length), 0);
  const result = new Array<number>(rowCount).fill(-1);
  if (rowCount === 0 || columnCount === 0) return result;

  const gain = (row: number, column: number): number => {
    const weight = weights[row][column];
    return Number.isFinite(weight) && weight > 0 ? weight : 0;
  };
  // The algorithm below assigns every one of n "left" vertices to one of m ≥ n "right" ones.
  const transposed = rowCount > columnCount;
  const n = transposed ? columnCount : rowCount;
  const m = transposed ? rowCount : columnCount;
  const cost = (left: number, right: number): number =>
    -(transposed ? gain(right, left) : gain(left, right));

  // 1-based; index 0 of the right side is a virtual column used to start each augmentation.
  const leftPotential = new Float64Array(n + 1);
  const rightPotential = new Float64Array(m + 1);
  const owner = new Int32Array(m + 1); // owner[j] = left vertex assigned to right vertex j, 0 = none
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
    // Flip the augmenting path back to the virtual column.
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
