import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { cookieSettings } from "../../auth/session";

/** Named and flagged like the session cookie: `__Host-` and `Secure` everywhere but plain-http localhost. */
const flashCookie = (c: Context) => cookieSettings(c, "ephios_flash");

/** A one-time message for the next page (Django's messages framework, in a short-lived cookie). */
export function flash(c: Context, message: string): void {
  const { name, secure } = flashCookie(c);
  setCookie(c, name, encodeURIComponent(message), { httpOnly: true, secure, sameSite: "Lax", path: "/", maxAge: 60 });
}

/** Reads and clears the pending message. */
export function takeFlash(c: Context): string | null {
  const { name, secure } = flashCookie(c);
  const value = getCookie(c, name);
  if (value === undefined) return null;
  deleteCookie(c, name, { path: "/", secure });
  try {
    return decodeURIComponent(value).slice(0, 500);
  } catch {
    return null;
  }
}
