import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { flag } from "./columns";
import { qualifications } from "./qualifications";

export const buildingBlocks = sqliteTable("building_blocks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  uuid: text("uuid").notNull().unique(),
  name: text("name").notNull(),
  blockType: text("block_type", { enum: ["atomic", "composite"] }).notNull(),
  allowMore: flag("allow_more").notNull().default(false),
});

export const blockPositions = sqliteTable(
  "block_positions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    blockId: integer("block_id").notNull().references(() => buildingBlocks.id, { onDelete: "cascade" }),
    label: text("label").notNull().default(""),
    optional: flag("optional").notNull().default(false),
  },
  (t) => [index("block_positions_block_idx").on(t.blockId)],
);

export const blockPositionQualifications = sqliteTable(
  "block_position_qualifications",
  {
    positionId: integer("position_id").notNull().references(() => blockPositions.id, { onDelete: "cascade" }),
    qualificationId: integer("qualification_id").notNull().references(() => qualifications.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.positionId, t.qualificationId] })],
);

export const blockQualificationRequirements = sqliteTable(
  "block_qualification_requirements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    blockId: integer("block_id").notNull().references(() => buildingBlocks.id, { onDelete: "cascade" }),
    everyone: flag("everyone").notNull().default(false),
    atLeast: integer("at_least").notNull().default(0),
  },
  (t) => [index("block_qualification_requirements_block_idx").on(t.blockId)],
);

export const blockRequirementQualifications = sqliteTable(
  "block_requirement_qualifications",
  {
    requirementId: integer("requirement_id").notNull().references(() => blockQualificationRequirements.id, { onDelete: "cascade" }),
    qualificationId: integer("qualification_id").notNull().references(() => qualifications.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.requirementId, t.qualificationId] })],
);

export const blockCompositions = sqliteTable(
  "block_compositions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    compositeBlockId: integer("composite_block_id").notNull().references(() => buildingBlocks.id, { onDelete: "cascade" }),
    // A block used inside another cannot be deleted out from under it.
    subBlockId: integer("sub_block_id").notNull().references(() => buildingBlocks.id, { onDelete: "restrict" }),
    label: text("label").notNull().default(""),
    optional: flag("optional").notNull().default(false),
  },
  (t) => [index("block_compositions_composite_idx").on(t.compositeBlockId), index("block_compositions_sub_idx").on(t.subBlockId)],
);
