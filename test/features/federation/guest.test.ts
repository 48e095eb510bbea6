/**
 * The guest side of federation: redeeming a host's invite code, the external event list and
 * removing a host. The hosts are played by a fetch spy answering as an ephios host does;
 * the real round trip between two instances is test/federation/two-instances.test.ts.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { federatedHosts, oauthApplications } from "../../../src/db/schema";
import { encodeShareCode } from "../../../src/features/federation/share-code";
import { decryptSecret, sha256Hex } from "../../../src/lib/crypto";
import { emptyDatabase, loadWorld, snapshot, testDb } from "../../helpers/db";
import { ORIGIN, login, postForm, request, withCookiesFrom } from "../../helpers/http";
import { fakeNetwork, json } from "../../helpers/outbound";

const PASSWORDS = { admin: "admin-password-1", volunteer: "volunteer-password-1" };
const ADD = "/settings/federation/hosts/add/";
const EXTERNAL = "/events/external/";
const deleteUrl = (id: number) => `/settings/federation/hosts/${id}/delete/`;

const HOSTS = {
  alpha: { id: 1, name: "Alpha", url: "https://alpha.example.org", token: "alpha-token-0123456789" },
  beta: { id: 2, name: "Beta", url: "https://beta.example.org", token: "beta-token-0123456789" },
  gamma: { id: 3, name: "Gamma", url: "https://gamma.example.org", token: "gamma-token-0123456789" },
  delta: { id: 4, name: "Delta", url: "https://delta.example.org", token: "delta-token-0123456789" },
  epsilon: { id: 5, name: "Epsilon", url: "https://epsilon.example.org", token: "epsilon-token-0123456789" },
};

function guestWorld() {
  const hosts = Object.values(HOSTS);
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: PASSWORDS.admin, is_staff: true, is_superuser: true },
      { id: 2, email: "volunteer@example.org", display_name: "Vera Volunteer", password: PASSWORDS.volunteer },
    ],
    oauth_applications: hosts.map((h) => ({
      id: h.id,
      name: h.name,
      owner: 1,
      client_id: `${h.name.toLowerCase()}-client`,
      client_secret: `${h.name.toLowerCase()}-secret`,
      client_type: "confidential",
      redirect_uris: [`${h.url}/api/federation/oauth-callback/`],
    })),
    federated_hosts: hosts.map((h) => ({ id: h.id, name: h.name, url: h.url, access_token: h.token, oauth_application: h.id })),
  };
}

let admin: string;
let volunteer: string;

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(guestWorld());
  admin = await login("admin@example.org", PASSWORDS.admin);
  volunteer = await login("volunteer@example.org", PASSWORDS.volunteer);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const get = (path: string, cookie?: string) => request(path, { headers: cookie ? { Cookie: cookie } : {} });


/** Never answers; rejects when the caller's timeout aborts the request. */
const hang = (request: Request) =>
  new Promise<Response>((_resolve, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason));
  });

async function hostRow(url: string) {
  const [row] = await testDb().select().from(federatedHosts).where(eq(federatedHosts.url, url));
  return row ?? null;
}

