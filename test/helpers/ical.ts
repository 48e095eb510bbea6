/** A calendar feed read as a calendar app reads it: parsed by ical.js (the feed tests and the browser test). */
import ICAL from "ical.js";

/** The VEVENTs of an iCalendar text, times as UTC ISO strings; a property the event lacks is null. */
export function veventsOf(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      url: vevent.getFirstPropertyValue("url"),
      organizer: vevent.getFirstPropertyValue("organizer"),
      status: vevent.getFirstPropertyValue("status"),
    };
  });
}
