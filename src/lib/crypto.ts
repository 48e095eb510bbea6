import { timingSafeEqual as nodeTimingSafeEqual } from "node:crypto";

const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(value: string): Uint8Array {
  const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** SHA-256 hex digest: how tokens, codes and client secrets are stored and looked up. */
export async function sha256Hex(value: string): Promise<string> {
  return toHex(await crypto.subtle.digest("SHA-256", encoder.encode(value)));
}

/** Compares two strings in time that depends only on their lengths. */
export function timingSafeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  if (left.byteLength !== right.byteLength) {
    nodeTimingSafeEqual(left, left);
    return false;
  }
  return nodeTimingSafeEqual(left, right);
}

export const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const HEX = "0123456789abcdef";

/** A uniformly random string over `alphabet` (rejection sampling, no modulo bias). */
export function randomString(length: number, alphabet: string = ALPHANUMERIC): string {
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

const keyCache = new Map<string, Promise<CryptoKey>>();

/**
 * A key for one purpose (`info`), derived from SECRET_KEY with HKDF, so that no two uses of the
 * secret share a key.
 */
function derivedKey(secretKey: string, info: string, algorithm: SubtleCryptoImportKeyAlgorithm, usages: string[]): Promise<CryptoKey> {
  // Without it every derived key would be public: fail loudly rather than hand out guessable digests.
  if (!secretKey) throw new Error("SECRET_KEY is not set");
  const cacheKey = `${info}\0${secretKey}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secretKey), "HKDF", false, ["deriveKey"])
      .then((material) => crypto.subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(info) }, material, algorithm, false, usages));
    keyCache.set(cacheKey, key);
  }
  return key;
}

const encryptionKey = (secretKey: string) => derivedKey(secretKey, "ephios-api/secret-encryption/v1", { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]);

/**
 * HMAC-SHA-256 hex digest of `value` under a key derived from SECRET_KEY for `purpose` alone.
 * Nobody without the secret can compute it, so it cannot be used to test guesses of `value`.
 */
export async function keyedDigestHex(secretKey: string, purpose: string, value: string): Promise<string> {
  const key = await derivedKey(secretKey, `ephios-api/${purpose}/v1`, { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", key, encoder.encode(value)));
}

/**
 * Encrypts a secret this service must send back later (a federation client secret or token),
 * with AES-256-GCM under a key derived from SECRET_KEY. Format: `v1.<iv>.<ciphertext>`.
 */
export async function encryptSecret(plain: string, secretKey: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await encryptionKey(secretKey), encoder.encode(plain));
  return `v1.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(cipher))}`;
}

/** Reverses `encryptSecret`; throws when the value was not made with this SECRET_KEY. */
export async function decryptSecret(sealed: string, secretKey: string): Promise<string> {
  const [version, iv, cipher] = sealed.split(".");
  if (version !== "v1" || !iv || !cipher) throw new Error("not an encrypted secret");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64Url(iv) }, await encryptionKey(secretKey), fromBase64Url(cipher));
  return new TextDecoder().decode(plain);
}
