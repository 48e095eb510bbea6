/**
 * Everything the OAuth2 provider must refuse, and refuse without issuing anything: PKCE
 * violations (S256 enforced, plain refused), code replay (also concurrent) with revocation of what
 * the code gave out, redirect URI mismatches, expired codes, bad clients, refresh-token reuse
 * revoking the family, consent-page protections, and the per-client rate limit.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { emptyDatabase, loadWorld, snapshot } from "../helpers/db";
import { PASSWORDS, TOKENS } from "../helpers/auth-world";
import { ORIGIN, bearer, login, postForm, request } from "../helpers/http";
import {
  APPS,
  apiAccepts,
  authorizationCode,
  authorizationUrl,
  basic,
  codeKey,
  consent,
  consentPage,
  exchange,
  hiddenFields,
  issueTokens,
  issuedCounts,
  oauthWorld,
  pkce,
  refresh,
  tokenRequest,
} from "./helpers";

let volunteer: string;

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(oauthWorld());
  volunteer = await login("volunteer@example.org", PASSWORDS.volunteer);
});

async function expectOAuthError(response: Response, status: number, error: string) {
  const body = await response.json<Record<string, unknown>>();
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error).toBe(error);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return body;
}

/** The authorization endpoint's answer for a logged-in browser (no consent given yet). */
const openAuthorize = (url: URL, cookie = volunteer) => request(url.href, { headers: { Cookie: cookie } });

/** An authorize request that must be redirected back with `error` (and the state). */
async function expectRedirectError(url: URL, error: string, redirectUri: string) {
  const response = await openAuthorize(url);
  expect(response.status, await response.clone().text()).toBe(302);
  const location = new URL(response.headers.get("Location")!);
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  expect(location.searchParams.get("error")).toBe(error);
  expect(location.searchParams.get("code")).toBeNull();
  if (url.searchParams.has("state")) expect(location.searchParams.get("state")).toBe(url.searchParams.get("state"));
  return location;
}

/** An authorize request that must show an error page and never redirect. */
async function expectErrorPage(url: URL) {
  const response = await openAuthorize(url);
  const html = await response.text();
  expect(response.status, html).toBe(400);
  expect(response.headers.get("Location")).toBeNull();
  expect(html).toContain("Error: invalid_request");
  return html;
}

async function codeKeys(): Promise<string[]> {
  return (await env.KV.list({ prefix: "oauth-code:" })).keys.map((k) => k.name);
}

describe("PKCE", () => {
  const a = APPS.pkceApp;

  it("a wrong code_verifier is invalid_grant and issues nothing", async () => {
    const { code } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const before = await issuedCounts();
    const other = await pkce();
    await expectOAuthError(await exchange(a, code, other.verifier), 400, "invalid_grant");
    expect(await issuedCounts()).toEqual(before);
  });

  it("a missing code_verifier is refused and issues nothing", async () => {
    const { code } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const before = await issuedCounts();
    const response = await tokenRequest({ grant_type: "authorization_code", code, redirect_uri: a.redirectUris[0] }, { Authorization: basic(a.clientId, a.secret) });
    expect(response.status).toBe(400);
    expect(["invalid_request", "invalid_grant"]).toContain((await response.json<{ error: string }>()).error);
    expect(await issuedCounts()).toEqual(before);
  });

  it("the challenge itself as verifier (plain) does not pass an S256 code", async () => {
    const { challenge } = await pkce();
    const url = authorizationUrl(a, { state: "s", scope: "ME_READ", code_challenge: challenge, code_challenge_method: "S256" });
    const location = await consent(volunteer, url);
    const code = location.searchParams.get("code")!;
    await expectOAuthError(await exchange(a, code, challenge), 400, "invalid_grant");
  });

  it("code_challenge_method=plain is redirected with error=invalid_request", async () => {
    const verifier = (await pkce()).verifier;
    const url = authorizationUrl(a, { state: "plain-state", scope: "ME_READ", code_challenge: verifier, code_challenge_method: "plain" });
    await expectRedirectError(url, "invalid_request", a.redirectUris[0]);
  });

  it("an omitted code_challenge_method (ephios's default: plain) is refused too", async () => {
    const { challenge } = await pkce();
    const url = authorizationUrl(a, { state: "s", scope: "ME_READ", code_challenge: challenge });
    await expectRedirectError(url, "invalid_request", a.redirectUris[0]);
  });

  it("a missing code_challenge is redirected with error=invalid_request (confidential client)", async () => {
    const url = authorizationUrl(a, { state: "no-pkce", scope: "ME_READ" });
    await expectRedirectError(url, "invalid_request", a.redirectUris[0]);
  });

  it("a public client without PKCE is refused at authorize", async () => {
    const url = authorizationUrl(APPS.pocket, { state: "no-pkce", scope: "ME_READ" });
    await expectRedirectError(url, "invalid_request", APPS.pocket.redirectUris[0]);
  });

  it("no code is stored for a refused authorization request", async () => {
    const before = await codeKeys();
    await expectRedirectError(authorizationUrl(a, { state: "s", scope: "ME_READ", code_challenge: "x".repeat(43), code_challenge_method: "plain" }), "invalid_request", a.redirectUris[0]);
    expect(await codeKeys()).toEqual(before);
  });
});