describe("access", () => {
  const staffPages = [ADD, deleteUrl(HOSTS.alpha.id)];

  it("sends anonymous visitors to the login page and changes nothing on posts", async () => {
    for (const path of [...staffPages, EXTERNAL]) {
      const response = await get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location")).toBe(`/accounts/login/?next=${encodeURIComponent(path)}`);
    }
    const sent = fakeNetwork(() => new Response(null, { status: 204 }));
    const before = await snapshot();
    for (const path of staffPages) expect((await postForm(path, { code: "x" })).status, path).toBe(302);
    expect(await snapshot()).toEqual(before);
    expect(sent).toEqual([]);
  });

  it("refuses users who are not staff on the settings pages, but shows them the external events", async () => {
    const sent = fakeNetwork(() => json({ results: [] }));
    for (const path of staffPages) expect((await get(path, volunteer)).status, path).toBe(403);
    const before = await snapshot();
    for (const path of staffPages) expect((await postForm(path, { code: "x" }, { cookie: volunteer })).status, path).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect(sent.filter((r) => r.method !== "GET")).toEqual([]);
    const page = await get(EXTERNAL, volunteer);
    expect(page.status).toBe(200);
    // Every logged-in user finds the list in the header.
    expect(await page.text()).toContain('<a href="/events/external/">External events</a>');
  });

  it("refuses cross-origin posts", async () => {
    const sent = fakeNetwork(() => new Response(null, { status: 204 }));
    const before = await snapshot();
    expect((await postForm(deleteUrl(HOSTS.alpha.id), {}, { cookie: admin, origin: "https://evil.example.org" })).status).toBe(403);
    expect((await postForm(ADD, { code: "x" }, { cookie: admin, origin: null })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect(sent).toEqual([]);
  });

  it("answers 404 for unknown or malformed host ids", async () => {
    for (const path of [deleteUrl(999), "/settings/federation/hosts/abc/delete/", `/settings/federation/hosts/${"9".repeat(30)}/delete/`]) {
      expect((await get(path, admin)).status, path).toBe(404);
      expect((await postForm(path, {}, { cookie: admin })).status, path).toBe(404);
    }
  });
});

describe("redeeming an invite code", () => {
  const HOST = "https://host.example.org";
  const share = (overrides: Partial<{ guest_url: string; code: string; host_url: string }> = {}) =>
    encodeShareCode({ guest_url: env.SITE_URL, code: "a".repeat(64), host_url: HOST, ...overrides });

  it("prefills the form from ?code= (escaped)", async () => {
    const html = await (await get(`${ADD}?code=${encodeURIComponent('abc"<x>')}`, admin)).text();
    expect(html).toContain('name="code"');
    expect(html).toContain("abc&quot;&lt;x&gt;");
    expect(html).not.toContain("<x>");
  });

  const refused: [string, Record<string, string>, string][] = [
    ["no code", {}, "This field is required."],
    ["a blank code", { code: "  " }, "This field is required."],
    ["a code over 4000 characters", { code: "A".repeat(4001) }, "Ensure this value has at most 4000 characters."],
    ["no Base64", { code: "%%%not-base64%%%" }, "Invalid code"],
    ["Base64 of no JSON", { code: btoa("hello") }, "Invalid code"],
    ["a missing key", { code: btoa(JSON.stringify({ guest_url: ORIGIN, code: "x" })) }, "Invalid code"],
    ["a host URL that is not http(s)", { code: share({ host_url: "javascript:alert(1)" }) }, "Invalid code"],
    ["a code for another instance", { code: share({ guest_url: "https://other.example.org" }) }, "This invite code is not issued for this instance."],
  ];

  it.each(refused)("refuses %s without calling anybody or storing anything", async (_name, fields, message) => {
    const sent = fakeNetwork(() => json({ host_name: "Host", access_token: "t" }, 201));
    const before = await snapshot();
    const response = await postForm(ADD, fields, { cookie: admin });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(sent).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  const failures: [string, (request: Request) => Response | Promise<Response>, string][] = [
    ["a 400 of the host", () => json({ non_field_errors: ["Invite code is not valid"] }, 400), "Could not connect to host instance."],
    ["a 500 of the host", () => new Response("oops", { status: 500 }), "Could not connect to host instance."],
    ["a redirect", () => new Response(null, { status: 302, headers: { Location: "https://elsewhere.example.org/" } }), "Could not connect to host instance."],
    [
      "a connection error",
      () => {
        throw new TypeError("Network connection lost.");
      },
      "Could not connect to host instance.",
    ],
    [
      "a timeout",
      () => {
        throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
      },
      "Could not connect to host instance.",
    ],
    ["an answer that is no JSON", () => new Response("<html>", { status: 201 }), "Invalid code data."],
    ["an answer without access_token", () => json({ host_name: "Host" }, 201), "Invalid code data."],
    ["an answer without host_name", () => json({ access_token: "t" }, 201), "Invalid code data."],
  ];

  it.each(failures)("keeps nothing after %s", async (_name, answer, message) => {
    const sent = fakeNetwork(answer);
    const before = await snapshot();
    const response = await postForm(ADD, { code: share() }, { cookie: admin });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(sent).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
  });

  it("sends the setup call as an ephios guest does and stores the host only after it succeeded", async () => {
    let signal: AbortSignal | undefined;
    const sent = fakeNetwork((outbound) => {
      signal = outbound.signal;
      // An ephios host's whole answer; only host_name and access_token are read.
      return json({ id: 7, name: env.ORGANIZATION_NAME, url: env.SITE_URL, client_id: "x", client_secret: "y", access_token: "host-issued-token", host_name: "Host Org" }, 201);
    });
    const code = share({ host_url: `${HOST}/` });
    const response = await postForm(ADD, { code: `\n${code}\n` }, { cookie: admin });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/federation/");

    expect(sent).toHaveLength(1);
    const setup = sent[0];
    expect(setup.method).toBe("POST");
    expect(setup.url).toBe(`${HOST}/api/federation/setup/`);
    expect(setup.headers.get("Content-Type")).toMatch(/^application\/x-www-form-urlencoded/);
    expect(setup.headers.get("Authorization")).toBeNull();
    expect(signal).toBeDefined();
    const fields = Object.fromEntries(new URLSearchParams(setup.body));
    expect(Object.keys(fields).sort()).toEqual(["client_id", "client_secret", "code", "name", "url"]);
    expect(fields).toMatchObject({ name: env.ORGANIZATION_NAME, url: env.SITE_URL, code: "a".repeat(64) });
    expect(fields.client_id).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(fields.client_secret).toMatch(/^[A-Za-z0-9]{128}$/);

    const host = await hostRow(HOST);
    expect(host).toMatchObject({ name: "Host Org", url: HOST });
    expect(await decryptSecret(host!.accessTokenEncrypted, env.SECRET_KEY)).toBe("host-issued-token");
    const [app] = await testDb().select().from(oauthApplications).where(eq(oauthApplications.id, host!.oauthApplicationId));
    expect(app).toMatchObject({
      name: "Host Org",
      ownerId: 1,
      clientId: fields.client_id,
      clientSecretHash: await sha256Hex(fields.client_secret),
      clientType: "confidential",
      authorizationGrantType: "authorization-code",
      redirectUris: `${HOST}/api/federation/oauth-callback/`,
      skipAuthorization: false,
    });
    const stored = JSON.stringify(await snapshot());
    expect(stored).not.toContain("host-issued-token");
    expect(stored).not.toContain(fields.client_secret);

    const next = await get("/settings/federation/hosts/add/", withCookiesFrom(response, admin));
    expect(await next.text()).toContain("You are now receiving events from Host Org.");
  });
});

describe("external events", () => {
  const event = (title: string, start: string, end: string, extra: Record<string, unknown> = {}) => ({
    id: 1,
    title,
    description: null,
    location: `${title} hall`,
    type: { id: 1, title: "Service" },
    start_time: start,
    end_time: end,
    signup_url: `https://alpha.example.org/events/shared/1/1/`,
    ...extra,
  });

  it("lists the events of every host in start order; a broken, slow or revoked host costs only its own events", async () => {
    const now = Date.now();
    const sent = fakeNetwork((outbound) => {
      const host = new URL(outbound.url).origin;
      if (host === HOSTS.alpha.url)
        return json({
          count: 4,
          next: "https://alpha.example.org/api/federation/events/?limit=100&offset=100",
          previous: null,
          results: [
            event("Late", "2099-07-01T10:00:00+02:00", "2099-07-01T12:00:00+02:00"),
            event("Early", "2099-06-01T08:00:00Z", "2099-06-01T09:00:00Z"),
            event("Sneaky", "2099-06-02T08:00:00Z", "2099-06-02T09:00:00Z", { signup_url: "javascript:alert(1)" }),
            { title: "Broken item" },
          ],
        });
      if (host === HOSTS.beta.url) return json({ detail: "You do not have permission to perform this action." }, 403);
      if (host === HOSTS.gamma.url) return new Response("Bad gateway", { status: 502 });
      if (host === HOSTS.delta.url) return hang(outbound);
      return json({ count: 1, next: null, previous: null, results: [event("Middle", "2099-06-15T08:00:00+02:00", "2099-06-15T09:00:00+02:00", { signup_url: "https://epsilon.example.org/events/shared/3/9/" })] });
    });

    const started = Date.now();
    const response = await get(EXTERNAL, volunteer);
    expect(response.status).toBe(200);
    // The slow host is given up after its 5 s, not waited for longer.
    expect(Date.now() - started).toBeLessThan(15_000);
    const html = await response.text();

    const order = ["Early", "Middle", "Late"].map((title) => html.indexOf(`>${title}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('href="https://epsilon.example.org/events/shared/3/9/"');
    expect(html).toContain("Early hall");
    expect(html).toContain("Service");
    expect(html).toContain("Shared by Alpha");
    expect(html).toContain("Shared by Epsilon");
    expect(html).not.toContain("Sneaky");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("Broken item");
    expect(html).toMatch(/Not available right now: (Gamma, Delta|Delta, Gamma)\./);

    // What an ephios host expects: the bearer token and end_time_after as isoformat() in UTC.
    const alpha = sent.find((r) => r.url.startsWith(HOSTS.alpha.url))!;
    const url = new URL(alpha.url);
    expect(url.pathname).toBe("/api/federation/events/");
    expect(alpha.method).toBe("GET");
    expect(alpha.headers.get("Authorization")).toBe(`Bearer ${HOSTS.alpha.token}`);
    const since = url.searchParams.get("end_time_after")!;
    expect(since).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect(Math.abs(Date.parse(since) - (now - 14 * 24 * 3_600_000))).toBeLessThan(60_000);
    expect(sent.find((r) => r.url.startsWith(HOSTS.beta.url))!.headers.get("Authorization")).toBe(`Bearer ${HOSTS.beta.token}`);

    // The 403 ended the share: the host and its application are gone, the others stay.
    expect(await hostRow(HOSTS.beta.url)).toBeNull();
    expect(await testDb().select().from(oauthApplications).where(eq(oauthApplications.id, HOSTS.beta.id))).toEqual([]);
    for (const host of [HOSTS.alpha, HOSTS.gamma, HOSTS.delta]) expect(await hostRow(host.url), host.name).not.toBeNull();
  });

  it("shows the banners a host links back to after a failed login", async () => {
    fakeNetwork(() => json({ results: [] }));
    expect(await (await get(`${EXTERNAL}?error=oauth_error`, volunteer)).text()).toContain("Logging in at the other instance failed.");
    expect(await (await get(`${EXTERNAL}?error=event_error`, volunteer)).text()).toContain("The other instance could not show the event.");
    const plain = await (await get(`${EXTERNAL}?error=<b>`, volunteer)).text();
    expect(plain).not.toContain("<b>");
    expect(plain).toContain("No events are shared with this instance.");
  });
});

describe("removing a host", () => {
  it("shows a confirmation page", async () => {
    const html = await (await get(deleteUrl(HOSTS.alpha.id), admin)).text();
    expect(html).toContain("Alpha");
    expect(html).toContain(`action="${deleteUrl(HOSTS.alpha.id)}"`);
  });

  const refusals: [string, (request: Request) => Response | Promise<Response>][] = [
    ["a 403", () => json({ detail: "You do not have permission to perform this action." }, 403)],
    ["a 200 instead of 204", () => json({})],
    ["a 500", () => new Response("oops", { status: 500 })],
    [
      "a connection error",
      () => {
        throw new TypeError("Network connection lost.");
      },
    ],
  ];

  it.each(refusals)("keeps everything when the host answers %s", async (_name, answer) => {
    const sent = fakeNetwork(answer);
    const before = await snapshot();
    const response = await postForm(deleteUrl(HOSTS.alpha.id), {}, { cookie: admin });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(deleteUrl(HOSTS.alpha.id));
    expect(sent).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
    const next = await get(deleteUrl(HOSTS.alpha.id), withCookiesFrom(response, admin));
    expect(await next.text()).toContain("could not be told to stop sharing; nothing was changed.");
  });

  it("tells the host first and deletes our side on its 204", async () => {
    const sent = fakeNetwork(() => new Response(null, { status: 204 }));
    const response = await postForm(deleteUrl(HOSTS.epsilon.id), {}, { cookie: admin });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/federation/");
    expect(sent).toHaveLength(1);
    expect(sent[0].method).toBe("DELETE");
    expect(sent[0].url).toBe(`${HOSTS.epsilon.url}/api/federation/guest/delete/`);
    expect(sent[0].headers.get("Authorization")).toBe(`Bearer ${HOSTS.epsilon.token}`);
    expect(await hostRow(HOSTS.epsilon.url)).toBeNull();
    expect(await testDb().select().from(oauthApplications).where(eq(oauthApplications.id, HOSTS.epsilon.id))).toEqual([]);
    expect(await hostRow(HOSTS.alpha.url)).not.toBeNull();
  });
});
