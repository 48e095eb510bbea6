import type { Context } from "hono";
import { formatForHumans } from "../../../lib/datetime";
import { Page } from "../../../lib/html/layout";
import type { AppEnv } from "../../../types";
import { CONFIRMED, REQUESTED, RESPONSIBLE_REJECTED, USER_DECLINED } from "../../../db/participation-states";
import type { SharedEventPageData } from "./queries";

export const eventPageUrl = (eventId: number, guestId: number) => `/events/shared/${eventId}/${guestId}/`;
export const signupUrl = (shiftId: number, guestId: number) => `/shifts/shared/${shiftId}/${guestId}/signup/`;

const STATE_TEXT: Record<number, string> = {
  [REQUESTED]: "You have requested to take part.",
  [CONFIRMED]: "You are confirmed.",
  [USER_DECLINED]: "You have declined.",
  [RESPONSIBLE_REJECTED]: "You have been rejected.",
};

/** Which buttons a shift's card shows, and why others are missing. */
export interface ShiftActions {
  canSignUp: boolean;
  canDecline: boolean;
  reasons: string[];
}

/** The shared event as a guest's user sees it here, with a sign-up form per shift. */
export function SharedEventPage({
  c,
  data,
  guest,
  actions,
}: {
  c: Context<AppEnv>;
  data: SharedEventPageData;
  guest: { id: number; name: string; url: string };
  actions: Map<number, ShiftActions>;
}) {
  const when = (instant: number) => formatForHumans(instant, c.var.settings.timeZone);
  const { event, shifts } = data;
  return (
    <Page c={c} title={event.title}>
      <p class="message">
        You are currently viewing an event at {c.var.settings.organizationName}. <a href={`${guest.url}/events/external/`}>Back to {guest.name}</a>
      </p>
      <p>
        <span class="badge">{event.typeTitle}</span> {event.location}
      </p>
      {event.description ? <p>{event.description}</p> : null}
      {shifts.map((shift) => (
        <section class="card" id={`shift-${shift.id}`}>
          <h2>{shift.label || event.title}</h2>
          <p>
            {when(shift.startTime)} – {when(shift.endTime)} (meeting {when(shift.meetingTime)})
            <br />
            {shift.confirmed} confirmed, {shift.requested} requested
          </p>
          {shift.ownState !== null && STATE_TEXT[shift.ownState] ? <p>{STATE_TEXT[shift.ownState]}</p> : null}
          <ShiftFooter shiftId={shift.id} guestId={guest.id} actions={actions.get(shift.id)} />
        </section>
      ))}
    </Page>
  );
}

function ShiftFooter({ shiftId, guestId, actions }: { shiftId: number; guestId: number; actions?: ShiftActions }) {
  if (!actions) return null;
  return (
    <>
      {actions.reasons.length ? (
        <ul class="help">
          {actions.reasons.map((reason) => (
            <li>{reason}</li>
          ))}
        </ul>
      ) : null}
      {actions.canSignUp || actions.canDecline ? (
        <form method="post" action={signupUrl(shiftId, guestId)}>
          {actions.canSignUp ? (
            <button type="submit" name="signup_choice" value="sign_up">
              Sign up
            </button>
          ) : null}{" "}
          {actions.canDecline ? (
            <button type="submit" name="signup_choice" value="decline" class="secondary">
              Decline
            </button>
          ) : null}
        </form>
      ) : null}
    </>
  );
}
