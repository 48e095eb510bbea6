import type { Context } from "hono";
import { SCOPE_NAMES } from "../../auth/scopes";
import { formatForHumans } from "../../lib/datetime";
import type { FieldErrors as Errors } from "../../lib/errors";
import { FieldErrors, Page } from "../../lib/html/layout";
import { ScopeCheckboxes, ScopeList } from "../../lib/html/scopes";
import type { AppEnv } from "../../types";
import { FEDERATION_SETTINGS } from "../federation/urls";
import type { ApplicationDetails } from "./queries";
import { CLIENT_TYPES, type ClientType, GRANT_TYPE, MAX_REDIRECT_URIS } from "./schemas";

const LIST = "/api/settings/applications/";
const detailUrl = (id: number) => `${LIST}${id}/`;

const CLIENT_TYPE_LABELS: Record<ClientType, string> = { confidential: "Confidential", public: "Public" };
const GRANT_TYPE_LABELS: Record<string, string> = { [GRANT_TYPE]: "Authorization code" };

const TABLE_STYLE = `
table.applications { width: 100%; border-collapse: collapse; margin-top: 1rem; }
table.applications th, table.applications td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #8884; vertical-align: top; }
table.applications td.actions a { margin-right: .6rem; }
dl.application dt { font-weight: 600; margin-top: .6rem; }
dl.application dd { margin-left: 0; }
`;

/** A constant, written raw: JSX would escape its quotes and `>`, which a script element does not decode. */
const COPY_SCRIPT = `for (const button of document.querySelectorAll("button[data-copy]")) {
  button.addEventListener("click", () => {
    const field = document.getElementById(button.dataset.copy); field.select(); navigator.clipboard.writeText(field.value);
  });
}`;

function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} type="text" readonly value={value} />
      <button type="button" class="secondary" data-copy={id}>
        Copy
      </button>
    </>
  );
}

export interface ApplicationListRow {
  id: number;
  name: string;
  created: number;
  ownerName: string | null;
  isFederation: number;
}