describe("authorization codes are strictly single-use", () => {
  const a = APPS.replay;

  it("a reused code is invalid_grant, and the tokens of its first use are revoked", async () => {
    const { code, verifier } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const first = await exchange(a, code, verifier);
    expect(first.status).toBe(200);
    const tokens = await first.json<{ access_token: string; refresh_token: string }>();
    expect(await apiAccepts(tokens.access_token)).toBe(true);

    const before = await issuedCounts();
    await expectOAuthError(await exchange(a, code, verifier), 400, "invalid_grant");
    expect(await issuedCounts()).toEqual(before);

    expect(await apiAccepts(tokens.access_token)).toBe(false);
    await expectOAuthError(await refresh(a, tokens.refresh_token), 400, "invalid_grant");

    // Once the family is revoked, further replays are refused without touching any row.
    const revoked = await snapshot();
    await expectOAuthError(await exchange(a, code, verifier), 400, "invalid_grant");
    await expectOAuthError(await refresh(a, tokens.refresh_token), 400, "invalid_grant");
    expect(await snapshot()).toEqual(revoked);
  });

  it("two concurrent redemptions: exactly one succeeds, and its tokens are revoked afterwards", async () => {
    const { code, verifier } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const before = await issuedCounts();
    const responses = await Promise.all([exchange(a, code, verifier), exchange(a, code, verifier)]);
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400]);
    const winner = responses.find((r) => r.status === 200)!;
    const loser = responses.find((r) => r.status === 400)!;
    expect(await loser.json()).toMatchObject({ error: "invalid_grant" });
    const tokens = await winner.json<{ access_token: string; refresh_token: string }>();
    // Exactly one pair was issued, and it is revoked since the code was replayed.
    const after = await issuedCounts();
    expect(after.access - before.access).toBe(1);
    expect(after.refresh - before.refresh).toBe(1);
    expect(await apiAccepts(tokens.access_token)).toBe(false);
    await expectOAuthError(await refresh(a, tokens.refresh_token), 400, "invalid_grant");
  });

  it("a code issued to another client is invalid_grant and issues nothing", async () => {
    const { code, verifier } = await authorizationCode(volunteer, APPS.doorSign, { scope: "ME_READ" });
    const before = await issuedCounts();
    // APPS.other shares the redirect URI, so only the client differs.
    await expectOAuthError(await exchange(APPS.other, code, verifier), 400, "invalid_grant");
    expect(await issuedCounts()).toEqual(before);
  });

  it("an expired code (older than 60 s) is invalid_grant", async () => {
    const { code, verifier } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const key = await codeKey(code);
    const stored = await env.KV.get<{ createdAt: number }>(key, "json");
    expect(stored).not.toBeNull();
    await env.KV.put(key, JSON.stringify({ ...stored, createdAt: Date.now() - 61_000 }), { expirationTtl: 120 });
    const before = await issuedCounts();
    await expectOAuthError(await exchange(a, code, verifier), 400, "invalid_grant");
    expect(await issuedCounts()).toEqual(before);
  });

  it("a code younger than 60 s still works (control for the expiry test)", async () => {
    const { code, verifier } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const key = await codeKey(code);
    const stored = await env.KV.get<{ createdAt: number }>(key, "json");
    await env.KV.put(key, JSON.stringify({ ...stored, createdAt: Date.now() - 50_000 }), { expirationTtl: 120 });
    expect((await exchange(a, code, verifier)).status).toBe(200);
  });

  it("an unknown code is invalid_grant", async () => {
    await expectOAuthError(await exchange(a, "A".repeat(30), (await pkce()).verifier), 400, "invalid_grant");
  });
});

