import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/**
 * Every cookie this server sets goes through here, so all carry the same flags: HttpOnly,
 * SameSite=Lax, Path=/, no Domain, and the `__Host-` prefix with Secure, which no other host (a
 * sibling subdomain) can set or overwrite. Only on plain-http localhost (wrangler dev) do browsers
 * drop Secure cookies, so only there the name is plain and Secure is off. Lax rather than Strict:
 * a link from elsewhere (an email) must open pages logged in, and the federated login comes back
 * through a redirect from the guest's site.
 */
function flags(c: Context, base: string) {
  const url = new URL(c.req.url);
  const insecureLocal = url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  return { name: insecureLocal ? base : `__Host-${base}`, options: { httpOnly: true, secure: !insecureLocal, sameSite: "Lax", path: "/" } as const };
}

export function readCookie(c: Context, base: string): string | undefined {
  return getCookie(c, flags(c, base).name);
}

export function writeCookie(c: Context, base: string, value: string, maxAgeSeconds: number): void {
  const { name, options } = flags(c, base);
  setCookie(c, name, value, { ...options, maxAge: maxAgeSeconds });
}

export function clearCookie(c: Context, base: string): void {
  const { name, options } = flags(c, base);
  deleteCookie(c, name, options);
}
