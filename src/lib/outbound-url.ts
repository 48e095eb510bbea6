/**
 * Which URLs this server may call: the addresses of other instances, which come from invite codes
 * (written by the other side) and staff forms. Without these rules an invite code could make us
 * POST to a cloud metadata service or an admin interface on our own network, and read its answer
 * through the error it causes.
 *
 * Decided by the URL alone, when it is stored and again when it is called (no DNS lookup is
 * possible here; on Cloudflare a name that resolves to a private address is not reachable anyway).
 */

export type HostKind = "public" | "loopback" | "private";

const LOOPBACK_NAMES = /(^|\.)localhost$/;
/** Names that never mean a public host: mDNS, ICANN's private-use TLD, home networks. */
const PRIVATE_SUFFIXES = /\.(local|internal|home\.arpa)$/;

/** [first address, prefix length] of IPv4 ranges that are no public unicast host. */
const PRIVATE_V4: [number, number][] = [
  [0x00000000, 8], // "this network", 0.0.0.0
  [0x0a000000, 8], // 10/8
  [0x64400000, 10], // 100.64/10, carrier-grade NAT
  [0xa9fe0000, 16], // 169.254/16, link-local and cloud metadata
  [0xac100000, 12], // 172.16/12
  [0xc0000000, 24], // 192.0.0/24, protocol assignments
  [0xc0a80000, 16], // 192.168/16
  [0xc6120000, 15], // 198.18/15, benchmarking
  [0xe0000000, 4], // multicast
  [0xf0000000, 4], // reserved, broadcast
];

const inRange = (address: number, [first, bits]: [number, number]) => (address ^ first) >>> (32 - bits) === 0;

function ipv4Kind(address: number): HostKind {
  if (address >>> 24 === 127) return "loopback";
  return PRIVATE_V4.some((range) => inRange(address, range)) ? "private" : "public";
}

/** The eight 16-bit pieces of an IPv6 address as the URL parser writes it (hex, `::` once), or null. */
function ipv6Pieces(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (half: string) => (half === "" ? [] : half.split(":").map((piece) => (/^[0-9a-f]{1,4}$/.test(piece) ? Number.parseInt(piece, 16) : Number.NaN)));
  const [head, tail] = [parse(halves[0]), halves.length === 2 ? parse(halves[1]) : []];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const pieces = [...head, ...Array<number>(missing).fill(0), ...tail];
  return pieces.some(Number.isNaN) ? null : pieces;
}

function ipv6Kind(text: string): HostKind {
  const pieces = ipv6Pieces(text);
  // What the URL parser accepted but we cannot read is refused, not guessed.
  if (!pieces) return "private";
  const embeddedV4 = ((pieces[6] << 16) | pieces[7]) >>> 0;
  const zeroUpTo = (n: number) => pieces.slice(0, n).every((piece) => piece === 0);
  if (zeroUpTo(7) && pieces[7] === 1) return "loopback"; // ::1
  if (zeroUpTo(6)) return ipv4Kind(embeddedV4); // ::a.b.c.d (and ::, which is 0.0.0.0)
  if (zeroUpTo(5) && pieces[5] === 0xffff) return ipv4Kind(embeddedV4); // ::ffff:a.b.c.d, mapped
  if (pieces[0] === 0x64 && pieces[1] === 0xff9b && pieces.slice(2, 6).every((piece) => piece === 0)) return ipv4Kind(embeddedV4); // NAT64
  if (zeroUpTo(4) && pieces[4] === 0xffff && pieces[5] === 0) return ipv4Kind(embeddedV4); // ::ffff:0:a.b.c.d, IPv4-translated
  // 6to4 (2002::/16) carries its IPv4 address in the second and third pieces.
  if (pieces[0] === 0x2002) return ipv4Kind(((pieces[1] << 16) | pieces[2]) >>> 0);
  if (pieces[0] === 0x64 && pieces[1] === 0xff9b && pieces[2] === 1) return "private"; // 64:ff9b:1::/48, local-use NAT64
  if ((pieces[0] & 0xfe00) === 0xfc00) return "private"; // fc00::/7, unique local
  if ((pieces[0] & 0xffc0) === 0xfe80) return "private"; // fe80::/10, link-local
  if (pieces[0] >>> 8 === 0xff) return "private"; // multicast
  return "public";
}

/** What a URL's host is, from the hostname as the WHATWG parser normalised it (IPv4 in any notation becomes dotted decimal). */
export function hostKind(hostname: string): HostKind {
  const name = hostname.replace(/\.$/, "");
  if (name.startsWith("[")) return ipv6Kind(name.slice(1, -1));
  const octets = name.split(".");
  if (octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet))) {
    return ipv4Kind(octets.reduce((address, octet) => address * 256 + Number(octet), 0));
  }
  if (LOOPBACK_NAMES.test(name)) return "loopback";
  // A public instance has a name in a public zone: one label alone is a name on the local network.
  if (!name.includes(".") || PRIVATE_SUFFIXES.test(name)) return "private";
  return "public";
}

/**
 * Why this instance must not call `value`, or null when it may: http(s) only, no userinfo, no
 * private, link-local or otherwise non-public address, https unless loopback. Loopback only when
 * this instance itself runs on loopback (development and tests: SITE_URL is http://127.0.0.1 or
 * localhost); a deployed instance never calls its own machine.
 */
export function outboundUrlProblem(value: string, siteUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "not an http(s) URL";
  if (url.username !== "" || url.password !== "") return "a URL with a user name or password";
  const kind = hostKind(url.hostname);
  if (kind === "private") return "a private or local network address";
  if (kind === "loopback") return hostKind(new URL(siteUrl).hostname) === "loopback" ? null : "a loopback address";
  if (url.protocol !== "https:") return "not an https URL";
  return null;
}

export class OutboundRefused extends Error {
  constructor(reason: string) {
    super(`outbound call refused: ${reason}`);
    this.name = "OutboundRefused";
  }
}

/**
 * Every call of another instance goes through here: the URL is checked as above, and a redirect is
 * never followed (it could lead anywhere, and a POST must not wander); a 3xx answer is a failure.
 * Throws OutboundRefused for both, so callers treat them as a failed connection.
 */
export async function fetchOutbound(url: string, init: RequestInit, siteUrl: string): Promise<Response> {
  const problem = outboundUrlProblem(url, siteUrl);
  if (problem !== null) throw new OutboundRefused(problem);
  const response = await fetch(url, { ...init, redirect: "manual" });
  if (response.status >= 300 && response.status <= 399) {
    await response.body?.cancel();
    throw new OutboundRefused(`a redirect (${response.status})`);
  }
  return response;
}
