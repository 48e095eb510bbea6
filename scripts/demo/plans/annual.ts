/** The events of the year, once per calendar year the window touches: festivals, holidays, meetings and courses. */
import { BB } from "../building-blocks";
import { ET } from "../event-types";
import { U } from "../people";
import { Q } from "../qualifications";
import type { Rng } from "../rng";
import { DAY, atTime, easter, nthWeekday, wall } from "../time";
import { LOC, type EventPlan, type StructureSpec, type Team, coupled, instant, manual, request, shift, uniform } from "./model";

const P = U.PLANNER;

/** Carnival to May: Rosenmontag, the annual general meeting, Easter fire, dance into May, city run. */
function spring(y: number): EventPlan[] {
  const rosenmontag = easter(y) - 48 * DAY;
  const meeting = nthWeekday(y, 3, 5, 3);
  const easterFire = easter(y) - DAY;
  const may = wall(y, 4, 30);
  const run = nthWeekday(y, 5, 0, 2);
  return [
    {
      title: "Sanitätsdienst Rosenmontagsumzug", location: LOC.RATHAUS, type: ET.SAN, active: true, planners: [P], shareable: true, date: rosenmontag,
      description: "Unfallhilfsstelle im Rathaus, Fußtrupps entlang der Zugstrecke, RTW am Zugende. Kostüme nur über der Dienstkleidung!",
      shifts: [
        shift("Unfallhilfsstelle", rosenmontag, 10, 0, 420, 60, request(atTime(rosenmontag - 3 * DAY, 20), false, true), {
          slug: "complex", choosePreferred: true, minAge: 16,
          blocks: [{ block: BB.WACHE, label: "UHS Rathaus", optional: false }, { block: BB.RTW, label: "RTW Zugende", optional: true }],
        }),
        shift("Fußtrupps Zugstrecke", rosenmontag, 10, 30, 360, 60, request(atTime(rosenmontag - 3 * DAY, 20)), {
          slug: "named_teams", choosePreferred: true, minAge: 16,
          teams: [
            { title: "Fußtrupp Marktstraße", q: Q.SAN, min: 2, max: 3 },
            { title: "Fußtrupp Bahnhofstraße", q: Q.SAN, min: 2, max: 3 },
          ],
        }),
        shift("Abbau Unfallhilfsstelle", rosenmontag, 17, 0, 90, 30, coupled(0), uniform(null, null)),
      ],
    },
    {
      title: "Jahreshauptversammlung der Bereitschaft", location: LOC.HEIM, type: ET.DIENSTABEND, active: true, planners: [U.MANAGER], date: meeting,
      description: "Tagesordnung: Berichte der Leitung, Kassenbericht, Entlastung, Wahlen der Gruppenführungen, Ehrungen.",
      shifts: [shift("", meeting, 19, 0, 150, 30, instant(false, true), uniform(null, null))],
    },
    {
      title: "Sanitätsdienst Osterfeuer an der Mühle", location: LOC.FESTPLATZ, type: ET.SAN, active: true, planners: [P], date: easterFire,
      description: null,
      shifts: [shift("", easterFire, 18, 0, 300, 30, request(null, true), uniform(2, 3, [Q.SAN], 18))],
    },
    {
      // across midnight
      title: "Sanitätsdienst Tanz in den Mai", location: LOC.STADTHALLE, type: ET.SAN, active: true, planners: [P], date: may,
      description: "Ca. 800 Gäste erwartet. Sanitätsraum im Foyer links.",
      shifts: [shift("", may, 20, 0, 360, 30, request(atTime(may - 2 * DAY, 20)), uniform(2, 4, [Q.SAN], 18))],
    },
    {
      title: "Lindenhainer Stadtlauf", location: LOC.INNENSTADT, type: ET.SAN, active: true, planners: [P], shareable: true, date: run,
      description: "10 km, Halbmarathon und Kinderlauf. Sanitätsstation im Zielbereich, Radstreife auf der Strecke.",
      shifts: [
        shift("Aufbau Sanitätsstation", run, 7, 0, 90, 30, instant(false), uniform(2, 4)),
        shift("Laufbetreuung", run, 8, 30, 330, 30, request(atTime(run - 4 * DAY, 20), true), {
          slug: "named_teams", choosePreferred: true, minAge: null,
          teams: [
            { title: "Zielbereich", q: Q.RS, min: 2, max: 3 },
            { title: "Radstreife", q: Q.SAN, min: 2, max: 4 },
            { title: "Einsatzleitung", q: Q.GF, min: 1, max: 1 },
          ],
        }),
      ],
    },
  ];
}

