import { beforeAll, describe, expect, it } from "vitest";
import { buildingBlockQuery, toBuildingBlocks } from "../../src/features/buildingblocks/queries";
import { statsInputQueries } from "../../src/features/shifts/queries";
import { idList } from "../../src/db/sql";
import { emptyDatabase, loadWorld, testDb } from "../helpers/db";

// Single-table selects with correlated subqueries in their select list: the subquery must read the
// outer row, not a column of the same name in its own tables (ids chosen so they never coincide).
beforeAll(async () => {
  await emptyDatabase();
  await loadWorld({
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "a@example.org", display_name: "A" },
      { id: 2, email: "b@example.org", display_name: "B" },
    ],
    qualification_categories: [{ id: 1, uuid: "00000000-0000-4000-8000-000000000001", title: "Medical" }],
    qualifications: [
      { id: 5, uuid: "00000000-0000-4000-8000-000000000005", title: "RS", abbreviation: "RS", category: 1 },
      { id: 6, uuid: "00000000-0000-4000-8000-000000000006", title: "NFS", abbreviation: "NFS", category: 1 },
    ],
    qualification_grants: [{ user: 2, qualification: 6 }],
    event_types: [{ id: 1, title: "Service" }],
    events: [{ id: 1, title: "E", type: 1, active: true }],
    shifts: [{ id: 1, event: 1, meeting_time: "2099-01-01T08:00:00", start_time: "2099-01-01T08:00:00", end_time: "2099-01-01T10:00:00", signup_flow_slug: "manual", structure_slug: "uniform" }],
    participations: [
      { id: 1, shift: 1, kind: "local", user: 1, state: 1 },
      { id: 2, shift: 1, kind: "local", user: 2, state: 1 },
    ],
    building_blocks: [
      { id: 7, uuid: "00000000-0000-4000-8000-000000000007", name: "RTW", block_type: "atomic", positions: [{ id: 70, label: "Fahrer", qualifications: [5] }], qualification_requirements: [{ id: 71, qualifications: [6], everyone: true }] },
      { id: 8, uuid: "00000000-0000-4000-8000-000000000008", name: "Wache", block_type: "composite", sub_compositions: [{ id: 80, sub_block: 7 }] },
    ],
  });
});

describe("correlated subqueries in single-table selects", () => {
  it("give each participant only their own qualifications", async () => {
    const db = testDb();
    const [participations] = await db.batch(statsInputQueries(db, idList([1]), Date.now()));
    const byId = Object.fromEntries(participations.map((p) => [p.state + (p.qualificationIds ?? "none"), p.qualificationIds]));
    expect(participations.map((p) => p.qualificationIds).sort()).toEqual(["6", null].sort());
    expect(Object.keys(byId)).toHaveLength(2);
  });

  it("give each building block its own positions, requirements and compositions", async () => {
    const [rtw] = toBuildingBlocks(await buildingBlockQuery(testDb(), 7));
    expect(rtw.positions.map((p) => p.id)).toEqual([70]);
    expect(rtw.qualificationRequirements.map((r) => r.id)).toEqual([71]);
    const [wache] = toBuildingBlocks(await buildingBlockQuery(testDb(), 8));
    expect(wache.subCompositions.map((c) => c.id)).toEqual([80]);
    expect(wache.positions).toEqual([]);
  });
});
