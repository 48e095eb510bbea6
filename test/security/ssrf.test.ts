/**
 * Review of issue 12: this server calls other instances at URLs that others write (a host's address
 * in an invite code, a guest's address in an invite a staff member creates). The reproduction: an
 * invite code naming `http://169.254.169.254/…` (a cloud metadata service) or an address on our own
 * network made the guest POST its setup call there. Now every outbound call goes through one check
 * (src/lib/outbound-url.ts): http(s) only, https unless loopback (and loopback only where this
 * instance runs on loopback itself), no userinfo, no private, link-local or other non-public
 * address, no redirects followed. It is decided when the URL is stored and again when it is called.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { encodeShareCode } from "../../src/features/federation/share-code";
import { hostKind, outboundUrlProblem } from "../../src/lib/outbound-url";
import { resetWorld, snapshot } from "../helpers/db";
import { login, postForm, request, withCookiesFrom } from "../helpers/http";
import { fakeNetwork, json } from "../helpers/outbound";
import { sharedFestivalWorld } from "../helpers/world";

const PASSWORD = "ssrf-password-1";
const ADD_HOST = "/settings/federation/hosts/add/";
const ADD_GUEST = "/settings/federation/guests/add/";
/** Stored before this check existed (or written into the database by hand): refused when called. */
const BAD_STORED = "http://10.0.0.5";

/** Addresses no instance may be called at, each in a notation an attacker would try. */
const REFUSED = [
  "http://169.254.169.254/latest/meta-data",
  "https://169.254.169.254",
  "https://0xa9.0xfe.0xa9.0xfe", // 169.254.169.254 in hex
  "https://2852039166", // 169.254.169.254 as one number
  "https://10.0.0.1",
  "https://167772161", // 10.0.0.1
  "https://012.0.0.1", // 10.0.0.1 in octal
  "https://172.16.0.1",
  "https://172.31.255.255",
  "https://192.168.1.1",
  "https://100.64.0.1",
  "https://0.0.0.0",
  "https://0",
  "https://[::]",
  "https://[fd00::1]",
  "https://[fc00::1]",
  "https://[fe80::1]",
  "https://[::ffff:10.0.0.1]",
  "https://[::ffff:169.254.169.254]",
  "https://[64:ff9b::a9fe:a9fe]",
  "https://[::ffff:0:a9fe:a9fe]", // IPv4-translated
  "https://[2002:a9fe:a9fe::1]", // 6to4 of 169.254.169.254
  "https://[2002:0a00:0001::1]", // 6to4 of 10.0.0.1
  "https://[64:ff9b:1::a9fe:a9fe]", // local-use NAT64
  "https://224.0.0.1",
  "https://255.255.255.255",
  "https://intranet",
  "https://metadata.google.internal",
  "https://printer.local",
  "http://host.example.org", // plain http to a public host
  "https://user:secret@host.example.org",
  "https://host.example.org@10.0.0.1",
  "ftp://host.example.org",
  "file:///etc/passwd",
  "javascript:alert(1)",
  "not a url",
];

/** Development and tests: instances on this machine, and any public https host. */
const ALLOWED = ["https://host.example.org", "https://host.example.org:8443/ephios", "http://127.0.0.1:8788", "http://localhost:8788", "http://[::1]:8788", "https://93.184.215.14", "https://[2002:5db8:d70e::1]"];

let admin: string;

beforeAll(async () => {
  await resetWorld({
    ...sharedFestivalWorld(PASSWORD),
    oauth_applications: [
      { id: 1, name: "Bad Host", owner: 1, client_id: "bad-host-client", client_secret: "bad-host-secret", client_type: "confidential", redirect_uris: [`${BAD_STORED}/api/federation/oauth-callback/`] },
    ],
    federated_hosts: [{ id: 1, name: "Bad Host", url: BAD_STORED, access_token: "bad-host-token-0123456789", oauth_application: 1 }],
    federated_guests: [{ id: 1, name: "Bad Guest", url: BAD_STORED, access_token: "bad-guest-token-0123456789", client_id: "bad-guest-client", client_secret: "bad-guest-secret" }],
    event_shares: [{ event: 1, guest: 1 }],
  });
  admin = await login("admin@example.org", PASSWORD);
});

afterEach(() => vi.restoreAllMocks());

const share = (hostUrl: string) => encodeShareCode({ guest_url: env.SITE_URL, code: "a".repeat(64), host_url: hostUrl });
const setupAnswer = () => json({ host_name: "Host Org", access_token: "host-issued-token" }, 201);

