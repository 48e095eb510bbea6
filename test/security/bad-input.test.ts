/**
 * Bad input that used to be accepted (issue 12): lone UTF-16 surrogates and invalid UTF-8 were
 * stored as U+FFFD, bodies had no size limit, event descriptions no length limit, and answers of
 * other instances were read whole however large. Each holds for every route, through the real
 * Worker; the other instances are played by the fake network.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { events, federatedHosts } from "../../src/db/schema";
import { encodeShareCode } from "../../src/features/federation/share-code";
import { hasLoneSurrogateEscape, percentDecodesToUtf8 } from "../../src/lib/body";
import { expectError } from "../helpers/api";
import { resetWorld, snapshot, testDb } from "../helpers/db";
import { bearer, login, postForm, request } from "../helpers/http";
import { fakeNetwork, json } from "../helpers/outbound";
import { smallWorld } from "../helpers/world";

const TOKEN = "bad-input-all-scopes-token-0123456789";
const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
/** The request body limit and the description bound, as docs/api.md, "Limits on input" documents them. */
const BODY_LIMIT = 1024 * 1024;
const MAX_DESCRIPTION = 20_000;
const MiB = 1024 * 1024;

/** smallWorld's superuser (Rica, also staff) with a token of every scope. */
function world() {
  const base = smallWorld();
  return { ...base, api_tokens: [...base.api_tokens, { id: 2, user: 1, token: TOKEN, scope: ALL_SCOPES }] };
}

beforeEach(() => resetWorld(world()));
afterEach(() => {
  vi.restoreAllMocks();
});

const sendJson = (method: string, path: string, body: BodyInit, headers: Record<string, string> = {}) =>
  request(path, { method, body, headers: { "Content-Type": "application/json", ...bearer(TOKEN), ...headers } });

/** The bytes of `text` as a stream of chunks: a chunked body without Content-Length. */
function chunked(text: string, chunkBytes = 64 * 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, (offset += chunkBytes)));
    },
  });
}

const NEW_EVENT = `"location": "Marktplatz", "type": 1`;
const MALFORMED = { detail: "The request is not valid UTF-8 text (or holds a lone UTF-16 surrogate)." };

describe("the text checks themselves", () => {
  it.each([
    ['"\\ud800"', true],
    ['"\\udc00"', true],
    ['"\\ud83d\\ude00\\ud83d"', true],
    ['"\\ud83d x\\ude00"', true],
    ['"\\\\\\ud800"', true], // an escaped backslash, then an escape
    ['"\\ud83d\\ude00"', false],
    ['"\\\\ud800"', false], // an escaped backslash, then text
    ['"\\u00e4 \\n \\" ud800"', false],
  ])("JSON %s has a lone surrogate escape: %s", (json, lone) => {
    expect(hasLoneSurrogateEscape(json)).toBe(lone);
  });

  it.each([
    ["a=%C3%A4&b=%F0%9F%9A%91", true],
    ["a=%zz&b=%&c=100%25", true],
    ["a=%C3&b=%A4", false], // split by & it is two broken halves
    ["a=%ED%A0%80", false],
    ["a=%C0%AF", false],
    ["a=%FF", false],
  ])("%s decodes to UTF-8: %s", (encoded, ok) => {
    expect(percentDecodesToUtf8(encoded)).toBe(ok);
  });
});

