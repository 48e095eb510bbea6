import { DAY, parts, wall } from "../time";

/** The planned stretch of the calendar: about four months before to six months after the base date. */
export interface Window {
  start: number;
  end: number;
  contains(t: number): boolean;
}

export function planningWindow(base: number): Window {
  const start = base - 120 * DAY;
  const end = base + 180 * DAY;
  return { start, end, contains: (t) => t >= start && t <= end };
}

/** The first day of every month the window touches. */
export function* monthsOf(w: Window): Generator<{ y: number; m: number }> {
  for (let t = wall(parts(w.start).y, parts(w.start).m, 1); t <= w.end; t = wall(parts(t).y, parts(t).m + 1, 1)) {
    yield parts(t);
  }
}

/** Every `stepDays`-th day from the first `weekday` (0 = Sunday) in the window on. */
export function* weekdaysOf(w: Window, weekday: number, stepDays: number): Generator<number> {
  let day = w.start;
  while (parts(day).wd !== weekday) day += DAY;
  for (; day <= w.end; day += stepDays * DAY) yield day;
}
