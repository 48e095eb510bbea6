/** Ausbildung: a training day on the second Saturday of every month except August. */
import { BB } from "../building-blocks";
import { ET } from "../event-types";
import { U } from "../people";
import { Q } from "../qualifications";
import { DAY, atTime, nthWeekday } from "../time";
import { LOC, type EventPlan, coupled, instant, manual, request, shift, uniform } from "./model";
import { type Window, monthsOf } from "./window";

type Training = Pick<EventPlan, "title" | "location" | "description" | "shifts">;

const TRAINING_BY_MONTH: Record<number, (day: number) => Training> = {
  1: (d) => ({
    title: "Sanitätsausbildung Teil 1: Grundlagen", location: LOC.HEIM,
    description: "Erster Teil der Sanitätsausbildung (Anatomie, Vitalfunktionen, Eigenschutz). Voraussetzung ist ein gültiger Erste-Hilfe-Kurs.",
    shifts: [
      shift("Samstag", d, 9, 0, 450, 30, request(atTime(d - 3 * DAY, 20)), uniform(4, 16, [Q.EH], 16)),
      shift("Sonntag", d + DAY, 9, 0, 450, 30, request(atTime(d - 3 * DAY, 20)), uniform(4, 16, [Q.EH], 16)),
    ],
  }),
  2: (d) => ({
    title: "Sanitätsausbildung Teil 2: Notfallbilder", location: LOC.HEIM,
    description: "Herz-Kreislauf-Notfälle, Atemstörungen, Verletzungen. Fallbeispiele in Kleingruppen.",
    shifts: [shift("", d, 9, 0, 450, 30, request(atTime(d - 3 * DAY, 20)), uniform(4, 16, [Q.EH], 16))],
  }),
  3: (d) => ({
    title: "Sanitätsausbildung Teil 3: Praxis und Prüfung", location: LOC.HEIM, description: null,
    shifts: [
      shift("Prüfungstag", d, 8, 30, 480, 30, manual("Die Prüfungsplätze werden von der Ausbildungsleitung vergeben."), uniform(2, 12, [Q.EH], 16)),
    ],
  }),
  4: (d) => ({
    title: "Fortbildung Rettungsdienst (RS/NFS)", location: LOC.HEIM,
    description: "Jährliche Pflichtfortbildung für Rettungs- und Notfallsanitäter (8 Unterrichtseinheiten).",
    shifts: [shift("", d, 8, 0, 480, 30, instant(false), uniform(3, 14, [Q.RS], 18))],
  }),
  5: (d) => ({
    title: "Gemeinsame Einsatzübung mit der Feuerwehr", location: LOC.UEBUNG,
    description: "Übungsszenario: Verkehrsunfall mit mehreren Verletzten. Realistische Unfalldarstellung, Verletztendarsteller willkommen.",
    shifts: [shift("", d, 9, 0, 300, 60, request(null, true), {
      slug: "named_teams", choosePreferred: true, minAge: null,
      teams: [
        { title: "Verletztendarsteller", q: null, min: 0, max: 8 },
        { title: "Einsatzkräfte", q: Q.SAN, min: 4, max: 10 },
        { title: "Übungsleitung", q: Q.GF, min: 1, max: 2 },
      ],
    })],
  }),
  6: (d) => ({
    title: "Fahrsicherheitstraining Einsatzfahrzeuge", location: LOC.VERKEHR,
    description: "Training auf dem Verkehrsübungsplatz mit RTW und KTW. Nur für Fahrerinnen und Fahrer mit Klasse C1.",
    shifts: [shift("", d, 8, 0, 420, 30, request(atTime(d - 7 * DAY, 12)), uniform(2, 8, [Q.C1], 18))],
  }),
  7: (d) => ({
    title: "Sprechfunkerlehrgang (Digitalfunk BOS)", location: LOC.HEIM, description: null,
    shifts: [
      shift("Theorie", d, 9, 0, 240, 30, request(), uniform(4, 12, [], 16)),
      shift("Praxis", d, 14, 0, 180, 30, coupled(0), uniform(4, 12, [], 16)),
    ],
  }),
  9: (d) => ({
    title: "Fortbildung Rettungsdienst (RS/NFS)", location: LOC.HEIM,
    description: "Jährliche Pflichtfortbildung für Rettungs- und Notfallsanitäter, Schwerpunkt Trauma-Management.",
    shifts: [shift("", d, 8, 0, 480, 30, instant(false), uniform(3, 14, [Q.RS], 18))],
  }),
  10: (d) => ({
    title: "Erste-Hilfe-Ausbilder: Fortbildung", location: LOC.HEIM, description: null,
    shifts: [shift("", d, 9, 0, 360, 30, instant(true, true), uniform(2, 8, [Q.SAN], 18))],
  }),
  11: (d) => ({
    title: "MANV-Übung des Landkreises", location: LOC.UEBUNG,
    description: "Kreisweite Übung zum Massenanfall von Verletzten. Treffpunkt am Bereitschaftsheim, gemeinsame Anfahrt im Verband.",
    shifts: [
      shift("Anfahrt und Übung", d, 8, 0, 360, 60, request(atTime(d - 5 * DAY, 18), true), {
        slug: "complex", choosePreferred: true, minAge: 16,
        blocks: [{ block: BB.WACHE, label: "Behandlungsplatz", optional: false }],
      }),
      shift("Verletztendarstellung", d, 7, 0, 420, 60, request(), uniform(0, 10, [], 14)),
    ],
  }),
  12: (d) => ({
    title: "Reanimationstraining nach aktuellen Leitlinien", location: LOC.HEIM,
    description: "Megacode-Training für alle Sanitäterinnen und Sanitäter.",
    shifts: [
      shift("Vormittag", d, 9, 0, 180, 30, instant(), uniform(2, 10, [Q.SAN])),
      shift("Nachmittag", d, 13, 30, 180, 30, instant(), uniform(2, 10, [Q.SAN])),
    ],
  }),
};

export function trainings(w: Window): EventPlan[] {
  const plans: EventPlan[] = [];
  for (const { y, m } of monthsOf(w)) {
    const make = TRAINING_BY_MONTH[m];
    if (!make) continue;
    const day = nthWeekday(y, m, 6, 2);
    if (!w.contains(day)) continue;
    plans.push({ ...make(day), type: ET.AUSBILDUNG, active: true, planners: [U.PLANNER2], date: day });
  }
  return plans;
}