export function ApplicationListPage({ c, applications }: { c: Context<AppEnv>; applications: ApplicationListRow[] }) {
  const when = (instant: number) => formatForHumans(instant, c.var.settings.timeZone);
  return (
    <Page c={c} title="App integrations">
      <style>{TABLE_STYLE}</style>
      <p>
        Other programs can let users of this instance log in with their account and use the API on their behalf (OAuth2). Register
        such a program here as an application; users then decide which permissions it gets.
      </p>
      <h2>OAuth2 applications</h2>
      <a class="button" href={`${LIST}register/`}>
        New Application
      </a>
      {applications.length === 0 ? (
        <p>No applications defined.</p>
      ) : (
        <table class="applications">
          <thead>
            <tr>
              <th>Name</th>
              <th>User</th>
              <th>Created</th>
              <th>Action</th>
            </tr>
          </thead>
          <tbody>
            {applications.map((app) => (
              <tr>
                <td>{app.name}</td>
                <td>{app.ownerName ?? "-"}</td>
                <td>{when(app.created)}</td>
                <td class="actions">
                  {app.isFederation ? (
                    <a href={FEDERATION_SETTINGS}>Manage federation</a>
                  ) : (
                    <>
                      <a href={detailUrl(app.id)}>View</a>
                      <a href={`${detailUrl(app.id)}update/`}>Edit</a>
                      <a href={`${detailUrl(app.id)}delete/`}>Delete</a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

export interface ApplicationFormValues {
  name?: string;
  client_type?: string;
  redirect_uris?: string;
  skip_authorization?: boolean;
  allowed_scopes?: string[];
}

/** Register (no `id`) or update (`id`) form, with the submitted values after an error. */
export function ApplicationFormPage({ c, id, values = {}, errors = {} }: { c: Context<AppEnv>; id?: number; values?: ApplicationFormValues; errors?: Errors }) {
  const action = id === undefined ? `${LIST}register/` : `${detailUrl(id)}update/`;
  const clientType = values.client_type ?? "confidential";
  // A new application may ask for every scope unless staff narrow it.
  const allowed = new Set<string>(values.allowed_scopes ?? SCOPE_NAMES);
  return (
    <Page c={c} title={id === undefined ? "Register a new application" : "Edit application"}>
      <form method="post" action={action}>
        <FieldErrors messages={errors.__all__} />
        <label for="name">Name</label>
        <input id="name" name="name" type="text" required maxlength={255} value={values.name ?? ""} />
        <FieldErrors messages={errors.name} />

        <label for="client_type">Client type</label>
        <select id="client_type" name="client_type">
          {CLIENT_TYPES.map((type) => (
            <option value={type} selected={type === clientType}>
              {CLIENT_TYPE_LABELS[type]}
            </option>
          ))}
        </select>
        <p class="help">Confidential clients (server applications) can keep the client secret; public clients (apps on users' devices) cannot.</p>
        <FieldErrors messages={errors.client_type} />

        <label for="authorization_grant_type">Authorization grant type</label>
        <input id="authorization_grant_type" type="text" readonly disabled value={`${GRANT_TYPE_LABELS[GRANT_TYPE]} (${GRANT_TYPE})`} />

        <label for="redirect_uris">Redirect URIs</label>
        <textarea id="redirect_uris" name="redirect_uris" rows={4} required>
          {values.redirect_uris ?? ""}
        </textarea>
        <p class="help">
          Separated by spaces or new lines, at most {MAX_REDIRECT_URIS}. Each must be an absolute http or https URL without a fragment (#);
          the application must use one of them exactly.
        </p>
        <FieldErrors messages={errors.redirect_uris} />

        <label>
          <input type="checkbox" name="skip_authorization" value="on" checked={values.skip_authorization ?? false} /> Skip authorization
        </label>
        <p class="help">Users are not asked to approve access for this application.</p>
        <FieldErrors messages={errors.skip_authorization} />

        <ScopeCheckboxes name="allowed_scopes" legend="Allowed scopes" chosen={allowed} help="The application can ask users only for these; requests for others are refused." />
        <FieldErrors messages={errors.allowed_scopes} />

        {id !== undefined ? (
          <>
            <label>
              <input type="checkbox" name="new_client_secret" value="on" /> Generate a new client secret
            </label>
            <p class="help">The old secret stops working at once; the new one is shown once after saving. Tokens already issued stay valid.</p>
          </>
        ) : null}

        <button type="submit">Save</button>
        <a class="button secondary" href={id === undefined ? LIST : detailUrl(id)}>
          Cancel
        </a>
      </form>
    </Page>
  );
}

/** Shown once, right after the secret was made: it is stored only as a hash. */
export function ApplicationSecretPage({
  c,
  id,
  name,
  clientId,
  clientSecret,
  isNew,
}: {
  c: Context<AppEnv>;
  id: number;
  name: string;
  clientId: string;
  clientSecret: string;
  isNew: boolean;
}) {
  return (
    <Page c={c} title={isNew ? "Application registered" : "New client secret"}>
      <p>
        The application <strong>{name}</strong>
        {isNew ? " was registered." : " has a new client secret; the old one no longer works."}
      </p>
      <p class="message">Copy the client secret now; it is stored hashed and cannot be shown again.</p>
      <CopyField id="client_id" label="Client id" value={clientId} />
      <CopyField id="client_secret" label="Client secret" value={clientSecret} />
      <p>
        <a class="button secondary" href={detailUrl(id)}>
          Go to the application
        </a>
      </p>
      <script dangerouslySetInnerHTML={{ __html: COPY_SCRIPT }} />
    </Page>
  );
}

export function ApplicationDetailPage({ c, app }: { c: Context<AppEnv>; app: ApplicationDetails }) {
  const when = (instant: number) => formatForHumans(instant, c.var.settings.timeZone);
  const uris = app.redirectUris.split(/\s+/).filter(Boolean);
  return (
    <Page c={c} title={app.name}>
      <style>{TABLE_STYLE}</style>
      {app.federationHostName !== null ? (
        <p class="message">
          This application lets the federated ephios instance <strong>{app.federationHostName}</strong> log in users of this instance. Manage it in the federation settings.
        </p>
      ) : null}
      <CopyField id="client_id" label="Client id" value={app.clientId} />
      <dl class="application">
        <dt>Client secret</dt>
        <dd>
          <code>********</code>
          <p class="help">The client secret is stored hashed and cannot be shown. If it is lost, generate a new one on the edit page.</p>
        </dd>
        <dt>Client type</dt>
        <dd>{CLIENT_TYPE_LABELS[app.clientType]}</dd>
        <dt>Authorization grant type</dt>
        <dd>{GRANT_TYPE_LABELS[app.authorizationGrantType] ?? app.authorizationGrantType}</dd>
        <dt>Redirect URIs</dt>
        <dd>
          {uris.length ? (
            <ul>
              {uris.map((uri) => (
                <li>
                  <code>{uri}</code>
                </li>
              ))}
            </ul>
          ) : (
            "-"
          )}
        </dd>
        <dt>Skip authorization</dt>
        <dd>{app.skipAuthorization ? "Yes" : "No"}</dd>
        <dt>Allowed scopes</dt>
        <dd>
          <ScopeList scope={app.allowedScopes} />
        </dd>
        <dt>Created</dt>
        <dd>{when(app.created)}</dd>
        <dt>Updated</dt>
        <dd>{when(app.updated)}</dd>
        <dt>User</dt>
        <dd>{app.ownerName ?? "-"}</dd>
      </dl>
      <a class="button secondary" href={LIST}>
        Back
      </a>{" "}
      {app.federationHostName !== null ? (
        <a class="button" href={FEDERATION_SETTINGS}>
          Manage federation
        </a>
      ) : (
        <>
          <a class="button" href={`${detailUrl(app.id)}update/`}>
            Edit
          </a>{" "}
          <a class="button" href={`${detailUrl(app.id)}delete/`}>
            Delete
          </a>
        </>
      )}
      <script dangerouslySetInnerHTML={{ __html: COPY_SCRIPT }} />
    </Page>
  );
}

export function ApplicationDeletePage({ c, id, name }: { c: Context<AppEnv>; id: number; name: string }) {
  return (
    <Page c={c} title="Delete application">
      <p>Are you sure to delete the application {name}?</p>
      <p class="help">All access and refresh tokens issued to it are deleted too; the application loses access at once.</p>
      <form method="post" action={`${detailUrl(id)}delete/`}>
        <button type="submit">Delete</button>
        <a class="button secondary" href={detailUrl(id)}>
          Cancel
        </a>
      </form>
    </Page>
  );
}
