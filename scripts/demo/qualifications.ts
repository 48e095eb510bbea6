/** The qualification catalogue of the demo unit: categories, qualifications and what they include. */
import type { FxQualification, FxQualificationCategory } from "./types";

export const CATEGORIES: FxQualificationCategory[] = [
  { id: 1, uuid: "4f6d2a1e-8b3c-4d7e-9a21-5c0e7b3f9d12", title: "Sanitätsdienst", show_with_user: true },
  { id: 2, uuid: "a3c81f57-2e94-4b0a-8d6f-71e2c9b40a85", title: "Fahrerlaubnis", show_with_user: false },
  { id: 3, uuid: "6e0b9d34-f1a7-4c52-b8e3-0d4a6f2c7e91", title: "Technik", show_with_user: false },
  { id: 4, uuid: "c9d47e12-5a6b-4f38-9e0c-2b8a1d5f6c34", title: "Führung", show_with_user: true },
];

export const Q = { EH: 1, SAN: 2, RS: 3, NFS: 4, B: 5, C1: 6, C: 7, SPF: 8, TUS: 9, GF: 10, ZF: 11 } as const;
export type QKey = keyof typeof Q;

const qualification = (id: number, uuid: string, title: string, abbreviation: string, category: number, includes: number[] = []) => ({
  id, uuid, title, abbreviation, category, includes,
});

export const QUALIFICATIONS: FxQualification[] = [
  qualification(Q.EH, "0b5e7c3a-9d21-4f86-a4b0-3e6d8c1f2a57", "Ersthelfer", "EH", 1),
  qualification(Q.SAN, "7d2f1a68-c4e3-4b95-8f07-a1b6e9d3c520", "Sanitäter", "SAN", 1, [Q.EH]),
  qualification(Q.RS, "e81c4b29-6f0d-4a73-b5e2-9c7a3d0f1b64", "Rettungssanitäter", "RS", 1, [Q.SAN]),
  qualification(Q.NFS, "3a9f6e05-b2d8-4c17-9e4a-f0c5d7b81e23", "Notfallsanitäter", "NFS", 1, [Q.RS]),
  qualification(Q.B, "5c1d8e7f-0a3b-4e69-a2d4-6b9f0c3e7a18", "Führerschein Klasse B", "B", 2),
  qualification(Q.C1, "92e4a0b6-7c5f-4d38-b1e9-d3a6f8c20b47", "Führerschein Klasse C1", "C1", 2, [Q.B]),
  qualification(Q.C, "d6b3f9a1-4e07-4c2d-8a5b-e1f7c0d94a36", "Führerschein Klasse C", "C", 2, [Q.C1]),
  qualification(Q.SPF, "1f7a3c9e-d5b2-4e80-96c1-48e0b2a7f5d9", "Sprechfunker", "SPF", 3),
  qualification(Q.TUS, "b04e6d2c-8f1a-4b57-a3e9-7c2d5f0e16b8", "Technik und Sicherheit", "TuS", 3),
  qualification(Q.GF, "8c5a2e1d-3b9f-4d06-bf74-0e6a9c3d5f21", "Gruppenführer", "GF", 4),
  qualification(Q.ZF, "f3d0b7a4-6e2c-4a19-8d5f-b9e1c4a07d62", "Zugführer", "ZF", 4, [Q.GF]),
];

const includes = new Map(QUALIFICATIONS.map((q) => [q.id, q.includes]));

/** The qualifications `direct` amounts to, with everything they include transitively. */
export function withIncluded(direct: Iterable<number>): Set<number> {
  const out = new Set<number>();
  const stack = [...direct];
  while (stack.length) {
    const q = stack.pop()!;
    if (out.has(q)) continue;
    out.add(q);
    stack.push(...(includes.get(q) ?? []));
  }
  return out;
}
