/**
 * What this instance, as a host, sends to a guest to log its user in: the code exchange
 * and the profile. Every call goes through fetchOutbound (the guest's URL checked, no redirects) and
 * has a timeout, which also covers reading the answer; answers are read with a size limit and
 * through schemas.ts only.
 */
import { readJsonLimited } from "../../../lib/body";
import { fetchOutbound } from "../../../lib/outbound-url";
import { type GuestProfile, guestProfile, tokenAnswer } from "./schemas";

export const GUEST_TIMEOUT_MS = 5_000;

export interface GuestClient {
  url: string;
  clientId: string;
  clientSecret: string;
}

export type TokenResult = { ok: true; accessToken: string; expiresIn: number } | { ok: false; error: "oauth_error" | "event_error" };

/** RFC 6749 §2.3.1: the Basic credentials are form-url-encoded (a no-op for the alphanumeric ones ephios makes). */
const basic = (clientId: string, secret: string) => {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, "+");
  return `Basic ${btoa(`${encode(clientId)}:${encode(secret)}`)}`;
};

/**
 * The code exchange as ephios's host does it: HTTP Basic, `grant_type`, `code`, `code_verifier`,
 * plus the `redirect_uri` of the authorization request (RFC 6749 §4.1.3; a guest accepts it).
 * An error answer or no token is `oauth_error`; a token without usable lifetime `event_error` (ephios).
 */
export async function exchangeCode(guest: GuestClient, code: string, verifier: string, redirectUri: string, siteUrl: string): Promise<TokenResult> {
  let body: unknown;
  try {
    const signal = AbortSignal.timeout(GUEST_TIMEOUT_MS);
    const response = await fetchOutbound(
      `${guest.url}/api/oauth/token/`,
      {
        method: "POST",
        headers: { Authorization: basic(guest.clientId, guest.clientSecret), Accept: "application/json" },
        body: new URLSearchParams({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri }),
        signal,
      },
      siteUrl,
    );
    body = await readJsonLimited(response, signal);
  } catch {
    return { ok: false, error: "oauth_error" };
  }
  const answer = tokenAnswer.safeParse(body);
  if (answer.success) return { ok: true, accessToken: answer.data.access_token, expiresIn: answer.data.expires_in };
  const hasToken = typeof body === "object" && body !== null && "access_token" in body && !("error" in body);
  return { ok: false, error: hasToken ? "event_error" : "oauth_error" };
}

/** The logged-in user's profile at the guest, or null when it cannot be read. */
export async function guestProfileOf(guestUrl: string, accessToken: string, siteUrl: string): Promise<GuestProfile | null> {
  try {
    const signal = AbortSignal.timeout(GUEST_TIMEOUT_MS);
    const response = await fetchOutbound(`${guestUrl}/api/users/me/`, { headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" }, signal }, siteUrl);
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const profile = guestProfile.safeParse(await readJsonLimited(response, signal));
    return profile.success ? profile.data : null;
  } catch {
    return null;
  }
}