describe("redirect URIs must match exactly", () => {
  const a = APPS.doorSign;
  const registered = a.redirectUris[0];

  for (const [label, wrong] of [
    ["one character different", registered.replace(/k$/, "K")],
    ["a trailing slash", `${registered}/`],
    ["another host", registered.replace("doorsign", "evil")],
    ["an extra query", `${registered}?x=1`],
  ] as const) {
    it(`at authorize, ${label}: an error page with 400, no redirect`, async () => {
      expect(wrong).not.toBe(registered);
      const { challenge } = await pkce();
      const before = await codeKeys();
      await expectErrorPage(authorizationUrl(a, { redirect_uri: wrong, state: "s", scope: "ME_READ", code_challenge: challenge, code_challenge_method: "S256" }));
      expect(await codeKeys()).toEqual(before);
    });
  }

  for (const [label, wrong] of [
    ["one character different", registered.replace(/k$/, "K")],
    ["a trailing slash", `${registered}/`],
  ] as const) {
    it(`at the token endpoint, ${label}: invalid_grant and nothing issued`, async () => {
      const { code, verifier } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
      const before = await issuedCounts();
      await expectOAuthError(await exchange(a, code, verifier, { redirect_uri: wrong }), 400, "invalid_grant");
      expect(await issuedCounts()).toEqual(before);
    });
  }

  it("a redirect_uri is required at authorize when the client has several", async () => {
    const { challenge } = await pkce();
    await expectErrorPage(authorizationUrl(APPS.twoRedirects, { redirect_uri: null, state: "s", code_challenge: challenge, code_challenge_method: "S256" }));
  });
});

describe("authorization request errors", () => {
  const a = APPS.doorSign;

  it("an unknown scope is redirected with error=invalid_scope", async () => {
    const { challenge } = await pkce();
    await expectRedirectError(authorizationUrl(a, { scope: "ME_READ EVERYTHING", state: "sc", code_challenge: challenge, code_challenge_method: "S256" }), "invalid_scope", a.redirectUris[0]);
  });

  it("an unknown client_id shows an error page, no redirect", async () => {
    const { challenge } = await pkce();
    await expectErrorPage(authorizationUrl({ ...a, clientId: "no-such-client" }, { state: "s", code_challenge: challenge, code_challenge_method: "S256" }));
  });

  it("a missing client_id shows an error page, no redirect", async () => {
    const { challenge } = await pkce();
    await expectErrorPage(authorizationUrl(a, { client_id: null, state: "s", code_challenge: challenge, code_challenge_method: "S256" }));
  });

  it("response_type=token is redirected with error=unsupported_response_type", async () => {
    const { challenge } = await pkce();
    const location = await expectRedirectError(
      authorizationUrl(a, { response_type: "token", state: "rt", code_challenge: challenge, code_challenge_method: "S256" }),
      "unsupported_response_type",
      a.redirectUris[0],
    );
    // Errors go in the query, never a token in a fragment.
    expect(location.hash).toBe("");
  });

  it("anonymous: 302 to /accounts/login/?next=<the authorize URL>", async () => {
    const { challenge } = await pkce();
    const url = authorizationUrl(a, { state: "anon", scope: "ME_READ", code_challenge: challenge, code_challenge_method: "S256" });
    const response = await request(url.href);
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    expect(location.startsWith("/accounts/login/?next=")).toBe(true);
    const next = new URL(location, ORIGIN).searchParams.get("next")!;
    expect(next).toBe(url.pathname + url.search);
  });

  it("anonymous POST of the consent form: no code", async () => {
    const { challenge } = await pkce();
    const fields = { response_type: "code", client_id: a.clientId, redirect_uri: a.redirectUris[0], state: "s", code_challenge: challenge, code_challenge_method: "S256", allow: "Authorize" };
    const response = await postForm("/api/oauth/authorize/", fields);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/accounts\/login\//);
  });
});

