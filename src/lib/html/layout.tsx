import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../../types";
import { takeFlash } from "./flash";

const STYLE = `
:root { color-scheme: light dark; --accent: #b52d2d; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; }
header { background: var(--accent); color: #fff; padding: .6rem 1rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
header a, header button { color: #fff; }
header .brand { font-weight: 700; margin-right: auto; text-decoration: none; }
header form { margin: 0; }
header button { background: none; border: 1px solid #fff; border-radius: 4px; padding: .2rem .6rem; cursor: pointer; font: inherit; }
main { max-width: 48rem; margin: 1.5rem auto; padding: 0 1rem; }
label { display: block; margin-top: .8rem; font-weight: 600; }
input[type=text], input[type=email], input[type=password], input[type=date], input[type=time], input[type=datetime-local], textarea { width: 100%; box-sizing: border-box; padding: .45rem; font: inherit; }
fieldset { margin-top: .8rem; } fieldset label { font-weight: 400; margin: .2rem 0; }
button, .button { margin-top: 1rem; padding: .45rem 1rem; font: inherit; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
.secondary { background: transparent; color: inherit; }
.card { border: 1px solid #8884; border-radius: 6px; padding: .8rem 1rem; margin: .8rem 0; }
.badge { border-radius: 4px; padding: 0 .4rem; background: #8883; font-size: .85rem; }
.message { border-left: 4px solid var(--accent); padding: .5rem .8rem; background: #8881; }
.errors { color: var(--accent); margin: .3rem 0; padding-left: 1.2rem; }
.help { font-size: .9rem; opacity: .8; }
code { font-size: .9em; }
`;

interface PageProps {
  c: Context<AppEnv>;
  title: string;
  children: Child;
}

/** The frame of every HTML page: header with navigation, one-time message, content. */
export function Page({ c, title, children }: PageProps) {
  const user = c.var.principal?.via === "session" ? c.var.principal.user : null;
  const message = takeFlash(c);
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${c.var.settings.organizationName}`}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <header>
          <a class="brand" href="/">
            {c.var.settings.organizationName}
          </a>
          {user ? (
            <>
              {/* ephios shows it when a host shares events; asking the database on every page is not worth it. */}
              <a href="/events/external/">External events</a>
              <a href="/api/settings/token/">Integrations</a>
              <a href="/settings/calendar/">Calendar</a>
              {user.isStaff || user.isSuperuser ? (
                <>
                  <a href="/api/settings/applications/">App integrations</a>
                  <a href="/settings/federation/">Federation</a>
                </>
              ) : null}
              <a href="/settings/password/">Password</a>
              <span aria-label="Logged in as">{user.displayName}</span>
              <form method="post" action="/accounts/logout/">
                <button type="submit">Log out</button>
              </form>
            </>
          ) : (
            <a href="/accounts/login/">Log in</a>
          )}
        </header>
        <main>
          {message ? (
            <p class="message" role="status">
              {message}
            </p>
          ) : null}
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** Error messages of one form field (or of the whole form). */
export function FieldErrors({ messages }: { messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <ul class="errors" role="alert">
      {messages.map((m) => (
        <li>{m}</li>
      ))}
    </ul>
  );
}
