import type { Context } from "hono";
import { formatForHumans } from "../../../lib/datetime";
import type { FieldErrors as Errors } from "../../../lib/errors";
import { FieldErrors, Page } from "../../../lib/html/layout";
import type { AppEnv } from "../../../types";
import { ADD_HOST, FEDERATION_SETTINGS, deleteHostUrl } from "../urls";
import type { SharedEvent } from "./schemas";

export function AddHostPage({ c, code, errors = {} }: { c: Context<AppEnv>; code?: string; errors?: Errors }) {
  return (
    <Page c={c} title="Receive events from another ephios instance">
      <p>
        Paste the invite code an administrator of the other instance gave you. Its events then appear under <a href="/events/external/">external events</a>, and
        users of this instance can sign up there with their account here.
      </p>
      <form method="post" action={ADD_HOST}>
        <FieldErrors messages={errors.__all__} />
        <label for="code">Invite code</label>
        <textarea id="code" name="code" rows={5} required>
          {code ?? ""}
        </textarea>
        <FieldErrors messages={errors.code} />
        <button type="submit">Save</button>
        <a class="button secondary" href={FEDERATION_SETTINGS}>
          Cancel
        </a>
      </form>
    </Page>
  );
}

interface HostRow {
  id: number;
  name: string;
  url: string;
}

export function HostDeletePage({ c, host }: { c: Context<AppEnv>; host: HostRow }) {
  return (
    <Page c={c} title="Stop receiving events">
      <p>
        Stop receiving events from <strong>{host.name}</strong> ({host.url})? The other instance is told first; its events disappear from the external events, and users
        of this instance can no longer sign up there.
      </p>
      <form method="post" action={deleteHostUrl(host.id)}>
        <button type="submit">Stop receiving</button>
        <a class="button secondary" href={FEDERATION_SETTINGS}>
          Cancel
        </a>
      </form>
    </Page>
  );
}

export type ExternalEvent = SharedEvent & { host: string };

/** Where a host sends users back after a failed login. */
const LOGIN_ERRORS: Record<string, string> = {
  oauth_error: "Logging in at the other instance failed. Please try again.",
  event_error: "The other instance could not show the event. Please try again.",
};

export function ExternalEventsPage({ c, events, unreachable, error }: { c: Context<AppEnv>; events: ExternalEvent[]; unreachable: string[]; error?: string }) {
  const when = (iso: string) => formatForHumans(Date.parse(iso), c.var.settings.timeZone);
  const problem = error === undefined ? undefined : LOGIN_ERRORS[error];
  return (
    <Page c={c} title="External events">
      {problem ? (
        <p class="message" role="alert">
          {problem}
        </p>
      ) : null}
      {unreachable.length ? (
        <p class="message" role="status">
          Not available right now: {unreachable.join(", ")}.
        </p>
      ) : null}
      {events.length === 0 ? (
        <p>No events are shared with this instance.</p>
      ) : (
        events.map((event) => (
          <article class="card">
            <h2>
              <a href={event.signup_url}>{event.title}</a> <span class="badge">{event.type.title}</span>
            </h2>
            <p>
              {when(event.start_time)} – {when(event.end_time)}
              <br />
              {event.location}
              <br />
              <span class="help">Shared by {event.host}</span>
            </p>
          </article>
        ))
      )}
    </Page>
  );
}
