/**
 * The two short-lived browser states of a federated user here: the pending login while the user
 * is at their own instance (PKCE verifier, where to return), and afterwards the federated session.
 * The pending login travels in an AES-GCM sealed cookie, so an anonymous visit writes nothing
 * server-side; the session lives in KV under the hash of a random id held in a cookie, like login
 * sessions.
 */
import type { Context } from "hono";
import { clearCookie, readCookie, writeCookie } from "../../../lib/cookies";
import { decryptSecret, encryptSecret, randomString, sha256Hex, timingSafeEqual } from "../../../lib/crypto";
import { s256Challenge } from "../../../oauth/pkce";
import type { AppEnv } from "../../../types";

export const OAUTH_CALLBACK_PATH = "/api/federation/oauth-callback/";
/** How long a user may take to log in at their instance. */
const LOGIN_TTL_S = 600;
/** KV's shortest TTL; and at most as long as a login session here. */
const MIN_TTL_S = 60;
const MAX_SESSION_S = 14 * 24 * 3600;
const UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

interface PendingLogin {
  guestId: number;
  eventId: number;
  verifier: string;
}

/** What the login cookie seals: the pending login, its `state` and when it lapses. */
interface SealedLogin extends PendingLogin {
  state: string;
  expires: number;
}

export interface FederatedSession {
  guestId: number;
  federatedUserId: number;
  /** The federated user row's `session_binding`: the session dies with the row. */
  binding: string;
}

const sessionKey = (hash: string) => `federation-session:${hash}`;
const LOGIN_COOKIE = "ephios_federation_login";
const SESSION_COOKIE = "ephios_federation";

/**
 * Sends the browser to the guest's authorization endpoint (PKCE S256, scope
 * ME_READ). Unlike ephios, `state` is checked on return: it is tied to this browser by a cookie.
 */
export async function beginLogin(c: Context<AppEnv>, guest: { id: number; url: string; clientId: string }, eventId: number): Promise<Response> {
  const state = randomString(30);
  const verifier = randomString(64, UNRESERVED);
  const sealed: SealedLogin = { guestId: guest.id, eventId, verifier, state, expires: Date.now() + LOGIN_TTL_S * 1000 };
  // Path=/ as `__Host-` demands (a narrower path made browsers refuse it); sealed, it means nothing elsewhere.
  writeCookie(c, LOGIN_COOKIE, await encryptSecret(JSON.stringify(sealed), c.var.settings.secretKey), LOGIN_TTL_S);
  const query = new URLSearchParams({
    response_type: "code",
    client_id: guest.clientId,
    redirect_uri: `${c.var.settings.siteUrl}${OAUTH_CALLBACK_PATH}`,
    scope: "ME_READ",
    state,
    code_challenge: await s256Challenge(verifier),
    code_challenge_method: "S256",
  });
  return c.redirect(`${guest.url}/api/oauth/authorize/?${query}`, 302);
}

/** The login this browser started with `state`, once: it is forgotten when taken. */
export async function takePendingLogin(c: Context<AppEnv>, state: string | undefined): Promise<PendingLogin | null> {
  const cookie = readCookie(c, LOGIN_COOKIE);
  if (cookie === undefined || state === undefined) return null;
  clearCookie(c, LOGIN_COOKIE);
  let sealed: SealedLogin;
  try {
    sealed = JSON.parse(await decryptSecret(cookie, c.var.settings.secretKey)) as SealedLogin;
  } catch {
    // Not sealed with our key: forged, or from before a key rotation.
    return null;
  }
  if (sealed.expires <= Date.now() || !timingSafeEqual(sealed.state, state)) return null;
  return { guestId: sealed.guestId, eventId: sealed.eventId, verifier: sealed.verifier };
}

/** Opens the federated session for as long as the guest's token lives (ephios: `set_expiry(expires_in)`). */
export async function openFederatedSession(c: Context<AppEnv>, session: FederatedSession, expiresInS: number): Promise<void> {
  const lifetime = Math.min(Math.max(expiresInS, MIN_TTL_S), MAX_SESSION_S);
  const id = randomString(43);
  await c.env.KV.put(sessionKey(await sha256Hex(id)), JSON.stringify(session), { expirationTtl: lifetime });
  writeCookie(c, SESSION_COOKIE, id, lifetime);
}

export async function readFederatedSession(c: Context<AppEnv>): Promise<FederatedSession | null> {
  const id = readCookie(c, SESSION_COOKIE);
  if (!id || id.length > 128) return null;
  return c.env.KV.get<FederatedSession>(sessionKey(await sha256Hex(id)), "json");
}
