import { randomString, sha256Hex } from "../lib/crypto";

/** ephios's AUTHORIZATION_CODE_EXPIRE_SECONDS. */
export const CODE_LIFETIME_MS = 60_000;

export interface AuthorizationCode {
  applicationId: number;
  userId: number;
  redirectUri: string;
  /** Space-separated scopes granted. */
  scope: string;
  codeChallenge: string;
  createdAt: number;
}

const kvKey = (hash: string) => `oauth-code:${hash}`;

/**
 * Stores a new code in KV under its SHA-256. KV's shortest TTL is 60 s, so the entry may outlive the
 * code a little; the stored `createdAt` decides. Whether it was used is decided in D1, not here.
 */
export async function createCode(kv: KVNamespace, grant: Omit<AuthorizationCode, "createdAt">, now: number): Promise<string> {
  const code = randomString(30);
  await kv.put(kvKey(await sha256Hex(code)), JSON.stringify({ ...grant, createdAt: now }), { expirationTtl: 120 });
  return code;
}

/** The code's grant if it exists and is younger than 60 s. */
export async function readCode(kv: KVNamespace, codeHash: string, now: number): Promise<AuthorizationCode | null> {
  const grant = await kv.get<AuthorizationCode>(kvKey(codeHash), "json");
  if (!grant || now - grant.createdAt > CODE_LIFETIME_MS || grant.createdAt > now + 5_000) return null;
  return grant;
}

export async function forgetCode(kv: KVNamespace, codeHash: string): Promise<void> {
  await kv.delete(kvKey(codeHash));
}
