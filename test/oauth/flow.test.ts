/**
 * The OAuth2 authorization-code flow end to end, driven by a standard client library
 * (oauth4webapi) through the real Worker: discovery, PKCE S256, consent, code exchange with
 * client_secret_basic / client_secret_post / a public client, API access, refresh rotation,
 * RFC 7009 revocation, RFC 7662 introspection, the user's token page, and the exact token
 * request a real ephios host sends.
 */
import * as oauth from "oauth4webapi";
import { beforeAll, describe, expect, it } from "vitest";
import { SCOPES } from "../../src/auth/scopes";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { PASSWORDS } from "../helpers/auth-world";
import { NOT_AUTHENTICATED, bearer, login, postForm, request } from "../helpers/http";
import {
  ALL_SCOPES,
  APPS,
  ISSUER,
  type TestApp,
  accessTokenRow,
  apiAccepts,
  authorizationCode,
  authorizationUrl,
  basic,
  clientOf,
  consent,
  consentPage,
  discover,
  exchange,
  httpOptions,
  issueTokens,
  oauthWorld,
  pkce,
  refresh,
  refreshTokenRow,
  tokenRequest,
} from "./helpers";

let volunteer: string;
let as: oauth.AuthorizationServer;

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(oauthWorld());
  volunteer = await login("volunteer@example.org", PASSWORDS.volunteer);
  as = await discover();
});

/** The whole browser part with oauth4webapi building the URL and checking the answer. */
async function authorizeWithLibrary(a: TestApp, scope?: string) {
  const client = clientOf(a);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", a.clientId);
  url.searchParams.set("redirect_uri", a.redirectUris[0]);
  if (scope !== undefined) url.searchParams.set("scope", scope);
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", codeChallenge);
  url.searchParams.set("code_challenge_method", "S256");
  const location = await consent(volunteer, url);
  expect(`${location.origin}${location.pathname}`).toBe(a.redirectUris[0]);
  const params = oauth.validateAuthResponse(as, client, location, state);
  return { client, params, codeVerifier };
}

async function codeFlow(a: TestApp, auth: oauth.ClientAuth, scope?: string) {
  const { client, params, codeVerifier } = await authorizeWithLibrary(a, scope);
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, a.redirectUris[0], codeVerifier, httpOptions);
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  return { client, tokens };
}

describe("discovery (RFC 8414)", () => {
  it("describes the endpoints, issuer http://127.0.0.1:8787, S256 only", () => {
    expect(as.issuer).toBe("http://127.0.0.1:8787");
    expect(as).toMatchObject({
      authorization_endpoint: "http://127.0.0.1:8787/api/oauth/authorize/",
      token_endpoint: "http://127.0.0.1:8787/api/oauth/token/",
      revocation_endpoint: "http://127.0.0.1:8787/api/oauth/revoke_token/",
      introspection_endpoint: "http://127.0.0.1:8787/api/oauth/introspect/",
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
    });
    expect(as.scopes_supported).toEqual(ALL_SCOPES);
    expect(as.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token"]));
    expect(as.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["client_secret_basic", "client_secret_post", "none"]));
  });
});

describe("consent page", () => {
  it("asks 'Authorize <app>?' with the scope descriptions and carries the request in hidden fields", async () => {
    const { challenge } = await pkce();
    const url = authorizationUrl(APPS.doorSign, { scope: "PUBLIC_READ ME_READ", state: "xyz-state", code_challenge: challenge, code_challenge_method: "S256" });
    const html = await consentPage(volunteer, url);
    expect(html).toContain("Authorize Door Sign?");
    expect(html).toContain("The application requires the following permissions:");
    expect(html).toContain(SCOPES.PUBLIC_READ);
    expect(html).toContain(SCOPES.ME_READ);
    expect(html).not.toContain(SCOPES.CONFIDENTIAL_READ);
    expect(html).toMatch(/name="allow"/);
    expect(html).toContain("Cancel");
    expect(html).toContain('value="xyz-state"');
  });

  it("lists all six scopes when none is requested", async () => {
    const { challenge } = await pkce();
    const html = await consentPage(volunteer, authorizationUrl(APPS.doorSign, { state: "s", code_challenge: challenge, code_challenge_method: "S256" }));
    for (const description of Object.values(SCOPES)) expect(html).toContain(description);
  });
});

