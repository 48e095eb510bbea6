import type { Context } from "hono";
import { formatDateTime, formatForHumans } from "../../../lib/datetime";
import type { FieldErrors as Errors } from "../../../lib/errors";
import { type FormBody, textField } from "../../../lib/html/forms";
import { FieldErrors, Page } from "../../../lib/html/layout";
import type { PreferenceOptions } from "../../../lib/structures";
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

/** What a shift's card offers: its buttons, why others are missing, and the sign-up form's fields. */
export interface ShiftForm {
  canSignUp: boolean;
  canDecline: boolean;
  reasons: string[];
  /** Where the flow lets participants choose their own times: the form asks for them, starting from these (their own, else the shift's). */
  times: { start: number; end: number } | null;
  /** The team or unit the structure asks participants to choose. */
  preference: PreferenceOptions | null;
}

/** A sign-up form sent back: what was submitted, and why it was not accepted. */
export interface SubmittedForm {
  shiftId: number;
  values: FormBody;
  errors: Errors;
}

/** The fields a card's form shows (each with its errors; the errors of any other field show above the form). */
function shownFields(form: ShiftForm): string[] {
  if (!form.canSignUp) return [];
  return [...(form.times ? ["individual_start_time", "individual_end_time"] : []), ...(form.preference ? [form.preference.key] : []), "comment", "comment_is_public"];
}

/** The shared event as a guest's user sees it here, with a sign-up form per shift. */
export function SharedEventPage({
  c,
  data,
  guest,
  forms,
  submitted,
}: {
  c: Context<AppEnv>;
  data: SharedEventPageData;
  guest: { id: number; name: string; url: string };
  forms: Map<number, ShiftForm>;
  submitted?: SubmittedForm;
}) {
  const timeZone = c.var.settings.timeZone;
  const when = (instant: number) => formatForHumans(instant, timeZone);
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
          <ShiftFooter
            shiftId={shift.id}
            guestId={guest.id}
            timeZone={timeZone}
            form={forms.get(shift.id)}
            submitted={submitted?.shiftId === shift.id ? submitted : undefined}
          />
        </section>
      ))}
    </Page>
  );
}

function ShiftFooter({ shiftId, guestId, timeZone, form, submitted }: { shiftId: number; guestId: number; timeZone: string; form?: ShiftForm; submitted?: SubmittedForm }) {
  if (!form) return null;
  const errors = submitted?.errors ?? {};
  const shown = shownFields(form);
  const general = Object.entries(errors).flatMap(([field, messages]) => (shown.includes(field) ? [] : messages));
  return (
    <>
      {form.reasons.length ? (
        <ul class="help">
          {form.reasons.map((reason) => (
            <li>{reason}</li>
          ))}
        </ul>
      ) : null}
      <FieldErrors messages={general} />
      {form.canSignUp || form.canDecline ? (
        <form method="post" action={signupUrl(shiftId, guestId)}>
          {form.canSignUp ? <SignupFields shiftId={shiftId} timeZone={timeZone} form={form} submitted={submitted} /> : null}
          {form.canSignUp ? (
            <button type="submit" name="signup_choice" value="sign_up">
              Sign up
            </button>
          ) : null}{" "}
          {form.canDecline ? (
            // Declining needs none of the sign-up's choices.
            <button type="submit" name="signup_choice" value="decline" class="secondary" formnovalidate>
              Decline
            </button>
          ) : null}
        </form>
      ) : null}
    </>
  );
}

/** A datetime-local input's value: the wall-clock time in the host's zone, to the minute (ephios's form). */
const localInput = (instant: number, timeZone: string) => formatDateTime(instant, timeZone).slice(0, 16);

/** ephios's sign-up form fields (individual times where allowed, the preferred team or unit where asked, the comment), filled in again after an error. */
function SignupFields({ shiftId, timeZone, form, submitted }: { shiftId: number; timeZone: string; form: ShiftForm; submitted?: SubmittedForm }) {
  const errors = submitted?.errors ?? {};
  const sent = (name: string) => (submitted ? (textField(submitted.values, name) ?? "") : undefined);
  const id = (name: string) => `shift-${shiftId}-${name}`;
  const { times, preference } = form;
  const chosen = preference ? sent(preference.key) : undefined;
  const isPublic = submitted ? sent("comment_is_public") !== "" : false;
  return (
    <>
      {times ? (
        <>
          <label for={id("individual_start_time")}>Individual start time</label>
          <input type="datetime-local" id={id("individual_start_time")} name="individual_start_time" value={sent("individual_start_time") ?? localInput(times.start, timeZone)} />
          <FieldErrors messages={errors.individual_start_time} />
          <label for={id("individual_end_time")}>Individual end time</label>
          <input type="datetime-local" id={id("individual_end_time")} name="individual_end_time" value={sent("individual_end_time") ?? localInput(times.end, timeZone)} />
          <FieldErrors messages={errors.individual_end_time} />
          <p class="help">Times in {timeZone}.</p>
        </>
      ) : null}
      {preference ? (
        <fieldset>
          <legend>{preference.label}</legend>
          {preference.options.map((option) => (
            <label>
              <input type="radio" name={preference.key} value={option.value} checked={chosen === option.value} required /> {option.label}
            </label>
          ))}
          <FieldErrors messages={errors[preference.key]} />
        </fieldset>
      ) : null}
      <label for={id("comment")}>Comment</label>
      <input type="text" id={id("comment")} name="comment" maxlength={255} value={sent("comment") ?? ""} />
      <FieldErrors messages={errors.comment} />
      <label>
        <input type="checkbox" name="comment_is_public" checked={isPublic} /> Make comment visible for other participants
      </label>
      <FieldErrors messages={errors.comment_is_public} />
    </>
  );
}
