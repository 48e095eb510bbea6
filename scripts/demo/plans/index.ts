/** The whole calendar of the demo unit around the base date, in the order the events get their ids. */
import type { Rng } from "../rng";
import { parts } from "../time";
import { annualEvents } from "./annual";
import { drafts } from "./drafts";
import type { EventPlan } from "./model";
import { bloodDrives, homeGames, serviceEvenings } from "./recurring";
import { trainings } from "./training";
import { planningWindow } from "./window";

export function buildPlans(base: number, rng: Rng): EventPlan[] {
  const w = planningWindow(base);
  // Order matters: the plans draw from one random stream.
  const plans = [...serviceEvenings(w, rng), ...trainings(w), ...bloodDrives(w, rng), ...homeGames(w, rng)];
  const years = [...new Set([parts(w.start).y, parts(w.end).y])];
  for (const y of years) plans.push(...annualEvents(y, rng).filter((plan) => w.contains(plan.date)));
  plans.push(...drafts(base));

  const firstStart = (p: EventPlan) => (p.shifts.length ? Math.min(...p.shifts.map((s) => s.start)) : p.date);
  plans.sort((a, b) => firstStart(a) - firstStart(b) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  return plans;
}