describe("authorization code flow with oauth4webapi", () => {
  it("client_secret_basic: code → tokens → API → refresh → revoke → introspect", async () => {
    const a = APPS.doorSign;
    const auth = oauth.ClientSecretBasic(a.secret);
    const { client, tokens } = await codeFlow(a, auth, "PUBLIC_READ ME_READ CONFIDENTIAL_READ");
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.expires_in).toBe(36000);
    expect(tokens.scope).toBe("PUBLIC_READ ME_READ CONFIDENTIAL_READ");
    expect(tokens.access_token).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9]{30}$/);

    // The token works on the API like a personal token, as its user.
    const me = await request("/api/users/me/", { headers: bearer(tokens.access_token) });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: "volunteer@example.org", display_name: "Vera Volunteer" });
    const row = await accessTokenRow(tokens.access_token);
    expect(row).toMatchObject({ userId: 3, applicationId: a.id, scope: "PUBLIC_READ ME_READ CONFIDENTIAL_READ", revoked: false });
    expect(row.expires! - Date.now()).toBeGreaterThan(35_990_000);
    expect(row.expires! - Date.now()).toBeLessThanOrEqual(36_000_000);

    // Introspection of the live token.
    const live = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, tokens.access_token, httpOptions));
    expect(live).toMatchObject({ active: true, scope: "PUBLIC_READ ME_READ CONFIDENTIAL_READ", client_id: a.clientId, username: "volunteer@example.org" });
    expect(live.exp).toBe(Math.floor(row.expires! / 1000));

    // Refresh: a new pair; the old pair stops working.
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, httpOptions));
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.expires_in).toBe(36000);
    expect(refreshed.scope).toBe("PUBLIC_READ ME_READ CONFIDENTIAL_READ");
    expect(await apiAccepts(refreshed.access_token)).toBe(true);
    expect(await apiAccepts(tokens.access_token)).toBe(false);
    const stale = await refresh(a, tokens.refresh_token!);
    expect(stale.status).toBe(400);
    expect(await stale.json()).toMatchObject({ error: "invalid_grant" });
    const oldIntrospected = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, tokens.access_token, httpOptions));
    expect(oldIntrospected).toEqual({ active: false });
    expect((await refreshTokenRow(tokens.refresh_token!)).revoked).not.toBeNull();
  });

  it("client_secret_post: code → tokens; refresh with a narrower scope; revoke; introspect", async () => {
    const a = APPS.doorSign;
    const auth = oauth.ClientSecretPost(a.secret);
    const { client, tokens } = await codeFlow(a, auth);
    // No scope requested: all six (ephios's DEFAULT_SCOPES "__all__").
    expect(tokens.scope).toBe(ALL_SCOPES.join(" "));
    expect(tokens.expires_in).toBe(36000);
    expect(await apiAccepts(tokens.access_token)).toBe(true);

    const narrower = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, { ...httpOptions, additionalParameters: { scope: "ME_READ" } }),
    );
    expect(narrower.scope).toBe("ME_READ");
    expect((await accessTokenRow(narrower.access_token)).scope).toBe("ME_READ");
    expect(await apiAccepts(narrower.access_token)).toBe(true);
    // ME_READ only: the confidential user list is forbidden (not "not authenticated").
    const users = await request("/api/users/", { headers: bearer(narrower.access_token) });
    expect(users.status).toBe(403);
    expect(await users.json()).toEqual({ detail: "You do not have permission to perform this action." });

    // Revocation (RFC 7009) of the access token.
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, narrower.access_token, httpOptions));
    const refused = await request("/api/users/me/", { headers: bearer(narrower.access_token) });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual(NOT_AUTHENTICATED);
    const introspected = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, narrower.access_token, httpOptions));
    expect(introspected).toEqual({ active: false });
    // revoke_related(): the refresh token that came with it is revoked as well.
    const afterRevoke = await refresh(a, narrower.refresh_token!);
    expect(afterRevoke.status).toBe(400);
    expect(await afterRevoke.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("revoking the refresh token revokes its access token too", async () => {
    const a = APPS.doorSign;
    const auth = oauth.ClientSecretBasic(a.secret);
    const { client, tokens } = await codeFlow(a, auth, "ME_READ");
    const response = await oauth.revocationRequest(as, client, auth, tokens.refresh_token!, { ...httpOptions, additionalParameters: { token_type_hint: "refresh_token" } });
    await oauth.processRevocationResponse(response);
    expect(await apiAccepts(tokens.access_token)).toBe(false);
    expect((await refresh(a, tokens.refresh_token!)).status).toBe(400);
  });

  it("introspection answers {active:false} for unknown tokens and for another client's tokens", async () => {
    const a = APPS.doorSign;
    const auth = oauth.ClientSecretBasic(a.secret);
    const client = clientOf(a);
    const unknown = await oauth.introspectionRequest(as, client, auth, "no-such-token-0123456789", httpOptions);
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get("Cache-Control")).toBe("no-store");
    expect(await oauth.processIntrospectionResponse(as, client, unknown)).toEqual({ active: false });

    const others = await issueTokens(volunteer, APPS.other, { scope: "ME_READ" });
    expect(await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, others.access_token, httpOptions))).toEqual({ active: false });
    // A personal token is no client's token either.
    expect(await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, "all-scopes-token-0123456789", httpOptions))).toEqual({ active: false });
  });

  it("introspection also works with GET ?token= and client credentials", async () => {
    const a = APPS.doorSign;
    const tokens = await issueTokens(volunteer, a, { scope: "PUBLIC_READ" });
    const response = await request(`/api/oauth/introspect/?token=${tokens.access_token}`, { headers: { Authorization: basic(a.clientId, a.secret) } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ active: true, scope: "PUBLIC_READ", client_id: a.clientId, username: "volunteer@example.org" });
  });

  it("public client: client_id only plus PKCE (oauth.None())", async () => {
    const a = APPS.pocket;
    const auth = oauth.None();
    const { client, tokens } = await codeFlow(a, auth, "ME_READ");
    expect(tokens.scope).toBe("ME_READ");
    expect(await apiAccepts(tokens.access_token)).toBe(true);
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, httpOptions));
    expect(await apiAccepts(refreshed.access_token)).toBe(true);
    expect(await apiAccepts(tokens.access_token)).toBe(false);
  });

  it("Basic credentials with form-url-encoded special characters (':', '%', '+', space) work", async () => {
    const a = APPS.oddSecret;
    const { tokens } = await codeFlow(a, oauth.ClientSecretBasic(a.secret), "ME_READ");
    expect(await apiAccepts(tokens.access_token)).toBe(true);
  });

  it("client_secret_post with the same special characters works", async () => {
    const a = APPS.oddSecret;
    const { tokens } = await codeFlow(a, oauth.ClientSecretPost(a.secret), "ME_READ");
    expect(await apiAccepts(tokens.access_token)).toBe(true);
  });
});

