import { randomBytes, scrypt } from "node:crypto";
import { timingSafeEqual } from "./crypto";

// Parameters as decided (docs/decisions): N=2^14, r=8, p=5. They are stored in each hash so they
// can be raised later without breaking existing passwords.
const COST = 16384;
const BLOCK_SIZE = 8;
const PARALLELISM = 5;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$<salt base64>$<hash base64>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST, BLOCK_SIZE, PARALLELISM);
  return `scrypt$${COST}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** False for a wrong password and for any hash this code did not make (e.g. imported ones). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !hash) return false;
  const key = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return timingSafeEqual(key.toString("base64"), hash);
}
