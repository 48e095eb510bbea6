import type { Context } from "hono";
import { z } from "@hono/zod-openapi";
import { loginRequired, publicAccess, sessionUser } from "../../auth/access";
import { SCOPE_NAMES, scopeList } from "../../auth/scopes";
import { apiRoutes, createRouter, fieldErrors } from "../../lib/api/router";
import { jsonContent } from "../../lib/api/responses";
import { sha256Hex } from "../../lib/crypto";
import { ApiError } from "../../lib/errors";
import { parseForm } from "../../lib/html/forms";
import { clientAddress, countAttempt, type RateLimit } from "../../lib/rate-limit";
import type { AppEnv } from "../../types";
import { authenticateClient, claimedClientId } from "../../oauth/client-auth";
import { createCode, forgetCode, readCode } from "../../oauth/codes";
import { oauthError } from "../../oauth/errors";
import { verifierMatches } from "../../oauth/pkce";
import {
  ACCESS_TOKEN_LIFETIME_S,
  type Application,
  familyOfConsumedCode,
  findClientToken,
  findRefreshToken,
  redeemCode,
  revokeFamily,
  revokeTokenAndRelated,
  rotateRefreshToken,
} from "../../oauth/queries";
import { type AuthorizeRequest, checkAuthorizeRequest, redirectWith, registeredRedirectUris } from "./authorize";
import { AuthorizeErrorPage, ConsentPage } from "./pages";
import { AuthorizeParams, IntrospectionResponse, OAuthErrorResponse, TokenOnlyRequest, TokenRequest, TokenResponse } from "./schemas";

/**
 * Failed requests of the token, revocation and introspection endpoints allowed per claimed client
 * id and client address: a flood from elsewhere never reaches the real client's budget, and a
 * client that proves its secret is never refused (asClient).
 */
export const CLIENT_FAILURES: RateLimit = { name: "oauth-client-failures", limit: 60, windowSeconds: 60 };

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

const form = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { "application/x-www-form-urlencoded": { schema } } } });
const errors = {
  400: jsonContent(OAuthErrorResponse, "RFC 6749 §5.2 error"),
  401: jsonContent(OAuthErrorResponse, "invalid_client"),
  429: jsonContent(OAuthErrorResponse, "Too many failed requests for this client from this address"),
};

// --- authorization endpoint (a browser page) -------------------------------------------------

async function authorize(c: Context<AppEnv>, request: AuthorizeRequest & { allow?: string }, decision: "ask" | "allow" | "deny") {
  const check = await checkAuthorizeRequest(c.var.db, request);
  if (check.kind === "page") return c.html(<AuthorizeErrorPage c={c} error={check.error} description={check.description} />, 400);
  if (check.kind === "redirect") return c.redirect(redirectWith(check.redirectUri, { error: check.error, error_description: check.description, state: check.state }), 302);
  if (decision === "deny") return c.redirect(redirectWith(check.redirectUri, { error: "access_denied", state: check.state }), 302);
  if (decision === "ask" && !check.app.skipAuthorization) {
    // Only the request's own parameters go into the form: a client-supplied `allow` must not
    // turn the Cancel button into consent.
    const { allow: _clientSupplied, ...carried } = request;
    return c.html(<ConsentPage c={c} appName={check.app.name} scopes={check.scopes} request={{ ...carried, redirect_uri: check.redirectUri }} />);
  }
  const code = await createCode(
    c.env.KV,
    { applicationId: check.app.id, userId: sessionUser(c).id, redirectUri: check.redirectUri, scope: check.scopes.join(" "), codeChallenge: check.challenge },
    Date.now(),
  );
  return c.redirect(redirectWith(check.redirectUri, { code, state: check.state }), 302);
}

const authorizeRequest = (raw: Record<string, unknown>): AuthorizeRequest & { allow?: string } => {
  const parsed = AuthorizeParams.safeParse(raw);
  // Oversized or repeated values make the request unusable, as a missing client would.
  return parsed.success ? parsed.data : {};
};

// --- token endpoint ----------------------------------------------------------------------------

function tokenResponse(c: Context<AppEnv>, tokens: { accessToken: string; refreshToken: string }, scope: string) {
  return c.json({ access_token: tokens.accessToken, token_type: "Bearer" as const, expires_in: ACCESS_TOKEN_LIFETIME_S, scope, refresh_token: tokens.refreshToken }, 200, NO_STORE);
}

/** A code used twice: what its first use gave out is revoked, since the code has leaked. */
async function revokeTokensOfReplayedCode(c: Context<AppEnv>, codeHash: string, now: number) {
  const family = await familyOfConsumedCode(c.var.db, codeHash);
  if (family) await revokeFamily(c.var.db, family, now);
}

