import type { Context } from "hono";
import { type RowVersion, preconditionFailed } from "../../db/guard";
import { keyedDigestHex } from "../crypto";

/**
 * A strong validator of a representation: the first 128 bits of an HMAC of its JSON under a key
 * derived from SECRET_KEY. It changes whenever the JSON does, and is opaque: a plain hash would let
 * a reader test guesses of fields the JSON covers but the reader may not see (a user's phone).
 */
export async function etagOf(secretKey: string, json: unknown): Promise<string> {
  return `"${(await keyedDigestHex(secretKey, "etag", JSON.stringify(json))).slice(0, 32)}"`;
}

/**
 * Lost-update protection: when the client sends `If-Match`, the object must still be the version
 * it read (or `*`: any version); otherwise 412 and nothing is written. The object is compared here
 * as the handler read it; returned is the row version read with it, which the write's batch must
 * still find (src/db/guard.ts), so that a write in between fails the batch. Null: nothing to guard
 * (no `If-Match`, or `*`).
 */
export function requireIfMatch(c: Context, current: { etag: string; row: RowVersion }): RowVersion | null {
  const header = c.req.header("If-Match");
  if (header === undefined) return null;
  const accepted = header.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  if (accepted.includes("*")) return null;
  if (!accepted.includes(current.etag)) throw preconditionFailed();
  return current.row;
}
