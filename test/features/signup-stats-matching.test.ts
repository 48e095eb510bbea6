/**
 * The signup stats of the matching structures (`qualification_mix`, `complex`) against oracles
 * that know nothing of how src/lib/structures/ (qualification-mix.ts, complex.ts) groups places: random small shifts
 * compared with ephios's places taken one by one, and the worst configurations the shift
 * validation accepts, with results known by construction and the matching's work bounded by the
 * kinds of places instead of their number.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BuildingBlockForStats, type SignupStats, type StatsParticipation, shiftSignupStats } from "../../src/lib/structures";
import { matchingSteps } from "../../src/lib/matching";
import { CONFIRMED, REQUESTED, stats } from "../helpers/api";
import { B, C1, INCLUDES, NFS, RS, SAN } from "../helpers/qualifications";

function closure(ids: Iterable<number>, next: (id: number) => Iterable<number>): Set<number> {
  const all = new Set(ids);
  for (const id of all) for (const more of next(id)) all.add(more);
  return all;
}
const below = (ids: Iterable<number>) => closure(ids, (id) => INCLUDES.get(id) ?? []);
const above = (ids: Iterable<number>) => closure(ids, (id) => [...INCLUDES].filter(([, included]) => included.includes(id)).map(([parent]) => parent));

function compute(
  structureSlug: string,
  structureConfiguration: object,
  participations: StatsParticipation[],
  blocks: BuildingBlockForStats[] = [],
  includes = INCLUDES,
): SignupStats {
  return shiftSignupStats({ structureSlug, structureConfiguration: structureConfiguration as Record<string, unknown> }, participations, {
    qualificationIncludes: includes,
    buildingBlocks: new Map(blocks.map((block) => [block.id, block])),
  });
}

/** How many rows can be matched at once (Kuhn's augmenting paths). */
function maximumMatching(rows: number, columns: number, fits: (row: number, column: number) => boolean): number {
  const owner = new Array<number>(columns).fill(-1);
  const place = (row: number, seen: boolean[]): boolean => {
    for (let column = 0; column < columns; column++) {
      if (seen[column] || !fits(row, column)) continue;
      seen[column] = true;
      if (owner[column] < 0 || place(owner[column], seen)) {
        owner[column] = row;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let row = 0; row < rows; row++) if (place(row, new Array<boolean>(columns).fill(false))) matched++;
  return matched;
}

const qualificationIds = fc.uniqueArray(fc.constantFrom(NFS, RS, SAN, C1, B), { maxLength: 2 });

describe("qualification_mix against ephios's places one by one", () => {
  interface Requirement {
    qualification: number | null;
    min_count: number;
    max_count: number | null;
  }
  const requirement: fc.Arbitrary<Requirement> = fc
    .record({ qualification: fc.constantFrom(null, NFS, RS, SAN, C1, B, 99), min: fc.integer({ min: 0, max: 4 }), extra: fc.constantFrom(null, 0, 1, 3) })
    .map(({ qualification, min, extra }) => ({ qualification, min_count: min, max_count: extra === null ? null : Math.max(min + extra, min === 0 ? 0 : 1) }));
  const participation = fc.record({ state: fc.constantFrom(CONFIRMED, CONFIRMED, REQUESTED), qualificationIds, structureData: fc.constant({}) });

  /** The closed form (missing = Σmin − Q, free = Σmax − P) with P and Q matched over all of ephios's places. */
  function oracle(requirements: Requirement[], participations: StatsParticipation[]): SignupStats {
    const confirmed = participations.filter((p) => p.state === CONFIRMED);
    const places = requirements.flatMap((r) =>
      Array.from({ length: r.max_count ?? Math.max(r.min_count, confirmed.length) }, (_, i) => ({
        qualification: r.qualification !== null && INCLUDES.has(r.qualification) ? r.qualification : null,
        required: i < r.min_count,
      })),
    );
    const skills = confirmed.map((p) => below(p.qualificationIds));
    const fits = (row: number, column: number) => places[column].qualification === null || skills[row].has(places[column].qualification!);
    const paired = maximumMatching(confirmed.length, places.length, fits);
    const requiredFilled = maximumMatching(confirmed.length, places.length, (row, column) => places[column].required && fits(row, column));
    const sumMin = requirements.reduce((sum, r) => sum + r.min_count, 0);
    const sumMax = requirements.reduce((sum, r) => sum + (r.max_count ?? 0), 0);
    return stats(
      participations.length - confirmed.length,
      confirmed.length,
      sumMin - requiredFilled,
      requirements.some((r) => !r.max_count) ? null : sumMax - paired,
      sumMin,
      requirements.some((r) => r.max_count === null) ? null : sumMax,
    );
  }

  it("gives the closed form's numbers on random shifts, also with many requirements of one qualification", () => {
    fc.assert(
      fc.property(fc.array(requirement, { minLength: 1, maxLength: 7 }), fc.array(participation, { maxLength: 7 }), (requirements, participations) => {
        expect(compute("qualification_mix", { qualification_requirements: requirements }, participations)).toEqual(oracle(requirements, participations));
      }),
      { numRuns: 400 },
    );
  });
});

describe("complex against every assignment to ephios's places", () => {
  // Units: up to three atomic blocks, a composite of some of them, one or two starting blocks.
  const position = fc.record({ id: fc.nat(), optional: fc.boolean(), qualificationIds });
  const everyone = fc.option(fc.constantFrom(NFS, RS, SAN, C1), { nil: undefined });
  const atomic = (id: number) =>
    fc
      .record({ allowMore: fc.boolean(), positions: fc.array(position, { maxLength: 2 }), everyone })
      .map(({ allowMore, positions, everyone: needed }): BuildingBlockForStats => ({
        id,
        uuid: `atomic-${id}`,
        name: "Unit",
        blockType: "atomic",
        allowMore,
        positions: positions.map((p, i) => ({ ...p, id: id * 10 + i })),
        qualificationRequirements: needed ? [{ everyone: true, atLeast: 0, qualificationIds: [needed] }] : [],
        subCompositions: [],
      }));
  const world = fc
    .record({
      atomics: fc.tuple(atomic(1), atomic(2), atomic(3)),
      compositions: fc.array(fc.record({ subBlockId: fc.constantFrom(1, 2, 3), optional: fc.boolean() }), { minLength: 1, maxLength: 3 }),
      compositeNeeds: everyone,
      starts: fc.array(fc.record({ building_block: fc.constantFrom(1, 2, 3, 9), optional: fc.boolean() }), { minLength: 1, maxLength: 2 }),
    })
    .map(({ atomics, compositions, compositeNeeds, starts }) => {
      const composite: BuildingBlockForStats = {
        id: 9,
        uuid: "composite-9",
        name: "Station",
        blockType: "composite",
        allowMore: false,
        positions: [],
        qualificationRequirements: compositeNeeds ? [{ everyone: true, atLeast: 0, qualificationIds: [compositeNeeds] }] : [],
        subCompositions: compositions.map((c, i) => ({ ...c, id: 90 + i, label: "" })),
      };
      return { blocks: [...atomics, composite], starting_blocks: starts.map((s, i) => ({ ...s, uuid: `s${i}`, label: "" })) };
    })
    .chain(({ blocks, starting_blocks }) => {
      const paths = starting_blocks.flatMap((s) => (s.building_block === 9 ? blocks[3].subCompositions.map((c) => `root.${s.uuid}.${c.id}.`) : [`root.${s.uuid}.`]));
      const unit = fc.option(fc.constantFrom(...paths, "root.stale."), { nil: undefined, freq: 2 });
      const participation = fc
        .record({ state: fc.constantFrom(CONFIRMED, REQUESTED), qualificationIds, dispatched: fc.option(fc.constantFrom(...paths, "root.stale."), { nil: undefined, freq: 3 }), preferred: unit })
        .map(({ state, qualificationIds: ids, dispatched, preferred }): StatsParticipation => ({
          state,
          qualificationIds: ids,
          structureData: { ...(dispatched && { dispatched_unit_path: dispatched }), ...(preferred && { preferred_unit_path: preferred }) },
        }));
      return fc.record({ blocks: fc.constant(blocks), starting_blocks: fc.constant(starting_blocks), participations: fc.array(participation, { maxLength: 4 }) });
    });

  interface Places {
    path: string;
    kind: "regular" | "allow_more" | "overflow";
    required: boolean;
    qualifications: Set<number>;
    count: number;
  }

  /** ephios's places (identical ones of a unit counted together), as ephios's complex structure builds them. */
  function places(blocks: BuildingBlockForStats[], starts: { building_block: number; optional: boolean; uuid: string }[], participations: StatsParticipation[]): Places[] {
    const byId = new Map(blocks.map((b) => [b.id, b]));
    const needs = (block: BuildingBlockForStats) => block.qualificationRequirements.flatMap((r) => (r.everyone ? r.qualificationIds : []));
    const units: { path: string; block: BuildingBlockForStats; inherited: number[]; optional: boolean }[] = [];
    for (const start of starts) {
      const block = byId.get(start.building_block)!;
      if (block.blockType === "atomic") units.push({ path: `root.${start.uuid}.`, block, inherited: needs(block), optional: start.optional });
      else
        for (const c of block.subCompositions) {
          const sub = byId.get(c.subBlockId)!;
          units.push({ path: `root.${start.uuid}.${c.id}.`, block: sub, inherited: [...needs(block), ...needs(sub)], optional: start.optional || c.optional });
        }
    }
    return units.flatMap(({ path, block, inherited, optional }) => {
      const allowMore = block.allowMore ? participations.length + 1 : 0;
      const dispatched = participations.filter((p) => p.structureData.dispatched_unit_path === path).length;
      return [
        ...block.positions.map((p) => ({ path, kind: "regular" as const, required: !(p.optional || optional), qualifications: new Set([...inherited, ...p.qualificationIds]), count: 1 })),
        { path, kind: "allow_more" as const, required: false, qualifications: new Set(inherited), count: allowMore },
        { path, kind: "overflow" as const, required: false, qualifications: new Set(inherited), count: Math.max(0, dispatched - block.positions.length - allowMore) },
      ].filter((p) => p.count > 0);
    });
  }

  /** ephios's score of one pairing as a lexicographic tuple, null if the pair may not be matched (ephios's complex structure, skill in percent). */
  function score(participation: StatsParticipation, place: Places, treePaths: Set<string>): number[] | null {
    const skills = below(participation.qualificationIds);
    const qualified = [...place.qualifications].every((id) => skills.has(id));
    const dispatchedTo = participation.structureData.dispatched_unit_path as string | undefined;
    const dispatched = dispatchedTo !== undefined && treePaths.has(dispatchedTo);
    const here = dispatched && dispatchedTo === place.path;
    if (!(here || (qualified && !dispatched && place.kind !== "overflow"))) return null;
    const skill = place.qualifications.size
      ? Math.round((100 * below(place.qualifications).size) / new Set([...below(place.qualifications), ...above(place.qualifications)]).size)
      : 0;
    const confirmed = participation.state === CONFIRMED;
    const regular = place.kind === "regular";
    const preferred = participation.structureData.preferred_unit_path === place.path;
    return [
      1,
      here ? (qualified ? 2 : 1) : 0,
      +place.required,
      100 * (3 * +preferred + 2 * +confirmed + 2 * +regular + 1) + (qualified ? skill : -skill),
      confirmed ? +regular + +place.required : 0,
    ];
  }

  /** The stats of every best assignment (there may be several with different numbers only if ephios's scores tie). */
  function bestStats(blocks: BuildingBlockForStats[], starts: { building_block: number; optional: boolean; uuid: string }[], participations: StatsParticipation[]): Set<string> {
    const all = places(blocks, starts, participations);
    const treePaths = new Set(all.map((p) => p.path));
    const scores = participations.map((p) => all.map((place) => score(p, place, treePaths)));
    let best: number[] | null = null;
    let results = new Set<string>();
    const taken = all.map(() => 0);
    const choice = new Array<number>(participations.length).fill(-1);
    const visit = (row: number, total: number[]) => {
      if (row === participations.length) {
        const order = best === null ? 1 : total.reduce((found, value, i) => found || Math.sign(value - best![i]), 0);
        if (order < 0) return;
        if (order > 0) [best, results] = [total, new Set()];
        results.add(JSON.stringify(statsOf(all, choice, participations)));
        return;
      }
      visit(row + 1, total);
      all.forEach((place, column) => {
        const pairing = scores[row][column];
        if (!pairing || taken[column] === place.count) return;
        taken[column]++;
        choice[row] = column;
        visit(row + 1, total.map((value, i) => value + pairing[i]));
        choice[row] = -1;
        taken[column]--;
      });
    };
    visit(0, [0, 0, 0, 0, 0]);
    return results;
  }

  /** ephios's table of what each place adds, plus the unmatched participations. */
  function statsOf(all: Places[], choice: number[], participations: StatsParticipation[]): SignupStats {
    const held = (column: number, state: number) => participations.filter((p, row) => choice[row] === column && p.state === state).length;
    const unmatched = (state: number) => participations.filter((p, row) => choice[row] < 0 && p.state === state).length;
    let result = stats(unmatched(REQUESTED), unmatched(CONFIRMED), 0, 0, all.length ? 0 : null, 0);
    all.forEach((place, column) => {
      const confirmed = held(column, CONFIRMED);
      result.requested_count += held(column, REQUESTED);
      result.confirmed_count += confirmed;
      if (place.kind === "allow_more") [result.free, result.max_count] = [null, null];
      if (place.kind !== "regular") return;
      result = {
        ...result,
        missing: result.missing + (place.required ? place.count - confirmed : 0),
        free: result.free === null ? null : result.free + place.count - confirmed,
        min_count: result.min_count! + (place.required ? place.count : 0),
        max_count: result.max_count === null ? null : result.max_count + place.count,
      };
    });
    return result;
  }

  it("gives the numbers of a best assignment on random trees, dispatches and preferences", () => {
    fc.assert(
      fc.property(world, ({ blocks, starting_blocks, participations }) => {
        const computed = JSON.stringify(compute("complex", { starting_blocks }, participations, blocks));
        expect(bestStats(blocks, starting_blocks, participations)).toContain(computed);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the worst configurations validation accepts", () => {
  // 100 qualifications without inclusions (a requirement list holds at most 100 entries)
  const hundred = new Map(Array.from({ length: 100 }, (_, i) => [i + 1, [] as number[]]));
  const people = (count: number, state: number, qualification: (index: number) => number, data: (index: number) => Record<string, unknown> = () => ({})) =>
    Array.from({ length: count }, (_, i): StatsParticipation => ({ state, qualificationIds: [qualification(i)], structureData: data(i) }));
  /** What one matching may cost by its method (src/lib/matching.ts): per row at most 2·rows + 1 passes over the columns and "unmatched". */
  const bound = (rows: number, columns: number) => rows * (2 * rows + 1) * (columns + 1);

  const work = <T>(run: () => T): { result: T; steps: number } => {
    const before = matchingSteps();
    const result = run();
    return { result, steps: matchingSteps() - before };
  };

  it("qualification_mix: 100 requirements, 150 confirmed, any counts; work by kinds of places, not places", () => {
    const participations = [...people(150, CONFIRMED, (i) => (i % 60) + 1), ...people(20, REQUESTED, () => 1)];
    const requirements = (min: number, max: number | null) => Array.from({ length: 100 }, (_, i) => ({ qualification: i + 1, min_count: min, max_count: max }));

    // 60 of the qualifications are held, each requirement offers 150 places, all of them required
    const huge = work(() => compute("qualification_mix", { qualification_requirements: requirements(1_000_000, null) }, participations, [], hundred));
    expect(huge.result).toEqual(stats(20, 150, 100 * 1_000_000 - 150, null, 100 * 1_000_000, null));
    // one place each: 60 filled, 90 confirmed unpaired
    const single = work(() => compute("qualification_mix", { qualification_requirements: requirements(1, 1) }, participations, [], hundred));
    expect(single.result).toEqual(stats(20, 150, 40, 40, 100, 100));
    // two columns (required, optional) per qualification at most, however many places
    for (const { steps } of [huge, single]) expect(steps).toBeLessThanOrEqual(bound(150, 200));
  });

  describe("complex: a tree at both bounds (256 blocks, 1020 positions), every unit with allow_more", () => {
    const rtw = (id: number, positions: number): BuildingBlockForStats => ({
      id,
      uuid: `rtw-${id}`,
      name: "RTW",
      blockType: "atomic",
      allowMore: true,
      positions: Array.from({ length: positions }, (_, i) => ({ id: id * 100 + i, optional: i === 3, qualificationIds: [[NFS], [RS], [RS, C1], [SAN]][i % 4] })),
      qualificationRequirements: [],
      subCompositions: [],
    });
    const station = (units: number): BuildingBlockForStats => ({
      id: 1000,
      uuid: "station",
      name: "Station",
      blockType: "composite",
      allowMore: false,
      positions: [],
      qualificationRequirements: [],
      subCompositions: Array.from({ length: units }, (_, i) => ({ id: 5000 + i, subBlockId: 1, optional: false, label: "" })),
    });
    const config = { starting_blocks: [{ building_block: 1000, uuid: "s", optional: false, label: "" }] };
    // everyone fits everywhere and prefers a unit of their own
    const prefer = (i: number) => ({ preferred_unit_path: `root.s.${5000 + (i % 255)}.` });
    const participations = [...people(150, CONFIRMED, () => NFS, prefer), ...people(20, REQUESTED, () => NFS, prefer)].map((p) => ({ ...p, qualificationIds: [NFS, C1] }));

    it("fills 170 of the 765 required places, 150 of them with CONFIRMED participants", () => {
      const { result, steps } = work(() => compute("complex", config, participations, [rtw(1, 4), station(255)]));
      expect(result).toEqual(stats(20, 150, 765 - 150, null, 765, null));
      // one column per referenced unit and kind, one for the units nobody refers to: never one per allow_more place
      expect(steps).toBeLessThanOrEqual(bound(170, 1020 + 2 * 255));
    });

    it("falls back beyond either bound", () => {
      const fallback = stats(20, 150, 0, null, null, null);
      expect(compute("complex", config, participations, [rtw(1, 4), station(256)])).toEqual(fallback);
      expect(compute("complex", config, participations, [rtw(1, 5), station(205)])).toEqual(fallback);
      expect(compute("complex", config, participations, [rtw(1, 5), station(204)])).not.toEqual(fallback);
    });
  });
});