describe("consent page", () => {
  const a = APPS.doorSign;

  const consentUrl = async (state = "consent-state") => {
    const { challenge } = await pkce();
    return authorizationUrl(a, { state, scope: "ME_READ", code_challenge: challenge, code_challenge_method: "S256" });
  };

  it("Cancel (no allow) redirects with error=access_denied and the state", async () => {
    const location = await consent(volunteer, await consentUrl("deny-state"), "cancel");
    expect(`${location.origin}${location.pathname}`).toBe(a.redirectUris[0]);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("deny-state");
    expect(location.searchParams.get("code")).toBeNull();
  });

  // BUG: src/features/oauth/routes.tsx passes the whole parsed request (AuthorizeParams includes
  // `allow`) to ConsentPage, which renders every string entry as a hidden field. A client that
  // adds `&allow=x` to its authorization URL gets `allow` into the form, so pressing "Cancel"
  // grants a code instead of access_denied (the hidden fields carry the
  // request; Cancel has no `allow` → access_denied).
  it("a client-supplied allow parameter is not carried into the form: Cancel still denies", async () => {
    const url = await consentUrl("smuggle-state");
    url.searchParams.set("allow", "Authorize");
    // The user presses "Cancel": the browser submits the hidden fields only.
    const location = await consent(volunteer, url, "cancel");
    expect(location.searchParams.get("code")).toBeNull();
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(hiddenFields(await consentPage(volunteer, url))).not.toHaveProperty("allow");
  });

  it("a cross-origin consent POST is refused with 403 and no code", async () => {
    const html = await consentPage(volunteer, await consentUrl());
    const before = await codeKeys();
    const response = await postForm("/api/oauth/authorize/", { ...hiddenFields(html), allow: "Authorize" }, { cookie: volunteer, origin: "https://evil.example.org" });
    expect(response.status).toBe(403);
    expect(response.headers.get("Location")).toBeNull();
    expect(await codeKeys()).toEqual(before);
  });

  it("a consent POST without Origin is refused too", async () => {
    const html = await consentPage(volunteer, await consentUrl());
    const response = await postForm("/api/oauth/authorize/", { ...hiddenFields(html), allow: "Authorize" }, { cookie: volunteer, origin: null });
    expect(response.status).toBe(403);
    expect(response.headers.get("Location")).toBeNull();
  });

  it("cannot be framed: CSP frame-ancestors 'none' and X-Frame-Options DENY", async () => {
    const response = await openAuthorize(await consentUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
  });

  it("a tampered hidden field is validated again on POST (redirect_uri)", async () => {
    const html = await consentPage(volunteer, await consentUrl());
    const fields = { ...hiddenFields(html), redirect_uri: "https://evil.example.org/callback", allow: "Authorize" };
    const response = await postForm("/api/oauth/authorize/", fields, { cookie: volunteer });
    expect(response.status).toBe(400);
    expect(response.headers.get("Location")).toBeNull();
  });

  it("a tampered hidden field is validated again on POST (plain PKCE)", async () => {
    const html = await consentPage(volunteer, await consentUrl("tamper"));
    const fields = { ...hiddenFields(html), code_challenge_method: "plain", allow: "Authorize" };
    const response = await postForm("/api/oauth/authorize/", fields, { cookie: volunteer });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!);
    expect(location.searchParams.get("error")).toBe("invalid_request");
    expect(location.searchParams.get("code")).toBeNull();
  });
});