/** Open-air concert (third Saturday of June) and the city festival (third weekend of August, Friday to Sunday). */
function summer(y: number): EventPlan[] {
  const concert = nthWeekday(y, 6, 6, 3);
  const fr = nthWeekday(y, 8, 5, 3);
  const until = request(atTime(fr - 5 * DAY, 20), false, true);
  const post = (minAge: number): StructureSpec => ({
    slug: "complex", choosePreferred: true, minAge, blocks: [{ block: BB.WACHE, label: "Sanitätswache Marktplatz", optional: false }],
  });
  return [
    {
      title: "Sanitätsdienst Open-Air-Konzert im Schlosspark", location: LOC.SCHLOSSPARK, type: ET.SAN, active: true, planners: [P], date: concert,
      description: null,
      shifts: [shift("", concert, 17, 0, 360, 60, request(atTime(concert - 3 * DAY, 20)), {
        slug: "complex", choosePreferred: false, minAge: 18,
        blocks: [{ block: BB.TRUPP, label: "Trupp Bühne", optional: false }, { block: BB.TRUPP, label: "Trupp Einlass", optional: false }],
      })],
    },
    {
      title: "Sanitätsdienst Stadtfest Lindenhain", location: LOC.MARKT, type: ET.SAN, active: true, planners: [P, U.ZF], shareable: true, date: fr,
      description: "Größter Sanitätsdienst des Jahres. Sanitätswache am Marktplatz mit RTW, KTW und zwei Fußtrupps. Verpflegung durch die Betreuungsgruppe.",
      shifts: [
        shift("Freitag Abend", fr, 17, 0, 480, 60, until, post(18)),
        shift("Samstag Tag", fr + DAY, 11, 0, 480, 60, until, post(16)),
        shift("Samstag Nacht", fr + DAY, 19, 0, 420, 60, until, post(18)),
        shift("Sonntag", fr + 2 * DAY, 11, 0, 420, 60, request(atTime(fr - 5 * DAY, 20), true, true), {
          slug: "named_teams", choosePreferred: false, minAge: null,
          teams: [
            { title: "Sanitätsstation", q: Q.RS, min: 1, max: 2 },
            { title: "Fußtrupp", q: Q.SAN, min: 2, max: 4 },
          ],
        }),
      ],
    },
  ];
}

