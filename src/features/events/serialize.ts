import { formatDateTime } from "../../lib/datetime";
import type { Settings } from "../../lib/settings";
import { type SignupStats, foldEventStats } from "../../lib/structures";
import type { StatsContextRows } from "../shifts/queries";
import { eventShiftRows, shiftsJsonWithStats } from "../shifts/serialize";

export interface EventRow {
  id: number;
  title: string;
  description: string | null;
  location: string;
  typeId: number;
  typeTitle: string;
  startTime: number | null;
  endTime: number | null;
}

/** Django's slugify: ASCII only, lower case, runs of spaces and dashes become one dash. */
export function slugify(value: string): string {
  return value
    .normalize("NFKD")
    // eslint-disable-next-line no-control-regex -- the range is all of ASCII, NUL to DEL; whatever lies outside it is dropped
    .replace(/[^\x00-\x7F]/g, "")
    .toLowerCase()
    .replace(/[^\w\s-]/g, "")
    .replace(/[-\s]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

/** ephios's event page: `/events/<id>-<slug>/`, the slug falling back to the id. */
export function frontendUrl(siteUrl: string, event: { id: number; title: string }): string {
  return `${siteUrl}/events/${event.id}-${slugify(event.title) || event.id}/`;
}

/** ephios's EventSerializer; `shifts` are already serialized, in shift order, with their stats. */
export function eventJson<S>(event: EventRow, shifts: { json: S; stats: SignupStats }[], settings: Settings) {
  const time = (instant: number | null) => (instant === null ? null : formatDateTime(instant, settings.timeZone));
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    location: event.location,
    type: { id: event.typeId, title: event.typeTitle },
    frontend_url: frontendUrl(settings.siteUrl, event),
    start_time: time(event.startTime),
    end_time: time(event.endTime),
    signup_stats: foldEventStats(shifts.map((s) => s.stats)),
    shifts: shifts.map((s) => s.json),
  };
}

/**
 * Events whose rows bring their shifts as `eventShiftsJson` (the `shifts` column), serialized with
 * their shifts and signup stats; `context` is what `statsContextQueries` loaded in the same batch.
 */
export function eventsJsonWithShifts(rows: (EventRow & { shifts: string })[], context: StatsContextRows, settings: Settings) {
  const shiftsOfEvents = rows.map((event) => eventShiftRows(event, event.shifts));
  const all = shiftsOfEvents.flat();
  const serialized = shiftsJsonWithStats(
    all.map((s) => s.shift),
    [all.flatMap((s) => s.participations), ...context],
    settings.timeZone,
  );
  let start = 0;
  return rows.map((event, i) => eventJson(event, serialized.slice(start, (start += shiftsOfEvents[i].length)), settings));
}
