import { type SQL, count, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { outer } from "../../db/sql";
import { buildingBlocks } from "../../db/schema";

interface PositionJson {
  id: number;
  label: string;
  optional: number;
  qualifications: number[];
}
interface RequirementJson {
  id: number;
  qualifications: number[];
  everyone: number;
  at_least: number;
}
interface CompositionJson {
  id: number;
  label: string;
  optional: number;
  sub_block: string;
  sub_block_id: number;
}

export interface BuildingBlockRow {
  id: number;
  uuid: string;
  name: string;
  blockType: "atomic" | "composite";
  allowMore: boolean;
  positions: { id: number; label: string; optional: boolean; qualifications: number[] }[];
  qualificationRequirements: { id: number; qualifications: number[]; everyone: boolean; atLeast: number }[];
  subCompositions: { id: number; label: string; optional: boolean; subBlockUuid: string; subBlockId: number }[];
}

/** A JSON array of `item` over the rows of `from`, in `order` (SQLite keeps a subquery's order). */
const jsonList = (item: SQL, from: SQL, order: SQL) => sql<string>`(SELECT json_group_array(json(item)) FROM (SELECT ${item} AS item ${from} ORDER BY ${order}))`;

const qualificationIdsOf = (table: string, column: string, id: SQL) =>
  sql.raw(`(SELECT json_group_array(q.qualification_id) FROM (SELECT qualification_id FROM ${table} WHERE ${column} = `).append(id).append(sql.raw(" ORDER BY qualification_id) q)"));

/**
 * Building blocks with their positions, requirements and compositions, nested as JSON by SQLite,
 * so one statement returns whole blocks whatever their size.
 */
function blocksQuery(db: Database, where?: SQL) {
  const positions = jsonList(
    sql`json_object('id', p.id, 'label', p.label, 'optional', p.optional, 'qualifications', ${qualificationIdsOf("block_position_qualifications", "position_id", sql`p.id`)})`,
    sql`FROM block_positions p WHERE p.block_id = ${outer(buildingBlocks.id)}`,
    sql`p.id`,
  );
  const requirements = jsonList(
    sql`json_object('id', r.id, 'everyone', r.everyone, 'at_least', r.at_least, 'qualifications', ${qualificationIdsOf("block_requirement_qualifications", "requirement_id", sql`r.id`)})`,
    sql`FROM block_qualification_requirements r WHERE r.block_id = ${outer(buildingBlocks.id)}`,
    sql`r.id`,
  );
  const compositions = jsonList(
    sql`json_object('id', c.id, 'label', c.label, 'optional', c.optional, 'sub_block', sb.uuid, 'sub_block_id', c.sub_block_id)`,
    sql`FROM block_compositions c JOIN building_blocks sb ON sb.id = c.sub_block_id WHERE c.composite_block_id = ${outer(buildingBlocks.id)}`,
    sql`c.id`,
  );
  return db
    .select({
      id: buildingBlocks.id,
      uuid: buildingBlocks.uuid,
      name: buildingBlocks.name,
      blockType: buildingBlocks.blockType,
      allowMore: buildingBlocks.allowMore,
      positions: positions.as("positions"),
      requirements: requirements.as("requirements"),
      compositions: compositions.as("compositions"),
    })
    .from(buildingBlocks)
    .where(where)
    .orderBy(buildingBlocks.id);
}

type BlockQueryRow = Awaited<ReturnType<typeof blocksQuery>>[number];

function toBlock(row: BlockQueryRow): BuildingBlockRow {
  const positions = JSON.parse(row.positions) as PositionJson[];
  const requirements = JSON.parse(row.requirements) as RequirementJson[];
  const compositions = JSON.parse(row.compositions) as CompositionJson[];
  return {
    id: row.id,
    uuid: row.uuid,
    name: row.name,
    blockType: row.blockType,
    allowMore: row.allowMore,
    positions: positions.map((p) => ({ id: p.id, label: p.label, optional: p.optional === 1, qualifications: p.qualifications })),
    qualificationRequirements: requirements.map((r) => ({ id: r.id, qualifications: r.qualifications, everyone: r.everyone === 1, atLeast: r.at_least })),
    subCompositions: compositions.map((c) => ({ id: c.id, label: c.label, optional: c.optional === 1, subBlockUuid: c.sub_block, subBlockId: c.sub_block_id })),
  };
}

export const toBuildingBlocks = (rows: BlockQueryRow[]) => rows.map(toBlock);

/** Every building block (a small table: complex shifts need the whole tree). */
export function allBuildingBlocksQuery(db: Database) {
  return blocksQuery(db);
}

export function buildingBlockPageQueries(db: Database, page: { limit: number; offset: number }) {
  return [db.select({ total: count() }).from(buildingBlocks), blocksQuery(db).limit(page.limit).offset(page.offset)] as const;
}

export function buildingBlockQuery(db: Database, id: number) {
  return blocksQuery(db, sql`${buildingBlocks.id} = ${id}`);
}
