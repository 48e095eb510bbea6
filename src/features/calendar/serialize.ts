/**
 * The iCalendar (RFC 5545) writer of the calendar feed: ephios's `UserEventFeed` (django-ical on
 * the icalendar library) in the same properties and order, with every time in UTC.
 */
import { CONFIRMED, REQUESTED, RESPONSIBLE_REJECTED } from "../../db/participation-states";
import { frontendUrl } from "../events/serialize";

/** One shift the user takes part in, with their participation's own times and state. */
export interface FeedEntry {
  shiftId: number;
  label: string;
  /** The participation's start and end: its individual times, else the shift's. */
  start: number;
  end: number;
  state: number;
  eventId: number;
  title: string;
  description: string | null;
  location: string;
  /** E-mail of the event's first responsible (lowest id with change_event on it), if any. */
  organizer: string | null;
}

/** ephios's mapping; calendars show TENTATIVE less opaque and CANCELLED struck out. */
const STATUS: Record<number, string> = { [CONFIRMED]: "CONFIRMED", [REQUESTED]: "TENTATIVE", [RESPONSIBLE_REJECTED]: "CANCELLED" };

const encoder = new TextEncoder();
/** Content lines are at most 75 octets, without the CRLF (RFC 5545, 3.1). */
const MAX_LINE_OCTETS = 75;

/**
 * Folds a content line: after at most 75 octets a CRLF and one space, never inside a UTF-8
 * sequence (the space counts towards the next line's 75).
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n");
}

/**
 * A TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma escaped, every line break as
 * `\n`; other control characters are not allowed in TEXT and are dropped.
 */
export function escapeText(value: string): string {
  let out = "";
  for (const char of value.replace(/\r\n?/g, "\n")) {
    const code = char.charCodeAt(0);
    if (char === "\n") out += "\\n";
    else if (char === "\\" || char === ";" || char === ",") out += `\\${char}`;
    else if ((code >= 0x20 && code !== 0x7f) || char === "\t") out += char;
  }
  return out;
}

/** A DATE-TIME in UTC: `YYYYMMDDTHHMMSSZ`. */
export function utcDateTime(instant: number): string {
  return new Date(instant).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** ephios's summary: "label (event title)", or the event title for a shift without label. */
export const summaryOf = (entry: FeedEntry) => (entry.label ? `${entry.label} (${entry.title})` : entry.title);

function vevent(entry: FeedEntry, context: { siteUrl: string; host: string; stamp: string }): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${entry.shiftId}@${context.host}`,
    `SUMMARY:${escapeText(summaryOf(entry))}`,
  ];
  if (entry.description) lines.push(`DESCRIPTION:${escapeText(entry.description)}`);
  lines.push(`DTSTART:${utcDateTime(entry.start)}`, `DTEND:${utcDateTime(entry.end)}`, `DTSTAMP:${context.stamp}`);
  if (entry.location) lines.push(`LOCATION:${escapeText(entry.location)}`);
  // Shift.get_absolute_url: the event page, at the shift. Ids and a slug: nothing to escape.
  lines.push(`URL:${frontendUrl(context.siteUrl, { id: entry.eventId, title: entry.title })}#shift-${entry.shiftId}`);
  // A URI: an address with a line break or another character outside URIs cannot break the line.
  if (entry.organizer) lines.push(`ORGANIZER:MAILTO:${encodeURI(entry.organizer)}`);
  lines.push(`STATUS:${STATUS[entry.state]}`, "END:VEVENT");
  return lines;
}

/**
 * The feed: one VEVENT per entry, in the given order. `now` is the DTSTAMP of every event (with
 * METHOD:PUBLISH, when the object was created), so two answers differ in it alone when nothing
 * else changed.
 */
export function userCalendar(entries: FeedEntry[], options: { siteUrl: string; now: number }): string {
  const context = { siteUrl: options.siteUrl, host: new URL(options.siteUrl).host, stamp: utcDateTime(options.now) };
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "PRODID:-//ephios//ephios//EN",
    "METHOD:PUBLISH",
    "X-WR-TIMEZONE:UTC",
    ...entries.flatMap((entry) => vevent(entry, context)),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
