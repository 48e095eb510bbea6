import type { BuildingBlockRow } from "./queries";

/** ephios's BuildingBlockSerializer (complexsignup); qualifications are referenced by id. */
export function buildingBlockJson(block: BuildingBlockRow) {
  return {
    id: block.id,
    uuid: block.uuid,
    name: block.name,
    block_type: block.blockType,
    sub_compositions: block.subCompositions.map((c) => ({ id: c.id, label: c.label, optional: c.optional, sub_block: c.subBlockUuid })),
    allow_more: block.allowMore,
    qualification_requirements: block.qualificationRequirements.map((r) => ({ id: r.id, qualifications: r.qualifications, everyone: r.everyone, at_least: r.atLeast })),
    positions: block.positions.map((p) => ({ id: p.id, label: p.label, optional: p.optional, qualifications: p.qualifications })),
  };
}
