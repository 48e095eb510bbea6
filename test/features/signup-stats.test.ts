import { describe, expect, it } from "vitest";
import {
  addStats,
  foldEventStats,
  shiftSignupStats,
  ZERO_STATS,
  type BuildingBlockForStats,
  type SignupStats,
  type StatsContext,
  type StatsParticipation,
} from "../../src/lib/structures";
import { maxWeightMatching } from "../../src/lib/matching";
import { B, C1, INCLUDES, NFS, RS, SAN } from "../helpers/qualifications";

// States
const REQUESTED = 0;
const CONFIRMED = 1;
const USER_DECLINED = 2;
const RESPONSIBLE_REJECTED = 3;
const GETTING_DISPATCHED = 4;

/** Stats in ephios's order: requested, confirmed, missing, free, min, max. */
function stats(
  requested: number,
  confirmed: number,
  missing: number,
  free: number | null,
  min: number | null,
  max: number | null,
): SignupStats {
  return { requested_count: requested, confirmed_count: confirmed, missing, free, min_count: min, max_count: max };
}

function p(state: number, qualificationIds: number[] = [], structureData: Record<string, unknown> = {}): StatsParticipation {
  return { state, qualificationIds, structureData };
}

function context(blocks: BuildingBlockForStats[] = [], includes: Map<number, number[]> = INCLUDES): StatsContext {
  return { qualificationIncludes: includes, buildingBlocks: new Map(blocks.map((block) => [block.id, block])) };
}

function compute(
  structureSlug: string,
  structureConfiguration: unknown,
  participations: StatsParticipation[] = [],
  ctx: StatsContext = context(),
): SignupStats {
  return shiftSignupStats(
    { structureSlug, structureConfiguration: structureConfiguration as Record<string, unknown> },
    participations,
    ctx,
  );
}

/** Deterministic PRNG (mulberry32) for the randomised cross-checks. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Best total of any matching, by trying everything (rows × columns small). */
function bruteForceBest(weights: number[][], row = 0, used = new Set<number>()): number {
  if (row === weights.length) return 0;
  let best = bruteForceBest(weights, row + 1, used);
  weights[row].forEach((weight, column) => {
    if (weight <= 0 || used.has(column)) return;
    used.add(column);
    best = Math.max(best, weight + bruteForceBest(weights, row + 1, used));
    used.delete(column);
  });
  return best;
}

describe("maxWeightMatching", () => {
  it("handles empty inputs", () => {
    expect(maxWeightMatching([])).toEqual([]);
    expect(maxWeightMatching([[], []])).toEqual([-1, -1]);
  });

  it("never pairs along weights ≤ 0", () => {
    expect(maxWeightMatching([[0, -5], [0, 0]])).toEqual([-1, -1]);
    expect(maxWeightMatching([[0, 3], [0, 4]])).toEqual([-1, 1]);
  });

  it("prefers total weight over greedy choices", () => {
    // greedy would take 10 and leave row 1 with nothing
    expect(maxWeightMatching([[10, 9], [8, 0]])).toEqual([1, 0]);
  });

  it("matches a brute force on random rectangular matrices", () => {
    const next = random(42);
    for (let round = 0; round < 300; round++) {
      const rows = Math.floor(next() * 6);
      const columns = Math.floor(next() * 6) + 1;
      const weights = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () => (next() < 0.3 ? 0 : Math.floor(next() * 20))),
      );
      const assignment = maxWeightMatching(weights);
      const usedColumns = assignment.filter((column) => column >= 0);
      expect(new Set(usedColumns).size).toBe(usedColumns.length);
      const total = assignment.reduce((sum, column, row) => {
        if (column < 0) return sum;
        expect(weights[row][column]).toBeGreaterThan(0);
        return sum + weights[row][column];
      }, 0);
      expect(total).toBe(bruteForceBest(weights));
    }
  });
});

