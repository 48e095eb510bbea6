import { requireScopes } from "../../auth/access";
import { paginated } from "../../lib/api/pagination";
import { etagOf } from "../../lib/api/etag";
import { apiRoutes, createRouter } from "../../lib/api/router";
import { errorResponse, jsonContent } from "../../lib/api/responses";
import { notFound } from "../../lib/errors";
import { refuseOtherMethods } from "../../lib/api/method-refusals";
import { IdParam } from "../../lib/api/params";
import { buildingBlockPageQueries, buildingBlockQuery, toBuildingBlocks } from "./queries";
import { BuildingBlockListQuery, BuildingBlockPage, BuildingBlockSchema } from "./schemas";
import { buildingBlockJson } from "./serialize";

const apiRoute = apiRoutes({ tag: "Building blocks" });
const access = () => requireScopes("PUBLIC_READ");

const listRoute = apiRoute({
  method: "get",
  path: "/api/buildingblocks/",
  access: access(),
  summary: "Building blocks of complex shift structures",
  description: "Every building block, ordered by id, with its compositions, qualification requirements and positions. No model permission is needed.",
  request: { query: BuildingBlockListQuery },
  responses: { 200: jsonContent(BuildingBlockPage, "A page of building blocks") },
});

const detailRoute = apiRoute({
  method: "get",
  path: "/api/buildingblocks/{id}/",
  access: access(),
  summary: "One building block",
  request: { params: IdParam },
  responses: {
    200: jsonContent(BuildingBlockSchema, "The building block"),
    404: errorResponse("Unknown building block"),
  },
});

export const buildingBlockRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const query = c.req.valid("query");
    const db = c.var.db;
    const [[{ total }], rows] = await db.batch(buildingBlockPageQueries(db, query));
    return c.json(await paginated(c, query, total, toBuildingBlocks(rows).map(buildingBlockJson)), 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid("param");
    const rows = await buildingBlockQuery(c.var.db, id);
    if (!rows.length) throw notFound("BuildingBlock");
    const block = buildingBlockJson(toBuildingBlocks(rows)[0]);
    return c.json(block, 200, { ETag: await etagOf(c.var.settings.secretKey, block) });
  });

refuseOtherMethods(buildingBlockRoutes, () => ({ guard: access() }));