describe("lone surrogates and invalid UTF-8", () => {
  // JSON text as a client sends it: `\\ud800` here is the six characters \ud800 in the body.
  const writes: [string, string, string][] = [
    ["POST", "/api/events/", `{"title": "Fest \\ud800", ${NEW_EVENT}}`],
    ["POST", "/api/events/", `{"title": "Fest", "description": "\\udc00 low first", ${NEW_EVENT}}`],
    ["PATCH", "/api/events/1/", `{"description": "high at the end \\ud83d"}`],
    ["PATCH", "/api/events/1/", `{"description": "high, then no low \\ud83d\\u0041"}`],
    ["PATCH", "/api/events/1/", `{"title": "x", "key\\ud800": 1}`],
    ["PATCH", "/api/users/me/", `{"display_name": "Rica \\udfff"}`],
    ["PATCH", "/api/shifts/1/", `{"label": "\\uD800\\uD800"}`],
  ];

  it.each(writes)("refuses %s %s with a lone surrogate in the JSON body, changing nothing", async (method, path, body) => {
    const before = await snapshot();
    await expectError(await sendJson(method, path, body), 400, MALFORMED);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses JSON bodies with bytes that are not UTF-8, changing nothing", async () => {
    const before = await snapshot();
    const prefix = new TextEncoder().encode(`{${NEW_EVENT}, "title": "`);
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const body = new Uint8Array([...prefix, ...bad, 0x22, 0x7d]);
      await expectError(await sendJson("POST", "/api/events/", body), 400, MALFORMED);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("keeps surrogate pairs, escaped backslashes and non-ASCII text", async () => {
    const response = await sendJson("POST", "/api/events/", `{"title": "\\ud83d\\ude91 \\\\ud800 Lärz \\u00e4", ${NEW_EVENT}}`);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: number };
    const [row] = await testDb().select().from(events).where(eq(events.id, id));
    expect(row.title).toBe("🚑 \\ud800 Lärz ä");
  });

  it("refuses a form body whose fields are not UTF-8 (the token page), changing nothing", async () => {
    const cookie = await login("Rica@Example.org", "rica-password");
    const before = await snapshot();
    // %ED%A0%80 is U+D800 written as UTF-8, which UTF-8 forbids; %FF is no UTF-8 at all.
    for (const description of ["%ED%A0%80", "door%FFsign", "%C3"]) {
      const response = await request("/api/settings/token/create/", {
        method: "POST",
        body: `description=${description}&scope=PUBLIC_READ`,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://127.0.0.1:8787", Cookie: cookie },
      });
      expect(response.status, description).toBe(400);
      expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    }
    const raw = new Uint8Array([...new TextEncoder().encode("scope=PUBLIC_READ&description=door"), 0xff]);
    const response = await request("/api/settings/token/create/", {
      method: "POST",
      body: raw,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://127.0.0.1:8787", Cookie: cookie },
    });
    expect(response.status).toBe(400);
    expect(await snapshot()).toEqual(before);
    // A well-formed form still goes through.
    expect((await postForm("/api/settings/token/create/", { description: "Türschild 🚑", scope: "PUBLIC_READ" }, { cookie })).status).toBe(302);
  });

  it("refuses a query that is not UTF-8, on the API and on pages", async () => {
    for (const query of ["search=%ED%A0%80", "search=l%E4rz", "limit=%FF", "search=%F0%9F%9A"]) {
      await expectError(await request(`/api/events/?${query}`, { headers: bearer(TOKEN) }), 400, MALFORMED);
    }
    const cookie = await login("Rica@Example.org", "rica-password");
    fakeNetwork(() => json({ results: [] }));
    const page = await request("/events/external/?error=%FF", { headers: { Cookie: cookie } });
    expect(page.status).toBe(400);
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
  });

  it("still reads queries with UTF-8 and with broken % sequences, which stay literal", async () => {
    const found = await request("/api/events/?search=l%C3%A4rz", { headers: bearer(TOKEN) });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { count: number }).count).toBe(1);
    for (const query of ["search=100%", "search=%zz", "search=%"]) {
      expect((await request(`/api/events/?${query}`, { headers: bearer(TOKEN) })).status, query).toBe(200);
    }
  });
});

describe("the request body limit", () => {
  const TOO_LARGE = { detail: `Request body too large: at most ${BODY_LIMIT} bytes are accepted.` };
  const bigEvent = `{"title": "Big", ${NEW_EVENT}, "description": "${"a".repeat(2 * MiB)}"}`;

  it("answers 413 with a JSON body to a 2 MiB body, with or without Content-Length, changing nothing", async () => {
    const before = await snapshot();
    await expectError(await sendJson("POST", "/api/events/", bigEvent), 413, TOO_LARGE);
    await expectError(await sendJson("POST", "/api/events/", chunked(bigEvent)), 413, TOO_LARGE);
    // Also where the body would be a form, and before anybody is authenticated.
    await expectError(await request("/api/oauth/token/", { method: "POST", body: chunked(`grant_type=${"x".repeat(2 * MiB)}`), headers: { "Content-Type": "application/x-www-form-urlencoded" } }), 413, TOO_LARGE);
    expect(await snapshot()).toEqual(before);
  });

  it("answers a page's form with its 413 error page", async () => {
    const cookie = await login("Rica@Example.org", "rica-password");
    const before = await snapshot();
    const response = await postForm("/api/settings/token/create/", { description: "x".repeat(2 * MiB), scope: "PUBLIC_READ" }, { cookie });
    expect(response.status).toBe(413);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(await snapshot()).toEqual(before);
  });

  it("accepts a body of exactly the limit and refuses one byte more", async () => {
    const event = `{"title": "Padded", ${NEW_EVENT}}`;
    const padded = (bytes: number) => event.replace("{", `{${" ".repeat(bytes - event.length)}`);
    await expectError(await sendJson("POST", "/api/events/", chunked(padded(BODY_LIMIT + 1))), 413, TOO_LARGE);
    expect((await sendJson("POST", "/api/events/", chunked(padded(BODY_LIMIT)))).status).toBe(201);
    expect((await sendJson("POST", "/api/events/", padded(BODY_LIMIT))).status).toBe(201);
  });
});

