/**
 * Hostile and valid values for every part of a request, and requests built from an operation of
 * the OpenAPI document: its declared parameters and body fields, undeclared ones, odd headers and
 * credentials, bodies of every shape for unsafe methods.
 */
import fc, { type Arbitrary } from "fast-check";
import demo from "../../fixtures/demo.json";
import { type Operation, type Parameter, type Schema, hasType } from "./openapi";
import { type FuzzBody, type FuzzRequest, printable } from "./request";
import { APPS, DEAD_TOKENS, ORIGIN, SCOPES, type Setup, scopedToken } from "./world";

/** `arbitrary` with probability `p`, else null (fc.option's `freq` is the inverse: null with 1/freq). */
const sometimes = <T>(arbitrary: Arbitrary<T>, p: number): Arbitrary<T | null> =>
  fc.oneof({ weight: Math.round(p * 100), arbitrary }, { weight: Math.round((1 - p) * 100), arbitrary: fc.constant(null) });

// --- strings -------------------------------------------------------------------------------------

const PIECES = [
  "", " ", "  ", "\t", "\n", "\r\n", "\u0000", "\u0000abc", "%", "%%", "%0", "%00", "%zz", "%E0%A4%A", "%C0%AF", "%FF%FE", "%25", "%2F", "%2f", "%5C",
  "%2e%2e", "%2E%2E%2F", "..", "../", "../../", "/", "//", "\\", "'", '"', "`", "''", '""', "'unterminated", '"unterminated', "--", "/*", "*/", ";", "%'--",
  "' OR '1'='1", "1; DROP TABLE users; --", "%_%", "_", "*", "?", "#", "&", "=", "+", "++", " + ", "NULL", "null", "undefined", "true", "false", "[]", "{}",
  "[object Object]", "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "\uFEFF", "\u200B", "\u202E", "\u00A0", "\uD800", "\uDFFF",
  "\uFFFD", "\uFFFF", "😀", "👨‍👩‍👧", "ä", "ß", "İ", "ı", "ﬀ", "Ω", "日本語", "١٢٣", "１２３", "<script>alert(1)</script>", "${7*7}", "{{7*7}}", "$(id)", "\\u0000",
  "0", "-0", "00", "007", "1", "-1", "+1", " 1", "1 ", "1.0", "1.5", "1e3", "1e309", "-1e309", "NaN", "Infinity", "-Infinity", "0x1F", "0b11", "0o7",
  "2147483648", "-2147483649", "9007199254740991", "9007199254740993", "18446744073709551616", "99999999999999999999999999999999", "1,2", "1;2", "1/2",
];

export const piece = fc.constantFrom(...PIECES);

/** A long run of one short unit (shrinks by length). */
export const huge = (min = 1_000, max = 120_000) =>
  fc.record({ unit: fc.constantFrom("a", "%", "\u0000", "ä", "😀", "'", "1", "a,", "%41", " ", ".."), length: fc.integer({ min, max }) }).map(({ unit, length }) => unit.repeat(Math.max(1, Math.floor(length / unit.length))));

export const hostileString: Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: piece },
  { weight: 2, arbitrary: fc.array(piece, { minLength: 2, maxLength: 6 }).map((parts) => parts.join("")) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", maxLength: 40 }) },
  { weight: 1, arbitrary: huge() },
);

const integerString: Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.integer({ min: -5, max: 500 }).map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.double().map(String),
  fc.integer({ min: 0, max: 400 }).map((n) => `${n}`.padStart(25, "0")),
  piece,
);

