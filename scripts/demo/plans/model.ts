/**
 * What the calendar of the demo unit is planned in before it becomes fixture records: events with
 * their shifts, each shift's signup flow and structure, at wall times (time.ts).
 */
import { MIN, atTime } from "../time";

export type FlowSpec =
  | { slug: "instant_confirmation" | "request_confirm"; signupUntil: number | null; decline: boolean; customize: boolean }
  | { slug: "manual"; explanation: string }
  | { slug: "coupled"; leaderIndex: number };

export interface Team {
  title: string;
  q: number | null;
  min: number;
  max: number | null;
}

export type StructureSpec =
  | { slug: "uniform"; min: number | null; max: number | null; quals: number[]; minAge: number | null }
  | { slug: "qualification_mix"; reqs: { q: number | null; min: number; max: number | null }[]; minAge: number | null }
  | { slug: "named_teams"; teams: Team[]; choosePreferred: boolean; minAge: number | null }
  | { slug: "complex"; blocks: { block: number; label: string; optional: boolean }[]; choosePreferred: boolean; minAge: number | null };

export interface ShiftPlan {
  label: string;
  start: number;
  end: number;
  /** Minutes before start. */
  meetingBefore: 30 | 45 | 60;
  flow: FlowSpec;
  structure: StructureSpec;
}

export interface EventPlan {
  title: string;
  description: string | null;
  location: string;
  type: number;
  active: boolean;
  /** Visible to the management group only (plus invited users). */
  restricted?: boolean;
  /** Users that hold object change_event. */
  planners: number[];
  /** May be shared with the federated guest. */
  shareable?: boolean;
  /** Sort key for events without shifts. */
  date: number;
  shifts: ShiftPlan[];
}

export const LOC = {
  HEIM: "Bereitschaftsheim, Am Anger 12, Lindenhain",
  MARKT: "Marktplatz, Lindenhain",
  STADTHALLE: "Stadthalle Lindenhain, Schillerstraße 4",
  GRUNDSCHULE: "Grundschule am Weiher, Weiherweg 2, Lindenhain-Unterlinden",
  SPORTPARK: "Sportpark am Mühlbach, Lindenhain",
  SCHLOSSPARK: "Schlosspark Lindenhain",
  FESTPLATZ: "Festplatz an der Mühle, Lindenhain",
  RATHAUS: "Rathausplatz, Lindenhain",
  KIRCHE: "St.-Martin-Kirche, Kirchgasse 1, Lindenhain",
  UEBUNG: "Übungsgelände Kiesgrube Nord, Lindenhain",
  VERKEHR: "Verkehrsübungsplatz Lindenhain-Ost",
  STAUSEE: "Stausee Lindenhain, Parkplatz Nord",
  LINDENHOF: "Reitanlage Gut Lindenhof, Lindenhain",
  INNENSTADT: "Innenstadt Lindenhain, Start und Ziel am Rathausplatz",
} as const;

export const instant = (customize = true, decline = false, signupUntil: number | null = null): FlowSpec => ({
  slug: "instant_confirmation", signupUntil, decline, customize,
});
export const request = (signupUntil: number | null = null, decline = false, customize = false): FlowSpec => ({
  slug: "request_confirm", signupUntil, decline, customize,
});
export const manual = (explanation: string): FlowSpec => ({ slug: "manual", explanation });
export const coupled = (leaderIndex: number): FlowSpec => ({ slug: "coupled", leaderIndex });
export const uniform = (min: number | null, max: number | null, quals: number[] = [], minAge: number | null = null): StructureSpec => ({
  slug: "uniform", min, max, quals, minAge,
});

/** A shift starting at startH:startM on `day` (wall midnight), lasting `durationMin` minutes. */
export function shift(
  label: string,
  day: number,
  startH: number,
  startM: number,
  durationMin: number,
  meetingBefore: 30 | 45 | 60,
  flow: FlowSpec,
  structure: StructureSpec,
): ShiftPlan {
  const start = atTime(day, startH, startM);
  return { label, start, end: start + durationMin * MIN, meetingBefore, flow, structure };
}