async function authorizationCodeGrant(c: Context<AppEnv>, app: Application, body: z.output<typeof TokenRequest>) {
  if (!body.code || !body.code_verifier) throw oauthError("invalid_request", "code and code_verifier are required.");
  const now = Date.now();
  const codeHash = await sha256Hex(body.code);
  const grant = await readCode(c.env.KV, codeHash, now);
  if (!grant) {
    // Gone from KV: expired, or already used (then whoever holds it now must not keep the tokens).
    await revokeTokensOfReplayedCode(c, codeHash, now);
    throw oauthError("invalid_grant");
  }
  if (grant.applicationId !== app.id) throw oauthError("invalid_grant");
  // A real ephios host sends no redirect_uri: accept that when the client has only this one.
  if (body.redirect_uri === undefined) {
    const registered = registeredRedirectUris(app);
    if (registered.length !== 1 || registered[0] !== grant.redirectUri) throw oauthError("invalid_request", "Missing redirect URI.");
  } else if (body.redirect_uri !== grant.redirectUri) {
    throw oauthError("invalid_grant", "Mismatching redirect URI.");
  }
  if (!(await verifierMatches(body.code_verifier, grant.codeChallenge))) throw oauthError("invalid_grant", "Code verifier does not match.");
  // The application's allowed scopes may have been narrowed since the consent.
  const allowed = scopeList(app.allowedScopes);
  const scope = scopeList(grant.scope).filter((s) => allowed.includes(s)).join(" ");
  if (!scope) throw oauthError("invalid_scope", "The application may no longer have the granted scope.");

  const tokens = await redeemCode(c.var.db, codeHash, { applicationId: app.id, userId: grant.userId, scope }, now);
  if (!tokens) {
    await revokeTokensOfReplayedCode(c, codeHash, now);
    throw oauthError("invalid_grant");
  }
  c.executionCtx.waitUntil(forgetCode(c.env.KV, codeHash));
  return tokenResponse(c, tokens, scope);
}

async function refreshTokenGrant(c: Context<AppEnv>, app: Application, body: z.output<typeof TokenRequest>) {
  if (!body.refresh_token) throw oauthError("invalid_request", "refresh_token is required.");
  const now = Date.now();
  const old = await findRefreshToken(c.var.db, app.id, await sha256Hex(body.refresh_token));
  if (!old || !old.userActive) throw oauthError("invalid_grant");
  if (old.revoked !== null) {
    // A rotated refresh token came back: it leaked, so the whole family goes.
    await revokeFamily(c.var.db, old.family, now);
    throw oauthError("invalid_grant");
  }
  const granted: string[] = scopeList(old.scope);
  const allowed: string[] = scopeList(app.allowedScopes);
  // Without a scope: what was granted, less what the application may no longer have.
  const requested = body.scope === undefined ? granted.filter((s) => allowed.includes(s)) : body.scope.split(/\s+/).filter(Boolean);
  if (requested.some((s) => !granted.includes(s))) throw oauthError("invalid_scope", "The requested scope exceeds the granted scope.");
  if (requested.some((s) => !allowed.includes(s))) throw oauthError("invalid_scope", "The application may not ask for this scope.");
  const scope = SCOPE_NAMES.filter((s) => requested.includes(s)).join(" ");
  if (!scope) throw oauthError("invalid_scope", "No scope left to grant.");
  const tokens = await rotateRefreshToken(c.var.db, old, { applicationId: app.id, userId: old.userId, scope, family: old.family }, now);
  if (!tokens) {
    await revokeFamily(c.var.db, old.family, now);
    throw oauthError("invalid_grant");
  }
  return tokenResponse(c, tokens, scope);
}

const apiRoute = apiRoutes({ tag: "OAuth2" });

const tokenRoute = apiRoute({
  method: "post",
  path: "/api/oauth/token/",
  access: publicAccess(),
  summary: "OAuth2 token endpoint (authorization_code with PKCE S256, refresh_token)",
  description: "Client authentication by HTTP Basic, by client_id/client_secret in the body, or client_id alone for public clients.",
  request: form(TokenRequest),
  responses: { 200: jsonContent(TokenResponse, "Tokens"), ...errors },
});

const revokeRoute = apiRoute({
  method: "post",
  path: "/api/oauth/revoke_token/",
  access: publicAccess(),
  summary: "RFC 7009 token revocation",
  request: form(TokenOnlyRequest),
  responses: { 200: { description: "Revoked, or nothing to revoke" }, ...errors },
});

const introspectRoute = apiRoute({
  method: "post",
  path: "/api/oauth/introspect/",
  access: publicAccess(),
  summary: "RFC 7662 token introspection (tokens issued to the calling client)",
  request: form(TokenOnlyRequest),
  responses: { 200: jsonContent(IntrospectionResponse, "Token state"), ...errors },
});

const introspectGetRoute = apiRoute({
  method: "get",
  path: "/api/oauth/introspect/",
  access: publicAccess(),
  summary: "RFC 7662 token introspection with the token in the query",
  request: { query: TokenOnlyRequest },
  responses: { 200: jsonContent(IntrospectionResponse, "Token state"), ...errors },
});

const metadataRoute = apiRoute({
  method: "get",
  path: "/.well-known/oauth-authorization-server",
  access: publicAccess(),
  summary: "RFC 8414 authorization server metadata",
  responses: { 200: jsonContent(z.record(z.string(), z.unknown()), "Metadata") },
});

