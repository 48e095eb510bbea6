import type { Child } from "hono/jsx";
import type { Context } from "hono";
import { formatForHumans } from "../../../lib/datetime";
import type { FieldErrors as Errors } from "../../../lib/errors";
import { FieldErrors, Page } from "../../../lib/html/layout";
import type { AppEnv } from "../../../types";
import { ADD_HOST, FEDERATION_SETTINGS, deleteHostUrl } from "../urls";

export const inviteUrlOf = (id: number) => `${FEDERATION_SETTINGS}invite/${id}/`;
export const guestDeleteUrl = (id: number) => `${FEDERATION_SETTINGS}guests/${id}/delete/`;
export const eventSharingUrl = (id: number) => `/events/${id}/federation/`;

const TABLE_STYLE = `
table.federation { width: 100%; border-collapse: collapse; margin-top: .5rem; }
table.federation th, table.federation td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #8884; vertical-align: top; }
table.federation td.actions a { margin-right: .6rem; }
`;

/** A constant, written raw: JSX would escape its quotes, which a script element does not decode. */
const COPY_SCRIPT = `for (const button of document.querySelectorAll("button[data-copy]")) {
  button.addEventListener("click", () => {
    const field = document.getElementById(button.dataset.copy); field.select(); navigator.clipboard.writeText(field.value);
  });
}`;

interface Instance {
  id: number;
  name: string;
  url: string;
}

export function FederationOverviewPage({
  c,
  guests,
  invites,
  hosts,
}: {
  c: Context<AppEnv>;
  guests: Instance[];
  invites: { id: number; url: string; createdAt: number }[];
  hosts: Instance[];
}) {
  const when = (instant: number) => formatForHumans(instant, c.var.settings.timeZone);
  return (
    <Page c={c} title="Federation">
      <style>{TABLE_STYLE}</style>
      <h2>Guests</h2>
      <p>ephios instances that you share events with. Their users can see the events you share with them and sign up.</p>
      <a class="button" href={`${FEDERATION_SETTINGS}guests/add/`}>
        Add guest
      </a>
      <InstanceTable label="Guests" instances={guests} empty="No guests yet." action={(guest) => <a href={guestDeleteUrl(guest.id)}>Stop sharing</a>} />
      {invites.length ? (
        <>
          <h3>Pending invites</h3>
          <table class="federation" aria-label="Pending invites">
            <thead>
              <tr>
                <th>URL</th>
                <th>Created</th>
                <th>Action</th>
              </tr>
            </thead>
            <tbody>
              {invites.map((invite) => (
                <tr>
                  <td>{invite.url}</td>
                  <td>{when(invite.createdAt)}</td>
                  <td class="actions">
                    <a href={inviteUrlOf(invite.id)}>Show invite code</a>
                    <a href={`${inviteUrlOf(invite.id)}delete/`}>Delete</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h2>Hosts</h2>
      <p>ephios instances that share events with you.</p>
      <a class="button" href={ADD_HOST}>
        Add host
      </a>
      <InstanceTable label="Hosts" instances={hosts} empty="No hosts yet." action={(host) => <a href={deleteHostUrl(host.id)}>Stop receiving</a>} />
    </Page>
  );
}

/** The guests or the hosts of the overview: name, URL and one action each. */
function InstanceTable({ label, instances, empty, action }: { label: string; instances: Instance[]; empty: string; action: (instance: Instance) => Child }) {
  if (instances.length === 0) return <p>{empty}</p>;
  return (
    <table class="federation" aria-label={label}>
      <thead>
        <tr>
          <th>Name</th>
          <th>URL</th>
          <th>Action</th>
        </tr>
      </thead>
      <tbody>
        {instances.map((instance) => (
          <tr>
            <td>{instance.name}</td>
            <td>{instance.url}</td>
            <td class="actions">{action(instance)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function InviteFormPage({ c, url, errors = {} }: { c: Context<AppEnv>; url?: string; errors?: Errors }) {
  return (
    <Page c={c} title="Add guest">
      <p>Enter the URL of the ephios instance you want to share events with. You get an invite code to hand to its administrators.</p>
      <form method="post" action={`${FEDERATION_SETTINGS}guests/add/`}>
        <FieldErrors messages={errors.__all__} />
        <label for="url">URL</label>
        <input id="url" name="url" type="text" required maxlength={200} placeholder="https://ephios.example.org" value={url ?? ""} />
        <FieldErrors messages={errors.url} />
        <button type="submit">Create invite code</button>
        <a class="button secondary" href={FEDERATION_SETTINGS}>
          Cancel
        </a>
      </form>
    </Page>
  );
}

export function InvitePage({ c, url, shareString, inviteUrl, expires }: { c: Context<AppEnv>; url: string; shareString: string; inviteUrl: string; expires: number }) {
  return (
    <Page c={c} title="Invite code">
      <p>
        Hand this code to the administrators of <strong>{url}</strong>. They add this instance as a host with it, or simply open the invite URL.
        It is valid until {formatForHumans(expires, c.var.settings.timeZone)} and can be used once.
      </p>
      <label for="share_string">Invite code</label>
      <input id="share_string" type="text" readonly value={shareString} />
      <button type="button" class="secondary" data-copy="share_string">
        Copy
      </button>
      <label for="invite_url">Invite URL</label>
      <input id="invite_url" type="text" readonly value={inviteUrl} />
      <button type="button" class="secondary" data-copy="invite_url">
        Copy
      </button>
      <p>
        <a class="button secondary" href={FEDERATION_SETTINGS}>
          Back
        </a>
      </p>
      <script dangerouslySetInnerHTML={{ __html: COPY_SCRIPT }} />
    </Page>
  );
}

/** "Are you sure?" before deleting an invite or a guest. */
export function ConfirmDeletePage({ c, title, question, help, action }: { c: Context<AppEnv>; title: string; question: string; help: string; action: string }) {
  return (
    <Page c={c} title={title}>
      <p>{question}</p>
      <p class="help">{help}</p>
      <form method="post" action={action}>
        <button type="submit">Delete</button>
        <a class="button secondary" href={FEDERATION_SETTINGS}>
          Cancel
        </a>
      </form>
    </Page>
  );
}

export function EventSharingPage({
  c,
  event,
  guests,
  shared,
  errors = {},
}: {
  c: Context<AppEnv>;
  event: { id: number; title: string };
  guests: Instance[];
  shared: Set<number>;
  errors?: Errors;
}) {
  return (
    <Page c={c} title={`Share ${event.title}`}>
      <p>The users of the ephios instances checked here see this event (while it is active) and can sign up for its shifts.</p>
      {guests.length === 0 ? (
        <p>There are no guest instances yet. Staff add them in the federation settings.</p>
      ) : (
        <form method="post" action={eventSharingUrl(event.id)}>
          <fieldset>
            <legend>Share event with other ephios instances</legend>
            {guests.map((guest) => (
              <label>
                <input type="checkbox" name="guests" value={String(guest.id)} checked={shared.has(guest.id)} /> {guest.name} ({guest.url})
              </label>
            ))}
          </fieldset>
          <FieldErrors messages={errors.guests} />
          <button type="submit">Save</button>
        </form>
      )}
    </Page>
  );
}
