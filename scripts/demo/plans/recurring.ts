/** The regular calendar: fortnightly service evenings, monthly blood drives and the football home games. */
import { BB } from "../building-blocks";
import { ET } from "../event-types";
import { U } from "../people";
import { Q } from "../qualifications";
import type { Rng } from "../rng";
import { DAY, atTime, nthWeekday, parts } from "../time";
import { LOC, type EventPlan, type ShiftPlan, coupled, instant, request, shift, uniform } from "./model";
import { type Window, monthsOf, weekdaysOf } from "./window";

const DIENSTABEND_TOPICS = [
  "Funkübung mit der Leitstelle",
  "Fahrzeugkunde RTW und KTW",
  "Reanimationstraining",
  "Materialpflege und Inventur",
  "Hygiene und Desinfektion",
  "Trage- und Rettungstechnik",
  "Großschadenslage MANV – Sichtung",
  "Kindernotfälle",
  "Einsatznachbesprechung und Fallbeispiele",
  "Psychische Erste Hilfe",
  "Wundversorgung und Verbände",
  "Sanitätsrucksack packen",
];

const OPPONENTS = [
  "SV Eichenau", "TuS Birkenhagen", "FC Unterlinden 1921", "SpVgg Waldheim", "VfB Steinbrück",
  "SC Rosental", "TSV Mühlental", "1. FC Grünwiesen", "SG Hohenau/Talbach", "FSV Kirchdorf",
];

/** Dienstabende: every other Thursday, with a summer and a Christmas break. */
export function serviceEvenings(w: Window, rng: Rng): EventPlan[] {
  const plans: EventPlan[] = [];
  let topic = rng.int(0, DIENSTABEND_TOPICS.length - 1);
  for (const day of weekdaysOf(w, 4, 14)) {
    const p = parts(day);
    if (p.m === 8) continue; // Sommerpause
    if ((p.m === 12 && p.d >= 20) || (p.m === 1 && p.d <= 6)) continue; // Weihnachtspause
    const title = `Dienstabend: ${DIENSTABEND_TOPICS[topic % DIENSTABEND_TOPICS.length]}`;
    topic++;
    plans.push({
      title,
      description: rng.chance(0.4)
        ? null
        : "Regulärer Dienstabend der Bereitschaft. Bitte in Dienstkleidung erscheinen; Getränke sind vorhanden.",
      location: LOC.HEIM,
      type: ET.DIENSTABEND,
      active: true,
      planners: [U.PLANNER2],
      date: day,
      shifts: [shift("", day, 19, 0, 150, 30, instant(true, true), uniform(null, null))],
    });
  }
  return plans;
}

/** Blutspendetermine: third Monday of every month, alternating between two places. */
export function bloodDrives(w: Window, rng: Rng): EventPlan[] {
  const plans: EventPlan[] = [];
  for (const { y, m } of monthsOf(w)) {
    const day = nthWeekday(y, m, 1, 3);
    if (!w.contains(day)) continue;
    const school = m % 2 === 0;
    plans.push({
      title: school ? "Blutspendetermin Unterlinden" : "Blutspendetermin Stadthalle",
      description: rng.chance(0.5)
        ? null
        : "Betreuung der Spenderinnen und Spender im Ruheraum, Imbiss und Getränke. Der Blutspendedienst stellt Ärztin und Entnahmeteam.",
      location: school ? LOC.GRUNDSCHULE : LOC.STADTHALLE,
      type: ET.BLUTSPENDE,
      active: true,
      planners: [U.PLANNER],
      date: day,
      shifts: [
        shift("Aufbau", day, 14, 0, 90, 30, instant(false, true), uniform(2, 4)),
        shift("Betreuung", day, 15, 30, 270, 30, request(atTime(day - DAY, 18), true, true), {
          slug: "qualification_mix", minAge: null,
          reqs: [{ q: Q.SAN, min: 1, max: 2 }, { q: null, min: 1, max: 3 }],
        }),
        shift("Abbau", day, 20, 0, 60, 30, coupled(1), uniform(null, null)),
      ],
    });
  }
  return plans;
}

/** Heimspiele FC Lindenhain 09: every third Saturday in the season, every third game with a KTW. */
export function homeGames(w: Window, rng: Rng): EventPlan[] {
  const plans: EventPlan[] = [];
  let n = rng.int(0, OPPONENTS.length - 1);
  let k = 0;
  for (const day of weekdaysOf(w, 6, 7)) {
    const { m, d } = parts(day);
    const season = (m === 8 && d >= 8) || (m >= 9 && m <= 11) || (m >= 3 && m <= 5);
    if (!season) continue;
    if (k++ % 3 !== 0) continue;
    const opponent = OPPONENTS[n++ % OPPONENTS.length]!;
    plans.push({
      title: `Sanitätsdienst Heimspiel FC Lindenhain 09 – ${opponent}`,
      description: rng.chance(0.5) ? null : `Landesliga, Anstoß 15:30 Uhr. Sanitätsraum unter der Haupttribüne, Zufahrt über Tor 3.`,
      location: LOC.SPORTPARK,
      type: ET.SAN,
      active: true,
      planners: [U.PLANNER],
      date: day,
      shifts: gameShifts(day, n % 3 === 0),
    });
  }
  return plans;
}

function gameShifts(day: number, withKtw: boolean): ShiftPlan[] {
  const shifts: ShiftPlan[] = [
    shift("Spieldienst", day, 14, 0, 240, 30, request(atTime(day - 2 * DAY, 20)), {
      slug: "qualification_mix", minAge: 18,
      reqs: [{ q: Q.RS, min: 1, max: 1 }, { q: Q.SAN, min: 1, max: 2 }],
    }),
  ];
  if (withKtw) {
    shifts.push(shift("KTW-Bereitstellung", day, 14, 0, 240, 30, request(atTime(day - 2 * DAY, 20)), {
      slug: "complex", choosePreferred: false, minAge: 18,
      blocks: [{ block: BB.KTW, label: "KTW 1/85-1", optional: false }],
    }));
  }
  return shifts;
}
