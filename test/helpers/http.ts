import { exports } from "cloudflare:workers";
import { expect } from "vitest";

export const ORIGIN = "http://127.0.0.1:8787";

export const NOT_AUTHENTICATED = { detail: "Authentication credentials were not provided." };
export const PERMISSION_DENIED = { detail: "You do not have permission to perform this action." };

/** A request through the real Worker (its default export), as a client would send it. */
export function request(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), { redirect: "manual", ...init }));
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/**
 * An API call as `token` (null: none) with a JSON body: a string is sent as it is (for malformed
 * JSON), anything else encoded.
 */
export function sendJson(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return request(path, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? bearer(token) : {}), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A same-origin form post, as a browser would send it from one of our pages. */
export function postForm(path: string, fields: Record<string, string | string[]>, options: { cookie?: string; origin?: string | null; headers?: Record<string, string> } = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", ...options.headers };
  if (options.origin !== null) headers.Origin = options.origin ?? ORIGIN;
  if (options.cookie) headers.Cookie = options.cookie;
  return request(path, { method: "POST", body, headers });
}

/** The `name=value` part of the session cookie a response sets, or null. */
export function sessionCookieFrom(response: Response): string | null {
  const cookie = response.headers.getSetCookie().find((c) => /^(__Host-)?ephios_session=[^;]+/.test(c));
  return cookie ? cookie.split(";")[0] : null;
}

/** Logs in through the login form and returns the session cookie for later requests. */
export async function login(email: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await postForm("/accounts/login/", { email, password }, { headers });
  expect(response.status, `login of ${email}`).toBe(302);
  const cookie = sessionCookieFrom(response);
  expect(cookie).not.toBeNull();
  return cookie!;
}

/** The cookies a browser would send after `response`: `cookie` plus what the response set. */
export function withCookiesFrom(response: Response, cookie: string): string {
  const jar = new Map(cookie.split("; ").map((pair) => [pair.split("=")[0], pair] as const));
  for (const set of response.headers.getSetCookie()) {
    const pair = set.split(";")[0];
    jar.set(pair.split("=")[0], pair);
  }
  return [...jar.values()].join("; ");
}