describe("the user's token page", () => {
  it("lists the token under 'Third party applications'; revoking it there also revokes its refresh token", async () => {
    const a = APPS.refresher;
    const tokens = await issueTokens(volunteer, a, { scope: "PUBLIC_READ ME_READ" });
    const row = await accessTokenRow(tokens.access_token);

    const page = await request("/api/settings/token/", { headers: { Cookie: volunteer } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const third = html.indexOf("Third party applications");
    const personal = html.indexOf("Personal API tokens");
    expect(third).toBeGreaterThan(-1);
    const section = html.slice(third, personal);
    expect(section).toContain("Refresher");
    expect(section).toContain(SCOPES.PUBLIC_READ);
    expect(section).toContain(`name="pk" value="${row.id}"`);

    const revoke = await postForm("/api/settings/token/revoke/", { pk: String(row.id) }, { cookie: volunteer });
    expect(revoke.status).toBe(302);
    expect(revoke.headers.get("Location")).toBe("/api/settings/token/");
    expect(await apiAccepts(tokens.access_token)).toBe(false);

    const refreshed = await refresh(a, tokens.refresh_token);
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });

    const after = await (await request("/api/settings/token/", { headers: { Cookie: volunteer } })).text();
    const afterSection = after.slice(after.indexOf("Third party applications"), after.indexOf("Personal API tokens"));
    expect(afterSection).toContain("Revoked");
    expect(afterSection).not.toContain(`name="pk" value="${row.id}"`);
  });

  it("another user cannot revoke the token (404) and it keeps working", async () => {
    const tokens = await issueTokens(volunteer, APPS.refresher, { scope: "ME_READ" });
    const row = await accessTokenRow(tokens.access_token);
    const manager = await login("manager@example.org", PASSWORDS.manager);
    const revoke = await postForm("/api/settings/token/revoke/", { pk: String(row.id) }, { cookie: manager });
    expect(revoke.status).toBe(404);
    expect(await apiAccepts(tokens.access_token)).toBe(true);
  });
});

