/**
 * A small OAuth2 client for this server (authorization code + PKCE S256), built on oauth4webapi.
 *
 *   CLIENT_ID=… CLIENT_SECRET=… REDIRECT_URI=http://127.0.0.1:8976/callback npx tsx examples/oauth-client.ts
 *
 * It discovers the endpoints (RFC 8414), prints the authorization URL for you to open, receives
 * the redirect on a tiny local HTTP server (or takes the redirect URL pasted into the terminal),
 * exchanges the code for tokens, and prints GET /api/users/me/. See examples/README.md.
 *
 * Environment:
 *   CLIENT_ID      required
 *   CLIENT_SECRET  the confidential client's secret; leave it out for a public client
 *   REDIRECT_URI   default http://127.0.0.1:8976/callback (must be registered exactly)
 *   ISSUER         default http://127.0.0.1:8787 (`npm run dev`)
 *   SCOPE          default "ME_READ PUBLIC_READ"; empty = all scopes
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { createInterface } from "node:readline/promises";
import * as oauth from "oauth4webapi";

function setting(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === "") {
    console.error(`Set ${name} (see examples/README.md).`);
    process.exit(2);
  }
  return value;
}

const issuer = new URL(setting("ISSUER", "http://127.0.0.1:8787"));
const clientId = setting("CLIENT_ID");
const clientSecret = process.env.CLIENT_SECRET || undefined;
const redirectUri = setting("REDIRECT_URI", "http://127.0.0.1:8976/callback");
const scope = process.env.SCOPE ?? "ME_READ PUBLIC_READ";

// Plain http is only acceptable against a local development server.
const localIssuer = ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
const http = { [oauth.allowInsecureRequests]: issuer.protocol === "http:" && localIssuer };

const client: oauth.Client = { client_id: clientId };
// client_secret_basic for confidential clients; a public client sends only its client_id (PKCE protects it).
const clientAuth = clientSecret ? oauth.ClientSecretBasic(clientSecret) : oauth.None();

/** Listens on the redirect URI's port and resolves with the first request to its path. */
function callbackServer(target: URL): { url: Promise<URL>; close: () => void } {
  let server: Server | undefined;
  const url = new Promise<URL>((resolve, reject) => {
    if (target.protocol !== "http:" || !["127.0.0.1", "localhost", "[::1]"].includes(target.hostname)) {
      reject(new Error(`not a local http redirect URI: ${target.href}`));
      return;
    }
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const received = new URL(req.url ?? "/", target);
      if (received.pathname !== target.pathname) {
        res.writeHead(404).end();
        return;
      }
      const failed = received.searchParams.has("error");
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><title>OAuth example</title><p>${failed ? "Authorization failed" : "Done"}: you can close this window and go back to the terminal.</p>`);
      resolve(received);
    });
    server.on("error", reject);
    server.listen(Number(target.port || 80), target.hostname.replace(/^\[|\]$/g, ""));
  });
  return { url, close: () => server?.close() };
}

/** Waits for the pasted redirect URL (useful when the browser runs on another machine). */
function pastedUrl(): { url: Promise<URL>; close: () => void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const url = (async () => {
    for (;;) {
      const line = (await rl.question("…or paste the URL you were redirected to: ")).trim();
      try {
        return new URL(line);
      } catch {
        console.log("That is not a URL.");
      }
    }
  })();
  return { url, close: () => rl.close() };
}

async function main() {
  // 1. Discovery (RFC 8414).
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...http, algorithm: "oauth2" }));
  if (!as.authorization_endpoint) throw new Error("the server announces no authorization endpoint");

  // 2. The authorization URL, with PKCE S256 (this server refuses plain and requests without PKCE).
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const state = oauth.generateRandomState();
  const authorizationUrl = new URL(as.authorization_endpoint);
  authorizationUrl.searchParams.set("response_type", "code");
  authorizationUrl.searchParams.set("client_id", clientId);
  authorizationUrl.searchParams.set("redirect_uri", redirectUri);
  if (scope) authorizationUrl.searchParams.set("scope", scope);
  authorizationUrl.searchParams.set("state", state);
  authorizationUrl.searchParams.set("code_challenge", codeChallenge);
  authorizationUrl.searchParams.set("code_challenge_method", "S256");

  console.log(`\nOpen this URL in a browser, log in and press "Authorize":\n\n  ${authorizationUrl.href}\n`);

  // 3. The redirect back: from the local server or pasted, whichever comes first.
  const server = callbackServer(new URL(redirectUri));
  server.url.catch((error: Error) => console.log(`(No local callback server: ${error.message}.)`));
  const pasted = pastedUrl();
  const callback = await Promise.any([server.url, pasted.url]);
  server.close();
  pasted.close();

  // Checks state and turns ?error=… into an exception.
  const params = oauth.validateAuthResponse(as, client, callback, state);

  // 4. Code → tokens.
  const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, redirectUri, codeVerifier, http);
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
  console.log(`\nGot an access token (scope "${tokens.scope}", expires in ${tokens.expires_in} s)${tokens.refresh_token ? " and a refresh token" : ""}.`);

  // 5. Use it.
  const me = await oauth.protectedResourceRequest(tokens.access_token, "GET", new URL("/api/users/me/", issuer), undefined, undefined, http);
  console.log(`\nGET /api/users/me/ → ${me.status}`);
  console.log(JSON.stringify(await me.json(), null, 2));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof oauth.AuthorizationResponseError) console.error(`Authorization failed: ${error.error}${error.error_description ? ` (${error.error_description})` : ""}`);
    else if (error instanceof oauth.ResponseBodyError) console.error(`Token request failed: ${error.error}${error.error_description ? ` (${error.error_description})` : ""}`);
    else console.error(error);
    process.exit(1);
  },
);
