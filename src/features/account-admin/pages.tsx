import type { Context } from "hono";
import { formatForHumans } from "../../lib/datetime";
import type { FieldErrors as Errors } from "../../lib/errors";
import { Page } from "../../lib/html/layout";
import type { AppEnv } from "../../types";
import { NewPasswordFields } from "../../lib/html/password-fields";

/** What an administrator can do about another user's password (ephios's `/users/<pk>/password_revoke/`). */
export function UserPasswordPage({ c, userId, name, yourself }: { c: Context<AppEnv>; userId: number; name: string; yourself: boolean }) {
  return (
    <Page c={c} title={`Password and tokens of ${name}`}>
      <h2>Set-password link</h2>
      {yourself ? (
        <p>
          This is your own account: <a href="/settings/password/">change your password</a> instead.
        </p>
      ) : (
        <>
          <p>
            Creates a link with which <strong>{name}</strong> sets a new password: usable once, for 48 hours; a link created earlier
            stops working. Setting the password ends their sessions and revokes their API tokens and app authorizations. The link is
            shown to you once; hand it to them yourself.
          </p>
          <form method="post" action={`/users/${userId}/password_link/`}>
            <button type="submit">Create a set-password link</button>
          </form>
        </>
      )}
      {!yourself && (
        <>
          <h2>Revoke password and tokens</h2>
          <p>
            This makes the password of <strong>{name}</strong> unusable, revokes all their API tokens and app authorizations, ends their
            sessions and invalidates their unused set-password link. They can log in again only after setting a password with a new
            set-password link.
          </p>
          <form method="post" action={`/users/${userId}/password_revoke/`}>
            <button type="submit">Revoke password and tokens</button>
            <a class="button secondary" href="/">
              Cancel
            </a>
          </form>
        </>
      )}
    </Page>
  );
}

export function PasswordLinkPage({ c, name, url, expires }: { c: Context<AppEnv>; name: string; url: string; expires: number }) {
  return (
    <Page c={c} title="Set-password link created">
      <p>
        Give this link to <strong>{name}</strong>. It is shown only now (only a hash of it is stored), works once and expires on{" "}
        {formatForHumans(expires, c.var.settings.timeZone)}. Whoever has it can set the password of this account.
      </p>
      <label for="link">Set-password link</label>
      <input id="link" type="text" readonly value={url} />
      <a class="button secondary" href="/">
        Done
      </a>
    </Page>
  );
}

export function SetPasswordPage({ c, email, errors = {} }: { c: Context<AppEnv>; email: string; errors?: Errors }) {
  return (
    <Page c={c} title="Set your password">
      <p>
        Choose the password for <strong>{email}</strong>. Setting it logs out all sessions of this account and revokes its API tokens and
        app authorizations.
      </p>
      {/* The form posts to the page's own URL, which carries the link's token. */}
      <form method="post">
        <input type="hidden" name="username" autocomplete="username" value={email} />
        <NewPasswordFields errors={errors} />
        <button type="submit">Set password</button>
      </form>
    </Page>
  );
}

export function InvalidLinkPage({ c }: { c: Context<AppEnv> }) {
  return (
    <Page c={c} title="Invalid set-password link">
      <p>This link cannot be used: it was used already, replaced by a newer link, or has expired. Ask an administrator for a new one.</p>
    </Page>
  );
}
