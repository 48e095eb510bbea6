import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { runBatch } from "../../../db/raw";
import { eventShares, eventTypes, events, federatedGuests, federatedUserQualifications, federatedUsers, participations, qualifications, shifts } from "../../../db/schema";
import { shiftsOfEventsQuery } from "../../shifts/queries";
import type { GuestProfile } from "./schemas";

/** The guest with what logging its users in needs. */
export async function findGuest(db: Database, id: number) {
  const [row] = await db
    .select({
      id: federatedGuests.id,
      name: federatedGuests.name,
      url: federatedGuests.url,
      clientId: federatedGuests.clientId,
      clientSecretEncrypted: federatedGuests.clientSecretEncrypted,
    })
    .from(federatedGuests)
    .where(eq(federatedGuests.id, id));
  return row ?? null;
}

export type Guest = NonNullable<Awaited<ReturnType<typeof findGuest>>>;

const sharedWith = (guestId: number) => sql<number>`EXISTS (SELECT 1 FROM ${eventShares} WHERE ${eventShares.eventId} = ${events.id} AND ${eventShares.guestId} = ${guestId})`;

/**
 * Whether the event of a page (given directly, or as a shift's) exists and is active, and is
 * shared with the guest; null when there is no such event or shift.
 */
export async function shareOf(db: Database, target: { eventId: number } | { shiftId: number }, guestId: number) {
  const base = db.select({ eventId: events.id, active: events.active, shared: sharedWith(guestId) }).from(events);
  const [row] = await ("eventId" in target ? base.where(eq(events.id, target.eventId)) : base.innerJoin(shifts, eq(shifts.eventId, events.id)).where(eq(shifts.id, target.shiftId)));
  return row ? { eventId: row.eventId, active: row.active, shared: Boolean(row.shared) } : null;
}

/** A shift's event and what names it (ephios's `str(shift)`), for the pages after an action. */
export async function shiftOnPage(db: Database, shiftId: number) {
  const [row] = await db
    .select({ eventId: events.id, eventTitle: events.title, label: shifts.label, startTime: shifts.startTime, endTime: shifts.endTime })
    .from(shifts)
    .innerJoin(events, eq(events.id, shifts.eventId))
    .where(eq(shifts.id, shiftId));
  return row ?? null;
}

/**
 * Whether the session's federated user still exists as this row, a user of that guest: a guest
 * removal deletes its users, and a later row with the same id has another binding.
 */
export async function federatedUserBelongsTo(db: Database, session: { federatedUserId: number; guestId: number; binding: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: federatedUsers.id })
    .from(federatedUsers)
    .where(and(eq(federatedUsers.id, session.federatedUserId), eq(federatedUsers.guestId, session.guestId), eq(federatedUsers.sessionBinding, session.binding)));
  return row !== undefined;
}

/**
 * The guest's user with this email (case-insensitive, the unique index), or a new one from the
 * profile: each guest qualification maps to ours with the same uuid, else to ours whose
 * uuid it includes. An existing user is not updated (ephios), but gets a session binding if it
 * has none yet (`freshBinding`, a random value); answers the id and the binding its sessions carry.
 */
export async function findOrCreateFederatedUser(db: Database, guestId: number, profile: GuestProfile, now: number, freshBinding: string): Promise<{ id: number; binding: string }> {
  const sameUser = sql`guest_id = ${guestId} AND lower(email) = lower(${profile.email})`;
  const bind = sql`UPDATE ${federatedUsers} SET session_binding = coalesce(session_binding, ${freshBinding}) WHERE ${sameUser} RETURNING id, session_binding AS binding`;
  const [existing] = await db.all<{ id: number; binding: string }>(bind);
  if (existing) return existing;

  const known = new Set((await db.select({ uuid: qualifications.uuid }).from(qualifications).where(sql`${qualifications.uuid} IN (SELECT value FROM json_each(${JSON.stringify(profile.qualifications.flatMap((q) => [q.uuid, ...q.includes]))}))`)).map((q) => q.uuid));
  const uuids = [...new Set(profile.qualifications.flatMap((q) => (known.has(q.uuid) ? [q.uuid] : q.includes.filter((uuid) => known.has(uuid)))))];
  // One batch: the user and its qualifications together; a concurrent first login of the same
  // user inserts nothing twice (the unique index and OR IGNORE), and both get the same binding.
  const results = await runBatch(db, [
    sql`INSERT INTO ${federatedUsers} (guest_id, email, display_name, date_of_birth, created_at, session_binding)
      VALUES (${guestId}, ${profile.email}, ${profile.display_name}, ${profile.date_of_birth}, ${now}, ${freshBinding}) ON CONFLICT DO NOTHING`,
    sql`INSERT OR IGNORE INTO ${federatedUserQualifications} (federated_user_id, qualification_id)
      SELECT (SELECT id FROM ${federatedUsers} WHERE ${sameUser}), id
      FROM ${qualifications} WHERE uuid IN (SELECT value FROM json_each(${JSON.stringify(uuids)}))`,
    bind,
  ]);
  const [created] = results[2].results as { id: number; binding: string }[];
  return created;
}

/** The shared event with its shifts, and per shift the counts and the federated user's own state. */
export async function sharedEventPage(db: Database, eventId: number, guestId: number, federatedUserId: number) {
  const [[event], shiftRows, counts] = await db.batch([
    db
      .select({ id: events.id, title: events.title, description: events.description, location: events.location, typeTitle: eventTypes.title })
      .from(events)
      .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
      .where(and(eq(events.id, eventId), eq(events.active, true), sql`${sharedWith(guestId)}`)),
    shiftsOfEventsQuery(db, [eventId]),
    db
      .select({
        shiftId: participations.shiftId,
        requested: sql<number>`sum(${participations.state} = 0)`,
        confirmed: sql<number>`sum(${participations.state} = 1)`,
        own: sql<number | null>`max(CASE WHEN ${participations.federatedUserId} = ${federatedUserId} THEN ${participations.state} END)`,
      })
      .from(participations)
      .innerJoin(shifts, eq(shifts.id, participations.shiftId))
      .where(eq(shifts.eventId, eventId))
      .groupBy(participations.shiftId),
  ]);
  if (!event) return null;
  const byShift = new Map(counts.map((row) => [row.shiftId, row]));
  return {
    event,
    shifts: shiftRows.map((shift) => ({
      ...shift,
      requested: byShift.get(shift.id)?.requested ?? 0,
      confirmed: byShift.get(shift.id)?.confirmed ?? 0,
      ownState: byShift.get(shift.id)?.own ?? null,
    })),
  };
}

export type SharedEventPageData = NonNullable<Awaited<ReturnType<typeof sharedEventPage>>>;
