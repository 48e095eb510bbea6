/**
 * A planned shift's signup flow and structure configurations as ephios stores them, and the places
 * ("slots") its structure offers, which participations.ts fills.
 */
import { CONFIRMED, GETTING_DISPATCHED } from "../../src/db/participation-states";
import { BUILDING_BLOCKS } from "./building-blocks";
import type { FlowSpec, ShiftPlan, StructureSpec } from "./plans/model";
import type { Rng } from "./rng";
import { MIN, fmtAware, fmtNaive } from "./time";
import type { FxShift, JsonObject } from "./types";

/** A place in a shift: who fits it, whether the structure needs it filled, and the structure data it gives a participation. */
export interface Slot {
  quals: number[];
  required: boolean;
  data: (state: number) => JsonObject;
}

const placed = (state: number) => state === CONFIRMED || state === GETTING_DISPATCHED;
const noData = () => ({});

/** `ids` are the ids of the event's shifts, by index in its plan (a coupled shift names its leader by index). */
function flowConfiguration(flow: FlowSpec, ids: number[]): JsonObject {
  if (flow.slug === "manual") return { no_selfservice_explanation: flow.explanation };
  if (flow.slug === "coupled") return { leader_shift_id: ids[flow.leaderIndex]! };
  return {
    signup_until: flow.signupUntil === null ? null : fmtAware(flow.signupUntil),
    user_can_decline_confirmed: flow.decline,
    user_can_customize_signup_times: flow.customize,
  };
}

type Structured = { config: JsonObject; slots: Slot[] };

function uniform(st: Extract<StructureSpec, { slug: "uniform" }>): Structured {
  const config = {
    minimum_number_of_participants: st.min,
    maximum_number_of_participants: st.max,
    required_qualification_ids: [...st.quals],
    minimum_age: st.minAge,
  };
  // Unbounded shifts (Dienstabende) get room for about ten people; the first places are filled
  // with the higher probability of required places.
  const n = Math.min(st.max ?? (st.min ?? 0) + 10, 12);
  const likely = Math.max(st.min ?? 0, Math.min(n, 6));
  const slots = Array.from({ length: n }, (_, k): Slot => ({ quals: st.quals, required: k < likely, data: noData }));
  return { config, slots };
}

function qualificationMix(st: Extract<StructureSpec, { slug: "qualification_mix" }>): Structured {
  const config = {
    qualification_requirements: st.reqs.map((r) => ({ qualification: r.q, min_count: r.min, max_count: r.max })),
    minimum_age: st.minAge,
  };
  const slots = st.reqs.flatMap((r) =>
    Array.from({ length: r.max ?? r.min + 2 }, (_, k): Slot => ({ quals: r.q === null ? [] : [r.q], required: k < r.min, data: noData })),
  );
  return { config, slots };
}

function namedTeams(st: Extract<StructureSpec, { slug: "named_teams" }>, urng: Rng): Structured {
  const teams = st.teams.map((t) => ({ ...t, uuid: urng.uuid4() }));
  const config = {
    teams: teams.map((t) => ({ title: t.title, uuid: t.uuid, qualification: t.q, min_count: t.min, max_count: t.max })),
    choose_preferred_team: st.choosePreferred,
    minimum_age: st.minAge,
  };
  const slots = teams.flatMap((t) => {
    const data = (state: number) => {
      const d: JsonObject = {};
      if (st.choosePreferred) d.preferred_team_uuid = t.uuid;
      if (placed(state)) d.dispatched_team_uuid = t.uuid;
      return d;
    };
    return Array.from({ length: Math.min(t.max ?? t.min + 2, 6) }, (_, k): Slot => ({ quals: t.q === null ? [] : [t.q], required: k < t.min, data }));
  });
  return { config, slots };
}

const blockById = new Map(BUILDING_BLOCKS.map((b) => [b.id, b]));

function complex(st: Extract<StructureSpec, { slug: "complex" }>, urng: Rng): Structured {
  const starting = st.blocks.map((b) => ({ building_block: b.block, label: b.label, optional: b.optional, uuid: urng.uuid4() }));
  const config = { starting_blocks: starting, choose_preferred_unit: st.choosePreferred, minimum_age: st.minAge };
  const slots: Slot[] = [];
  // Each atomic unit, reached by its path of composition ids, offers its positions (and one more
  // place when it allows more); qualifications everyone in a block needs pass down to its units.
  const walk = (blockId: number, path: string, inherited: number[], optional: boolean) => {
    const block = blockById.get(blockId)!;
    const req = [...inherited, ...block.qualification_requirements.filter((r) => r.everyone).flatMap((r) => r.qualifications)];
    if (block.block_type === "composite") {
      for (const c of block.sub_compositions) walk(c.sub_block, `${path}${c.id}.`, req, optional || c.optional);
      return;
    }
    const data = (state: number) => {
      const d: JsonObject = {};
      if (st.choosePreferred) d.preferred_unit_path = path;
      if (placed(state)) d.dispatched_unit_path = path;
      return d;
    };
    for (const pos of block.positions) slots.push({ quals: [...req, ...pos.qualifications], required: !(optional || pos.optional), data });
    if (block.allow_more) slots.push({ quals: req, required: false, data });
  };
  for (const s of starting) walk(s.building_block, `root.${s.uuid}.`, [], s.optional);
  return { config, slots };
}

function structure(st: StructureSpec, urng: Rng): Structured {
  switch (st.slug) {
    case "uniform":
      return uniform(st);
    case "qualification_mix":
      return qualificationMix(st);
    case "named_teams":
      return namedTeams(st, urng);
    case "complex":
      return complex(st, urng);
  }
}

/** The shift record of a planned shift, and its slots. `urng` gives the team and starting block uuids. */
export function buildShift(sp: ShiftPlan, id: number, event: number, ids: number[], urng: Rng): { shift: FxShift; slots: Slot[] } {
  const { config, slots } = structure(sp.structure, urng);
  const shift: FxShift = {
    id,
    event,
    label: sp.label,
    meeting_time: fmtNaive(sp.start - sp.meetingBefore * MIN),
    start_time: fmtNaive(sp.start),
    end_time: fmtNaive(sp.end),
    signup_flow_slug: sp.flow.slug,
    signup_flow_configuration: flowConfiguration(sp.flow, ids),
    structure_slug: sp.structure.slug,
    structure_configuration: config,
  };
  return { shift, slots };
}