describe("event fold", () => {
  it("gives ZERO for an event without shifts", () => {
    expect(foldEventStats([])).toEqual(stats(0, 0, 0, 0, null, 0));
    expect(ZERO_STATS).toEqual(stats(0, 0, 0, 0, null, 0));
  });

  it("is the identity for one shift", () => {
    const shift = stats(1, 2, 0, null, null, null);
    expect(foldEventStats([shift])).toEqual(shift);
  });

  it("sums counts and missing; free and max become null with any null; min only stays null if all are", () => {
    const bounded = stats(1, 2, 1, 3, 3, 5);
    const unbounded = stats(0, 3, 0, null, null, null);
    const minOnly = stats(2, 0, 2, null, 2, null);
    expect(foldEventStats([bounded, bounded])).toEqual(stats(2, 4, 2, 6, 6, 10));
    expect(foldEventStats([bounded, unbounded])).toEqual(stats(1, 5, 1, null, 3, null));
    expect(foldEventStats([unbounded, unbounded])).toEqual(stats(0, 6, 0, null, null, null));
    expect(foldEventStats([unbounded, minOnly])).toEqual(stats(2, 3, 2, null, 2, null));
    expect(addStats(stats(0, 0, 0, 0, 0, 0), ZERO_STATS)).toEqual(stats(0, 0, 0, 0, 0, 0));
  });
});

describe("fallback structure", () => {
  it("counts REQUESTED and CONFIRMED without bounds for an unknown slug", () => {
    const participations = [
      p(CONFIRMED),
      p(REQUESTED),
      p(REQUESTED),
      p(USER_DECLINED),
      p(RESPONSIBLE_REJECTED),
      p(GETTING_DISPATCHED),
    ];
    expect(compute("no_such_structure", { minimum_number_of_participants: 5 }, participations)).toEqual(
      stats(2, 1, 0, null, null, null),
    );
  });
});

describe("uniform", () => {
  it("min 0, max 1, no participations", () => {
    expect(compute("uniform", { minimum_number_of_participants: 0, maximum_number_of_participants: 1 })).toEqual(
      stats(0, 0, 0, 1, 0, 1),
    );
  });

  it("min 2, max 4 with mixed states", () => {
    const participations = [p(CONFIRMED), p(REQUESTED), p(REQUESTED), p(USER_DECLINED), p(RESPONSIBLE_REJECTED)];
    expect(
      compute("uniform", { minimum_number_of_participants: 2, maximum_number_of_participants: 4 }, participations),
    ).toEqual(stats(2, 1, 1, 3, 2, 4));
  });

  it("neither bound set, 3 confirmed", () => {
    const config = { minimum_number_of_participants: null, maximum_number_of_participants: null, required_qualification_ids: [] };
    expect(compute("uniform", config, [p(CONFIRMED), p(CONFIRMED), p(CONFIRMED)])).toEqual(
      stats(0, 3, 0, null, null, null),
    );
    expect(compute("uniform", {}, [p(CONFIRMED), p(CONFIRMED), p(CONFIRMED)])).toEqual(stats(0, 3, 0, null, null, null));
  });

  it("max 2 with 3 confirmed by disposition: free 0", () => {
    expect(compute("uniform", { maximum_number_of_participants: 2 }, [p(CONFIRMED), p(CONFIRMED), p(CONFIRMED)])).toEqual(
      stats(0, 3, 0, 0, null, 2),
    );
  });

  it("treats a maximum of 0 as unlimited but reports it raw; ignores qualifications", () => {
    const config = { minimum_number_of_participants: 1, maximum_number_of_participants: 0, required_qualification_ids: [NFS] };
    expect(compute("uniform", config, [p(CONFIRMED)])).toEqual(stats(0, 1, 0, null, 1, 0));
  });
});

