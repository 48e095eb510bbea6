import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { AuthUser } from "../../../auth/principal";
import { eventHasPermission, eventVisibleTo } from "../../../auth/visibility";
import type { Database } from "../../../db/client";
import { INVITE_CODE_LIFETIME_MS } from "../../../db/cleanup";
import { type RowVersion, runGuarded } from "../../../db/guard";
import { runBatch } from "../../../db/raw";
import { eventShares, events, federatedGuests, federatedHosts, inviteCodes } from "../../../db/schema";
import { idList } from "../../../db/sql";
import type { EventSource } from "../../events/queries";

/** Whether an invite created at `createdAt` is still valid at `now` (ephios: 48 hours). */
export const inviteIsValid = (createdAt: number, now: number) => now - createdAt <= INVITE_CODE_LIFETIME_MS;

/** The overview page: guests, pending invites and hosts, as three statements for one batch. */
export function overviewQueries(db: Database, now: number) {
  return [
    db.select({ id: federatedGuests.id, name: federatedGuests.name, url: federatedGuests.url }).from(federatedGuests).orderBy(asc(federatedGuests.name), asc(federatedGuests.id)),
    db
      .select({ id: inviteCodes.id, url: inviteCodes.url, createdAt: inviteCodes.createdAt })
      .from(inviteCodes)
      .where(gt(inviteCodes.createdAt, now - INVITE_CODE_LIFETIME_MS))
      .orderBy(asc(inviteCodes.createdAt), asc(inviteCodes.id)),
    db.select({ id: federatedHosts.id, name: federatedHosts.name, url: federatedHosts.url }).from(federatedHosts).orderBy(asc(federatedHosts.name), asc(federatedHosts.id)),
  ] as const;
}

export async function insertInvite(db: Database, invite: { codeHash: string; codeEncrypted: string; url: string }, now: number): Promise<number> {
  const [row] = await db
    .insert(inviteCodes)
    .values({ ...invite, createdAt: now })
    .returning({ id: inviteCodes.id });
  return row.id;
}

export async function findInvite(db: Database, id: number) {
  const [row] = await db.select().from(inviteCodes).where(eq(inviteCodes.id, id));
  return row ?? null;
}

export async function deleteInvite(db: Database, id: number): Promise<void> {
  await db.delete(inviteCodes).where(eq(inviteCodes.id, id));
}

export async function findGuest(db: Database, id: number) {
  const [row] = await db.select({ id: federatedGuests.id, name: federatedGuests.name, url: federatedGuests.url }).from(federatedGuests).where(eq(federatedGuests.id, id));
  return row ?? null;
}

/**
 * Ends a guest: deletes its token, which cascades to the guest, its federated users, their
 * participations and its event shares (one statement, so all or nothing).
 */
export async function deleteGuest(db: Database, guestId: number): Promise<void> {
  await db.run(sql`DELETE FROM access_tokens WHERE id = (SELECT access_token_id FROM federated_guests WHERE id = ${guestId})`);
}

/** The invite a setup call names: exactly this code (by hash) issued for exactly this URL. */
export async function findInviteForRedemption(db: Database, codeHash: string, url: string) {
  const [row] = await db
    .select({ id: inviteCodes.id, createdAt: inviteCodes.createdAt })
    .from(inviteCodes)
    .where(and(eq(inviteCodes.codeHash, codeHash), eq(inviteCodes.url, url)));
  return row ?? null;
}

export interface NewGuest {
  name: string;
  url: string;
  clientId: string;
  clientSecretEncrypted: string;
  tokenHash: string;
}

/**
 * Redeems an invite in one transaction: deletes it and, only if this request was the one that
 * deleted it (`changes() = 1`), creates the guest's token (no user, no scope, never expires) and the
 * guest. Of two concurrent redemptions only one creates a guest; null for the other.
 */