describe("token response details", () => {
  it("carries Cache-Control: no-store, a Bearer token_type, integer expires_in 36000 and the default scope", async () => {
    const a = APPS.doorSign;
    const { code, verifier } = await authorizationCode(volunteer, a);
    const response = await exchange(a, code, verifier);
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = await response.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "scope", "token_type"]);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 36000, scope: ALL_SCOPES.join(" ") });
    expect(Number.isInteger(body.expires_in)).toBe(true);
  });

  it("omitting redirect_uri at authorize uses the only registered one", async () => {
    const a = APPS.doorSign;
    const { code, verifier, location } = await authorizationCode(volunteer, a, { redirectUri: null, scope: "ME_READ" });
    expect(`${location.origin}${location.pathname}`).toBe(a.redirectUris[0]);
    const response = await exchange(a, code, verifier);
    expect(response.status).toBe(200);
  });
});

describe("an ephios host redeeming a code", () => {
  /** Exactly the back-channel request of requests-oauthlib in ephios's federation plugin. */
  function ephiosHostTokenRequest(a: TestApp, code: string, verifier: string) {
    const body = new URLSearchParams({ grant_type: "authorization_code", code_verifier: verifier, code });
    return request("/api/oauth/token/", {
      method: "POST",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        // base64(client_id ":" client_secret), no URL-encoding of the parts.
        Authorization: `Basic ${btoa(`${a.clientId}:${a.secret}`)}`,
      },
      body: body.toString(),
    });
  }

  /** The host's authorization redirect: parameters in its order, 64-character verifier, ME_READ. */
  async function hostAuthorization(a: TestApp, redirectUri: string) {
    const unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    const verifier = Array.from(crypto.getRandomValues(new Uint8Array(64)), (b) => unreserved[b % unreserved.length]).join("");
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    const state = Array.from(crypto.getRandomValues(new Uint8Array(30)), (b) => unreserved[b % 62]).join("");
    const query = new URLSearchParams({
      response_type: "code",
      client_id: a.clientId,
      redirect_uri: redirectUri,
      scope: "ME_READ",
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const location = await consent(volunteer, new URL(`/api/oauth/authorize/?${query}`, ISSUER));
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get("state")).toBe(state);
    return { code: location.searchParams.get("code")!, verifier };
  }

  it("Basic auth, no redirect_uri, no client_id, only one registered redirect URI → 200 with access_token and integer expires_in", async () => {
    const a = APPS.ephiosHost;
    const { code, verifier } = await hostAuthorization(a, a.redirectUris[0]);
    const response = await ephiosHostTokenRequest(a, code, verifier);
    const body = await response.json<Record<string, unknown>>();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.access_token).toEqual(expect.any(String));
    expect(Number.isInteger(body.expires_in)).toBe(true);
    expect(body.expires_in).toBe(36000);
    expect(body.scope).toBe("ME_READ");

    // Step 5: the host reads the profile with that token.
    const me = await request("/api/users/me/", { headers: bearer(body.access_token as string) });
    expect(me.status).toBe(200);
    const profile = await me.json<Record<string, unknown>>();
    expect(profile).toMatchObject({ email: "volunteer@example.org", display_name: "Vera Volunteer" });
    expect(profile).toHaveProperty("date_of_birth");
    expect(Array.isArray(profile.qualifications)).toBe(true);
  });

  it("the same request is refused with invalid_request when the application has two redirect URIs", async () => {
    const a = APPS.twoRedirects;
    const { code, verifier } = await hostAuthorization(a, a.redirectUris[1]);
    const response = await ephiosHostTokenRequest(a, code, verifier);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
    // With the redirect URI the code is still good (it was not consumed by the refusal).
    const ok = await tokenRequest(
      { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: a.redirectUris[1] },
      { Authorization: basic(a.clientId, a.secret) },
    );
    expect(ok.status).toBe(200);
  });
});