/** City fair (second Saturday of September), open day (third Sunday of September), Oktoberfest, St. Martin's parade. */
function autumn(y: number): EventPlan[] {
  const fair = nthWeekday(y, 9, 6, 2);
  const openDay = nthWeekday(y, 9, 0, 3);
  const oktoberfest = nthWeekday(y, 10, 6, 1);
  const martin = wall(y, 11, 11);
  return [
    {
      title: "Sanitätsdienst Herbstkirmes", location: LOC.FESTPLATZ, type: ET.SAN, active: true, planners: [P], shareable: true, date: fair,
      description: null,
      shifts: [
        shift("Nachmittag", fair, 14, 0, 300, 30, request(atTime(fair - 2 * DAY, 20)), {
          slug: "qualification_mix", minAge: 16, reqs: [{ q: Q.RS, min: 1, max: 1 }, { q: Q.SAN, min: 2, max: 3 }],
        }),
        shift("Abend", fair, 19, 0, 300, 30, request(atTime(fair - 2 * DAY, 20)), {
          slug: "qualification_mix", minAge: 18, reqs: [{ q: Q.NFS, min: 1, max: 1 }, { q: Q.SAN, min: 2, max: null }],
        }),
      ],
    },
    {
      title: "Tag der offenen Tür im Bereitschaftsheim", location: LOC.HEIM, type: ET.OEFFENTLICH, active: true, planners: [P, U.MANAGER], date: openDay,
      description:
        "Fahrzeugschau, Mitmach-Erste-Hilfe für Kinder, Blutdruckmessen und Kaffee und Kuchen. Alle Helfenden sind herzlich eingeladen mitzumachen.",
      shifts: [
        shift("Vorbereitung", openDay, 8, 0, 120, 30, manual("Die Vorbereitung übernimmt das Orga-Team."), uniform(2, 5)),
        shift("Infostand und Vorführungen", openDay, 10, 0, 420, 30, instant(true, true), uniform(4, 12)),
        shift("Kinderprogramm", openDay, 11, 0, 300, 30, instant(true, true), uniform(2, 4, [Q.SAN])),
      ],
    },
    {
      title: "Sanitätsdienst Lindenhainer Oktoberfest", location: LOC.FESTPLATZ, type: ET.SAN, active: true, planners: [P], date: oktoberfest,
      description: "Festzelt mit ca. 1.500 Plätzen. Erfahrungsgemäß viele Alkoholintoxikationen ab 22 Uhr.",
      shifts: [shift("", oktoberfest, 17, 0, 480, 60, request(atTime(oktoberfest - 3 * DAY, 20)), {
        slug: "complex", choosePreferred: true, minAge: 18,
        blocks: [{ block: BB.RTW, label: "RTW Festzelt", optional: false }, { block: BB.TRUPP, label: "Trupp Festzelt", optional: false }],
      })],
    },
    {
      title: "Sanitätsdienst Martinsumzug", location: LOC.KIRCHE, type: ET.SAN, active: true, planners: [P], date: martin,
      description: "Umzug von der St.-Martin-Kirche zum Festplatz mit Martinsfeuer.",
      shifts: [shift("", martin, 17, 0, 120, 30, instant(false, true), uniform(3, 5, [Q.EH]))],
    },
  ];
}

/** The Christmas market on the four Advent weekends. */
function christmasMarket(y: number): EventPlan[] {
  // the first Sunday of December minus 7 days lies between Nov 24 and Nov 30
  const advent1 = nthWeekday(y, 12, 0, 1) - 7 * DAY;
  const firstAdvent = advent1 >= wall(y, 11, 27) ? advent1 : advent1 + 7 * DAY;
  const teams: Team[] = [
    { title: "Fußtrupp Nord", q: Q.SAN, min: 2, max: 2 },
    { title: "Fußtrupp Süd", q: Q.SAN, min: 2, max: 2 },
    { title: "Sanitätsstation", q: Q.RS, min: 1, max: 2 },
  ];
  return [0, 1, 2, 3].map((i) => {
    const sun = firstAdvent + i * 7 * DAY;
    const sat = sun - DAY;
    return {
      title: `Sanitätsdienst Weihnachtsmarkt – ${i + 1}. Adventswochenende`, location: LOC.MARKT, type: ET.SAN, active: true,
      planners: [P], shareable: i === 1, date: sat,
      description: i === 0 ? "Sanitätsstation im Alten Rathaus (Eingang Marktseite). Glühwein erst nach Dienstende!" : null,
      shifts: [
        shift("Samstag", sat, 14, 0, 420, 30, request(atTime(sat - 2 * DAY, 20), true), { slug: "named_teams", choosePreferred: true, minAge: 16, teams }),
        shift("Sonntag", sun, 13, 0, 360, 30, request(atTime(sat - 2 * DAY, 20), true), { slug: "named_teams", choosePreferred: true, minAge: 16, teams }),
      ],
    };
  });
}

