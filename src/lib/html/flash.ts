import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

const COOKIE = "ephios_flash";

/** A one-time message for the next page (Django's messages framework, in a short-lived cookie). */
export function flash(c: Context, message: string): void {
  setCookie(c, COOKIE, encodeURIComponent(message), { httpOnly: true, sameSite: "Lax", path: "/", maxAge: 60 });
}

/** Reads and clears the pending message. */
export function takeFlash(c: Context): string | null {
  const value = getCookie(c, COOKIE);
  if (value === undefined) return null;
  deleteCookie(c, COOKIE, { path: "/" });
  try {
    return decodeURIComponent(value).slice(0, 500);
  } catch {
    return null;
  }
}
