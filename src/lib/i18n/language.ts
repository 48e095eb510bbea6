/**
 * Which of ephios's languages an answer is in, chosen as Django's LocaleMiddleware chooses it
 * (`get_language_from_request` with ephios's LANGUAGES): the `django_language` cookie, then
 * `Accept-Language`, then the configured LANGUAGE_CODE.
 */

/** ephios's LANGUAGES, in its order. */
export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Django's LANGUAGE_COOKIE_NAME. */
export const LANGUAGE_COOKIE = "django_language";

/** What `\s` matches in Python's `re` on text (str.isspace), which JavaScript's `\s` does not quite. */
const SPACE = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";

/** Django's `accept_language_re`: a language range, an optional q-value, a comma or the end. */
const LANGUAGE_RANGE = new RegExp(`([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\\*)(?:${SPACE}*;${SPACE}*q=(0(?:\\.[0-9]{0,3})?|1(?:\\.0{0,3})?))?(?:${SPACE}*,${SPACE}*|$)`, "y");

/** Django parses at most this much of the header (ACCEPT_LANGUAGE_HEADER_MAX_LENGTH). */
const MAX_HEADER_LENGTH = 500;

/**
 * Django's `parse_accept_lang_header`: the ranges, lowercased, by q-value (highest first, ties in
 * header order). Anything malformed makes the whole header count as absent. q=0 is kept: Django
 * tries such a range too, after all others.
 */
export function parseAcceptLanguage(header: string): { range: string; q: number }[] {
  if (header.length > MAX_HEADER_LENGTH) {
    // Up to the last comma before the limit, dropping the range the limit cuts.
    const comma = header.lastIndexOf(",", MAX_HEADER_LENGTH - 1);
    if (comma <= 0) return [];
    header = header.slice(0, comma);
  }
  const text = header.toLowerCase();
  const ranges: { range: string; q: number }[] = [];
  for (let at = 0; at < text.length; ) {
    LANGUAGE_RANGE.lastIndex = at;
    const match = LANGUAGE_RANGE.exec(text);
    if (!match) return [];
    ranges.push({ range: match[1], q: match[2] === undefined ? 1 : Number(match[2]) });
    at = LANGUAGE_RANGE.lastIndex;
  }
  return ranges.sort((a, b) => b.q - a.q);
}

/**
 * Django's `get_supported_language_variant` for LANGUAGES de and en: the code or one of its
 * prefixes at a hyphen (`de-DE-1996`, `de-DE`, `de`) is a supported language, compared lowercased.
 */
function supportedVariant(code: string): Language | null {
  const lower = code.toLowerCase();
  return LANGUAGES.find((language) => lower === language || lower.startsWith(`${language}-`)) ?? null;
}

/** Python's `http.cookies._unquote`, which Django's cookie parsing applies to every value. */
function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\(?:([0-3][0-7][0-7])|([\s\S]))/g, (_all, octal: string | undefined, char: string) => (octal ? String.fromCharCode(parseInt(octal, 8)) : char));
}

/** The language cookie as Django's `parse_cookie` reads it: the last one of that name wins. */
export function languageCookie(header: string | undefined): string | undefined {
  let value: string | undefined;
  for (const chunk of header?.split(";") ?? []) {
    const equals = chunk.indexOf("=");
    if (equals < 0) continue;
    if (chunk.slice(0, equals).trim() === LANGUAGE_COOKIE) value = unquote(chunk.slice(equals + 1).trim());
  }
  return value;
}

/** The answer's language, as Django's `get_language_from_request` decides it (no language in the path). */
export function chooseLanguage(headers: { cookie?: string; acceptLanguage?: string }, fallback: Language): Language {
  const cookie = languageCookie(headers.cookie);
  const fromCookie = cookie === undefined ? null : supportedVariant(cookie);
  if (fromCookie) return fromCookie;
  for (const { range } of parseAcceptLanguage(headers.acceptLanguage ?? "")) {
    // `*` ends the search: the rest of the header is not looked at.
    if (range === "*") break;
    const language = supportedVariant(range);
    if (language) return language;
  }
  return fallback;
}