/** Christmas party (second Friday of December), New Year's Eve with its follow-up, the city's New Year reception. */
function turnOfTheYear(y: number): EventPlan[] {
  const party = nthWeekday(y, 12, 5, 2);
  const eve = wall(y, 12, 31);
  const reception = nthWeekday(y, 1, 0, 2);
  return [
    {
      title: "Weihnachtsfeier der Bereitschaft", location: LOC.HEIM, type: ET.DIENSTABEND, active: true, planners: [U.MANAGER], date: party,
      description: "Gemütlicher Jahresabschluss mit Wichteln. Partnerinnen und Partner sind herzlich willkommen.",
      shifts: [shift("", party, 18, 30, 240, 30, instant(false, true, atTime(party - 7 * DAY, 23, 59)), uniform(null, 40))],
    },
    {
      // across midnight, with a coupled follow-up on New Year's Day
      title: "Sanitätsdienst Silvesterparty am Marktplatz", location: LOC.MARKT, type: ET.SAN, active: true, planners: [P, U.ZF], shareable: true, date: eve,
      description: "Feuerwerk ab Mitternacht, Schutzbrille und Gehörschutz mitbringen.",
      shifts: [
        shift("Silvesternacht", eve, 21, 30, 300, 60, request(atTime(eve - 5 * DAY, 20)), {
          slug: "complex", choosePreferred: true, minAge: 18,
          blocks: [{ block: BB.RTW, label: "RTW 1/83-1", optional: false }, { block: BB.TRUPP, label: "Trupp Marktplatz", optional: false }],
        }),
        shift("Materialpflege Neujahr", eve + DAY, 11, 0, 120, 30, coupled(0), uniform(null, null)),
      ],
    },
    {
      title: "Sanitätsdienst Neujahrsempfang der Stadt", location: LOC.STADTHALLE, type: ET.SAN, active: true, planners: [P], date: reception,
      description: null,
      shifts: [shift("", reception, 10, 30, 210, 30, instant(false), uniform(1, 2, [Q.SAN]))],
    },
  ];
}

/** Public first-aid courses (first Saturday of Jan, Apr, Jul, Oct) and the quarterly management meeting (restricted). */
function quarterly(y: number, rng: Rng): EventPlan[] {
  const courses = [1, 4, 7, 10].map((m): EventPlan => {
    const d = nthWeekday(y, m, 6, 1);
    return {
      title: "Erste-Hilfe-Kurs für Bürgerinnen und Bürger", location: LOC.HEIM, type: ET.OEFFENTLICH, active: true, planners: [U.PLANNER2], date: d,
      description: "Offener Erste-Hilfe-Kurs (9 Unterrichtseinheiten), Anmeldung der Teilnehmenden über die Geschäftsstelle.",
      shifts: [
        shift("Ausbilderteam", d, 9, 0, 450, 30, manual("Die Kursleitung wird von der Ausbildungsbeauftragten eingeteilt."), uniform(1, 2, [Q.SAN], 18)),
      ],
    };
  });
  const meetings = [2, 5, 8, 11].map((m): EventPlan => {
    const d = nthWeekday(y, m, 1, 1);
    return {
      title: "Leitungskreis", location: LOC.HEIM, type: ET.DIENSTABEND, active: true, restricted: true, planners: [U.MANAGER], date: d,
      description: rng.chance(0.5) ? null : "Quartalsbesprechung der Bereitschaftsleitung mit den Gruppenführungen.",
      shifts: [shift("", d, 19, 30, 120, 30, manual("Teilnahme nur auf Einladung der Bereitschaftsleitung."), uniform(null, 8))],
    };
  });
  return [...courses, ...meetings];
}

/**
 * A year's events, in this order (ties in the calendar keep it). Random descriptions are drawn for
 * every event of the year, also for those the window drops later: the demo's streams depend on it.
 */
export function annualEvents(y: number, rng: Rng): EventPlan[] {
  return [...spring(y), ...summer(y), ...autumn(y), ...christmasMarket(y), ...turnOfTheYear(y), ...quarterly(y, rng)];
}
