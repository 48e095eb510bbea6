import { timingSafeEqual } from "../lib/crypto";

/** RFC 7636: 43–128 characters from the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** A base64url SHA-256 digest: 43 characters. */
export const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

function base64Url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The S256 challenge of a verifier: base64url SHA-256, no padding (also what a client sends). */
export async function s256Challenge(verifier: string): Promise<string> {
  return base64Url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
}

/** Whether `verifier` belongs to the S256 `challenge` (plain is never accepted). */
export async function verifierMatches(verifier: string, challenge: string): Promise<boolean> {
  if (!VERIFIER.test(verifier)) return false;
  return timingSafeEqual(await s256Challenge(verifier), challenge);
}
