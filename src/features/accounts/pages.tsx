import type { Context } from "hono";
import type { FieldErrors as Errors } from "../../lib/errors";
import { FieldErrors, Page } from "../../lib/html/layout";
import { NewPasswordFields } from "../../lib/html/password-fields";
import type { AppEnv } from "../../types";

export function LoginPage({ c, email = "", next = "", errors = {} }: { c: Context<AppEnv>; email?: string; next?: string; errors?: Errors }) {
  return (
    <Page c={c} title="Log in">
      <form method="post" action="/accounts/login/">
        <FieldErrors messages={errors.__all__} />
        <label for="email">Email address</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={email} />
        <FieldErrors messages={errors.email} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <FieldErrors messages={errors.password} />
        <input type="hidden" name="next" value={next} />
        <button type="submit">Log in</button>
      </form>
    </Page>
  );
}

export function PasswordChangePage({ c, errors = {} }: { c: Context<AppEnv>; errors?: Errors }) {
  return (
    <Page c={c} title="Change password">
      <p class="help">Changing your password revokes all your API tokens and app authorizations, and logs out your other sessions.</p>
      <form method="post" action="/settings/password/">
        <label for="old_password">Old password</label>
        <input id="old_password" name="old_password" type="password" autocomplete="current-password" required />
        <FieldErrors messages={errors.old_password} />
        <NewPasswordFields errors={errors} />
        <button type="submit">Change password</button>
      </form>
    </Page>
  );
}

export function HomePage({ c }: { c: Context<AppEnv> }) {
  const loggedIn = c.var.principal?.via === "session";
  return (
    <Page c={c} title={c.var.settings.organizationName}>
      <p>This is the ephios API of {c.var.settings.organizationName}.</p>
      <ul>
        {loggedIn ? (
          <>
            <li>
              <a href="/api/settings/token/">Integrations</a>: your API tokens and the apps you authorized
            </li>
            <li>
              <a href="/settings/password/">Change your password</a>
            </li>
          </>
        ) : (
          <li>
            <a href="/accounts/login/">Log in</a> to manage your API tokens
          </li>
        )}
        <li>
          <a href="/api/">API root</a>
        </li>
      </ul>
    </Page>
  );
}
