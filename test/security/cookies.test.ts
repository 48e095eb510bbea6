/**
 * Review of issue 12: every cookie the server sets, walked through the flows that set it (login,
 * logout with its flash message, the federated login and its session), on plain-http localhost
 * (development) and over https. Each is HttpOnly, SameSite=Lax, Path=/ and without Domain; over
 * https also Secure and `__Host-`. The reproduction: over https the pending federated login's
 * cookie was `__Host-` with a narrower path, which no browser accepts (and which made the login a 500).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resetWorld } from "../helpers/db";
import { postForm, request, withCookiesFrom } from "../helpers/http";
import { fakeNetwork, json } from "../helpers/outbound";
import { sharedFestivalWorld } from "../helpers/world";

const PASSWORD = "cookie-password-1";

beforeAll(async () => {
  await resetWorld({
    ...sharedFestivalWorld(PASSWORD),
    federated_guests: [{ id: 1, name: "Guest Org", url: "https://guest.example.org", access_token: "guest-setup-token-0123456789", client_id: "guest-client", client_secret: "guest-secret" }],
    event_shares: [{ event: 1, guest: 1 }],
  });
});

afterEach(() => vi.restoreAllMocks());

interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

function setCookies(response: Response): SetCookie[] {
  return response.headers.getSetCookie().map((line) => {
    const [pair, ...rest] = line.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    const attributes = new Map(rest.map((attribute) => [attribute.split("=")[0].toLowerCase(), attribute.slice(attribute.indexOf("=") + 1)] as const));
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
  });
}

/** The cookies of every flow that sets one, as one browser at `origin` collects them. */
async function walkFlows(origin: string) {
  const seen: { step: string; cookie: SetCookie }[] = [];
  const collect = (step: string, response: Response) => {
    for (const cookie of setCookies(response)) seen.push({ step, cookie });
    return response;
  };
  const at = (path: string) => `${origin}${path}`;

  const loggedIn = collect("login", await postForm(at("/accounts/login/"), { email: "admin@example.org", password: PASSWORD }, { origin }));
  expect(loggedIn.status).toBe(302);
  const session = withCookiesFrom(loggedIn, "");
  expect(session).toMatch(/ephios_session=/);
  const loggedOut = collect("logout", await postForm(at("/accounts/logout/"), {}, { origin, cookie: session }));
  expect(loggedOut.status).toBe(302);

  const start = collect("federated login", await request(at("/events/shared/1/1/")));
  expect(start.status).toBe(302);
  const state = new URL(start.headers.get("Location")!).searchParams.get("state");
  fakeNetwork((outbound) => {
    const path = new URL(outbound.url).pathname;
    if (path === "/api/oauth/token/") return json({ access_token: "t", token_type: "Bearer", expires_in: 3600, scope: "ME_READ" });
    if (path === "/api/users/me/") return json({ id: 7, display_name: "Gus", email: "gus@guest.example.org", phone: null, date_of_birth: null, is_staff: false, qualifications: [] });
    return json({ detail: "Not found." }, 404);
  });
  const back = collect("federated callback", await request(at(`/api/federation/oauth-callback/?code=c&state=${state}`), { headers: { Cookie: withCookiesFrom(start, "") } }));
  expect(back.status).toBe(302);
  expect(back.headers.get("Location")).toBe("/events/shared/1/1/");
  const page = await request(at("/events/shared/1/1/"), { headers: { Cookie: withCookiesFrom(back, "") } });
  expect(page.status).toBe(200);
  return seen;
}

const BASES = ["ephios_session", "ephios_flash", "ephios_federation_login", "ephios_federation"];

describe.each([
  { kind: "plain-http localhost", origin: "http://127.0.0.1:8787", secure: false },
  { kind: "https", origin: "https://127.0.0.1:8787", secure: true },
])("cookies on $kind", ({ origin, secure }) => {
  it("are HttpOnly, SameSite=Lax, Path=/, no Domain; Secure and __Host- exactly over https", async () => {
    const seen = await walkFlows(origin);
    const names = new Set(seen.map(({ cookie }) => cookie.name));
    expect([...names].sort()).toEqual(BASES.map((base) => (secure ? `__Host-${base}` : base)).sort());
    for (const { step, cookie } of seen) {
      const label = `${cookie.name} set by ${step}`;
      expect(cookie.attributes.has("httponly"), label).toBe(true);
      expect(cookie.attributes.get("samesite"), label).toMatch(/^(Lax|Strict)$/);
      expect(cookie.attributes.get("path"), label).toBe("/");
      expect(cookie.attributes.has("domain"), label).toBe(false);
      expect(cookie.attributes.has("secure"), label).toBe(secure);
      expect(Number(cookie.attributes.get("max-age")), label).toBeGreaterThanOrEqual(0);
    }
  });

  it("clears the session on logout and the pending login once used", async () => {
    const seen = await walkFlows(origin);
    const cleared = (step: string) => seen.filter((s) => s.step === step && s.cookie.attributes.get("max-age") === "0").map((s) => s.cookie.name.replace(/^__Host-/, ""));
    expect(cleared("logout")).toEqual(["ephios_session"]);
    expect(cleared("federated callback")).toEqual(["ephios_federation_login"]);
  });
});
