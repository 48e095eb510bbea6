/**
 * Building blocks of the complex shifts: a medical post (composite) of an ambulance, a patient
 * transport and two first-aid squads. Blocks, positions, requirements and compositions are
 * separate id spaces.
 */
import { Q } from "./qualifications";
import type { FxBuildingBlock } from "./types";

export const BB = { RTW: 1, KTW: 2, TRUPP: 3, WACHE: 4 } as const;

type Position = FxBuildingBlock["positions"][number];
const position = (id: number, label: string, qualifications: number[]): Position => ({ id, label, optional: false, qualifications });
const everyone = (id: number, qualifications: number[]) => ({ id, qualifications, everyone: true, at_least: 0 });

export const BUILDING_BLOCKS: FxBuildingBlock[] = [
  {
    id: BB.RTW, uuid: "2b7e9f14-a6c3-4d85-b0e2-5f1a8c7d3e96", name: "RTW", block_type: "atomic", allow_more: false,
    positions: [position(1, "Fahrer", [Q.RS, Q.C1]), position(2, "Beifahrer", [Q.NFS])],
    qualification_requirements: [],
    sub_compositions: [],
  },
  {
    id: BB.KTW, uuid: "71c0d5a8-3e9b-4f62-8a17-d4b6e2f09c53", name: "KTW", block_type: "atomic", allow_more: false,
    positions: [position(3, "Fahrer", [Q.SAN, Q.B]), position(4, "Transportführer", [Q.RS])],
    qualification_requirements: [],
    sub_compositions: [],
  },
  {
    id: BB.TRUPP, uuid: "c5f38a0e-9d14-4b7a-a6c2-e08b3f5d1794", name: "Sanitätstrupp", block_type: "atomic", allow_more: true,
    positions: [position(5, "Truppführer", [Q.SAN]), position(6, "Truppmann", [])],
    qualification_requirements: [everyone(1, [Q.EH])],
    sub_compositions: [],
  },
  {
    id: BB.WACHE, uuid: "9e2a6c71-f0b4-4d38-8c59-1a7e3d6b0f25", name: "Sanitätswache", block_type: "composite", allow_more: false,
    positions: [],
    qualification_requirements: [everyone(2, [Q.EH])],
    sub_compositions: [
      { id: 1, sub_block: BB.RTW, label: "RTW 1/83-1", optional: false },
      { id: 2, sub_block: BB.KTW, label: "KTW 1/85-1", optional: true },
      { id: 3, sub_block: BB.TRUPP, label: "Trupp Nord", optional: false },
      { id: 4, sub_block: BB.TRUPP, label: "Trupp Süd", optional: false },
    ],
  },
];
