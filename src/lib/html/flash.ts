import type { Context } from "hono";
import { clearCookie, readCookie, writeCookie } from "../cookies";

const COOKIE = "ephios_flash";

/** A one-time message for the next page (Django's messages framework, in a short-lived cookie). */
export function flash(c: Context, message: string): void {
  writeCookie(c, COOKIE, encodeURIComponent(message), 60);
}

/** Reads and clears the pending message. */
export function takeFlash(c: Context): string | null {
  const value = readCookie(c, COOKIE);
  if (value === undefined) return null;
  clearCookie(c, COOKIE);
  try {
    return decodeURIComponent(value).slice(0, 500);
  } catch {
    return null;
  }
}
