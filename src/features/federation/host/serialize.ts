import { formatDateTime } from "../../../lib/datetime";
import type { Settings } from "../../../lib/settings";
import type { EventRow } from "../../events/serialize";

/** Where a guest's users sign up for a shared event (the shared-event pages of this instance). */
export const signupUrl = (siteUrl: string, eventId: number, guestId: number) => `${siteUrl}/events/shared/${eventId}/${guestId}/`;

/** ephios's SharedEventSerializer: no shifts, no signup stats, no frontend_url. */
export function sharedEventJson(event: EventRow, guestId: number, settings: Settings) {
  const time = (instant: number | null) => (instant === null ? null : formatDateTime(instant, settings.timeZone));
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    location: event.location,
    type: { id: event.typeId, title: event.typeTitle },
    start_time: time(event.startTime),
    end_time: time(event.endTime),
    signup_url: signupUrl(settings.siteUrl, event.id, guestId),
  };
}
