/**
 * For the two-instance federation test: reading an instance's database from Node, and a minimal
 * browser (cookies per origin, redirects not followed). The instances themselves come from
 * scripts/lib/instance.ts (own state directory, migrations, demo data, wrangler dev).
 */
import { expect } from "vitest";
import { openBindings } from "../../scripts/lib/local";

/** Demo data (fixtures/demo.json): logins and the admin's all-scopes token. */
export const DEMO = {
  admin: { email: "admin@example.org", password: "admin-demo-password" },
  volunteer: { email: "volunteer@example.org", password: "volunteer-demo-password", displayName: "Lukas Schneider" },
  planner: { email: "planner@example.org", password: "planner-demo-password", displayName: "Julia Neumann" },
  adminToken: "demo-admin-evQ1LpF9hFXbN47BhmAEw1KrOab3uIip6ufQLIt",
};

/** Opens an instance's local D1 from Node (only while its wrangler dev is stopped). */
export async function withDatabase<T>(persistTo: string, use: (db: D1Database) => Promise<T>): Promise<T> {
  const platform = await openBindings({ remote: false, persistTo });
  try {
    return await use(platform.env.DB);
  } finally {
    await platform.dispose();
  }
}

/** A browser: cookies kept per origin (real browsers share them across ports of one host), redirects not followed. */
export class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set("Cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual", signal: AbortSignal.timeout(30_000) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now()));
      if (expired) jar.delete(name);
      else jar.set(name, pair.slice(pair.indexOf("=") + 1));
    }
    return response;
  }

  get(url: string) {
    return this.fetch(url);
  }

  /** A form post from the page's own origin, as a browser sends it. */
  post(url: string, fields: Record<string, string>) {
    return this.fetch(url, { method: "POST", body: new URLSearchParams(fields), headers: { Origin: new URL(url).origin, "Content-Type": "application/x-www-form-urlencoded" } });
  }

  async logIn(origin: string, email: string, password: string): Promise<void> {
    const response = await this.post(`${origin}/accounts/login/`, { email, password });
    if (response.status !== 302) throw new Error(`login of ${email} at ${origin} answered ${response.status}`);
  }
}

/** The value of `Location`, resolved against the request URL. */
export const locationOf = (response: Response, base: string) => new URL(response.headers.get("Location") ?? "", base).toString();

/** The hidden fields of the first form on a page (the OAuth consent form). */
export function hiddenFields(html: string): Record<string, string> {
  const decode = (value: string) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], decode(m[2])]));
}

/**
 * Staff of A invite B (A's invite page shows B's redemption link), and staff of B redeem the code.
 * Both browsers must be logged in as staff. Returns the code.
 */
export async function inviteAndRedeem(adminA: Browser, a: string, adminB: Browser, b: string): Promise<string> {
  const created = await adminA.post(`${a}/settings/federation/guests/add/`, { url: b });
  expect(created.status).toBe(302);
  const invitePage = await (await adminA.get(locationOf(created, a))).text();
  const inviteUrl = new RegExp(`${b}/settings/federation/hosts/add/\\?code=([^"&<\\s]+)`).exec(invitePage);
  expect(inviteUrl, invitePage).not.toBeNull();
  const code = decodeURIComponent(inviteUrl![1]);
  const form = await adminB.get(`${b}/settings/federation/hosts/add/?code=${encodeURIComponent(code)}`);
  expect(await form.text()).toContain(code);
  const redeemed = await adminB.post(`${b}/settings/federation/hosts/add/`, { code });
  expect(redeemed.status, await redeemed.clone().text()).toBe(302);
  expect(locationOf(redeemed, b)).toBe(`${b}/settings/federation/`);
  return code;
}

/**
 * A user of B, logged in at B in `browser`, opens A's shared event page: A sends them to B's
 * consent page, they allow, and B sends them back to A, which opens a federated session.
 */
export async function federatedLogin(browser: Browser, a: string, b: string, eventId: number, guestId: number): Promise<void> {
  const start = await browser.get(`${a}/events/shared/${eventId}/${guestId}/`);
  expect(start.status).toBe(302);
  const authorize = locationOf(start, a);
  expect(authorize.startsWith(`${b}/api/oauth/authorize/?`)).toBe(true);
  const consent = await browser.get(authorize);
  expect(consent.status).toBe(200);
  const consentPage = await consent.text();
  expect(consentPage).toMatch(/Authorize .+\?/);
  expect(consentPage).toContain("ME_READ");
  const allowed = await browser.post(`${b}/api/oauth/authorize/`, { ...hiddenFields(consentPage), allow: "Authorize" });
  expect(allowed.status).toBe(302);
  const callback = locationOf(allowed, b);
  expect(callback.startsWith(`${a}/api/federation/oauth-callback/?code=`)).toBe(true);
  const back = await browser.get(callback);
  expect(back.status, await back.clone().text()).toBe(302);
  expect(locationOf(back, a)).toBe(`${a}/events/shared/${eventId}/${guestId}/`);
}
