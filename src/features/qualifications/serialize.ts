import { QualificationGraph } from "../../lib/qualifications/graph";
import type { QualificationQueryRow } from "./queries";

/** ephios's QualificationSerializer. */
export interface QualificationJson {
  uuid: string;
  title: string;
  abbreviation: string;
  /** The category's UUID. */
  category: string;
  /** UUIDs of every qualification reachable through `includes` (itself only on a cycle). */
  includes: string[];
}

/** Parses the JSON array of directly included ids; anything unexpected counts as none. */
function directIncludes(value: unknown): number[] {
  if (typeof value !== "string") return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((id): id is number => typeof id === "number") : [];
  } catch {
    return [];
  }
}

/**
 * Serialized qualifications by id, `includes` being the transitive closure of the direct
 * inclusions (listed in id order). Ids that point to no qualification are skipped.
 */
export function qualificationsById(rows: QualificationQueryRow[]): Map<number, QualificationJson> {
  const direct = new Map(rows.map((row) => [row.id, directIncludes(row.includes)]));
  const graph = new QualificationGraph(direct);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const result = new Map<number, QualificationJson>();
  for (const row of rows) {
    // What the direct inclusions spread to; the qualification itself only on a cycle.
    const reached = [...graph.spreadFrom(direct.get(row.id) ?? [])].filter((id) => byId.has(id));
    result.set(row.id, {
      uuid: row.uuid,
      title: row.title,
      abbreviation: row.abbreviation,
      category: row.categoryUuid,
      includes: reached.sort((a, b) => a - b).map((id) => byId.get(id)!.uuid),
    });
  }
  return result;
}

/** The serialized qualifications of the given ids, in the order given; unknown ids are skipped. */
export function qualificationsOf(ids: Iterable<number>, byId: Map<number, QualificationJson>): QualificationJson[] {
  const out: QualificationJson[] = [];
  for (const id of ids) {
    const qualification = byId.get(id);
    if (qualification) out.push(qualification);
  }
  return out;
}