const dateTimeString: Arbitrary<string> = fc.oneof(
  fc
    .record({
      year: fc.oneof(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: -300000, max: 300000 }), fc.constantFrom(0, 1, 9999, 10000, 275760, 275761)),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 61 }),
      second: fc.integer({ min: 0, max: 61 }),
      fraction: fc.constantFrom("", ".5", ".123", ".123456", ".1234567891234", ",5", "."),
      zone: fc.constantFrom("", "Z", "z", "+02:00", "%2B02:00", "+0200", "+02", " 02:00", "-12:00", "+14:00", "+99:99", "-00:00", "+23:59", "+24:00", "UTC", "[Europe/Berlin]"),
      separator: fc.constantFrom("T", " ", "t", "+", "_", "%20", "T "),
      dateOnly: fc.boolean(),
    })
    .map(({ year, month, day, hour, minute, second, fraction, zone, separator, dateOnly }) => {
      const y = year < 0 ? `-${String(-year).padStart(6, "0")}` : year > 9999 ? `+${String(year).padStart(6, "0")}` : String(year).padStart(4, "0");
      const date = `${y}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      return dateOnly ? date : `${date}${separator}${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:${String(second).padStart(2, "0")}${fraction}${zone}`;
    }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace("Z", "+01:00")),
  fc.constantFrom("2026-11-26", "2026-11-26T10:00", "2026-11-26T10:00:00+01:00", "2026-03-29T02:30:00", "2026-10-25T02:30:00", "2026-02-29", "2024-02-29T24:00:00", "now", "today", "1700000000", "2026-W48-4", "2026-330", "20261126T100000Z"),
  hostileString,
);

const SHIFT_ORDERING = ["id", "label", "event_id", "event__title", "meeting_time", "start_time", "end_time", "signup_flow_slug", "structure_slug", "title", "type", "pk", "?", "random"];
const ordering = fc.oneof(
  fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...SHIFT_ORDERING)), { maxLength: 12 }).map((fields) => fields.map(([desc, f]) => (desc ? `-${f}` : f)).join(",")),
  fc.array(fc.constantFrom("-", "--title", " title ", ",", "-,", "title;", "title DESC", "1", "start_time)"), { maxLength: 6 }).map((parts) => parts.join(",")),
  fc.integer({ min: 1, max: 600 }).map((n) => Array.from({ length: n }, (_, i) => (i % 2 ? "-start_time" : "title")).join(",")),
  hostileString,
);

/**
 * Many short terms (each becomes LIKE conditions with bound values; D1 allows 100 per statement),
 * long terms (D1 refuses LIKE patterns over 50 bytes), quoting and LIKE's own characters.
 */
const search = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 500 }).map((n) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join(" ")) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }).map((n) => Array.from({ length: n }, () => '"a b"').join(",")) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("x", "%", "_", "ä", "\\"), fc.integer({ min: 20, max: 1000 })).map(([unit, n]) => unit.repeat(n)) },
  { weight: 1, arbitrary: fc.array(fc.oneof(piece, fc.constantFrom("Sanitätsdienst", "Übung", "'Rettungs wache'", '"Erste Hilfe"', "%", "_", "\\", "\\%", "ESCAPE", "'", '"')), { maxLength: 20 }).map((parts) => parts.join(" ")) },
  { weight: 1, arbitrary: fc.integer({ min: 990, max: 1010 }).map((n) => "x".repeat(n)) },
  { weight: 1, arbitrary: hostileString },
);

const emails = demo.users.map((u) => u.email);
const emailString = fc.oneof(
  fc.constantFrom(...emails),
  fc.constantFrom(...emails).map((e) => e.toUpperCase()),
  fc.constantFrom(...emails).map((e) => ` ${e} `),
  fc.constantFrom("fed@guest.example.org", "@", "a@", "@b", "a@b@c", "a%40b.c", "a@b.c/..", "a@b.c%2F..%2F", "ä@ü.de", "xn--4ca@example.org", "a@b.c\u0000", '"quoted"@example.org'),
  fc.emailAddress(),
  hostileString,
);

const grantTypes = fc.constantFrom("authorization_code", "refresh_token", "client_credentials", "password", "implicit", "urn:ietf:params:oauth:grant-type:device_code", "AUTHORIZATION_CODE", "authorization_code ", "");
const scopeString = fc.oneof(fc.subarray(SCOPES).map((s) => s.join(" ")), fc.constantFrom("read write", "PUBLIC_READ  ME_READ", "public_read", "PUBLIC_READ,ME_READ", "PUBLIC_READ PUBLIC_READ", "ADMIN"), hostileString);
const redirectUris = fc.constantFrom(...APPS.flatMap((a) => a.redirectUris), "https://evil.example.org/callback", "https://calendar.example.org/oauth/callback/", "javascript:alert(1)", "http://[::1", "//evil", "");
const codeVerifier = fc.oneof(fc.stringMatching(/^[A-Za-z0-9\-._~]{43,128}$/), fc.string({ minLength: 42, maxLength: 130 }), hostileString);

// --- values per parameter ------------------------------------------------------------------------

/** A value for a declared parameter or form field: what the schema says, its edges, and garbage. */
function valueFor(name: string, schema: Schema, setup: Setup, operation: Operation): Arbitrary<string> {
  const byName = knownValues(name, setup, operation);
  const bySchema: Arbitrary<string>[] = [];
  if (schema.enum) bySchema.push(fc.constantFrom(...schema.enum.map(String)), fc.integer({ min: -3, max: 9 }).map(String));
  if (hasType(schema, "integer") || (schema.items && hasType(schema.items, "integer"))) bySchema.push(integerString);
  if (schema.maxLength !== undefined) {
    const max = schema.maxLength;
    bySchema.push(fc.integer({ min: Math.max(0, max - 2), max: max + 2 }).map((n) => "a".repeat(n)), fc.integer({ min: max - 1, max: max + 1 }).map((n) => "ä".repeat(Math.max(0, n))));
  }
  if (schema.minLength !== undefined) bySchema.push(fc.constant(""), fc.constant(" "));
  return fc.oneof({ weight: 4, arbitrary: byName ?? hostileString }, { weight: bySchema.length ? 2 : 0, arbitrary: bySchema.length ? fc.oneof(...bySchema) : fc.constant("") }, { weight: 2, arbitrary: hostileString });
}

function knownValues(name: string, setup: Setup, operation: Operation): Arbitrary<string> | undefined {
  const writes = operation.method !== "GET";
  const revokes = operation.path.includes("revoke");
  if (/time|_gte$|_lte$/.test(name)) return dateTimeString;
  switch (name) {
    case "ordering":
      return ordering;
    case "search":
      return search;
    case "email":
      return emailString;
    case "limit":
    case "offset":
      return fc.oneof(fc.integer({ min: 0, max: 1200 }).map(String), fc.constantFrom("1000", "1001", "0", "-1", "+5", " 5 ", "5.0", "1e2", "9007199254740993", "99999999999999999999"), integerString);
    case "id":
    case "user":
    case "type":
    case "event":
    case "shift":
    case "event_type":
      return fc.oneof(fc.integer({ min: 0, max: 400 }).map(String), integerString);
    case "state":
      return fc.oneof(fc.integer({ min: -2, max: 6 }).map(String), integerString);
    case "format":
      return fc.oneof(fc.constantFrom("json", "yaml", "JSON", "openapi", "xml", "json ", "yaml\u0000", "api"), hostileString);
    case "grant_type":
      return fc.oneof(grantTypes, hostileString);
    case "client_id":
      return fc.oneof(fc.constantFrom(...APPS.map((a) => a.clientId)), hostileString);
    case "client_secret":
      return fc.oneof(fc.constantFrom(...APPS.map((a) => a.secret)), hostileString);
    case "redirect_uri":
      return fc.oneof(redirectUris, hostileString);
    case "code_verifier":
      return codeVerifier;
    case "scope":
      return scopeString;
    case "token_type_hint":
      return fc.oneof(fc.constantFrom("access_token", "refresh_token", "ACCESS_TOKEN", "id_token"), hostileString);
    case "code":
      // Only a consumed code: a live one could be redeemed, a write that may succeed.
      return fc.oneof(fc.constant(setup.dead.code), fc.stringMatching(/^[A-Za-z0-9]{30}$/), hostileString);
    case "refresh_token":
      // Never a live refresh token (it would rotate); the dead one and tokens of other kinds.
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant(setup.dead.refresh_token) },
        { weight: 1, arbitrary: fc.constantFrom(setup.live.access_token, DEAD_TOKENS.revoked) },
        { weight: 2, arbitrary: hostileString },
      );
    case "token":
      // Revocation only gets tokens whose revocation changes nothing; introspection may look at live ones.
      return fc.oneof(
        fc.constantFrom(setup.dead.access_token, setup.dead.refresh_token, DEAD_TOKENS.expired, DEAD_TOKENS.revoked, scopedToken("volunteer", 63), demo.federated_guests[0].access_token),
        writes && revokes ? hostileString : fc.constantFrom(setup.live.access_token, setup.live.refresh_token),
        hostileString,
      );
  }
  return undefined;
}

// --- encodings -----------------------------------------------------------------------------------

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes the UTF-8 bytes of `value` (lone surrogates become U+FFFD, as any client would send). */
export function pct(value: string, keep: RegExp = UNRESERVED): string {
  let out = "";
  for (const char of value) {
    if (char.length === 1 && keep.test(char)) out += char;
    else for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

type Encoding = "component" | "raw" | "plus";
const encoding = fc.constantFrom<Encoding>("component", "component", "raw", "plus");
const encode = (value: string, how: Encoding) => (how === "raw" ? value : how === "plus" ? pct(value, /[A-Za-z0-9\-._~ ]/).replace(/ /g, "+") : pct(value));

/** `name=value` pairs joined as a query or form body, in one of several spellings. */
function joinPairs(pairs: [string, string | null][], how: Encoding, separator: string): string {
  return pairs.map(([name, value]) => (value === null ? encode(name, how) : `${encode(name, how)}=${encode(value, how)}`)).join(separator);
}

const separator = fc.constantFrom("&", "&", "&", ";", "&&");

/** Declared parameters (maybe repeated), undeclared ones, encoded. */
function pairsFor(fields: [string, Schema][], setup: Setup, operation: Operation, extraNames: string[]): Arbitrary<[string, string | null][]> {
  const valuesOf = (schema: Schema, value: Arbitrary<string>): Arbitrary<string[]> => {
    // Up to 100 values are accepted; a statement has room for 100 bound values in all.
    const many = fc.integer({ min: 85, max: 105 }).map((n) => Array.from({ length: n }, (_, i) => String(i + 1)));
    return hasType(schema, "array")
      ? fc.oneof(fc.array(value, { maxLength: 4 }), many)
      : fc.oneof({ weight: 6, arbitrary: value.map((v) => [v]) }, { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }) });
  };
  const group = (name: string, values: Arbitrary<string[]>) => values.map((vs) => vs.map((v): [string, string | null] => [name, v]));
  // Scattered: every declared parameter maybe present, any value (most such requests stop at the first invalid one).
  const scattered = fc.tuple(...fields.map(([name, schema]) => fc.option(group(name, valuesOf(schema, valueFor(name, schema, setup, operation))), { freq: 2 })));
  // Focused: one or two parameters with the values meant for them, so they reach the query.
  const focused = fields.length
    ? fc
        .subarray(fields, { minLength: 1, maxLength: Math.min(2, fields.length) })
        .chain((chosen) =>
          fc.tuple(
            ...chosen.map(([name, schema]) =>
              group(
                name,
                valuesOf(
                  schema,
                  fc.oneof(
                    { weight: 6, arbitrary: knownValues(name, setup, operation) ?? valueFor(name, schema, setup, operation) },
                    { weight: 1, arbitrary: hostileString },
                  ),
                ),
              ),
            ),
          ),
        )
    : fc.constant([] as [string, string | null][][]);
  const undeclared = fc.array(
    fc.tuple(fc.oneof(fc.constantFrom(...extraNames), hostileString, fc.constantFrom("page", "page_size", "access_token", "format", "limit[]", "limit[0]", "__proto__", "constructor", "", "a[b][c]", "ordering[]")), fc.option(hostileString, { freq: 8 })),
    { maxLength: 3 },
  );
  return fc
    .tuple(
      fc.oneof({ weight: 2, arbitrary: scattered }, { weight: 3, arbitrary: focused }),
      fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: undeclared }),
      fc.boolean(),
    )
    .map(([groups, extra, shuffle]) => {
      const pairs: [string, string | null][] = [...groups.flatMap((g) => g ?? []), ...extra];
      return shuffle ? pairs.reverse() : pairs;
    });
}

// --- paths -----------------------------------------------------------------------------------------

const pathValue = (parameter: Parameter, setup: Setup, operation: Operation): Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: valueFor(parameter.name, parameter.schema, setup, operation) },
    { weight: 1, arbitrary: fc.constantFrom("", ".", "..", "...", "%2e", "%2e%2e", "..%2F..%2Fusers", "1%2F2", "1/2", "1%00", "me", "by_email", "participations", "%", "%%2", "-1", "0", "1.0", "1e2", "١", "１", "0x10") },
  );

function pathFor(operation: Operation, setup: Setup): Arbitrary<string> {
  const parameters = operation.parameters.filter((p) => p.in === "path");
  if (!parameters.length) return fc.constant(operation.path);
  return fc.tuple(...parameters.map((p) => fc.tuple(pathValue(p, setup, operation), fc.constantFrom<Encoding>("component", "component", "raw")))).map((values) =>
    parameters.reduce((path, p, i) => path.replace(`{${p.name}}`, () => encode(values[i][0], values[i][1])), operation.path),
  );
}

// --- headers ---------------------------------------------------------------------------------------

/**
 * What a client can put into a header: no NUL, CR or LF, and ASCII only (workerd sends other
 * characters as UTF-8 but warns at length about each); the UTF-8 bytes of anything else appear
 * percent-encoded.
 */
export function headerValue(text: string): string {
  return pct(text, /[\x20-\x7e\t]/).replace(/[\0\r\n]/g, " ");
}

function tokensOf(setup: Setup, write: boolean): Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(fc.constantFrom("admin", "manager", "volunteer") as Arbitrary<"admin" | "manager" | "volunteer">, fc.integer({ min: 0, max: 63 })).map(([owner, mask]) => scopedToken(owner, mask)) },
    { weight: 2, arbitrary: fc.constantFrom(...demo.api_tokens.map((t) => t.token)) },
    { weight: 2, arbitrary: fc.constantFrom(...Object.values(DEAD_TOKENS), demo.federated_guests[0].access_token, setup.dead.access_token, setup.dead.refresh_token) },
    // A live OAuth token authenticates, but a bearer never makes the OAuth endpoints write.
    { weight: write ? 1 : 2, arbitrary: fc.constantFrom(setup.live.access_token, setup.live.refresh_token) },
  );
}

function authorization(setup: Setup, write: boolean): Arbitrary<string> {
  const token = tokensOf(setup, write);
  const basic = (user: string, secret: string) => `Basic ${btoa(headerValue(`${user}:${secret}`))}`;
  return fc.oneof(
    { weight: 8, arbitrary: token.map((t) => `Bearer ${t}`) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom("bearer", "BEARER", "Bearer", "Token", "Basic", "Digest", "Bearer:", "Bearer\t", "", "Bearer  ", " Bearer", "JWT", "Bear", "Bearerx"), token, fc.constantFrom("", " extra", ",Bearer x", " ", "\t", "=", "==", "%00", "; x=y"))
        .map(([scheme, t, tail]) => `${scheme} ${t}${tail}`),
    },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...APPS.map((a) => a.clientId)), fc.constantFrom(...APPS.map((a) => a.secret), "wrong", "")).map(([id, secret]) => basic(id, secret)) },
    { weight: 2, arbitrary: fc.tuple(hostileString, hostileString).map(([id, secret]) => basic(id, secret)) },
    { weight: 1, arbitrary: fc.constantFrom("Basic", "Basic ", "Basic !!!!", "Basic YQ", "Basic YTpi:", "Basic ====", `Basic ${btoa("no-colon")}`, `Basic ${btoa("%:%zz")}`, "Bearer", "Bearer ", "Bearer null", "Bearer undefined") },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("Bearer ", "Basic ", "", "Token "), huge(1_000, 200_000)).map(([scheme, value]) => scheme + headerValue(value)) },
    { weight: 2, arbitrary: hostileString.map((v) => `Bearer ${headerValue(v)}`) },
  );
}

function cookie(setup: Setup, write: boolean): Arbitrary<string> {
  const session = fc.constantFrom(...setup.sessions);
  return fc.oneof(
    // A session is the user themself: a cookie on a write is held to the CSRF check (no Origin here or a wrong one).
    { weight: write ? 2 : 5, arbitrary: session },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom("__Host-ephios_session", "ephios_session", "sessionid", "csrftoken"), hostileString).map(([name, value]) => `${name}=${headerValue(value)}`) },
    { weight: 1, arbitrary: fc.tuple(session, session).map(([a, b]) => `${a}; ${b.replace(/^[^=]+/, "ephios_session")}`) },
    { weight: 1, arbitrary: huge(4_000, 100_000).map((v) => `__Host-ephios_session=${headerValue(v)}`) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 2000 }).map((n) => Array.from({ length: n }, (_, i) => `c${i}=${i}`).join("; ")) },
    { weight: 1, arbitrary: fc.constantFrom(";", ";;;", "=", "==", "a", "__Host-ephios_session", "__Host-ephios_session=", '__Host-ephios_session="quoted"', "__Host-ephios_session=%zz") },
  );
}

const bookmark = (setup: Setup) =>
  fc.oneof(
    fc.constantFrom(setup.bookmark, ` ${setup.bookmark} `, setup.bookmark.toUpperCase(), "00000000-00000000-00000000-00000000000000000000000000000000", "ffffffff-ffffffff-ffffffff-ffffffffffffffffffffffffffffffff", "first-primary", "first-unconstrained", ""),
    fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/),
    hostileString.map(headerValue),
    huge().map(headerValue),
  );

export const CONTENT_TYPES = [
  "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-16",
  "APPLICATION/X-WWW-FORM-URLENCODED", "multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=xyz", "text/plain", "text/html", "application/xml",
  "application/octet-stream", "application/vnd.api+json", "*/*", "", ";", "ä/ü", "application/json, text/plain", "form", "application/x-www-form-urlencoded;;;charset",
].map((type) => headerValue(type));

/** Headers that get a request past authentication (or none at all), so the parameters and bodies reach the handlers. */
function cleanHeaders(setup: Setup, write: boolean): Arbitrary<[string, string][]> {
  const session = fc.constantFrom(...setup.sessions);
  return fc.oneof(
    fc.constant<[string, string][]>([]),
    tokensOf(setup, write).map((t): [string, string][] => [["Authorization", `Bearer ${t}`]]),
    fc.constantFrom("admin", "manager").map((owner): [string, string][] => [["Authorization", `Bearer ${scopedToken(owner as "admin" | "manager", 63)}`]]),
    // A session on a write passes the CSRF check only from our own origin.
    session.map((c): [string, string][] => (write ? [["Cookie", c], ["Origin", ORIGIN]] : [["Cookie", c]])),
  );
}

function headers(setup: Setup, write: boolean): Arbitrary<[string, string][]> {
  return fc.oneof({ weight: 3, arbitrary: hostileHeaders(setup, write) }, { weight: 2, arbitrary: cleanHeaders(setup, write) });
}

function hostileHeaders(setup: Setup, write: boolean): Arbitrary<[string, string][]> {
  return fc
    .record(
      {
        authorization: sometimes(authorization(setup, write), 0.65),
        cookie: sometimes(cookie(setup, write), 0.3),
        bookmark: sometimes(bookmark(setup), 0.15),
        accept: sometimes(fc.constantFrom("application/json", "text/html", "application/xml", "*/*", "application/vnd.oai.openapi", "garbage", ""), 0.25),
        contentType: sometimes(fc.oneof(fc.constantFrom(...CONTENT_TYPES), hostileString.map(headerValue)), 0.3),
        origin: sometimes(fc.constantFrom(ORIGIN, "https://evil.example.org", "null", "http://127.0.0.1:8787.evil.org", "", ORIGIN.toUpperCase()), 0.3),
        fetchSite: sometimes(fc.constantFrom("same-origin", "cross-site", "none", "same-site"), 0.2),
        preflight: sometimes(fc.constantFrom("GET", "POST", "DELETE", "X"), 0.15),
        ifMatch: sometimes(fc.oneof(fc.constantFrom("*", '"00000000000000000000000000000000"', 'W/"x"', '"a", "b", *', "", ",", '"'), hostileString.map(headerValue)), 0.15),
        other: fc.array(fc.tuple(fc.constantFrom("X-Forwarded-For", "CF-Connecting-IP", "X-Real-IP", "Range", "If-None-Match", "If-Modified-Since", "Accept-Language", "Accept-Encoding", "X-HTTP-Method-Override", "User-Agent", "Referer", "X-Requested-With"), hostileString.map(headerValue)), { maxLength: 2 }),
      },
    )
    .map((h) => {
      const out: [string, string][] = [];
      if (h.authorization != null) out.push(["Authorization", h.authorization]);
      if (h.cookie != null) out.push(["Cookie", h.cookie]);
      if (h.bookmark != null) out.push(["x-d1-bookmark", h.bookmark]);
      if (h.accept != null) out.push(["Accept", h.accept]);
      if (h.contentType != null) out.push(["Content-Type", h.contentType]);
      if (h.origin != null) out.push(["Origin", h.origin]);
      if (h.fetchSite != null) out.push(["Sec-Fetch-Site", h.fetchSite]);
      if (h.preflight != null) out.push(["Access-Control-Request-Method", h.preflight]);
      if (h.ifMatch != null) out.push(["If-Match", h.ifMatch]);
      for (const pair of h.other ?? []) out.push(pair);
      return out;
    });
}

// --- bodies ----------------------------------------------------------------------------------------

const deepJson = fc
  .record({ depth: fc.integer({ min: 10, max: 50_000 }), open: fc.constantFrom("[", '{"a":') })
  .map(({ depth, open }) => open.repeat(depth) + "1" + (open === "[" ? "]" : "}").repeat(depth));
const invalidUtf8 = fc.array(fc.constantFrom(0xff, 0xfe, 0xc0, 0xc1, 0x80, 0xbf, 0xed, 0xa0, 0xf5, 0xf8, 0xe0, 0x00, 0x3d, 0x26, 0x61, 0x7b, 0x22), {
  minLength: 1,
  maxLength: 200,
});

/**
 * A form that makes sense as a whole (one client's id and secret, a grant with its own fields), so
 * the deeper paths of the OAuth endpoints are reached, with at most one field spoilt. Only what
 * the operation declares is sent; the tokens are those of knownValues (nothing a write could use).
 */
function plausiblePairs(fields: [string, Schema][], setup: Setup, operation: Operation): Arbitrary<[string, string | null][]> {
  const declared = new Set(fields.map(([name]) => name));
  const tokenValues = knownValues("token", setup, operation)!;
  return fc
    .record({
      app: fc.oneof({ weight: 3, arbitrary: fc.constant(APPS[0]) }, { weight: 2, arbitrary: fc.constantFrom(...APPS) }),
      secret: fc.constantFrom("right", "right", "right", "none", "wrong"),
      grant: fc.constantFrom("refresh_token", "authorization_code"),
      refreshToken: knownValues("refresh_token", setup, operation)!,
      code: fc.oneof({ weight: 3, arbitrary: fc.constant(setup.dead.code) }, { weight: 1, arbitrary: knownValues("code", setup, operation)! }),
      verifier: codeVerifier,
      redirect: fc.option(redirectUris, { freq: 3 }),
      scope: fc.option(scopeString, { freq: 2 }),
      token: tokenValues,
      hint: fc.option(fc.constantFrom("access_token", "refresh_token"), { freq: 2 }),
      spoil: sometimes(fc.tuple(fc.constantFrom(...fields.map(([name]) => name)), hostileString), 0.3),
    })
    .map((f) => {
      const form: Record<string, string | undefined> = {
        client_id: f.app.clientId,
        client_secret: f.secret === "right" ? f.app.secret : f.secret === "wrong" ? `${f.app.secret}x` : undefined,
        grant_type: f.grant,
        ...(f.grant === "refresh_token" ? { refresh_token: f.refreshToken, scope: f.scope ?? undefined } : { code: f.code, code_verifier: f.verifier, redirect_uri: f.redirect ?? undefined }),
        token: f.token,
        token_type_hint: f.hint ?? undefined,
      };
      if (f.spoil) form[f.spoil[0]] = f.spoil[1];
      return Object.entries(form).filter((entry): entry is [string, string] => declared.has(entry[0]) && entry[1] !== undefined);
    });
}

/** A JSON value for a declared field: what its schema allows, its edges, other types, nesting. */
function jsonValueFor(name: string, schema: Schema, setup: Setup, operation: Operation): Arbitrary<unknown> {
  const alternatives: Arbitrary<unknown>[] = [fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53 + 1, "", [], {}, [""], { [name]: "x" }), fc.jsonValue({ maxDepth: 3 })];
  if (hasType(schema, "string") || !schema.type) alternatives.push(valueFor(name, schema, setup, operation), valueFor(name, schema, setup, operation));
  if (hasType(schema, "integer") || hasType(schema, "number")) alternatives.push(fc.integer(), fc.double(), integerString);
  if (hasType(schema, "boolean")) alternatives.push(fc.boolean(), fc.constantFrom("true", "1", 1, "yes"));
  if (hasType(schema, "null")) alternatives.push(fc.constant(null));
  if (schema.enum) alternatives.push(fc.constantFrom(...schema.enum));
  return fc.oneof(...alternatives);
}

/** Writes the pairs as a JSON object (duplicate keys and `__proto__` kept, as a client could send them). */
const jsonObject = (pairs: [string, unknown][]) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? "null"}`).join(",")}}`;

/** JSON bodies from the declared fields: each maybe present, hostile or plausible values, extra keys, odd spellings. */
function jsonBodyFor(fields: [string, Schema][], setup: Setup, operation: Operation): Arbitrary<string> {
  const declared = fc.tuple(...fields.map(([name, schema]) => fc.option(jsonValueFor(name, schema, setup, operation).map((v): [string, unknown] => [name, v]), { freq: 3 })));
  const plausible = fc.tuple(
    ...fields.map(([name, schema]) =>
      fc.option(
        (hasType(schema, "string") ? fc.oneof(fc.constantFrom("Fuzz Name", "Änne Übel", "+49 30 1234567", " padded ", "x"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 })) : jsonValueFor(name, schema, setup, operation)).map((v): [string, unknown] => [name, v]),
        { freq: 5 },
      ),
    ),
  );
  const extra = fc.array(fc.tuple(fc.oneof(fc.constantFrom("id", "email", "is_superuser", "is_staff", "password", "__proto__", "constructor", "user", "qualifications"), hostileString), fc.jsonValue({ maxDepth: 2 })), { maxLength: 3 });
  return fc
    .tuple(fc.oneof(declared, plausible), extra, fc.constantFrom("plain", "plain", "plain", "bom", "trailing-comma", "duplicate", "array", "whitespace"))
    .map(([fieldPairs, extras, spelling]) => {
      const pairs = [...fieldPairs.filter((p): p is [string, unknown] => p !== null), ...extras];
      const text = jsonObject(pairs);
      switch (spelling) {
        case "bom":
          return `\uFEFF${text}`;
        case "trailing-comma":
          return text.replace(/}$/, ",}");
        case "duplicate":
          return jsonObject([...pairs, ...pairs.map(([k]): [string, unknown] => [k, 1])]);
        case "array":
          return `[${text}]`;
        case "whitespace":
          return `\n\t ${text} \n`;
        default:
          return text;
      }
    });
}

function bodyFor(operation: Operation, setup: Setup): Arbitrary<{ body?: FuzzBody; contentType?: string }> {
  if (operation.body && /json/i.test(operation.body.contentType)) return jsonBodiesFor(operation, setup);
  const fields = Object.entries(operation.body?.fields ?? {});
  const form = fields.length
    ? fc.oneof({ weight: 4, arbitrary: pairsFor(fields, setup, operation, fields.map(([n]) => n)) }, { weight: 4, arbitrary: plausiblePairs(fields, setup, operation) })
    : fc.constant([] as [string, string | null][]);
  const formText = fc.tuple(form, encoding, separator).map(([pairs, how, sep]) => joinPairs(pairs, how, sep));
  const text = (t: Arbitrary<string>) => t.map((value): FuzzBody => ({ kind: "text", text: value }));
  const contentType = fc.option(fc.constantFrom(...CONTENT_TYPES), { freq: 4 });
  const withType = (body: Arbitrary<FuzzBody | undefined>, type: Arbitrary<string | null>) => fc.tuple(body, type).map(([b, t]) => ({ body: b, contentType: t ?? undefined }));
  return fc.oneof(
    { weight: fields.length ? 8 : 1, arbitrary: withType(text(formText), fc.oneof({ weight: 3, arbitrary: fc.constant("application/x-www-form-urlencoded") }, { weight: 1, arbitrary: contentType })) },
    {
      weight: fields.length ? 2 : 1,
      arbitrary: withType(
        form.map((pairs): FuzzBody => {
          const boundary = "fuzzboundary";
          const parts = pairs.map(([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v ?? ""}\r\n`);
          return { kind: "text", text: `${parts.join("")}--${boundary}--\r\n` };
        }),
        fc.constantFrom("multipart/form-data; boundary=fuzzboundary", "multipart/form-data; boundary=other", "multipart/form-data"),
      ),
    },
    { weight: 2, arbitrary: withType(text(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v))), fc.oneof(fc.constant("application/json"), contentType)) },
    { weight: 1, arbitrary: withType(text(deepJson), fc.oneof(fc.constant("application/json"), contentType)) },
    { weight: 1, arbitrary: withType(text(fc.constantFrom("", "{", "}", "{'a': 1}", '{"a":', "\uFEFF{}", "[]", "null", "1", '"x"', "a=1&a=2&a", "=", "&&&", "%", "%zz=1", "a=%E0%A4%A")), contentType) },
    { weight: 1, arbitrary: withType(text(huge(10_000, 1_500_000)), contentType) },
    { weight: 1, arbitrary: withType(invalidUtf8.map((bytes): FuzzBody => ({ kind: "bytes", bytes })), contentType) },
    {
      weight: fields.length ? 2 : 0,
      arbitrary: withType(
        fc.tuple(fc.constantFrom(...fields.map(([n]) => n), "x"), invalidUtf8).map(([name, bytes]): FuzzBody => ({ kind: "bytes", bytes: [...new TextEncoder().encode(`${name}=`), ...bytes] })),
        fc.constant("application/x-www-form-urlencoded"),
      ),
    },
    { weight: 1, arbitrary: fc.constant({ body: undefined, contentType: undefined }) },
  );
}