describe("qualification_mix", () => {
  const requirement = (qualification: number | null, min: number, max: number | null) => ({
    qualification,
    min_count: min,
    max_count: max,
  });

  it("R1 {NFS 1..1}, R2 {RS 1..2}: an unqualified participant stays unpaired", () => {
    const config = { qualification_requirements: [requirement(NFS, 1, 1), requirement(RS, 1, 2)] };
    expect(compute("qualification_mix", config, [p(CONFIRMED, [NFS]), p(CONFIRMED, [])])).toEqual(
      stats(0, 2, 1, 2, 2, 3),
    );
  });

  it("R1 {NFS 1..1}, R2 {RS 2..null}: unlimited, one missing", () => {
    const config = { qualification_requirements: [requirement(NFS, 1, 1), requirement(RS, 2, null)] };
    const participations = [p(CONFIRMED, [NFS]), p(CONFIRMED, [RS]), p(CONFIRMED, []), p(REQUESTED, [NFS])];
    expect(compute("qualification_mix", config, participations)).toEqual(stats(1, 3, 1, null, 3, null));
  });

  it("ephios's test: {RS 1..1, NFS 1..1}", () => {
    const config = { qualification_requirements: [requirement(RS, 1, 1), requirement(NFS, 1, 1)] };
    expect(compute("qualification_mix", config, [])).toEqual(stats(0, 0, 2, 2, 2, 2));
    expect(compute("qualification_mix", config, [p(REQUESTED, [])])).toEqual(stats(1, 0, 2, 2, 2, 2));
    expect(compute("qualification_mix", config, [p(CONFIRMED, [])])).toEqual(stats(0, 1, 2, 2, 2, 2));
    expect(compute("qualification_mix", config, [p(CONFIRMED, [NFS])])).toEqual(stats(0, 1, 1, 1, 2, 2));
    // NFS includes RS, so two NFS fill both
    expect(compute("qualification_mix", config, [p(CONFIRMED, [NFS]), p(CONFIRMED, [NFS])])).toEqual(
      stats(0, 2, 0, 0, 2, 2),
    );
  });

  it("fills required positions before optional ones, across requirements", () => {
    // a fits both; b only the SAN requirement. Putting a on NFS-optional would leave a required place open.
    const config = { qualification_requirements: [requirement(NFS, 0, 1), requirement(SAN, 2, 2)] };
    expect(compute("qualification_mix", config, [p(CONFIRMED, [NFS]), p(CONFIRMED, [SAN])])).toEqual(
      stats(0, 2, 0, 1, 2, 3),
    );
  });

  it("lets anyone fill a requirement without or with an unknown qualification", () => {
    const config = { qualification_requirements: [requirement(null, 1, 1), requirement(999, 1, 1)] };
    expect(compute("qualification_mix", config, [p(CONFIRMED), p(CONFIRMED)])).toEqual(stats(0, 2, 0, 0, 2, 2));
  });

  it("follows includes transitively and survives inclusion cycles", () => {
    const cyclic = new Map<number, number[]>([
      [1, [2]],
      [2, [3]],
      [3, [1]],
    ]);
    const config = { qualification_requirements: [requirement(3, 1, 1)] };
    expect(compute("qualification_mix", config, [p(CONFIRMED, [1])], context([], cyclic))).toEqual(
      stats(0, 1, 0, 0, 1, 1),
    );
  });

  it("with a maximum of 0 has no places for the requirement and reports free as null", () => {
    const config = { qualification_requirements: [requirement(null, 0, 0)] };
    expect(compute("qualification_mix", config, [p(CONFIRMED)])).toEqual(stats(0, 1, 0, null, 0, 0));
  });

  it("with an empty requirement list counts everyone as unpaired", () => {
    expect(compute("qualification_mix", { qualification_requirements: [] }, [p(CONFIRMED), p(REQUESTED)])).toEqual(
      stats(1, 1, 0, 0, null, 0),
    );
  });

  it("agrees with the closed form (free = Σmax − P, missing = Σmin − Q) on random shifts", () => {
    const next = random(7);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    for (let round = 0; round < 200; round++) {
      const requirements = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
        const min = Math.floor(next() * 3);
        return requirement(pick([null, NFS, RS, SAN, C1, B]), min, pick([null, min, min + 1, min + 2]));
      });
      const participations = Array.from({ length: Math.floor(next() * 5) }, () =>
        p(pick([CONFIRMED, CONFIRMED, REQUESTED]), pick([[], [NFS], [RS], [SAN], [C1], [RS, C1]])),
      );
      const confirmed = participations.filter((x) => x.state === CONFIRMED);
      // all positions, as ephios builds them
      const positions = requirements.flatMap((r) =>
        Array.from({ length: r.max_count ?? Math.max(r.min_count, confirmed.length) }, (_, i) => ({
          qualification: r.qualification,
          required: i < r.min_count,
        })),
      );
      const closure = (ids: number[]): Set<number> => {
        const all = new Set(ids);
        for (const id of all) for (const child of INCLUDES.get(id) ?? []) all.add(child);
        return all;
      };
      const fits = confirmed.map((x) =>
        positions.map((position) => position.qualification === null || closure(x.qualificationIds).has(position.qualification)),
      );
      const P = bruteForceBest(fits.map((row) => row.map((fit) => (fit ? 1 : 0))));
      const Q = bruteForceBest(fits.map((row) => row.map((fit, i) => (fit && positions[i].required ? 1 : 0))));
      const anyUnbounded = requirements.some((r) => r.max_count === null);
      const sumMax = requirements.reduce((sum, r) => sum + (r.max_count ?? 0), 0);
      const sumMin = requirements.reduce((sum, r) => sum + r.min_count, 0);
      const anyFalsyMax = requirements.some((r) => !r.max_count);
      expect(compute("qualification_mix", { qualification_requirements: requirements }, participations)).toEqual(
        stats(
          participations.length - confirmed.length,
          confirmed.length,
          sumMin - Q,
          anyFalsyMax ? null : sumMax - P,
          sumMin,
          anyUnbounded ? null : sumMax,
        ),
      );
    }
  });
});