export async function redeemInvite(db: Database, inviteId: number, guest: NewGuest, now: number): Promise<number | null> {
  const description = `Access token for federated guest ${guest.name}`;
  const [, , inserted] = await runBatch(db, [
    sql`DELETE FROM invite_codes WHERE id = ${inviteId}`,
    sql`INSERT INTO access_tokens (token_hash, scope, description, revoked, created, updated)
        SELECT ${guest.tokenHash}, '', ${description}, 0, ${now}, ${now} WHERE changes() = 1`,
    sql`INSERT INTO federated_guests (name, url, access_token_id, client_id, client_secret_encrypted)
        SELECT ${guest.name}, ${guest.url}, id, ${guest.clientId}, ${guest.clientSecretEncrypted} FROM access_tokens WHERE token_hash = ${guest.tokenHash}
        RETURNING id`,
  ]);
  const row = inserted.results[0] as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * The active events shared with this guest (no view permission asked, as ephios), started from
 * the guest's shares: a guest is shared a few events, so a page reads those and sorts them rather
 * than walking the whole events table in time order to find them.
 */
export const sharedEventsSource = (guestId: number): EventSource => ({
  from: sql`(SELECT ${eventShares.eventId} AS id FROM ${eventShares} WHERE ${eventShares.guestId} = ${guestId}) AS guest_shared`,
  where: sql`(${events.id} = guest_shared.id AND ${events.active} = 1)`,
});

/**
 * An event for the sharing page and endpoint, with what `user` may do: `visible` (may view it, or
 * may share it) and `mayShare` (staff, or change_event on it, also while inactive). Missing when
 * the user may do neither.
 */
export async function eventForSharing(db: Database, eventId: number, user: AuthUser) {
  const mayShare = user.isStaff || user.isSuperuser ? sql`1` : eventHasPermission(user, "change_event", { acceptGlobal: true, includeInactive: true });
  const [row] = await db
    .select({ id: events.id, title: events.title, mayShare: sql<number>`${mayShare}`.as("may_share") })
    .from(events)
    .where(and(eq(events.id, eventId), sql`(${mayShare} OR ${eventVisibleTo(user, { acceptGlobal: true })})`));
  return row ? { id: row.id, title: row.title, mayShare: row.mayShare === 1 } : null;
}

/**
 * Every guest, the ids of those the event is shared with, and the event's row version (bumped by
 * every change of its shares; for `If-Match`): three statements for one batch.
 */
export function sharesQueries(db: Database, eventId: number) {
  return [
    db.select({ id: federatedGuests.id, name: federatedGuests.name, url: federatedGuests.url }).from(federatedGuests).orderBy(asc(federatedGuests.name), asc(federatedGuests.id)),
    db.select({ guestId: eventShares.guestId }).from(eventShares).where(eq(eventShares.eventId, eventId)).orderBy(asc(eventShares.guestId)),
    db.select({ version: events.version }).from(events).where(eq(events.id, eventId)),
  ] as const;
}

/** Which of these guest ids exist. */
export async function existingGuestIds(db: Database, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: federatedGuests.id }).from(federatedGuests).where(sql`${federatedGuests.id} IN ${idList(ids)}`);
  return new Set(rows.map((r) => r.id));
}

/**
 * Shares the event with exactly these guests (ids of guests deleted meanwhile are skipped), in one
 * transaction; with a `precondition` (`If-Match`) only while the event is as read, else 412.
 */
export async function replaceShares(db: Database, eventId: number, guestIds: number[], precondition: RowVersion | null): Promise<void> {
  await runGuarded(db, precondition, [
    sql`DELETE FROM event_shares WHERE event_id = ${eventId} AND guest_id NOT IN ${idList(guestIds)}`,
    sql`INSERT OR IGNORE INTO event_shares (event_id, guest_id) SELECT ${eventId}, id FROM federated_guests WHERE id IN ${idList(guestIds)}`,
  ]);
}
