/**
 * The invite "share string" that a host's staff hands to a guest's staff: standard
 * Base64 (with padding) of the JSON `{"guest_url", "code", "host_url"}` in that key order, written
 * as Python's `json.dumps` writes it (", " and ": " separators, non-ASCII escaped), so a string
 * made here is byte for byte the one an ephios host would make.
 */
import { decodeUtf8, hasLoneSurrogateEscape } from "../../lib/body";

export interface ShareCode {
  guest_url: string;
  code: string;
  host_url: string;
}

/** Python's `json.dumps` of a string (ensure_ascii): everything outside printable ASCII as \uXXXX. */
const pythonJsonString = (value: string) =>
  JSON.stringify(value).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);

export function encodeShareCode(share: ShareCode): string {
  const json = `{"guest_url": ${pythonJsonString(share.guest_url)}, "code": ${pythonJsonString(share.code)}, "host_url": ${pythonJsonString(share.host_url)}}`;
  // pythonJsonString leaves only ASCII, which btoa takes as bytes.
  return btoa(json);
}

/** The three values of a share string; null when it is not Base64 of a JSON object holding all three as strings. */
export function decodeShareCode(value: string): ShareCode | null {
  try {
    const text = decodeUtf8(Uint8Array.from(atob(value.trim()), (char) => char.charCodeAt(0)));
    if (text === null || hasLoneSurrogateEscape(text)) return null;
    const data: unknown = JSON.parse(text);
    if (typeof data !== "object" || data === null) return null;
    const { guest_url, code, host_url } = data as Record<string, unknown>;
    if (typeof guest_url !== "string" || typeof code !== "string" || typeof host_url !== "string") return null;
    return { guest_url, code, host_url };
  } catch {
    return null;
  }
}