describe("refresh tokens", () => {
  const a = APPS.rotation;

  it("a rotated refresh token used again: invalid_grant, and the whole family is revoked", async () => {
    const first = await issueTokens(volunteer, a, { scope: "ME_READ" });
    const second = await (await refresh(a, first.refresh_token)).json<{ access_token: string; refresh_token: string }>();
    const third = await (await refresh(a, second.refresh_token)).json<{ access_token: string; refresh_token: string }>();
    expect(await apiAccepts(third.access_token)).toBe(true);

    const before = await issuedCounts();
    await expectOAuthError(await refresh(a, first.refresh_token), 400, "invalid_grant");
    expect(await issuedCounts()).toEqual(before);

    // The newest pair is gone as well.
    expect(await apiAccepts(third.access_token)).toBe(false);
    await expectOAuthError(await refresh(a, third.refresh_token), 400, "invalid_grant");
  });

  it("another family of the same user and client is not affected", async () => {
    const victim = await issueTokens(volunteer, a, { scope: "ME_READ" });
    const bystander = await issueTokens(volunteer, a, { scope: "ME_READ" });
    const rotated = await (await refresh(a, victim.refresh_token)).json<{ access_token: string }>();
    await expectOAuthError(await refresh(a, victim.refresh_token), 400, "invalid_grant");
    expect(await apiAccepts(rotated.access_token)).toBe(false);
    expect(await apiAccepts(bystander.access_token)).toBe(true);
  });

  it("two concurrent refreshes with the same refresh token: at most one succeeds", async () => {
    const tokens = await issueTokens(volunteer, a, { scope: "ME_READ" });
    const before = await issuedCounts();
    const responses = await Promise.all([refresh(a, tokens.refresh_token), refresh(a, tokens.refresh_token)]);
    const ok = responses.filter((r) => r.status === 200);
    expect(ok.length).toBeLessThanOrEqual(1);
    for (const r of responses.filter((r) => r.status !== 200)) expect(await r.json()).toMatchObject({ error: "invalid_grant" });
    const after = await issuedCounts();
    expect(after.access - before.access).toBe(ok.length);
    expect(await apiAccepts(tokens.access_token)).toBe(false);
  });

  it("a wider scope on refresh is invalid_scope and issues nothing", async () => {
    const tokens = await issueTokens(volunteer, a, { scope: "ME_READ" });
    const before = await issuedCounts();
    await expectOAuthError(await refresh(a, tokens.refresh_token, { scope: "ME_READ CONFIDENTIAL_READ" }), 400, "invalid_scope");
    expect(await issuedCounts()).toEqual(before);
    // The refresh token is still good after the refusal.
    expect((await refresh(a, tokens.refresh_token)).status).toBe(200);
  });

  it("another client's refresh token is invalid_grant", async () => {
    const tokens = await issueTokens(volunteer, APPS.refresher, { scope: "ME_READ" });
    await expectOAuthError(await refresh(a, tokens.refresh_token), 400, "invalid_grant");
    expect(await apiAccepts(tokens.access_token)).toBe(true);
  });

  it("an access token is no refresh token", async () => {
    const tokens = await issueTokens(volunteer, a, { scope: "ME_READ" });
    await expectOAuthError(await refresh(a, tokens.access_token), 400, "invalid_grant");
  });
});

describe("client authentication at the token endpoint", () => {
  const a = APPS.doorSign;
  const codeBody = (code = "A".repeat(30)) => ({ grant_type: "authorization_code", code, code_verifier: "v".repeat(43), redirect_uri: a.redirectUris[0] });

  async function expectInvalidClient(response: Response) {
    await expectOAuthError(response, 401, "invalid_client");
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Basic/i);
  }

  it("a confidential client without a secret (client_id only) is 401 invalid_client", async () => {
    const { code, verifier } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const before = await issuedCounts();
    await expectInvalidClient(await tokenRequest({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: a.redirectUris[0], client_id: a.clientId }));
    expect(await issuedCounts()).toEqual(before);
  });

  it("a wrong secret (Basic and post) is 401 invalid_client", async () => {
    await expectInvalidClient(await tokenRequest(codeBody(), { Authorization: basic(a.clientId, `${a.secret}x`) }));
    await expectInvalidClient(await tokenRequest({ ...codeBody(), client_id: a.clientId, client_secret: "wrong" }));
    await expectInvalidClient(await tokenRequest(codeBody(), { Authorization: basic(a.clientId, "") }));
  });

  it("an unknown client is 401 invalid_client", async () => {
    await expectInvalidClient(await tokenRequest(codeBody(), { Authorization: basic("no-such-client", "secret") }));
    await expectInvalidClient(await tokenRequest({ ...codeBody(), client_id: "no-such-client" }));
  });

  for (const [label, header] of [
    ["not base64", "Basic !!!not-base64!!!"],
    ["no colon", `Basic ${btoa("door-sign-client")}`],
    ["empty", "Basic "],
    ["bad percent-encoding", `Basic ${btoa("door-sign-client:%zz")}`],
  ] as const) {
    it(`a malformed Basic header (${label}) is 401 invalid_client`, async () => {
      await expectInvalidClient(await tokenRequest(codeBody(), { Authorization: header }));
    });
  }

  it("no client authentication at all is 401 invalid_client", async () => {
    await expectInvalidClient(await tokenRequest(codeBody()));
  });

  it("a public client presenting a wrong secret is 401 invalid_client", async () => {
    await expectInvalidClient(await tokenRequest(codeBody(), { Authorization: basic(APPS.pocket.clientId, "wrong") }));
  });
});

