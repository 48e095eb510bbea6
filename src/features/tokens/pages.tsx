import type { Context } from "hono";
import { raw } from "hono/html";
import { formatForHumans } from "../../lib/datetime";
import type { FieldErrors as Errors } from "../../lib/errors";
import { FieldErrors, Page } from "../../lib/html/layout";
import { ScopeCheckboxes, ScopeList } from "../../lib/html/scopes";
import type { AppEnv } from "../../types";

interface TokenRow {
  id: number;
  scope: string;
  description: string;
  expires: number | null;
  revoked: boolean;
  created: number;
}

function RevokeButton({ id }: { id: number }) {
  return (
    <form method="post" action="/api/settings/token/revoke/">
      <input type="hidden" name="pk" value={String(id)} />
      <button type="submit">Revoke</button>
    </form>
  );
}

export function TokenListPage({
  c,
  applications,
  personal,
  now,
}: {
  c: Context<AppEnv>;
  applications: (TokenRow & { applicationName: string; isFederation: number })[];
  personal: TokenRow[];
  now: number;
}) {
  const zone = c.var.settings.timeZone;
  const when = (instant: number) => formatForHumans(instant, zone);
  return (
    <Page c={c} title="Integrations">
      <p>Other programs can use your account through the API: apps you authorized, and personal API tokens you created.</p>
      <h2>Third party applications</h2>
      {applications.length === 0 ? <p>No applications have been authorized.</p> : null}
      {applications.map((token) => (
        <section class="card">
          <h3>
            {token.applicationName} {token.isFederation ? <span class="badge">ephios instance</span> : null}
          </h3>
          <ScopeList scope={token.scope} />
          {token.revoked ? <span class="badge">Revoked</span> : <RevokeButton id={token.id} />}
        </section>
      ))}
      <h2>Personal API tokens</h2>
      <a class="button" href="/api/settings/token/create/">
        Create new API token
      </a>
      {personal.length === 0 ? <p>There are no tokens.</p> : null}
      {personal.map((token) => {
        const expired = token.expires !== null && token.expires <= now;
        const status = token.revoked
          ? `revoked on ${when(token.expires ?? token.created)}`
          : token.expires === null
            ? "does not expire"
            : `${expired ? "expired" : "expires"} on ${when(token.expires)}`;
        return (
          <section class="card">
            <h3>{token.description}</h3>
            <p class="help">
              created on {when(token.created)}, {status}
            </p>
            <ScopeList scope={token.scope} />
            {token.revoked ? <span class="badge">Revoked</span> : expired ? <span class="badge">Expired</span> : <RevokeButton id={token.id} />}
          </section>
        );
      })}
    </Page>
  );
}

export interface TokenFormValues {
  description?: string;
  scope?: string[];
  expires_0?: string;
  expires_1?: string;
}

export function TokenCreatePage({ c, values = {}, errors = {} }: { c: Context<AppEnv>; values?: TokenFormValues; errors?: Errors }) {
  const chosen = new Set(values.scope ?? []);
  return (
    <Page c={c} title="Add API Token">
      <form method="post" action="/api/settings/token/create/">
        <label for="description">Description</label>
        <input id="description" name="description" type="text" required maxlength={1000} placeholder="What is this token for?" value={values.description ?? ""} />
        <FieldErrors messages={errors.description} />
        <ScopeCheckboxes name="scope" legend="Scope" chosen={chosen} help="For security reasons, only select the scopes that are actually needed." />
        <FieldErrors messages={errors.scope} />
        <label for="expires_0">Expires (optional; time zone {c.var.settings.timeZone})</label>
        <input id="expires_0" name="expires_0" type="date" value={values.expires_0 ?? ""} aria-label="Expiry date" />
        <input id="expires_1" name="expires_1" type="time" value={values.expires_1 ?? ""} aria-label="Expiry time" />
        <FieldErrors messages={[...(errors.expires_0 ?? []), ...(errors.expires_1 ?? []), ...(errors.expires ?? [])]} />
        <button type="submit">Create token</button>
        <a class="button secondary" href="/api/settings/token/">
          Cancel
        </a>
      </form>
    </Page>
  );
}

// Written raw: JSX would escape the quotes, which a <script> element does not decode.
const COPY_SCRIPT = `document.getElementById("copy").addEventListener("click", () => {
  const field = document.getElementById("token"); field.select(); navigator.clipboard.writeText(field.value);
});`;

export function TokenRevealPage({ c, token }: { c: Context<AppEnv>; token: string }) {
  return (
    <Page c={c} title="API token created">
      <p>We created your API token. Please copy it now: for your security it is stored only in a hashed form and will not be shown again.</p>
      <label for="token">Your API token</label>
      <input id="token" type="text" readonly value={token} />
      <button type="button" id="copy">
        Copy
      </button>{" "}
      <a class="button secondary" href="/api/settings/token/">
        Done
      </a>
      <script>{raw(COPY_SCRIPT)}</script>
    </Page>
  );
}