describe("named_teams", () => {
  const A = "aaaaaaaa-0000-4000-8000-000000000001";
  const Bteam = "bbbbbbbb-0000-4000-8000-000000000002";
  const teams = (bMax: number | null) => ({
    choose_preferred_team: false,
    teams: [
      { title: "A", uuid: A, qualification: null, min_count: 2, max_count: 3 },
      { title: "B", uuid: Bteam, qualification: NFS, min_count: 1, max_count: bMax },
    ],
  });
  const participations = [
    p(CONFIRMED, [], { dispatched_team_uuid: A }),
    p(REQUESTED, [], { preferred_team_uuid: A }),
    p(CONFIRMED, [], { preferred_team_uuid: Bteam }),
    p(CONFIRMED, [], {}),
    p(USER_DECLINED, [], { dispatched_team_uuid: A }),
  ];

  it("ephios's example: A {2..3}, B {1..null}", () => {
    expect(compute("named_teams", teams(null), participations)).toEqual(stats(1, 3, 1, null, 3, null));
  });

  it("with B max 2", () => {
    expect(compute("named_teams", teams(2), participations)).toEqual(stats(1, 3, 1, 3, 3, 5));
  });

  it("puts unknown and empty team uuids into noteam; an empty dispatch falls back to the preference", () => {
    const config = teams(2);
    expect(
      compute("named_teams", config, [
        p(CONFIRMED, [], { dispatched_team_uuid: "gone", preferred_team_uuid: A }),
        p(CONFIRMED, [], { dispatched_team_uuid: "", preferred_team_uuid: Bteam }),
      ]),
    ).toEqual(stats(0, 2, 2, 4, 3, 5));
  });

  it("ignores qualifications", () => {
    expect(compute("named_teams", teams(2), [p(CONFIRMED, [], { dispatched_team_uuid: Bteam })])).toEqual(
      stats(0, 1, 2, 4, 3, 5),
    );
  });
});

