/**
 * Python's text rules, which Django and DRF inherit and ephios's answers show: what `str.isspace()`
 * (and `re`'s `\s`) calls whitespace, and which texts `int()` takes.
 */

/**
 * A character class body (for `[…]` in a `u`-flagged RegExp) of `str.isspace()`: the Unicode space
 * separators and the bidirectional whitespace, segment and paragraph separators. Unlike
 * JavaScript's `\s` it holds U+001C–U+001F and U+0085, and not U+FEFF.
 */
export const PYTHON_WHITESPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** int() reads non-ASCII spaces as spaces but of ASCII only space, tab and the line breaks (not U+001C–U+001F). */
const INT_WHITESPACE = PYTHON_WHITESPACE.replace("\\x1c-\\x20", " ");
const INT = new RegExp(`^[${INT_WHITESPACE}]*([+-]?)(\\p{Nd}+(?:_\\p{Nd}+)*)[${INT_WHITESPACE}]*$`, "u");
const DIGIT = /^\p{Nd}$/u;

/**
 * `int(text)`: surrounding whitespace, a sign, decimal digits of any script with single `_`
 * between them (PEP 515). Null where Python raises ValueError.
 */
export function pythonInt(text: string): bigint | null {
  const match = INT.exec(text);
  if (!match) return null;
  let value = 0n;
  for (const digit of match[2].replaceAll("_", "")) value = value * 10n + BigInt(digitValue(digit));
  return match[1] === "-" ? -value : value;
}

/** Unicode encodes every script's digits 0–9 contiguously, in runs of whole sets of ten. */
function digitValue(digit: string): number {
  const code = digit.codePointAt(0)!;
  let zero = code;
  while (DIGIT.test(String.fromCodePoint(zero - 1))) zero--;
  return (code - zero) % 10;
}
