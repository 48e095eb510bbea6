import { ApiError } from "../lib/errors";

/** RFC 6749 §5.2 error codes (and RFC 7009's unsupported_token_type). */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "unsupported_token_type";

/** An error of the token, revocation or introspection endpoint, as RFC 6749 §5.2 writes it. */
export function oauthError(error: OAuthErrorCode, description?: string): ApiError {
  const body = description ? { error, error_description: description } : { error };
  if (error === "invalid_client") {
    return new ApiError(401, body, { "WWW-Authenticate": 'Basic realm="oauth"', "Cache-Control": "no-store" });
  }
  return new ApiError(400, body, { "Cache-Control": "no-store" });
}
