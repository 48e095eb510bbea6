/**
 * Maximum-weight bipartite matching of rows to columns that hold several rows each: successive
 * shortest augmenting paths (the Hungarian method generalised to column capacities), O(r²·c) for
 * r rows and c columns.
 *
 * ephios solves the same problem with SciPy's `min_weight_full_bipartite_matching` on negated
 * scores (`src/ephios/core/services/matching.py`) over one column per place, and drops the pairs
 * whose score is not positive. Here identical places are one column with a capacity, so the work
 * follows the number of kinds of places, not of places. A pair with weight ≤ 0 (or a non-finite
 * weight) is not an edge: assigning it never adds anything.
 *
 * Weights should be integers below 2^53 so that sums stay exact; callers encode lexicographic
 * priorities as weights with large enough multipliers.
 */

let steps = 0;

/** Row × column steps taken by all matchings in this isolate so far: lets tests bound the work without timing it. */
export const matchingSteps = (): number => steps;

/**
 * `weights[row][column]` is the gain of pairing `row` with `column`; `capacities[column]` (a
 * non-negative integer, default 1 for every column of the widest row) is how many rows the column
 * takes. Returns, for every row, the column it is matched to, or -1. The result maximises the total
 * weight; between matchings of equal weight the choice is unspecified.
 */
export function maxWeightMatching(weights: readonly (readonly number[])[], capacities?: readonly number[]): number[] {
  const rowCount = weights.length;
  const columnCount = capacities?.length ?? weights.reduce((widest, row) => Math.max(widest, row.length), 0);
  const result = new Array<number>(rowCount).fill(-1);
  if (rowCount === 0 || columnCount === 0) return result;

  // Costs top − gain ≥ 0, and one more column "unmatched" that takes every row at cost top: every
  // row ends in some column, and the cheapest such assignment is a maximum-weight matching.
  const width = columnCount + 1;
  const unmatched = columnCount;
  let top = 0;
  const gain = (row: number, column: number): number => {
    const weight = weights[row][column];
    return Number.isFinite(weight) && weight > 0 ? weight : 0;
  };
  for (let row = 0; row < rowCount; row++) for (let column = 0; column < columnCount; column++) top = Math.max(top, gain(row, column));
  if (top === 0) return result;
  const cost = new Float64Array(rowCount * width);
  for (let row = 0; row < rowCount; row++) {
    for (let column = 0; column < columnCount; column++) {
      const g = gain(row, column);
      cost[row * width + column] = g > 0 ? top - g : Infinity;
    }
    cost[row * width + unmatched] = top;
  }
  const capacity = new Int32Array(width);
  for (let column = 0; column < columnCount; column++) capacity[column] = Math.min(capacities?.[column] ?? 1, rowCount);
  capacity[unmatched] = rowCount;

  // Reduced costs cost + rowPotential − columnPotential stay ≥ 0 on every usable step, and 0 on
  // the pairs of the current assignment, so a full column hands on to its rows at no cost.
  const rowPotential = new Float64Array(rowCount);
  const columnPotential = new Float64Array(width);
  const assigned = new Int32Array(rowCount).fill(-1);
  const holders: number[][] = Array.from({ length: width }, () => []);
  const distance = new Float64Array(width);
  const via = new Int32Array(width); // the row a column was reached from
  const done = new Uint8Array(width);
  const rowDistance = new Float64Array(rowCount);
  const reachedRows: number[] = [];
  const reachedColumns: number[] = [];

  const reach = (row: number, at: number) => {
    rowDistance[row] = at;
    reachedRows.push(row);
    const offset = at + rowPotential[row];
    const base = row * width;
    for (let column = 0; column < width; column++) {
      if (done[column]) continue;
      const reduced = offset + cost[base + column] - columnPotential[column];
      if (reduced < distance[column]) {
        distance[column] = reduced;
        via[column] = row;
      }
    }
    steps += width;
  };

  for (let source = 0; source < rowCount; source++) {
    distance.fill(Infinity);
    done.fill(0);
    reachedRows.length = 0;
    reachedColumns.length = 0;
    reach(source, 0);
    // Dijkstra over the columns: the nearest one with room ends the path (among equally near ones,
    // one with room is taken first, instead of walking on through full ones).
    const hasRoom = (column: number) => holders[column].length < capacity[column];
    let target = -1;
    while (target < 0) {
      let nearest = -1;
      for (let column = 0; column < width; column++) {
        if (done[column]) continue;
        if (nearest < 0 || distance[column] < distance[nearest] || (distance[column] === distance[nearest] && !hasRoom(nearest) && hasRoom(column))) nearest = column;
      }
      steps += width;
      done[nearest] = 1;
      reachedColumns.push(nearest);
      if (hasRoom(nearest)) target = nearest;
      else for (const row of holders[nearest]) reach(row, distance[nearest]);
    }
    const length = distance[target];
    for (const row of reachedRows) rowPotential[row] += rowDistance[row] - length;
    for (const column of reachedColumns) columnPotential[column] += distance[column] - length;
    // Shift every row on the path one column on, back to the source.
    for (let column = target; ; ) {
      const row = via[column];
      const left = assigned[row];
      holders[column].push(row);
      assigned[row] = column;
      if (left < 0) break;
      holders[left].splice(holders[left].indexOf(row), 1);
      column = left;
    }
  }

  for (let row = 0; row < rowCount; row++) if (assigned[row] !== unmatched) result[row] = assigned[row];
  return result;
}
