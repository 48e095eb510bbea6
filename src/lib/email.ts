import { z } from "zod";

/**
 * E-mail addresses as Django 5.2's `EmailValidator` (the one ephios's forms, DRF's EmailField and
 * so ephios's own users pass) accepts them, for every e-mail input: the write API, the fixtures,
 * a federated guest's profile. Django 5.2 checks an internationalised domain as it is written
 * (its labels may hold any character from U+00A1 to U+FFFF); it no longer converts it to punycode
 * first.
 */
export const INVALID_EMAIL = "Enter a valid email address.";

/** RFC 3696 §3, checked by Django before anything else (in code points). */
const MAX_LENGTH = 320;

/**
 * Django compiles its patterns with `re.IGNORECASE`, under which Python's ASCII letter classes also
 * take İ and K (they lowercase to i and k) and ı and ſ (Python's own case equivalents of i and s).
 */
const FOLDED = "\\u0130\\u0131\\u017f\\u212a";

const ATOM = `[-!#$%&'*+/=?^_\`{}|~0-9A-Za-z${FOLDED}]+`;
/** `user_regex`: a dot-atom, or a quoted string (printable characters but `"` and `\`, some controls, backslash escapes). */
const USER = new RegExp(
  `^(?:${ATOM}(?:\\.${ATOM})*|"(?:[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f!#-\\[\\]-\\x7f${FOLDED}]|\\\\[\\x01-\\x09\\x0b\\x0c\\x0e-\\x7f${FOLDED}])*")$`,
  "u",
);

/**
 * `domain_regex`, built from DomainNameValidator's hostname, domain and top-level patterns: labels
 * of letters, digits, hyphens (not at either end) and U+00A1–U+FFFF (the `u` flag keeps characters
 * beyond U+FFFF out, as Python's code points), a last label without digits (or `xn--` punycode)
 * and no trailing dot.
 */
const LETTER = `a-zA-Z0-9\\u00a1-\\uffff`;
const HOSTNAME = `[${LETTER}](?:[${LETTER}-]{0,61}[${LETTER}])?`;
const LABELS = `(?:\\.(?!-)[${LETTER}-]{1,63}(?<!-))*`;
const TLD = `\\.(?!-)(?:[a-zA-Z\\u00a1-\\uffff-]{2,63}|[xX][nN]--[a-zA-Z0-9${FOLDED}]{1,59})(?<!-)`;
const DOMAIN = new RegExp(`^${HOSTNAME}${LABELS}${TLD}$`, "u");

/** `literal_regex`: an address literal (SMTP 4.1.3), then checked as an IPv4 or IPv6 address. */
const LITERAL = /^\[([A-Fa-f0-9:.]+)\]$/;

/** Django's `domain_allowlist` (exactly, case and all). */
const ALLOWED_DOMAINS = ["localhost"];

export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at < 0 || [...value].length > MAX_LENGTH) return false;
  const domain = value.slice(at + 1);
  return USER.test(value.slice(0, at)) && (ALLOWED_DOMAINS.includes(domain) || DOMAIN.test(domain) || isAddressLiteral(domain));
}

/** The check for a zod string: `z.string().max(254).check(emailAddress)`. */
export const emailAddress = z.refine<string>(isEmailAddress, INVALID_EMAIL);

function isAddressLiteral(domain: string): boolean {
  const address = LITERAL.exec(domain)?.[1];
  return address !== undefined && (isIPv4(address) || isIPv6(address));
}

/** Python's `ipaddress.IPv4Address`: four decimal octets up to 255, no leading zeros. */
function isIPv4(text: string): boolean {
  const octets = text.split(".");
  return octets.length === 4 && octets.every((octet) => /^(?:0|[1-9][0-9]{0,2})$/.test(octet) && Number(octet) <= 255);
}

/** Django's `is_valid_ipv6_address`: at most 39 characters, then Python's `ipaddress.IPv6Address`. */
function isIPv6(text: string): boolean {
  if (text.length > 39) return false;
  const parts = text.split(":");
  if (parts.length < 3) return false;
  // A dotted IPv4 tail stands for the last two groups.
  if (parts.at(-1)!.includes(".")) {
    if (!isIPv4(parts.pop()!)) return false;
    parts.push("0", "0");
  }
  if (parts.length > 9) return false;
  // At most one `::` (an empty part between the ends); it stands for at least one group.
  const skips = parts.slice(1, -1).flatMap((part, i) => (part === "" ? [i + 1] : []));
  if (skips.length > 1) return false;
  let before = parts.length;
  let after = 0;
  if (skips.length === 1) {
    before = skips[0];
    after = parts.length - before - 1;
    // A leading or trailing `:` only as part of `::`.
    if (parts[0] === "" && --before) return false;
    if (parts.at(-1) === "" && --after) return false;
    if (before + after > 7) return false;
  } else if (parts.length !== 8) {
    return false;
  }
  return [...parts.slice(0, before), ...parts.slice(parts.length - after)].every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group));
}
