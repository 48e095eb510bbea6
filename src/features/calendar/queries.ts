import { eq, sql } from "drizzle-orm";
import type { AuthUser } from "../../auth/principal";
import { eventHasPermissionPerRow } from "../../auth/visibility";
import type { Database } from "../../db/client";
import { idList } from "../../db/sql";
import { users } from "../../db/schema";
import type { FeedEntry } from "./serialize";

/**
 * At most this many shifts in a feed, the latest by the participation's start: a bound on the
 * answer's size whatever a user's history holds (ten years of a shift every week is 520).
 */
export const MAX_FEED_ENTRIES = 1000;

/**
 * E-mail of the event's responsible with the lowest id among the active users holding object
 * `change_event` on it, directly or through a group (ephios: `get_users_with_perms(event,
 * only_with_perms_in=["change_event"]).first()`, without the inactive, whose address ephios hides
 * elsewhere). For each group only its first active member is read, so a large group costs a row or two.
 */
const organizerEmail = sql`(SELECT o.email FROM users o WHERE o.id = (
    SELECT min(candidate) FROM (
      SELECT up.user_id AS candidate FROM event_user_permissions up JOIN users uu ON uu.id = up.user_id
        WHERE up.event_id = feed.event_id AND up.permission = 'change_event' AND uu.is_active = 1
      UNION ALL
      SELECT (SELECT gm.user_id FROM group_members gm JOIN users gu ON gu.id = gm.user_id
          WHERE gm.group_id = gp.group_id AND gu.is_active = 1 ORDER BY gm.user_id LIMIT 1)
        FROM event_group_permissions gp WHERE gp.event_id = feed.event_id AND gp.permission = 'change_event')))`;

interface FeedRow {
  shift_id: number;
  label: string;
  start: number;
  end: number;
  state: number;
  event_id: number;
  title: string;
  description: string | null;
  location: string;
  organizer: string | null;
}

/**
 * The user's own local participations in `states`, in ephios's shift order (meeting time, start,
 * id), with what the feed shows of their shifts and events: one statement. Only what the user's
 * `/api/users/me/participations/` shows: active events they may view (object or global
 * `view_event`, asked per event). Reads the user's participations in these states (the (user,
 * state) index) and a few rows per event for its permissions and organizer: nothing grows with
 * other users' data or with the events the user may see.
 */
export async function feedEntries(db: Database, user: AuthUser, states: number[]): Promise<FeedEntry[]> {
  const rows = await db.all<FeedRow>(sql`
    SELECT feed.*, ${organizerEmail} AS organizer FROM (
      SELECT s.id AS shift_id, s.label, s.meeting_time, s.start_time AS shift_start,
        coalesce(p.individual_start_time, s.start_time) AS start, coalesce(p.individual_end_time, s.end_time) AS "end",
        p.state, events.id AS event_id, events.title, events.description, events.location
      FROM participations p JOIN shifts s ON s.id = p.shift_id JOIN events ON events.id = s.event_id
      WHERE p.kind = 'local' AND p.user_id = ${user.id} AND p.state IN ${idList(states)}
        AND ${eventHasPermissionPerRow(user, "view_event", { acceptGlobal: true })}
      ORDER BY start DESC, s.id DESC LIMIT ${MAX_FEED_ENTRIES}
    ) AS feed
    ORDER BY feed.meeting_time, feed.shift_start, feed.shift_id`);
  return rows.map((row) => ({
    shiftId: row.shift_id,
    label: row.label,
    start: row.start,
    end: row.end,
    state: row.state,
    eventId: row.event_id,
    title: row.title,
    description: row.description,
    location: row.location,
    organizer: row.organizer,
  }));
}

/** Replaces the user's calendar token (its hash): the old feed URL stops working at once. */
export async function replaceCalendarToken(db: Database, userId: number, tokenHash: string): Promise<void> {
  await db.update(users).set({ calendarTokenHash: tokenHash }).where(eq(users.id, userId));
}
