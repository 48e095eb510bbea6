/**
 * Reading bodies that somebody else wrote (requests to us, answers of other instances): at most a
 * given number of bytes, and only well-formed text. A runtime's own readers replace invalid UTF-8
 * with U+FFFD and JSON.parse turns `"\ud800"` into a lone surrogate, which D1 stores as U+FFFD:
 * silent corruption, so both are refused instead.
 */

/** What we read of another instance's answer by default (setup, token, profile). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
    this.name = "BodyTooLarge";
  }
}

/**
 * The body's bytes, read as a stream that is cancelled as soon as it passes `maxBytes` (a declared
 * Content-Length is not trusted alone: chunked bodies have none). An abort of `signal` (a call's
 * timeout) also ends the reading, with the signal's reason.
 */
export async function readLimited(message: Request | Response, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  const body = message.body;
  if (!body) return new Uint8Array();
  if (Number(message.headers.get("Content-Length")) > maxBytes) {
    await body.cancel();
    throw new BodyTooLarge(maxBytes);
  }
  const reader = body.getReader();
  const stop = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener("abort", stop);
  try {
    signal?.throwIfAborted();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      // A cancel by the signal ends the stream early: that is no complete body.
      signal?.throwIfAborted();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new BodyTooLarge(maxBytes);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The text of UTF-8 bytes, or null when they are not UTF-8 (a leading BOM is dropped, as Response.text() does). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Whether the percent-escapes of a URL query or form body decode to UTF-8. Each run of escapes
 * is checked alone: the text around them is well-formed and ASCII `&`/`=` never continue a UTF-8
 * sequence, so this is what URLSearchParams would decode. Broken escapes (`%zz`) stay literal there
 * and are no concern here.
 */
export function percentDecodesToUtf8(encoded: string): boolean {
  for (const [run] of encoded.matchAll(/(?:%[0-9a-f]{2})+/gi)) {
    if (!/%[89a-f]/i.test(run)) continue;
    const bytes = Uint8Array.from(run.slice(1).split("%"), (hex) => Number.parseInt(hex, 16));
    if (decodeUtf8(bytes) === null) return false;
  }
  return true;
}

/**
 * Whether JSON text has a `\uXXXX` escape of a surrogate that is not half of a pair. Escapes are
 * matched left to right as whole escape sequences, so `\\ud800` (an escaped backslash) is none.
 * Well-formed text holds no raw surrogate, so escapes are the only way one gets in.
 */
export function hasLoneSurrogateEscape(json: string): boolean {
  let pairEnd = -1; // where the low half must start after a high surrogate escape
  for (const match of json.matchAll(/\\(?:u([0-9a-fA-F]{4})|[^])/g)) {
    const code = match[1] === undefined ? -1 : Number.parseInt(match[1], 16);
    const low = code >= 0xdc00 && code <= 0xdfff;
    if (pairEnd >= 0) {
      if (!low || match.index !== pairEnd) return true;
      pairEnd = -1;
    } else if (low) {
      return true;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      pairEnd = match.index + match[0].length;
    }
  }
  return pairEnd >= 0;
}

/**
 * Another instance's JSON answer, read with a size limit and the call's timeout. Anything too
 * large, not UTF-8, with a lone surrogate or no JSON throws, as a malformed answer does.
 */
export async function readJsonLimited(response: Response, signal: AbortSignal, maxBytes = MAX_ANSWER_BYTES): Promise<unknown> {
  const text = decodeUtf8(await readLimited(response, maxBytes, signal));
  if (text === null || hasLoneSurrogateEscape(text)) throw new SyntaxError("The answer is not well-formed UTF-8 text.");
  return JSON.parse(text);
}