describe("field lengths", () => {
  it("refuses NUL characters in text fields as DRF does, changing nothing", async () => {
    const before = await snapshot();
    await expectError(await sendJson("PATCH", "/api/events/1/", JSON.stringify({ title: "a\u0000b", location: "x\u0000" })), 400, {
      title: ["Null characters are not allowed."],
      location: ["Null characters are not allowed."],
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a title of 255 characters and a description over the bound, field-keyed, changing nothing", async () => {
    const before = await snapshot();
    await expectError(
      await sendJson("POST", "/api/events/", JSON.stringify({ title: "t".repeat(255), location: "x", type: 1, description: "d".repeat(MAX_DESCRIPTION + 1) })),
      400,
      { title: ["Ensure this field has no more than 254 characters."], description: [`Ensure this field has no more than ${MAX_DESCRIPTION} characters.`] },
    );
    await expectError(await sendJson("PATCH", "/api/events/1/", JSON.stringify({ description: "d".repeat(MAX_DESCRIPTION + 1) })), 400, {
      description: [`Ensure this field has no more than ${MAX_DESCRIPTION} characters.`],
    });
    expect(await snapshot()).toEqual(before);
    const response = await sendJson("POST", "/api/events/", JSON.stringify({ title: "t".repeat(254), location: "x", type: 1, description: "d".repeat(MAX_DESCRIPTION) }));
    expect(response.status).toBe(201);
  });

  it("bounds every string and list of every documented request body", async () => {
    const document = (await (await request("/api/schema/?format=json")).json()) as any;
    const unbounded: string[] = [];
    const walk = (schema: any, where: string) => {
      if (!schema || typeof schema !== "object") return;
      if (schema.$ref) return walk(document.components.schemas[schema.$ref.split("/").pop()], where);
      for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) walk(part, where);
      const types = [schema.type].flat();
      if (types.includes("string") && schema.maxLength === undefined && schema.enum === undefined) unbounded.push(where);
      if (types.includes("array")) {
        if (schema.maxItems === undefined) unbounded.push(where);
        walk(schema.items, `${where}[]`);
      }
      for (const [name, property] of Object.entries(schema.properties ?? {})) walk(property, `${where}.${name}`);
    };
    for (const [path, operations] of Object.entries(document.paths) as [string, any][]) {
      for (const [method, operation] of Object.entries(operations) as [string, any][]) {
        for (const [type, content] of Object.entries(operation.requestBody?.content ?? {}) as [string, any][]) walk(content.schema, `${method.toUpperCase()} ${path} (${type})`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});

describe("answers of other instances", () => {
  const HOST = "https://host.example.org";
  const share = () => encodeShareCode({ guest_url: env.SITE_URL, code: "a".repeat(64), host_url: "https://new-host.example.org" });
  const setupAnswer = (padding: number) => JSON.stringify({ host_name: "New Host", access_token: "new-host-token", padding: "p".repeat(padding) });

  it.each([
    ["with a length", () => new Response(setupAnswer(2 * MiB), { status: 201 })],
    ["chunked", () => new Response(chunked(setupAnswer(2 * MiB)), { status: 201 })],
  ])("takes an oversized setup answer (%s) as invalid and stores nothing", async (_name, answer) => {
    const cookie = await login("Rica@Example.org", "rica-password");
    fakeNetwork(answer);
    const before = await snapshot();
    const response = await postForm("/settings/federation/hosts/add/", { code: share() }, { cookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Invalid code data.");
    expect(await snapshot()).toEqual(before);
  });

  it("takes a setup answer with a lone surrogate as invalid, and accepts a normal one", async () => {
    const cookie = await login("Rica@Example.org", "rica-password");
    fakeNetwork(() => new Response(`{"host_name": "New \\ud800 Host", "access_token": "t"}`, { status: 201 }));
    const refused = await postForm("/settings/federation/hosts/add/", { code: share() }, { cookie });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Invalid code data.");
    vi.restoreAllMocks();
    fakeNetwork(() => new Response(setupAnswer(1000), { status: 201 }));
    expect((await postForm("/settings/federation/hosts/add/", { code: share() }, { cookie })).status).toBe(302);
    const [host] = await testDb().select().from(federatedHosts).where(eq(federatedHosts.url, "https://new-host.example.org"));
    expect(host.name).toBe("New Host");
  });

  const sharedEvent = {
    id: 1,
    title: "Shared Fest",
    description: null,
    location: "Field",
    type: { id: 1, title: "Service" },
    start_time: "2099-06-30T08:00:00+02:00",
    end_time: "2099-06-30T12:00:00+02:00",
    signup_url: `${HOST}/events/shared/1/1/`,
  };

  it("lists a host whose event list is oversized, or whose answer stalls, as not available", async () => {
    const cookie = await login("Rica@Example.org", "rica-password");
    const page = (padding: number) => JSON.stringify({ count: 1, next: null, previous: null, results: [sharedEvent], padding: "p".repeat(padding) });
    for (const answer of [
      () => new Response(page(9 * MiB)),
      () => new Response(chunked(page(9 * MiB))),
      // Headers, the first bytes, then nothing: the call's timeout also covers reading the body.
      () => new Response(new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{"results": [')) })),
    ]) {
      fakeNetwork(answer);
      const response = await request("/events/external/", { headers: { Cookie: cookie } });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Not available right now: Host.");
      expect(html).not.toContain("Shared Fest");
      vi.restoreAllMocks();
    }
    // A list of normal size is shown.
    fakeNetwork(() => new Response(page(1000)));
    expect(await (await request("/events/external/", { headers: { Cookie: cookie } })).text()).toContain("Shared Fest");
  });

  /** The host side of a federated login: the guest (smallWorld's guest 1) answers oversized. */
  async function federatedLogin(guest: (request: Request) => Response) {
    const start = await request("/events/shared/1/1/");
    expect(start.status).toBe(302);
    const state = new URL(start.headers.get("Location")!).searchParams.get("state")!;
    const cookie = start.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    fakeNetwork(guest);
    const before = await snapshot();
    const back = await request(`/api/federation/oauth-callback/?code=the-code&state=${state}`, { headers: { Cookie: cookie } });
    expect(await snapshot()).toEqual(before);
    return back;
  }

  const token = { access_token: "guest-access-token", token_type: "Bearer", expires_in: 3600, scope: "ME_READ", refresh_token: "r" };
  const profile = { id: 5, email: "gina@guest.example.org", display_name: "Gina Guest", date_of_birth: null, qualifications: [] };

  it("ends a federated login whose token answer is oversized with oauth_error", async () => {
    const back = await federatedLogin((outbound) =>
      new URL(outbound.url).pathname === "/api/oauth/token/" ? new Response(chunked(JSON.stringify({ ...token, padding: "p".repeat(2 * MiB) }))) : json(profile),
    );
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toMatch(/\/events\/external\/\?error=oauth_error$/);
  });

  it("ends a federated login whose profile answer is oversized or holds a lone surrogate with event_error", async () => {
    for (const me of [JSON.stringify({ ...profile, padding: "p".repeat(2 * MiB) }), JSON.stringify(profile).replace("Gina Guest", "Gina \\ud800")]) {
      const back = await federatedLogin((outbound) => (new URL(outbound.url).pathname === "/api/oauth/token/" ? json(token) : new Response(me)));
      expect(back.status).toBe(302);
      expect(back.headers.get("Location")).toMatch(/\/events\/external\/\?error=event_error$/);
      vi.restoreAllMocks();
    }
  });
});
