import type { Context } from "hono";
import type { FieldErrors as Errors } from "../../lib/errors";
import { FieldErrors, Page } from "../../lib/html/layout";
import type { AppEnv } from "../../types";

/**
 * ephios's calendar settings (`/settings/calendar/`). Only a hash of the token is stored, so the
 * subscribe URL can be shown only in the answer to the reset that made it (`url`).
 */
export function CalendarSettingsPage({ c, url, errors = {} }: { c: Context<AppEnv>; url?: string; errors?: Errors }) {
  return (
    <Page c={c} title="Calendar">
      <p>
        You can use a URL to integrate a feed of your participations into your calendar apps ("subscribe by URL"): confirmed and requested
        participations, the requested ones marked as tentative.
      </p>
      {url ? (
        <>
          <p class="message" role="status">
            Calendar-URL was reset. Copy it now: for your security only a hash of it is stored, so it cannot be shown again. The previous URL no
            longer works.
          </p>
          <label for="calendar-url">Your calendar URL</label>
          <input id="calendar-url" type="text" readonly value={url} aria-label="calendar-url" />
          <p class="help">
            Whoever has this URL can read your participations, without logging in. Add <code>&amp;rejected=1</code> to see participations a
            responsible rejected, too.
          </p>
        </>
      ) : (
        <p>
          For your security only a hash of your calendar URL is stored, so it can be shown only right after it was made. Reset it to get a new
          URL; the previous one then stops working.
        </p>
      )}
      <form method="post" action="/settings/calendar/">
        <FieldErrors messages={errors.reset} />
        <button type="submit" name="reset" value="1">
          Reset calendar URL
        </button>
      </form>
    </Page>
  );
}
