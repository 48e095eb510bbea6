/**
 * Naive local date-times. A "wall" value is milliseconds of the local wall-clock time, computed
 * with UTC arithmetic so the host's time zone has no effect. The demo's datetimes are naive local
 * times in DEMO_TIME_ZONE, except `signup_until` in signup flow configurations, which carries its
 * offset as ephios's JSON encoder writes it.
 */
import { formatDateTime, zonedToInstant } from "../../src/lib/datetime";

const DEMO_TIME_ZONE = "Europe/Berlin";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export const wall = (y: number, m: number, d: number, h = 0, mi = 0) => Date.UTC(y, m - 1, d, h, mi);
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

export const parts = (t: number) => {
  const d = new Date(t);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), wd: d.getUTCDay() };
};

export const fmtDate = (t: number) => {
  const p = parts(t);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
};

export const fmtNaive = (t: number) => {
  const p = parts(t);
  return `${fmtDate(t)}T${pad(p.h)}:${pad(p.mi)}:00`;
};

/** With the zone's offset, e.g. 2026-12-01T20:00:00+01:00. */
export const fmtAware = (t: number) => formatDateTime(zonedToInstant(t, DEMO_TIME_ZONE), DEMO_TIME_ZONE);

export const atTime = (day: number, h: number, mi = 0) => day + h * HOUR + mi * MIN;
export const startOfDay = (t: number) => t - (t % DAY);

/** Day (wall midnight) of the n-th weekday (0 = Sunday) of a month; n = -1 for the last one. */
export function nthWeekday(y: number, m: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = wall(y, m, 1);
    const offset = (weekday - parts(first).wd + 7) % 7;
    return first + (offset + (n - 1) * 7) * DAY;
  }
  const last = wall(y, m + 1, 1) - DAY;
  const back = (parts(last).wd - weekday + 7) % 7;
  return last - back * DAY;
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
export function easter(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return wall(y, month, day);
}

/** A date of birth on `birthday` (MM-DD) that makes someone `years` old on the day `base`. */
export function birthDate(base: number, years: number, birthday: string): string {
  const { y, m, d } = parts(base);
  const [mm, dd] = birthday.split("-").map(Number) as [number, number];
  const passed = mm < m || (mm === m && dd <= d);
  return fmtDate(wall(y - years - (passed ? 0 : 1), mm, dd));
}
