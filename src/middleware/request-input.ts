import { createMiddleware } from "hono/factory";
import { BodyTooLarge, decodeUtf8, hasLoneSurrogateEscape, percentDecodesToUtf8, readLimited } from "../lib/body";
import { ApiError, badRequest } from "../lib/errors";
import type { AppEnv } from "../types";

/**
 * Every request body, of every route and content type, is at most this large. The largest honest
 * body (an event with a description at its bound, written as JSON escapes) stays well below it.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** What Hono's validators and the federation setup route read as JSON, and more. */
const JSON_TYPE = /^\s*application\/([\w.+-]+\+)?json\b/i;
const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\b/i;

const notWellFormed = () => badRequest("The request is not valid UTF-8 text (or holds a lone UTF-16 surrogate).");

/**
 * The one gate for what a request carries as text, before any route reads it: the query and the
 * body must be UTF-8 (percent-escapes included) and JSON may not escape a lone surrogate, else
 * 400; a body over the limit is 413. Checked bodies are handed on as the bytes that were read, so
 * nothing reads the network a second time. Path parameters need no check: undecodable escapes
 * stay literal there (as in Django) and never reach storage.
 */
export const requestInput = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!percentDecodesToUtf8(new URL(c.req.url).search)) throw notWellFormed();
    if (c.req.raw.body) {
      let bytes: Uint8Array;
      try {
        bytes = await readLimited(c.req.raw, MAX_REQUEST_BODY_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge) throw new ApiError(413, { detail: `Request body too large: at most ${MAX_REQUEST_BODY_BYTES} bytes are accepted.` });
        throw error;
      }
      const text = decodeUtf8(bytes);
      const type = c.req.header("Content-Type") ?? "";
      if (text === null || (FORM_TYPE.test(type) && !percentDecodesToUtf8(text)) || (JSON_TYPE.test(type) && hasLoneSurrogateEscape(text))) throw notWellFormed();
      c.req.raw = new Request(c.req.raw, { body: bytes });
    }
    await next();
  });