describe("token endpoint requests", () => {
  const a = APPS.other;
  const auth = () => ({ Authorization: basic(a.clientId, a.secret) });

  it("an unsupported grant_type is unsupported_grant_type", async () => {
    for (const grant of ["client_credentials", "password", "implicit", "urn:ietf:params:oauth:grant-type:device_code"]) {
      await expectOAuthError(await tokenRequest({ grant_type: grant, username: "volunteer@example.org", password: PASSWORDS.volunteer }, auth()), 400, "unsupported_grant_type");
    }
  });

  it("a missing grant_type is invalid_request", async () => {
    await expectOAuthError(await tokenRequest({ code: "x" }, auth()), 400, "invalid_request");
  });

  it("a non-form body is answered with a 4xx JSON error and issues nothing", async () => {
    const { code, verifier } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const before = await issuedCounts();
    const response = await request("/api/oauth/token/", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", ...auth() },
      body: JSON.stringify({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: a.redirectUris[0] }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(expect.any(Object));
    expect(await issuedCounts()).toEqual(before);
  });

  it("a repeated parameter (RFC 6749 §3.2) is invalid_request and issues nothing", async () => {
    const { code, verifier } = await authorizationCode(volunteer, a, { scope: "ME_READ" });
    const before = await issuedCounts();
    const response = await postForm(
      "/api/oauth/token/",
      { grant_type: "authorization_code", code: [code, code], code_verifier: verifier, redirect_uri: a.redirectUris[0] },
      { origin: null, headers: auth() },
    );
    await expectOAuthError(response, 400, "invalid_request");
    expect(await issuedCounts()).toEqual(before);
  });

  it("GET on the token endpoint is not a token request", async () => {
    const response = await request("/api/oauth/token/?grant_type=client_credentials", { headers: auth() });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe("introspection and revocation need a client", () => {
  it("introspection without client credentials is 401", async () => {
    const tokens = await issueTokens(volunteer, APPS.refresher, { scope: "ME_READ" });
    const response = await postForm("/api/oauth/introspect/", { token: tokens.access_token }, { origin: null });
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toBeTruthy();
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
    const get = await request(`/api/oauth/introspect/?token=${tokens.access_token}`);
    expect(get.status).toBe(401);
  });

  it("introspection with a bearer token (no introspection scope exists) is 401", async () => {
    const response = await postForm("/api/oauth/introspect/", { token: TOKENS.all }, { origin: null, headers: bearer(TOKENS.adminAll) });
    expect(response.status).toBe(401);
  });

  it("a public client cannot introspect (it has no secret)", async () => {
    const response = await postForm("/api/oauth/introspect/", { token: TOKENS.all, client_id: APPS.pocket.clientId }, { origin: null });
    expect(response.status).toBe(401);
  });

  it("revocation with a wrong secret is 401 and revokes nothing", async () => {
    const a = APPS.refresher;
    const tokens = await issueTokens(volunteer, a, { scope: "ME_READ" });
    const response = await postForm("/api/oauth/revoke_token/", { token: tokens.access_token }, { origin: null, headers: { Authorization: basic(a.clientId, "wrong") } });
    expect(response.status).toBe(401);
    expect(await apiAccepts(tokens.access_token)).toBe(true);
  });

  it("another client cannot revoke a token (200 per RFC 7009, but nothing happens)", async () => {
    const tokens = await issueTokens(volunteer, APPS.refresher, { scope: "ME_READ" });
    const response = await postForm("/api/oauth/revoke_token/", { token: tokens.access_token }, { origin: null, headers: { Authorization: basic(APPS.other.clientId, APPS.other.secret) } });
    expect(response.status).toBe(200);
    expect(await apiAccepts(tokens.access_token)).toBe(true);
  });

  it("a personal token cannot be revoked through the OAuth endpoint", async () => {
    const response = await postForm("/api/oauth/revoke_token/", { token: TOKENS.meRead }, { origin: null, headers: { Authorization: basic(APPS.other.clientId, APPS.other.secret) } });
    expect(response.status).toBe(200);
    expect(await apiAccepts(TOKENS.meRead)).toBe(true);
  });
});