describe("complex", () => {
  const RTW = 1;
  const C1NFS = 2;
  const RETTUNGSWACHE = 3;

  function block(id: number, overrides: Partial<BuildingBlockForStats> = {}): BuildingBlockForStats {
    return {
      id,
      uuid: `00000000-0000-4000-8000-00000000000${id}`,
      name: `Block ${id}`,
      blockType: "atomic",
      allowMore: false,
      positions: [],
      qualificationRequirements: [],
      subCompositions: [],
      ...overrides,
    };
  }

  function rettungswacheBlocks(rtwAllowMore = false): BuildingBlockForStats[] {
    return [
      block(RTW, {
        allowMore: rtwAllowMore,
        positions: [
          { id: 11, optional: false, qualificationIds: [NFS] },
          { id: 12, optional: false, qualificationIds: [RS, C1] },
        ],
      }),
      block(C1NFS, { positions: [{ id: 21, optional: false, qualificationIds: [NFS, C1] }] }),
      block(RETTUNGSWACHE, {
        blockType: "composite",
        subCompositions: [
          { id: 31, subBlockId: RTW, optional: false, label: "" },
          { id: 32, subBlockId: RTW, optional: false, label: "" },
          { id: 33, subBlockId: C1NFS, optional: true, label: "" },
        ],
      }),
    ];
  }

  const starting = (...entries: { block: number; uuid: string; optional?: boolean }[]) => ({
    choose_preferred_unit: false,
    minimum_age: null,
    starting_blocks: entries.map((entry) => ({
      building_block: entry.block,
      label: "",
      optional: entry.optional ?? false,
      uuid: entry.uuid,
    })),
  });
  const wache = starting({ block: RETTUNGSWACHE, uuid: "rettungswache-uuid" });

  describe("the Rettungswache example", () => {
    it("empty shift: 5 regular positions, 4 required", () => {
      expect(compute("complex", wache, [], context(rettungswacheBlocks()))).toEqual(stats(0, 0, 4, 5, 4, 5));
    });

    it("a CONFIRMED NFS fills one RTW NFS seat", () => {
      expect(compute("complex", wache, [p(CONFIRMED, [NFS])], context(rettungswacheBlocks()))).toEqual(
        stats(0, 1, 3, 4, 4, 5),
      );
    });

    it("a REQUESTED NFS fills nothing", () => {
      expect(compute("complex", wache, [p(REQUESTED, [NFS])], context(rettungswacheBlocks()))).toEqual(
        stats(1, 0, 4, 5, 4, 5),
      );
    });

    it("RTW with allow_more: free and max become null, min stays 4", () => {
      expect(compute("complex", wache, [], context(rettungswacheBlocks(true)))).toEqual(stats(0, 0, 4, null, 4, null));
      expect(compute("complex", wache, [p(CONFIRMED, [NFS]), p(CONFIRMED, [SAN])], context(rettungswacheBlocks(true)))).toEqual(
        stats(0, 2, 3, null, 4, null),
      );
    });
  });

  it("makes the whole tree optional below an optional starting block", () => {
    const config = starting({ block: RETTUNGSWACHE, uuid: "w", optional: true });
    expect(compute("complex", config, [], context(rettungswacheBlocks()))).toEqual(stats(0, 0, 0, 5, 0, 5));
  });

  it("lets a dispatched participant fill a unit they are not qualified for, and nowhere else", () => {
    const blocks = rettungswacheBlocks();
    // dispatched to the optional C1NFS unit without C1: the NFS seats stay open
    const dispatched = p(CONFIRMED, [NFS], { dispatched_unit_path: "root.w.33." });
    expect(compute("complex", starting({ block: RETTUNGSWACHE, uuid: "w" }), [dispatched], context(blocks))).toEqual(
      stats(0, 1, 4, 4, 4, 5),
    );
    // a path that is not in the tree counts as not dispatched
    const stale = p(CONFIRMED, [NFS], { dispatched_unit_path: "root.other.33." });
    expect(compute("complex", starting({ block: RETTUNGSWACHE, uuid: "w" }), [stale], context(blocks))).toEqual(
      stats(0, 1, 3, 4, 4, 5),
    );
  });

  it("adds overflow places for more dispatched participants than positions", () => {
    const single = block(7, { positions: [{ id: 71, optional: false, qualificationIds: [] }] });
    const config = starting({ block: 7, uuid: "u" });
    const here = { dispatched_unit_path: "root.u." };
    expect(compute("complex", config, [p(CONFIRMED, [], here), p(CONFIRMED, [], here), p(REQUESTED, [], here)], context([single]))).toEqual(
      stats(1, 2, 0, 0, 1, 1),
    );
    // nobody else may take an overflow place
    expect(compute("complex", config, [p(CONFIRMED, [], here), p(CONFIRMED, [], here), p(CONFIRMED)], context([single]))).toEqual(
      stats(0, 3, 0, 0, 1, 1),
    );
  });

  it("breaks ties like ephios: a preferred REQUESTED beats an indifferent CONFIRMED", () => {
    const single = block(7, { positions: [{ id: 71, optional: false, qualificationIds: [NFS] }] });
    const config = starting({ block: 7, uuid: "u" });
    const confirmed = p(CONFIRMED, [NFS]);
    expect(compute("complex", config, [p(REQUESTED, [NFS]), confirmed], context([single]))).toEqual(stats(1, 1, 0, 0, 1, 1));
    expect(
      compute("complex", config, [p(REQUESTED, [NFS], { preferred_unit_path: "root.u." }), confirmed], context([single])),
    ).toEqual(stats(1, 1, 1, 1, 1, 1));
  });

  it("settles ephios's REQUESTED/CONFIRMED ties by seating CONFIRMED participants on regular places", () => {
    const unit = block(7, { allowMore: true, positions: [{ id: 71, optional: false, qualificationIds: [] }] });
    const config = starting({ block: 7, uuid: "u" });
    expect(compute("complex", config, [p(REQUESTED), p(CONFIRMED)], context([unit]))).toEqual(stats(1, 1, 0, null, 1, null));
  });

  it("inherits `everyone` requirements and ignores `at least` ones", () => {
    const unit = block(8, { positions: [{ id: 81, optional: false, qualificationIds: [RS] }] });
    const station = (everyone: boolean) =>
      block(9, {
        blockType: "composite",
        qualificationRequirements: [{ everyone, atLeast: 1, qualificationIds: [C1] }],
        subCompositions: [{ id: 91, subBlockId: 8, optional: false, label: "" }],
      });
    const config = starting({ block: 9, uuid: "s" });
    expect(compute("complex", config, [p(CONFIRMED, [RS])], context([unit, station(true)]))).toEqual(stats(0, 1, 1, 1, 1, 1));
    expect(compute("complex", config, [p(CONFIRMED, [NFS, C1])], context([unit, station(true)]))).toEqual(stats(0, 1, 0, 0, 1, 1));
    expect(compute("complex", config, [p(CONFIRMED, [RS])], context([unit, station(false)]))).toEqual(stats(0, 1, 0, 0, 1, 1));
  });

  it("skips unknown starting blocks; with none left only the counts remain", () => {
    const config = starting({ block: 404, uuid: "x" }, { block: RTW, uuid: "r" });
    expect(compute("complex", config, [], context(rettungswacheBlocks()))).toEqual(stats(0, 0, 2, 2, 2, 2));
    expect(compute("complex", starting({ block: 404, uuid: "x" }), [], context(rettungswacheBlocks()))).toEqual(ZERO_STATS);
    expect(compute("complex", starting(), [p(CONFIRMED), p(REQUESTED)], context())).toEqual(stats(1, 1, 0, 0, null, 0));
  });

  it("does not loop on cyclic compositions", () => {
    const a = block(20, { blockType: "composite", subCompositions: [{ id: 201, subBlockId: 21, optional: false, label: "" }] });
    const b = block(21, {
      blockType: "composite",
      subCompositions: [
        { id: 211, subBlockId: 20, optional: false, label: "" },
        { id: 212, subBlockId: 22, optional: false, label: "" },
        { id: 213, subBlockId: 21, optional: false, label: "" },
      ],
    });
    const leaf = block(22, { positions: [{ id: 221, optional: false, qualificationIds: [] }] });
    expect(compute("complex", starting({ block: 20, uuid: "c" }), [p(CONFIRMED)], context([a, b, leaf]))).toEqual(
      stats(0, 1, 0, 0, 1, 1),
    );
  });

  it("falls back for an exponentially large tree", () => {
    // each level holds the next one twice: 2^40 leaves
    const levels = Array.from({ length: 40 }, (_, i) =>
      block(100 + i, {
        blockType: "composite",
        subCompositions: [
          { id: 1000 + 2 * i, subBlockId: 101 + i, optional: false, label: "" },
          { id: 1001 + 2 * i, subBlockId: 101 + i, optional: false, label: "" },
        ],
      }),
    );
    const leaf = block(140, { positions: [{ id: 1, optional: false, qualificationIds: [] }] });
    expect(compute("complex", starting({ block: 100, uuid: "big" }), [p(CONFIRMED)], context([...levels, leaf]))).toEqual(
      stats(0, 1, 0, null, null, null),
    );
  });
});

