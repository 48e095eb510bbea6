import { type SQL, count, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { eventTypes, events } from "../../db/schema";

/** Aggregated event times (ephios annotates them from the shifts); null without shifts. */
export const eventStart = sql<number | null>`(SELECT min(s.start_time) FROM shifts s WHERE s.event_id = ${events.id})`;
export const eventEnd = sql<number | null>`(SELECT max(s.end_time) FROM shifts s WHERE s.event_id = ${events.id})`;

export const eventColumns = {
  id: events.id,
  title: events.title,
  description: events.description,
  location: events.location,
  typeId: eventTypes.id,
  typeTitle: eventTypes.title,
  startTime: eventStart.as("start_time"),
  endTime: eventEnd.as("end_time"),
};

export function eventsQuery(db: Database, where: SQL | undefined) {
  return db.select(eventColumns).from(events).innerJoin(eventTypes, eq(eventTypes.id, events.typeId)).where(where);
}

export function countEventsQuery(db: Database, where: SQL | undefined) {
  return db.select({ total: count() }).from(events).where(where);
}

/** For the `type` filter's choice check: does this event type exist? */
export function eventTypeExistsQuery(db: Database, id: number) {
  return db.select({ id: eventTypes.id }).from(eventTypes).where(eq(eventTypes.id, id));
}
