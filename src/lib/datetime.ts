/**
 * Instants are integer milliseconds since the epoch. ephios renders them in the instance's
 * TIME_ZONE with that zone's offset, and reads naive datetimes as local time in that zone.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a zone name the runtime does not know. */
export function assertTimeZone(timeZone: string): void {
  wallClockFormatter(timeZone);
}

/** The zone's offset from UTC at `instant`, in milliseconds (e.g. +7_200_000 for CEST). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const wallAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const wholeSeconds = instant - (((instant % 1000) + 1000) % 1000);
  return wallAsUtc - wholeSeconds;
}

/**
 * The instant at which the wall clock in `timeZone` shows the given local time, with Python's
 * `fold=0` rules (as Django's `make_aware`): in an overlap the earlier instant, in a gap the
 * offset from before the transition.
 */
export function zonedToInstant(wallAsUtc: number, timeZone: string): number {
  const DAY = 86_400_000;
  const offsetBefore = zoneOffsetMs(wallAsUtc - DAY, timeZone);
  const offsetAfter = zoneOffsetMs(wallAsUtc + DAY, timeZone);
  const valid = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter].filter(
    (instant) => zoneOffsetMs(instant, timeZone) === wallAsUtc - instant,
  );
  return valid.length ? Math.min(...valid) : wallAsUtc - offsetBefore;
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 datetime or date as Python's `datetime.fromisoformat` would. A value
 * without an offset is local time in `timeZone`; a date alone means midnight. Returns null
 * for anything else, including impossible dates.
 */
export function parseDateTime(value: string, timeZone: string): number | null {
  const match = ISO_DATETIME.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const millis = frac ? Number(frac.padEnd(3, "0").slice(0, 3)) : 0;
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(wallAsUtc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (zone === undefined) return zonedToInstant(wallAsUtc, timeZone);
  if (zone === "Z" || zone === "z") return wallAsUtc;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  return wallAsUtc - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Renders an instant as ephios does: ISO 8601 in `timeZone` with its offset, `Z` for UTC. */
export function formatDateTime(instant: number, timeZone: string): string {
  const offset = zoneOffsetMs(instant, timeZone);
  const wall = new Date(instant + offset);
  const millis = wall.getUTCMilliseconds();
  const fraction = millis ? `.${pad(millis, 3)}000` : "";
  const base =
    `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
    `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}${fraction}`;
  if (offset === 0) return `${base}Z`;
  const sign = offset < 0 ? "-" : "+";
  const minutes = Math.abs(offset) / 60_000;
  return `${base}${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a `YYYY-MM-DD` calendar date. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const humanFormatters = new Map<string, Intl.DateTimeFormat>();

/** For HTML pages: e.g. "30 Jun 2099, 08:00" in the instance's zone. */
export function formatForHumans(instant: number, timeZone: string): string {
  let formatter = humanFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone });
    humanFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
}

/** Today's calendar date in `timeZone` as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return formatDateTime(now, timeZone).slice(0, 10);
}

/** Whole years from a `YYYY-MM-DD` birth date to `today` (also `YYYY-MM-DD`), as ephios computes age. */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
