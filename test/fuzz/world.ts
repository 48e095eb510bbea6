/**
 * The data the fuzzer runs against: the demo fixture (76 events, 116 shifts, 374 participations,
 * 20 users, building blocks, OAuth applications, a federated guest) plus personal tokens with every
 * combination of scopes for three kinds of user, dead tokens, extra OAuth clients, two browser
 * sessions and OAuth tokens issued through the real authorization-code flow.
 */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import demo from "../../fixtures/demo.json";
import { sha256Hex } from "../../src/lib/crypto";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { ORIGIN, login, postForm, request } from "../helpers/http";
import { type TestApp, authorizationCode, basic, exchange, type Tokens } from "../oauth/helpers";

export const SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];

/** Users of the demo fixture the extra tokens belong to: a superuser, a manager with view_userprofile, a volunteer. */
const TOKEN_OWNERS = { admin: 1, manager: 2, volunteer: 4 } as const;
/** An inactive demo user. */
const INACTIVE_USER = 14;

const scopeSets = () => Array.from({ length: 1 << SCOPES.length }, (_, mask) => SCOPES.filter((_, bit) => mask & (1 << bit)));

export const scopedToken = (owner: keyof typeof TOKEN_OWNERS, mask: number) => `fuzz-${owner}-${mask.toString(2).padStart(SCOPES.length, "0")}-token`;
export const DEAD_TOKENS = { expired: "fuzz-expired-token-0123456789", revoked: "fuzz-revoked-token-0123456789", inactive: "fuzz-inactive-user-token-0123456789" };

/** Extra OAuth clients (the demo has two confidential ones): more clients, more room under the token rate limit. */
const EXTRA_APPS: TestApp[] = [
  { id: 101, name: "Fuzz Confidential", clientId: "fuzz-confidential-client", secret: "fuzz-confidential-secret-0123456789", type: "confidential", redirectUris: ["https://fuzz.example.org/callback"] },
  { id: 102, name: "Fuzz Public", clientId: "fuzz-public-client", secret: "fuzz-public-secret-never-used-0123", type: "public", redirectUris: ["http://127.0.0.1:9999/callback"] },
  { id: 103, name: "Fuzz Two Redirects", clientId: "fuzz-two-redirects", secret: "fuzz-two-redirects-secret-0123456789", type: "confidential", redirectUris: ["https://a.example.org/cb", "https://b.example.org/cb"] },
];

export const APPS: TestApp[] = [
  ...demo.oauth_applications.map((a) => ({ id: a.id, name: a.name, clientId: a.client_id, secret: a.client_secret, type: a.client_type as TestApp["type"], redirectUris: a.redirect_uris })),
  ...EXTRA_APPS,
];

export function fuzzWorld() {
  let id = 100;
  const tokens = Object.entries(TOKEN_OWNERS).flatMap(([owner, user]) =>
    scopeSets().map((scope, mask) => ({ id: id++, user, token: scopedToken(owner as keyof typeof TOKEN_OWNERS, mask), scope, description: `fuzz ${owner} ${mask}` })),
  );
  return {
    ...demo,
    oauth_applications: [
      ...demo.oauth_applications,
      ...EXTRA_APPS.map((a) => ({ id: a.id, name: a.name, owner: 1, client_id: a.clientId, client_secret: a.secret, client_type: a.type, redirect_uris: a.redirectUris })),
    ],
    api_tokens: [
      ...demo.api_tokens,
      ...tokens,
      { id: id++, user: TOKEN_OWNERS.volunteer, token: DEAD_TOKENS.expired, scope: SCOPES, expires: "2020-01-01T00:00:00Z" },
      { id: id++, user: TOKEN_OWNERS.volunteer, token: DEAD_TOKENS.revoked, scope: SCOPES, revoked: true },
      { id: id++, user: INACTIVE_USER, token: DEAD_TOKENS.inactive, scope: SCOPES },
    ],
  };
}

export interface Setup {
  /** Session cookies (`name=value`) of the admin and the volunteer. */
  sessions: string[];
  /** Live OAuth tokens (never handed to a write that could succeed). */
  live: Tokens;
  /** OAuth tokens issued and then revoked, and the authorization code they came from (consumed). */
  dead: Tokens & { code: string };
  /** A bookmark the Worker handed out. */
  bookmark: string;
  /** Every credential in the world, for the "no secret in a body" check (with their SHA-256 hashes). */
  secrets: string[];
}

const DEMO_PASSWORDS = { admin: "admin-demo-password", volunteer: "volunteer-demo-password" };

export async function setUpWorld(): Promise<Setup> {
  await emptyDatabase();
  await loadWorld(fuzzWorld());
  const admin = await login("admin@example.org", DEMO_PASSWORDS.admin);
  const volunteer = await login("volunteer@example.org", DEMO_PASSWORDS.volunteer);

  const app = APPS[0];
  const first = await authorizationCode(volunteer, app);
  const liveResponse = await exchange(app, first.code, first.verifier);
  expect(liveResponse.status).toBe(200);
  const live = (await liveResponse.json()) as Tokens;

  const second = await authorizationCode(volunteer, app);
  const deadResponse = await exchange(app, second.code, second.verifier);
  expect(deadResponse.status).toBe(200);
  const dead = (await deadResponse.json()) as Tokens;
  const revoked = await postForm("/api/oauth/revoke_token/", { token: dead.access_token }, { origin: null, headers: { Authorization: basic(app.clientId, app.secret) } });
  expect(revoked.status).toBe(200);

  const health = await request("/api/health/");
  const bookmark = health.headers.get("x-d1-bookmark") ?? "";

  const plain = [
    env.SECRET_KEY,
    "test-secret-key-not-for-production",
    ...Object.values(DEMO_PASSWORDS),
    "manager-demo-password",
    "planner-demo-password",
    ...APPS.map((a) => a.secret),
    ...demo.federated_guests.flatMap((g) => [g.access_token, g.client_secret]),
    ...demo.federated_hosts.map((h) => h.access_token),
    ...demo.api_tokens.map((t) => t.token),
  ];
  const hashes = await Promise.all([...plain, live.access_token, live.refresh_token, dead.access_token, dead.refresh_token].map((s) => sha256Hex(s)));
  return { sessions: [admin, volunteer], live, dead: { ...dead, code: second.code }, bookmark, secrets: [...new Set([...plain, ...hashes])].filter((s) => s.length >= 12) };
}

export { ORIGIN };
