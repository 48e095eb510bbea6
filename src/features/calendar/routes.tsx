import { type Context, Hono } from "hono";
import { loginRequired, publicAccess, sessionUser } from "../../auth/access";
import { findCalendarUser } from "../../auth/queries";
import { CONFIRMED, REQUESTED, RESPONSIBLE_REJECTED } from "../../db/participation-states";
import { etagOf } from "../../lib/api/etag";
import { randomString, sha256Hex } from "../../lib/crypto";
import { notFound } from "../../lib/errors";
import { parseForm } from "../../lib/html/forms";
import type { AppEnv } from "../../types";
import { CalendarSettingsPage } from "./pages";
import { feedEntries, replaceCalendarToken } from "./queries";
import { CALENDAR_TOKEN_LENGTH, URL_SAFE, calendarTokenParam, resetForm, switchedOn } from "./schemas";
import { userCalendar } from "./serialize";

/**
 * The URL is the credential, so only the calendar app may keep the answer: `private` (no shared
 * cache), `no-cache` (revalidated every time, which the ETag makes a 304 when nothing changed).
 */
const FEED_CACHE_CONTROL = "private, no-cache";

/** If-None-Match (weak comparison, RFC 9110 13.1.2): `*` or one of the listed tags. */
function matchesIfNoneMatch(c: Context, etag: string): boolean {
  const header = c.req.header("If-None-Match");
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => opaque(tag) === "*" || opaque(tag) === opaque(etag));
}

export const calendarRoutes = new Hono<AppEnv>()
  // ephios's user_event_feed_view: no login, the token in the path is the credential.
  .get("/calendar/:token/", publicAccess(), async (c) => {
    c.header("Referrer-Policy", "no-referrer");
    const params = calendarTokenParam.safeParse(c.req.param());
    const user = params.success ? await findCalendarUser(c.var.db, await sha256Hex(params.data.token)) : null;
    if (!user) throw notFound();

    const states = [CONFIRMED];
    if (switchedOn(c.req.queries("requested"))) states.push(REQUESTED);
    if (switchedOn(c.req.queries("rejected"))) states.push(RESPONSIBLE_REJECTED);
    const entries = await feedEntries(c.var.db, user, states);

    const { siteUrl, secretKey } = c.var.settings;
    // Weak: the answers it tags differ in DTSTAMP (the time of the answer) and nothing else.
    const etag = `W/${await etagOf(secretKey, { siteUrl, entries })}`;
    c.header("ETag", etag);
    c.header("Cache-Control", FEED_CACHE_CONTROL);
    if (matchesIfNoneMatch(c, etag)) return c.body(null, 304);
    c.header("Content-Disposition", 'attachment; filename="events.ics"');
    return c.body(userCalendar(entries, { siteUrl, now: Date.now() }), 200, { "Content-Type": "text/calendar; charset=utf-8" });
  })

  .get("/settings/calendar/", loginRequired(), (c) => c.html(<CalendarSettingsPage c={c} />))

  .post("/settings/calendar/", loginRequired(), async (c) => {
    const user = sessionUser(c);
    const form = await parseForm(c, resetForm);
    if ("errors" in form) return c.html(<CalendarSettingsPage c={c} errors={form.errors} />, 400);
    const token = randomString(CALENDAR_TOKEN_LENGTH, URL_SAFE);
    await replaceCalendarToken(c.var.db, user.id, await sha256Hex(token));
    // The URL is in this answer only: nothing may keep it or pass it on.
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    // As ephios's settings page: requested participations too, rejected ones not.
    return c.html(<CalendarSettingsPage c={c} url={`${c.var.settings.siteUrl}/calendar/${token}/?requested=1&rejected=0`} />);
  });
