import { SCOPE_NAMES, type Scope, scopeList } from "../../auth/scopes";
import type { Database } from "../../db/client";
import { S256_CHALLENGE } from "../../oauth/pkce";
import { type Application, findApplication } from "../../oauth/queries";

export interface AuthorizeRequest {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  scope?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

export type AuthorizeCheck =
  /** Client or redirect URI cannot be trusted: show an error page, never redirect. */
  | { kind: "page"; error: string; description: string }
  /** Everything else goes back to the client's redirect URI. */
  | { kind: "redirect"; redirectUri: string; error: string; description: string; state?: string }
  | { kind: "ok"; app: Application; redirectUri: string; scopes: Scope[]; challenge: string; state?: string };

export const registeredRedirectUris = (app: Application) => app.redirectUris.split(/\s+/).filter(Boolean);

/**
 * Validates an authorization request in RFC 6749 §4.1.2.1's order: the client and the exact
 * redirect URI first (errors there are shown, not redirected), then the rest, whose errors are
 * sent to the client. PKCE with S256 is required for every client; `plain` is refused.
 */
export async function checkAuthorizeRequest(db: Database, request: AuthorizeRequest): Promise<AuthorizeCheck> {
  const app = request.client_id ? await findApplication(db, request.client_id) : null;
  if (!app) return { kind: "page", error: "invalid_request", description: "Invalid client_id parameter value." };
  const registered = registeredRedirectUris(app);
  const redirectUri = request.redirect_uri ?? (registered.length === 1 ? registered[0] : undefined);
  if (!redirectUri || !registered.includes(redirectUri)) return { kind: "page", error: "invalid_request", description: "Mismatching redirect URI." };

  const fail = (error: string, description: string): AuthorizeCheck => ({ kind: "redirect", redirectUri, error, description, state: request.state });
  if (request.response_type !== "code") return fail("unsupported_response_type", "Only the authorization code flow (response_type=code) is supported.");
  if (!request.code_challenge) return fail("invalid_request", "Code challenge required.");
  if (request.code_challenge_method !== "S256") return fail("invalid_request", "Transform algorithm not supported: use code_challenge_method=S256.");
  if (!S256_CHALLENGE.test(request.code_challenge)) return fail("invalid_request", "Invalid code challenge.");
  const requested = (request.scope ?? "").split(/\s+/).filter(Boolean);
  if (requested.some((scope) => !(SCOPE_NAMES as string[]).includes(scope))) return fail("invalid_scope", "Unknown scope requested.");
  const allowed = scopeList(app.allowedScopes);
  if (requested.some((scope) => !(allowed as string[]).includes(scope))) return fail("invalid_scope", "The application may not ask for this scope.");
  // ephios's DEFAULT_SCOPES is "__all__": asking for none grants all the application may have.
  const scopes = requested.length ? scopeList(request.scope) : allowed;
  return { kind: "ok", app, redirectUri, scopes, challenge: request.code_challenge, state: request.state };
}

/** The client's redirect URI with the answer added to its query. */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}