describe("the rule", () => {
  it.each(REFUSED)("refuses %s", (url) => {
    expect(outboundUrlProblem(url, env.SITE_URL)).not.toBeNull();
  });

  it.each(ALLOWED)("allows %s on an instance that runs on loopback", (url) => {
    expect(outboundUrlProblem(url, env.SITE_URL)).toBeNull();
  });

  it("allows loopback only to an instance on loopback", () => {
    for (const url of ["http://127.0.0.1:8788", "https://127.0.0.1", "http://localhost", "https://app.localhost", "http://[::1]", "https://[::ffff:127.0.0.1]"]) {
      expect(outboundUrlProblem(url, "https://ephios.example.org"), url).not.toBeNull();
    }
    expect(outboundUrlProblem("https://host.example.org", "https://ephios.example.org")).toBeNull();
  });

  it("reads every notation of an address as the URL parser normalises it", () => {
    expect(hostKind(new URL("http://127.1/").hostname)).toBe("loopback");
    expect(hostKind(new URL("http://0x7f000001/").hostname)).toBe("loopback");
    expect(hostKind(new URL("http://[0:0:0:0:0:0:0:1]/").hostname)).toBe("loopback");
    expect(hostKind(new URL("http://localhost./").hostname)).toBe("loopback");
    expect(hostKind(new URL("http://[2001:db8::1]/").hostname)).toBe("public");
  });
});

describe("when a URL is stored", () => {
  it.each(REFUSED)("a guest refuses an invite code naming the host %s, calling nobody and storing nothing", async (hostUrl) => {
    const sent = fakeNetwork(setupAnswer);
    const before = await snapshot();
    const response = await postForm(ADD_HOST, { code: share(hostUrl) }, { cookie: admin });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Invalid code");
    expect(sent).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("a guest still redeems a code of a host on this machine (development)", async () => {
    const sent = fakeNetwork(setupAnswer);
    const response = await postForm(ADD_HOST, { code: share("http://127.0.0.1:8788") }, { cookie: admin });
    expect(response.status).toBe(302);
    expect(sent.map((s) => [s.url, s.redirect])).toEqual([["http://127.0.0.1:8788/api/federation/setup/", "manual"]]);
  });

  it.each(REFUSED.filter((url) => /^https?:\/\/[^@]*$/.test(url) && !url.includes(" ")))("a host refuses an invite for the guest %s", async (guestUrl) => {
    const before = await snapshot();
    const response = await postForm(ADD_GUEST, { url: guestUrl }, { cookie: admin });
    expect(response.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe("when a URL is called", () => {
  it("a redirect of the host is not followed and counts as a failure", async () => {
    const sent = fakeNetwork(() => new Response(null, { status: 307, headers: { Location: "http://169.254.169.254/latest/meta-data" } }));
    const before = await snapshot();
    const response = await postForm(ADD_HOST, { code: share("https://host.example.org") }, { cookie: admin });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Could not connect to host instance.");
    expect(sent.map((s) => [s.url, s.redirect])).toEqual([["https://host.example.org/api/federation/setup/", "manual"]]);
    expect(await snapshot()).toEqual(before);
  });

  it("a guest does not call a stored host with a refused address (event list, stop receiving)", async () => {
    const sent = fakeNetwork(() => json({ results: [] }));
    const events = await request("/events/external/", { headers: { Cookie: admin } });
    expect(events.status).toBe(200);
    expect(await events.text()).toContain("Bad Host");
    const before = await snapshot();
    const unshare = await postForm("/settings/federation/hosts/1/delete/", {}, { cookie: admin });
    expect(unshare.status).toBe(302);
    expect(unshare.headers.get("Location")).toBe("/settings/federation/hosts/1/delete/");
    expect(await snapshot()).toEqual(before);
    // (A host on this machine, added by a test above, is asked; the bad one is not.)
    expect(sent.filter((s) => s.url.startsWith(BAD_STORED))).toEqual([]);
  });

  it("a host does not exchange a federated login's code at a stored guest with a refused address", async () => {
    const start = await request("/events/shared/1/1/");
    expect(start.status).toBe(302);
    const state = new URL(start.headers.get("Location")!).searchParams.get("state");
    const sent = fakeNetwork(() => json({ access_token: "t", token_type: "Bearer", expires_in: 3600, scope: "ME_READ" }));
    const before = await snapshot();
    const back = await request(`/api/federation/oauth-callback/?code=c&state=${state}`, { headers: { Cookie: withCookiesFrom(start, "") } });
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe(`${BAD_STORED}/events/external/?error=oauth_error`);
    expect(sent).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
