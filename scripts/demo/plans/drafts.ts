/** Unpublished drafts and oddities: events without shifts, inactive events, a date still to come. */
import { ET } from "../event-types";
import { U } from "../people";
import { Q } from "../qualifications";
import { DAY, nthWeekday, parts, startOfDay } from "../time";
import { LOC, type EventPlan, coupled, request, shift, uniform } from "./model";

/** The n-th weekday of the month `daysAhead` days after the base date. */
const inMonthAhead = (base: number, daysAhead: number, weekday: number, n: number) =>
  nthWeekday(parts(base + daysAhead * DAY).y, parts(base + daysAhead * DAY).m, weekday, n);

export function drafts(base: number): EventPlan[] {
  const d = inMonthAhead(base, 75, 6, 3);
  const d2 = inMonthAhead(base, 150, 0, 2);
  const d3 = inMonthAhead(base, 100, 6, 4);
  const d4 = startOfDay(base + 24 * DAY);
  return [
    {
      title: "Sanitätsdienst Motorradtreffen am Stausee (Entwurf)", location: LOC.STAUSEE, type: ET.SAN, active: false, planners: [U.PLANNER], date: d,
      description: "Noch nicht veröffentlicht: Anfrage des Veranstalters liegt vor, Angebot ist raus.",
      shifts: [shift("", d, 9, 0, 540, 60, request(), uniform(3, 5, [Q.SAN], 18))],
    },
    {
      title: "Sanitätsdienst Reitturnier Gut Lindenhof (in Planung)", location: LOC.LINDENHOF, type: ET.SAN, active: false, planners: [U.PLANNER], date: d2,
      description: null,
      shifts: [],
    },
    {
      title: "Ausbildung Technik und Sicherheit (Entwurf)", location: LOC.HEIM, type: ET.AUSBILDUNG, active: false, planners: [U.PLANNER2], date: d3,
      description: null,
      shifts: [
        shift("Samstag", d3, 9, 0, 420, 30, request(), uniform(4, 10, [], 18)),
        shift("Sonntag", d3 + DAY, 9, 0, 420, 30, coupled(0), uniform(4, 10, [], 18)),
      ],
    },
    {
      title: "Infoabend für neue Mitglieder (Termin folgt)", location: LOC.HEIM, type: ET.OEFFENTLICH, active: true, planners: [U.MANAGER], date: d4,
      description: "Wir stellen die Bereitschaft vor. Der genaue Termin wird noch bekanntgegeben.",
      shifts: [],
    },
  ];
}
