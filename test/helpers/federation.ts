import { expect, vi } from "vitest";
import { request, withCookiesFrom } from "./http";
import { fakeNetwork, json } from "./outbound";

/** What an ephios guest's token endpoint answers the host's code exchange. */
const GUEST_TOKEN = { access_token: "guest-access-token", token_type: "Bearer", expires_in: 36000, scope: "ME_READ", refresh_token: "r" };

/** An ephios guest as the host's login reaches it: its token endpoint, and /api/users/me/ answering the profile `me`. */
export const ephiosGuest = (me: unknown, token: unknown = GUEST_TOKEN) => (outbound: Request) => {
  const path = new URL(outbound.url).pathname;
  if (path === "/api/oauth/token/") return json(token);
  if (path === "/api/users/me/") return json(me);
  return json({ detail: "Not found." }, 404);
};

/** Visits a shared page (`/events/shared/<event>/<guest>/`) without a federated session: the redirect to the guest, and the browser's cookies. */
export async function startFederatedLogin(path: string) {
  const response = await request(path);
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("Location")!);
  return { location, cookie: withCookiesFrom(response, "") };
}

/**
 * A guest's user `me` logs in on the shared page `path`: the redirect to the guest (played by
 * ephiosGuest), its redirect back, the callback, which sends the browser back to `path`. Returns
 * the browser's cookies, with the federated session.
 */
export async function federatedLogIn(path: string, me: unknown): Promise<string> {
  const { location, cookie } = await startFederatedLogin(path);
  fakeNetwork(ephiosGuest(me));
  const back = await request(`/api/federation/oauth-callback/?code=the-code&state=${location.searchParams.get("state")}`, { headers: { Cookie: cookie } });
  expect(back.status).toBe(302);
  expect(back.headers.get("Location")).toBe(path);
  vi.restoreAllMocks();
  return withCookiesFrom(back, cookie);
}
