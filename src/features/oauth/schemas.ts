import { z } from "@hono/zod-openapi";

const text = (max = 2048) => z.string().max(max).optional();

/** Token request (RFC 6749 §4.1.3, §6), form-encoded. */
export const TokenRequest = z.object({
  grant_type: text(64),
  code: text(),
  redirect_uri: text(),
  code_verifier: text(),
  refresh_token: text(),
  scope: text(),
  client_id: text(255),
  client_secret: text(1024),
});

export const TokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int(),
    scope: z.string(),
    refresh_token: z.string(),
  })
  .openapi("TokenResponse");

export const OAuthErrorResponse = z.object({ error: z.string(), error_description: z.string().optional() }).openapi("OAuthError");

export const TokenOnlyRequest = z.object({
  token: text(),
  token_type_hint: text(64),
  client_id: text(255),
  client_secret: text(1024),
});

export const IntrospectionResponse = z
  .object({
    active: z.boolean(),
    scope: z.string().optional(),
    exp: z.number().int().nullable().optional(),
    client_id: z.string().optional(),
    username: z.string().optional(),
    token_type: z.string().optional(),
  })
  .openapi("Introspection");

/** The authorization request's parameters (query on GET, form on POST). */
export const AuthorizeParams = z.object({
  response_type: text(64),
  client_id: text(255),
  redirect_uri: text(),
  scope: text(),
  state: text(),
  code_challenge: text(256),
  code_challenge_method: text(32),
  allow: text(64),
});
