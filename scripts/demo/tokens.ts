/** The demo logins' API tokens and the OAuth applications: a calendar sync and the federation host's login. */
import { SCOPE_NAMES } from "../../src/auth/scopes";
import { U } from "./people";
import { secretAlnum } from "./rng";
import type { FxApiToken, FxOAuthApplication } from "./types";

type Scope = FxApiToken["scope"][number];

const token = (id: number, user: number, name: string, scope: Scope[]): FxApiToken => ({
  id,
  user,
  // 50 characters in all, so every demo token has the same length
  token: `demo-${name}-${secretAlnum(`token-${name}`, 44 - name.length)}`,
  scope,
  description: "Demo token",
  expires: null,
  revoked: false,
});

export function buildApiTokens(): FxApiToken[] {
  return [
    token(1, U.ADMIN, "admin", [...SCOPE_NAMES]),
    token(2, U.MANAGER, "manager", ["PUBLIC_READ", "ME_READ", "CONFIDENTIAL_READ"]),
    token(3, U.PLANNER, "planner", ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_WRITE"]),
    token(4, U.VOLUNTEER, "volunteer", ["PUBLIC_READ", "ME_READ", "ME_WRITE"]),
  ];
}

/** The application the federation host (federation.ts) logs its users in with. */
export const HOST_APPLICATION = 2;

const application = (id: number, name: string, redirectUri: string): FxOAuthApplication => ({
  id,
  name,
  owner: U.ADMIN,
  client_id: secretAlnum(`app-${id}-client-id`, 40),
  client_secret: secretAlnum(`app-${id}-client-secret`, 60),
  client_type: "confidential",
  authorization_grant_type: "authorization-code",
  redirect_uris: [redirectUri],
  skip_authorization: false,
});

export function buildOAuthApplications(): FxOAuthApplication[] {
  return [
    application(1, "Kalender-Sync", "https://calendar.example.org/oauth/callback"),
    application(HOST_APPLICATION, "Landesverband Beispiel", "https://ephios.landesverband.example/api/federation/oauth-callback/"),
  ];
}
