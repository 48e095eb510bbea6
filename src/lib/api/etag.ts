import type { Context } from "hono";
import { sha256Hex } from "../crypto";
import { ApiError } from "../errors";

/** A strong validator of a representation: the first 128 bits of its JSON's SHA-256. */
export async function etagOf(json: unknown): Promise<string> {
  return `"${(await sha256Hex(JSON.stringify(json))).slice(0, 32)}"`;
}

/**
 * Lost-update protection: when the client sends `If-Match`, the object must still be the version
 * it read (or `*`: any version); otherwise 412 and nothing is written.
 */
export function requireIfMatch(c: Context, currentEtag: string): void {
  const header = c.req.header("If-Match");
  if (header === undefined) return;
  const accepted = header.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  if (!accepted.includes("*") && !accepted.includes(currentEtag)) {
    throw new ApiError(412, { detail: "Precondition failed: the object was changed since you read it." });
  }
}
