/**
 * Shared pieces of the OAuth2 tests: a world with users and applications, oauth4webapi wired to
 * the Worker, and a browser-like walk through the consent page.
 */
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import * as oauth from "oauth4webapi";
import { expect } from "vitest";
import { accessTokens, refreshTokens } from "../../src/db/schema";
import { sha256Hex } from "../../src/lib/crypto";
import { authWorld } from "../helpers/auth-world";
import { testDb } from "../helpers/db";
import { ORIGIN, bearer, postForm, request } from "../helpers/http";

export const ISSUER = new URL(ORIGIN);
export const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];

export interface TestApp {
  id: number;
  name: string;
  clientId: string;
  secret: string;
  type: "confidential" | "public";
  redirectUris: string[];
}

const app = (id: number, name: string, clientId: string, secret: string, redirectUris: string[], type: TestApp["type"] = "confidential"): TestApp => ({
  id,
  name,
  clientId,
  secret,
  type,
  redirectUris,
});

/** Applications for the tests; each test file has its own storage, so they can share names. */
export const APPS = {
  doorSign: app(1, "Door Sign", "door-sign-client", "door-sign-secret-0123456789abcdef", ["https://doorsign.example.org/callback"]),
  twoRedirects: app(2, "Two Doors", "two-doors-client", "two-doors-secret-0123456789abcdef", ["https://two.example.org/a/callback", "https://two.example.org/b/callback"]),
  pocket: app(3, "Pocket App", "pocket-client", "pocket-secret-never-used-0123456789", ["http://127.0.0.1:8976/callback"], "public"),
  // Characters that RFC 6749 §2.3.1's form-url-encoding of Basic credentials changes.
  oddSecret: app(4, "Odd Secret", "odd:client+id%", "s:e%c+r et/=?&ü~*'()!", ["https://odd.example.org/callback"]),
  // An ephios host: 40/128 alphanumeric characters as DOT makes them, one redirect URI.
  ephiosHost: app(
    5,
    "ephios Host",
    "HostClientId0123456789abcdefghijABCDEFGHIJ".slice(0, 40),
    "HostSecret".padEnd(128, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    ["https://host.example.org/api/federation/oauth-callback/"],
  ),
  other: app(6, "Other App", "other-client", "other-secret-0123456789abcdef", ["https://doorsign.example.org/callback"]),
  throttled: app(7, "Throttled App", "throttled-client", "throttled-secret-0123456789abcdef", ["https://throttled.example.org/callback"]),
  refresher: app(8, "Refresher", "refresher-client", "refresher-secret-0123456789abcdef", ["https://refresher.example.org/callback"]),
  // Separate clients keep each group of tests well below the per-client token rate limit.
  replay: app(9, "Replay App", "replay-client", "replay-secret-0123456789abcdef", ["https://replay.example.org/callback"]),
  rotation: app(10, "Rotation App", "rotation-client", "rotation-secret-0123456789abcdef", ["https://rotation.example.org/callback"]),
  pkceApp: app(11, "PKCE App", "pkce-client", "pkce-secret-0123456789abcdef", ["https://pkce.example.org/callback"]),
} satisfies Record<string, TestApp>;

export function oauthWorld() {
  return {
    ...authWorld(),
    oauth_applications: Object.values(APPS).map((a) => ({
      id: a.id,
      name: a.name,
      owner: 1,
      client_id: a.clientId,
      client_secret: a.secret,
      client_type: a.type,
      redirect_uris: a.redirectUris,
    })),
  };
}

/** oauth4webapi's HTTP goes to the Worker itself, not to the network. */
export const workerFetch = (url: string, init: oauth.CustomFetchOptions<string, unknown>): Promise<Response> =>
  exports.default.fetch(new Request(url, { method: init.method, headers: init.headers, body: init.body as BodyInit | undefined, redirect: "manual" }));

export const httpOptions = { [oauth.customFetch]: workerFetch, [oauth.allowInsecureRequests]: true } as const;

export async function discover(): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(ISSUER, { ...httpOptions, algorithm: "oauth2" });
  return oauth.processDiscoveryResponse(ISSUER, response);
}

export const clientOf = (a: TestApp): oauth.Client => ({ client_id: a.clientId });

export interface Pkce {
  verifier: string;
  challenge: string;
}

export async function pkce(): Promise<Pkce> {
  const verifier = oauth.generateRandomCodeVerifier();
  return { verifier, challenge: await oauth.calculatePKCECodeChallenge(verifier) };
}

