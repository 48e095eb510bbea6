import type { Database } from "../db/client";
import { sha256Hex, timingSafeEqual } from "../lib/crypto";
import { type Application, findApplication } from "./queries";

/** RFC 6749 §2.3.1: the Basic credentials are form-url-encoded before being joined with ":". */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

function basicCredentials(header: string | undefined): { clientId: string; secret: string } | null {
  const match = header?.match(/^\s*basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!match) return null;
  try {
    const decoded = atob(match[1]);
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/** The client id a request names (Basic or body), before any check: for rate limiting. */
export function claimedClientId(authorization: string | undefined, body: { client_id?: string }): string | undefined {
  return basicCredentials(authorization)?.clientId ?? body.client_id;
}

// A fixed hash compared against when the client is unknown, so both cases take the same time.
const UNKNOWN_CLIENT_HASH = "0".repeat(64);

export interface AuthenticatedClient {
  app: Application;
  /** Whether the request proved the client's secret (not a public client's client_id alone). */
  bySecret: boolean;
}

/**
 * Authenticates the client of a token, revocation or introspection request: HTTP Basic
 * (client_secret_basic), or `client_id` and `client_secret` in the body (client_secret_post), or
 * for public clients `client_id` alone (PKCE protects them) unless the endpoint needs a secret.
 * Anything else is null (`invalid_client`).
 */
export async function authenticateClient(
  db: Database,
  authorization: string | undefined,
  body: { client_id?: string; client_secret?: string },
  options: { requireSecret?: boolean } = {},
): Promise<AuthenticatedClient | null> {
  const hasBasic = authorization !== undefined && /^\s*basic\b/i.test(authorization);
  const basic = basicCredentials(authorization);
  if (hasBasic && !basic) return null;
  const clientId = basic?.clientId ?? body.client_id;
  const secret = basic?.secret ?? body.client_secret;
  if (!clientId || clientId.length > 255 || (secret !== undefined && secret.length > 1024)) return null;

  const app = await findApplication(db, clientId);
  if (secret === undefined) return app?.clientType === "public" && !options.requireSecret ? { app, bySecret: false } : null;
  const matches = timingSafeEqual(await sha256Hex(secret), app?.clientSecretHash ?? UNKNOWN_CLIENT_HASH);
  return app && matches ? { app, bySecret: true } : null;
}
