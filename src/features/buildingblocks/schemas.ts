import { z } from "@hono/zod-openapi";
import { pageSchema, paginationQuery } from "../../lib/api/pagination";

const qualificationIds = z.array(z.number().int()).openapi({ description: "Qualification ids (not UUIDs)." });

export const BlockCompositionSchema = z
  .object({
    id: z.number().int(),
    label: z.string(),
    optional: z.boolean(),
    sub_block: z.string().openapi({ format: "uuid", description: "UUID of the sub block." }),
  })
  .openapi("BlockComposition");

export const BlockQualificationRequirementSchema = z
  .object({
    id: z.number().int(),
    qualifications: qualificationIds,
    everyone: z.boolean(),
    at_least: z.number().int(),
  })
  .openapi("BlockQualificationRequirement");

export const BlockPositionSchema = z
  .object({
    id: z.number().int(),
    label: z.string(),
    optional: z.boolean(),
    qualifications: qualificationIds,
  })
  .openapi("BlockPosition");

export const BuildingBlockSchema = z
  .object({
    id: z.number().int(),
    uuid: z.string().openapi({ format: "uuid" }),
    name: z.string(),
    block_type: z.enum(["atomic", "composite"]),
    sub_compositions: z.array(BlockCompositionSchema),
    allow_more: z.boolean(),
    qualification_requirements: z.array(BlockQualificationRequirementSchema),
    positions: z.array(BlockPositionSchema),
  })
  .openapi("BuildingBlock");

export const BuildingBlockPage = pageSchema(BuildingBlockSchema, "PaginatedBuildingBlockList");

export const BuildingBlockListQuery = z.object({ ...paginationQuery });