/** The authorization URL a client sends the browser to. `null` leaves a parameter out. */
export function authorizationUrl(a: TestApp, params: Record<string, string | null>): URL {
  const url = new URL("/api/oauth/authorize/", ORIGIN);
  const all: Record<string, string | null> = { response_type: "code", client_id: a.clientId, redirect_uri: a.redirectUris[0], ...params };
  for (const [name, value] of Object.entries(all)) if (value !== null) url.searchParams.set(name, value);
  return url;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&quot;": '"', "&#39;": "'", "&lt;": "<", "&gt;": ">" };
const unescapeHtml = (value: string) => value.replace(/&(amp|quot|#39|lt|gt);/g, (entity) => ENTITIES[entity]);

/** The hidden fields of the consent form, as a browser would submit them. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? "";
    if (name !== undefined) fields[unescapeHtml(name)] = unescapeHtml(value);
  }
  return fields;
}

/** Opens the consent page (it must be shown) and returns its HTML. */
export async function consentPage(cookie: string, url: URL): Promise<string> {
  const page = await request(url.href, { headers: { Cookie: cookie } });
  const html = await page.text();
  expect(page.status, html).toBe(200);
  return html;
}

/** Opens the consent page and presses "Authorize" (or "Cancel"): the redirect's URL. */
export async function consent(cookie: string, url: URL, decision: "allow" | "cancel" = "allow"): Promise<URL> {
  const html = await consentPage(cookie, url);
  const fields = hiddenFields(html);
  const response = await postForm("/api/oauth/authorize/", decision === "allow" ? { ...fields, allow: "Authorize" } : fields, { cookie });
  expect(response.status, await response.clone().text()).toBe(302);
  return new URL(response.headers.get("Location")!);
}

/** A fresh authorization code for `a` (S256, scopes as given; none = the default). */
export async function authorizationCode(cookie: string, a: TestApp, options: { scope?: string; redirectUri?: string | null } = {}) {
  const { verifier, challenge } = await pkce();
  const state = oauth.generateRandomState();
  const url = authorizationUrl(a, {
    scope: options.scope ?? null,
    state,
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...(options.redirectUri !== undefined ? { redirect_uri: options.redirectUri } : {}),
  });
  const location = await consent(cookie, url);
  expect(location.searchParams.get("state")).toBe(state);
  const code = location.searchParams.get("code");
  expect(code, location.href).toMatch(/^[A-Za-z0-9]{30}$/);
  return { code: code!, verifier, state, location };
}

export const basic = (clientId: string, secret: string) => `Basic ${btoa(`${clientId}:${secret}`)}`;

/** A raw token request, server to server (no Origin, no cookie). */
export function tokenRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return postForm("/api/oauth/token/", fields, { origin: null, headers: { Accept: "application/json", ...headers } });
}

/** A code exchange with client_secret_basic and all the RFC 6749 parameters. */
export function exchange(a: TestApp, code: string, verifier: string, extra: Record<string, string> = {}) {
  return tokenRequest({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: a.redirectUris[0], ...extra }, { Authorization: basic(a.clientId, a.secret) });
}

export function refresh(a: TestApp, refreshToken: string, extra: Record<string, string> = {}) {
  return tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, ...extra }, { Authorization: basic(a.clientId, a.secret) });
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/** Code → tokens in one go (asserts success). */
export async function issueTokens(cookie: string, a: TestApp, options: { scope?: string } = {}): Promise<Tokens> {
  const { code, verifier } = await authorizationCode(cookie, a, options);
  const response = await exchange(a, code, verifier);
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body as Tokens;
}

/** Whether the token is accepted by the API (a ME_READ endpoint). */
export async function apiAccepts(accessToken: string): Promise<boolean> {
  const response = await request("/api/users/me/", { headers: bearer(accessToken) });
  if (response.status === 200) return true;
  expect(response.status).toBe(403);
  expect(await response.json()).toEqual({ detail: "Authentication credentials were not provided." });
  return false;
}

/** The access token row for a token in plain text. */
export async function accessTokenRow(token: string) {
  const [row] = await testDb().select().from(accessTokens).where(eq(accessTokens.tokenHash, await sha256Hex(token)));
  return row;
}

export async function refreshTokenRow(token: string) {
  const [row] = await testDb().select().from(refreshTokens).where(eq(refreshTokens.tokenHash, await sha256Hex(token)));
  return row;
}

/** How many OAuth tokens exist (for "nothing was issued"). */
export async function issuedCounts() {
  const db = testDb();
  const access = await db.select({ id: accessTokens.id, app: accessTokens.applicationId }).from(accessTokens);
  const refreshRows = await db.select({ id: refreshTokens.id }).from(refreshTokens);
  return { access: access.filter((r) => r.app !== null).length, refresh: refreshRows.length };
}

/** The KV entry of an authorization code. */
export const codeKey = async (code: string) => `oauth-code:${await sha256Hex(code)}`;

export const kv = () => env.KV;