/** Bodies for an operation documented with a JSON body: mostly JSON from its fields, sometimes anything else. */
function jsonBodiesFor(operation: Operation, setup: Setup): Arbitrary<{ body?: FuzzBody; contentType?: string }> {
  const fields = Object.entries(operation.body?.fields ?? {});
  const json = jsonBodyFor(fields, setup, operation).map((text): FuzzBody => ({ kind: "text", text }));
  const type = fc.oneof({ weight: 6, arbitrary: fc.constant("application/json") }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: fc.constant(undefined) });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ body: json, contentType: type }) },
    { weight: 2, arbitrary: bodyFor({ ...operation, body: { contentType: "application/x-www-form-urlencoded", fields: operation.body!.fields } }, setup) },
  );
}

// --- requests --------------------------------------------------------------------------------------

export const UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

/** Names every operation declares, tried as undeclared parameters on the others. */
export const allParameterNames = (operations: Operation[]) => [...new Set(operations.flatMap((o) => [...o.parameters.map((p) => p.name), ...Object.keys(o.body?.fields ?? {})]))];

export function requestFor(operation: Operation, setup: Setup, options: { methods: Arbitrary<string>; write: boolean; names: string[] }): Arbitrary<FuzzRequest> {
  const query = operation.parameters.filter((p) => p.in === "query").map((p): [string, Schema] => [p.name, p.schema]);
  const queryString = fc.tuple(pairsFor(query, setup, operation, options.names), encoding, separator).map(([pairs, how, sep]) => joinPairs(pairs, how, sep));
  const body = options.write ? bodyFor(operation, setup) : fc.constant({ body: undefined, contentType: undefined });
  return fc
    .record({ method: options.methods, path: pathFor(operation, setup), query: queryString, headers: headers(setup, options.write), body })
    .map(({ method, path, query: q, headers: h, body: b }) => {
      const withBody = b.body !== undefined && !["GET", "HEAD"].includes(method);
      const hs = h.filter(([name]) => name !== "Content-Type" || b.contentType === undefined);
      if (b.contentType !== undefined) hs.push(["Content-Type", b.contentType]);
      return printable({ operation: operation.id, method, path, query: q, headers: hs, ...(withBody ? { body: b.body } : {}) });
    });
}