/**
 * Runs a request of a client endpoint as the client it authenticates, under the failure limit of
 * the client it names at its address. A client that proved its secret (ours are 128 random
 * characters) is never refused: every Worker's fetch to another zone comes from one Cloudflare
 * address, so a stranger's Worker shares a guest's and could otherwise lock it out; its failures
 * (bad grants) still count. Any other request is counted before its grant is checked (so parallel
 * guesses cannot outrun the limit) and refused over the limit, a public client's too, since its
 * client_id alone proves nothing; a public client's success is taken back.
 */
async function asClient<R>(
  c: Context<AppEnv>,
  body: { client_id?: string; client_secret?: string },
  options: { requireSecret?: boolean },
  handle: (app: Application) => Promise<R>,
): Promise<R> {
  const authorization = c.req.header("Authorization");
  const client = await authenticateClient(c.var.db, authorization, body, options);
  const countFailure = () => countAttempt(c.var.db, [{ limit: CLIENT_FAILURES, subject: [claimedClientId(authorization, body) ?? "", clientAddress(c)] }], Date.now());
  if (client?.bySecret) {
    try {
      return await handle(client.app);
    } catch (error) {
      await countFailure();
      throw error;
    }
  }
  const attempt = await countFailure();
  if (attempt.refused) {
    throw new ApiError(429, { error: "slow_down", error_description: "Too many failed requests for this client from this address." }, { "Retry-After": String(attempt.refused.retryAfter), ...NO_STORE });
  }
  if (!client) throw oauthError("invalid_client");
  const response = await handle(client.app);
  await attempt.release();
  return response;
}

async function introspect(c: Context<AppEnv>, app: Application, body: z.output<typeof TokenOnlyRequest>) {
  if (!body.token) throw oauthError("invalid_request", "token is required.");
  const token = await findClientToken(c.var.db, app.id, await sha256Hex(body.token));
  const now = Date.now();
  if (!token || token.kind !== "access" || token.revoked || (token.expires !== null && token.expires <= now) || (token.userId !== null && !token.userActive)) {
    return c.json({ active: false }, 200, NO_STORE);
  }
  return c.json(
    { active: true, scope: token.scope, exp: token.expires === null ? null : Math.floor(token.expires / 1000), client_id: app.clientId, username: token.email ?? undefined, token_type: "Bearer" },
    200,
    NO_STORE,
  );
}

/** OAuth endpoints answer malformed requests with RFC 6749's invalid_request. */
export const oauthRoutes = createRouter((error) => {
  throw oauthError("invalid_request", Object.entries(fieldErrors(error)).map(([field, messages]) => `${field}: ${messages.join(" ")}`).join("; "));
});

oauthRoutes
  .openapi(tokenRoute, async (c) => {
    const body = c.req.valid("form");
    return asClient(c, body, {}, async (app) => {
      if (body.grant_type === "authorization_code") return authorizationCodeGrant(c, app, body);
      if (body.grant_type === "refresh_token") return refreshTokenGrant(c, app, body);
      throw oauthError(body.grant_type ? "unsupported_grant_type" : "invalid_request");
    });
  })
  .openapi(revokeRoute, async (c) => {
    const body = c.req.valid("form");
    return asClient(c, body, {}, async (app) => {
      if (!body.token) throw oauthError("invalid_request", "token is required.");
      // RFC 7009: an unknown token (or another client's) is answered with 200 all the same.
      const token = await findClientToken(c.var.db, app.id, await sha256Hex(body.token));
      if (token) await revokeTokenAndRelated(c.var.db, token, Date.now());
      return c.body(null, 200, NO_STORE);
    });
  })
  .openapi(introspectRoute, async (c) => {
    const body = c.req.valid("form");
    return asClient(c, body, { requireSecret: true }, (app) => introspect(c, app, body));
  })
  .openapi(introspectGetRoute, async (c) => {
    const query = c.req.valid("query");
    return asClient(c, query, { requireSecret: true }, (app) => introspect(c, app, query));
  })
  .openapi(metadataRoute, (c) => {
    const issuer = c.var.settings.siteUrl;
    return c.json(
      {
        issuer,
        authorization_endpoint: `${issuer}/api/oauth/authorize/`,
        token_endpoint: `${issuer}/api/oauth/token/`,
        revocation_endpoint: `${issuer}/api/oauth/revoke_token/`,
        introspection_endpoint: `${issuer}/api/oauth/introspect/`,
        scopes_supported: SCOPE_NAMES,
        response_types_supported: ["code"],
        response_modes_supported: ["query"],
        grant_types_supported: ["authorization_code", "refresh_token"],
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
        revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
        introspection_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported: ["S256"],
        service_documentation: `${issuer}/api/schema/swagger-ui/`,
      },
      200,
    );
  });

oauthRoutes.get("/api/oauth/authorize/", loginRequired(), (c) => authorize(c, authorizeRequest(c.req.query()), "ask"));
oauthRoutes.post("/api/oauth/authorize/", loginRequired(), async (c) => {
  const { body } = await parseForm(c, AuthorizeParams);
  const request = authorizeRequest(body);
  return authorize(c, request, typeof body.allow === "string" ? "allow" : "deny");
});
