/**
 * npm run bench:stats
 *
 * CPU time of the signup stats of one shift with the worst configurations the shift validation
 * accepts, for 50, 100 and 150 CONFIRMED participants (and a fifth as many REQUESTED ones):
 *
 * - `qualification_mix`: 100 requirements (the most a list may hold) over 100 different
 *   qualifications in chains of includes, each with min_count 50 and no maximum, so that every
 *   requirement offers required and optional places; participants with two qualifications each,
 *   and once more with everyone holding one that includes all (the shape of the issue's
 *   reproduction, the old code's worst case);
 * - `complex`: one starting block whose tree is at both bounds of the stats (256 blocks, 1020
 *   regular positions): a composite of 255 different atomic blocks with `allow_more` and four
 *   positions each; participants prefer units of their own, every tenth is dispatched.
 *
 * Runs shiftSignupStats in this Node process (V8, as workerd), after warm-up runs; prints the
 * process's CPU time per run (median and slowest: on shared cores it moves less than the wall
 * time, also printed), the matching's steps and the number of places ephios would build (one
 * matching column each before the grouping). Only prints figures: nothing here passes or fails
 * (the target is under 50 ms, see bench/README.md).
 */
import { type BuildingBlockForStats, type StatsContext, type StatsParticipation, shiftSignupStats } from "../src/lib/structures";
import { matchingSteps } from "../src/lib/matching";
import os from "node:os";
import { codeInfo, machineInfo } from "./environment";

const WARMUP = 5;
const RUNS = 21;
const QUALIFICATIONS = 100;
const UNITS = 255;
const CONFIRMED = 1;
const REQUESTED = 0;

// Chains of five: 1 ⊃ 2 ⊃ … ⊃ 5, 6 ⊃ … ⊃ 10, …; and one more that includes all of them
const ALL = QUALIFICATIONS + 1;
const qualificationIncludes = new Map([
  ...Array.from({ length: QUALIFICATIONS }, (_, i): [number, number[]] => [i + 1, (i + 1) % 5 ? [i + 2] : []]),
  [ALL, Array.from({ length: QUALIFICATIONS }, (_, i) => i + 1)],
]);

const qualificationMix = {
  qualification_requirements: Array.from({ length: QUALIFICATIONS }, (_, i) => ({ qualification: i + 1, min_count: 50, max_count: null })),
};

const blocks: BuildingBlockForStats[] = [
  ...Array.from({ length: UNITS }, (_, i): BuildingBlockForStats => ({
    id: i + 1,
    uuid: `unit-${i + 1}`,
    name: "Unit",
    blockType: "atomic",
    allowMore: true,
    positions: [0, 1, 2, 3].map((k) => ({ id: (i + 1) * 10 + k, optional: k === 3, qualificationIds: [((i * 4 + k) % QUALIFICATIONS) + 1] })),
    qualificationRequirements: [],
    subCompositions: [],
  })),
  {
    id: 1000,
    uuid: "station",
    name: "Station",
    blockType: "composite",
    allowMore: false,
    positions: [],
    qualificationRequirements: [],
    subCompositions: Array.from({ length: UNITS }, (_, i) => ({ id: 5000 + i, subBlockId: i + 1, optional: false, label: "" })),
  },
];
const complex = { starting_blocks: [{ building_block: 1000, uuid: "s", optional: false, label: "" }] };
const unit = (i: number) => `root.s.${5000 + (i % UNITS)}.`;

function participants(confirmed: number, holdAll = false): StatsParticipation[] {
  return Array.from({ length: confirmed + confirmed / 5 }, (_, i) => ({
    state: i < confirmed ? CONFIRMED : REQUESTED,
    qualificationIds: holdAll ? [ALL] : [((i * 37) % QUALIFICATIONS) + 1, ((i * 11) % QUALIFICATIONS) + 1],
    structureData: { preferred_unit_path: unit(i * 7), ...(i % 10 === 0 && { dispatched_unit_path: unit(i * 13) }) },
  }));
}

const context: StatsContext = { qualificationIncludes, buildingBlocks: new Map(blocks.map((b) => [b.id, b])) };

/** Places ephios builds: per requirement max(min, N) without a maximum; per unit its positions and N+1 allow_more places (+ overflow). */
function ephiosPlaces(slug: string, people: StatsParticipation[]): number {
  const confirmed = people.filter((p) => p.state === CONFIRMED).length;
  if (slug === "qualification_mix") return qualificationMix.qualification_requirements.reduce((sum, r) => sum + Math.max(r.min_count, confirmed), 0);
  return UNITS * (4 + people.length + 1);
}

function measure(slug: string, configuration: Record<string, unknown>, people: StatsParticipation[]) {
  const run = () => shiftSignupStats({ structureSlug: slug, structureConfiguration: configuration }, people, context);
  for (let i = 0; i < WARMUP; i++) run();
  const cpu: number[] = [];
  const wall: number[] = [];
  const before = matchingSteps();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    run();
    const { user, system } = process.cpuUsage(used);
    cpu.push((user + system) / 1000);
    wall.push(performance.now() - start);
  }
  const steps = (matchingSteps() - before) / RUNS;
  const median = (values: number[]) => values.sort((a, b) => a - b)[RUNS >> 1];
  return { cpu: median(cpu), slowestCpu: cpu[RUNS - 1], wall: median(wall), steps };
}

console.log("# Signup stats of the worst accepted configurations\n");
for (const line of [...machineInfo(), ...codeInfo("")]) console.log(`- ${line}`);
console.log(`- ${WARMUP} warm-up runs, then ${RUNS} measured runs per row; CPU and wall time in ms of this Node process; load average ${os.loadavg()[0].toFixed(1)}\n`);
console.log("| structure | CONFIRMED | REQUESTED | places ephios builds | matching steps | CPU ms (median) | CPU ms (slowest) | wall ms (median) |");
console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
for (const [slug, configuration, holdAll] of [
  ["qualification_mix", qualificationMix, false],
  ["qualification_mix", qualificationMix, true],
  ["complex", complex, false],
] as const) {
  for (const confirmed of [50, 100, 150]) {
    const people = participants(confirmed, holdAll);
    const { cpu, slowestCpu, wall, steps } = measure(slug, configuration, people);
    const name = holdAll ? `${slug}, everyone fits all` : slug;
    const figures = [name, confirmed, people.length - confirmed, ephiosPlaces(slug, people), Math.round(steps), cpu.toFixed(1), slowestCpu.toFixed(1), wall.toFixed(1)];
    console.log(`| ${figures.join(" | ")} |`);
  }
}