describe("hostile configurations", () => {
  const garbage: unknown[] = [
    null,
    undefined,
    "string",
    42,
    -1,
    1.5,
    true,
    [],
    {},
    [null, 1, "x", [], {}],
    { nested: { deeper: [1, { x: null }] } },
    1e300,
  ];
  const participations = [
    p(CONFIRMED, [NFS], { dispatched_team_uuid: { x: 1 }, preferred_unit_path: 5, dispatched_unit_path: ["root."] }),
    p(REQUESTED, [], { preferred_team_uuid: 7 }),
    p(7),
    p(-1),
    p(Number.NaN),
    { state: CONFIRMED, qualificationIds: [], structureData: null as unknown as Record<string, unknown> },
    { state: REQUESTED, qualificationIds: [], structureData: "garbage" as unknown as Record<string, unknown> },
  ];
  const blocks = [
    {
      id: 1,
      uuid: "u",
      name: "Unit",
      blockType: "atomic" as const,
      allowMore: true,
      positions: [{ id: 1, optional: false, qualificationIds: [NFS, 999] }],
      qualificationRequirements: [],
      subCompositions: [],
    },
  ];
  const keys: Record<string, string[]> = {
    uniform: ["minimum_number_of_participants", "maximum_number_of_participants", "required_qualification_ids"],
    qualification_mix: ["qualification_requirements"],
    named_teams: ["teams"],
    complex: ["starting_blocks"],
  };

  function expectWellFormed(result: SignupStats) {
    for (const value of Object.values(result)) {
      if (value !== null) expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
    }
    expect(result.requested_count).toBe(2);
    expect(result.confirmed_count).toBe(2);
  }

  for (const [slug, configKeys] of Object.entries(keys)) {
    it(`${slug}: never throws, always counts the totals`, () => {
      for (const value of garbage) {
        expectWellFormed(compute(slug, value, participations, context(blocks)));
        for (const key of configKeys) {
          expectWellFormed(compute(slug, { [key]: value }, participations, context(blocks)));
          // garbage inside the lists as well
          expectWellFormed(compute(slug, { [key]: [value, { x: value }] }, participations, context(blocks)));
          const entry = {
            qualification: value,
            min_count: value,
            max_count: value,
            uuid: value,
            building_block: value,
            optional: value,
          };
          expectWellFormed(compute(slug, { [key]: [entry] }, participations, context(blocks)));
        }
      }
    });
  }

  it("uses the fallback numbers when the structure cannot work with its configuration", () => {
    const fallback = stats(2, 2, 0, null, null, null);
    expect(compute("qualification_mix", {}, participations)).toEqual(fallback);
    expect(compute("qualification_mix", { qualification_requirements: "x" }, participations)).toEqual(fallback);
    expect(compute("named_teams", { teams: { a: 1 } }, participations)).toEqual(fallback);
    expect(compute("complex", { starting_blocks: null }, participations)).toEqual(fallback);
    expect(compute("uniform", null, participations)).toEqual(fallback);
  });

  it("treats non-count values as not configured", () => {
    const config = { minimum_number_of_participants: "3", maximum_number_of_participants: -2 };
    expect(compute("uniform", config, [p(CONFIRMED)])).toEqual(stats(0, 1, 0, null, null, null));
    expect(compute("uniform", { minimum_number_of_participants: 2.5, maximum_number_of_participants: true }, [])).toEqual(
      stats(0, 0, 0, null, null, null),
    );
    const requirements = [
      null,
      "x",
      { qualification: "1", min_count: -3, max_count: "4" },
      { qualification: NFS, min_count: 1_000_000_000, max_count: null },
    ];
    expect(compute("qualification_mix", { qualification_requirements: requirements }, [p(CONFIRMED, [NFS])])).toEqual(
      stats(0, 1, 999_999_999, null, 1_000_000_000, null),
    );
    const teams = [null, { uuid: 5, min_count: 1, max_count: 2 }, { uuid: "t", min_count: "1", max_count: 1 }];
    expect(compute("named_teams", { teams }, [p(CONFIRMED, [], { dispatched_team_uuid: "t" })])).toEqual(
      stats(0, 1, 1, 2, 1, 3),
    );
  });
});
