/**
 * Issue 12, item 10: the application a federation host logs our users in with could ask for every
 * scope, and got all six when it asked for none. Applications now have allowed scopes (a
 * federation host's: ME_READ); the authorization and token endpoints refuse others with
 * invalid_scope, a request without scope gets the allowed ones, and the management pages show and
 * edit them.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { federatedHosts, oauthApplications } from "../../src/db/schema";
import { encodeShareCode } from "../../src/features/federation/share-code";
import { PASSWORDS } from "../helpers/auth-world";
import { loadWorld, testDb } from "../helpers/db";
import { login, postForm, request } from "../helpers/http";
import { fakeNetwork, json } from "../helpers/outbound";
import {
  ALL_SCOPES,
  APPS,
  type TestApp,
  authorizationCode,
  authorizationUrl,
  consentPage,
  exchange,
  issueTokens,
  oauthWorld,
  pkce,
  refresh,
  type Tokens,
} from "../oauth/helpers";

const LIST = "/api/settings/applications/";
const host = APPS.ephiosHost;
const narrowed = APPS.refresher;

let volunteer: string;
let admin: string;

beforeAll(async () => {
  await loadWorld({
    ...oauthWorld(),
    federated_hosts: [{ id: 1, name: "Host", url: "https://host.example.org", access_token: "host-token-0123456789", oauth_application: host.id }],
  });
  volunteer = await login("volunteer@example.org", PASSWORDS.volunteer);
  admin = await login("admin@example.org", PASSWORDS.admin);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function allowedScopes(id: number): Promise<string> {
  const [row] = await testDb().select({ allowed: oauthApplications.allowedScopes }).from(oauthApplications).where(eq(oauthApplications.id, id));
  return row.allowed;
}

/** The update form of an application as staff submit it, with these allowed scopes. */
const updateForm = (a: TestApp, scopes: string[]) => ({ name: a.name, client_type: a.type, redirect_uris: a.redirectUris.join("\n"), allowed_scopes: scopes });

async function expectInvalidScope(response: Response) {
  expect(response.status, await response.clone().text()).toBe(400);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(((await response.json()) as { error: string }).error).toBe("invalid_scope");
}

describe("allowed scopes", () => {
  it("are ME_READ for an application a fixture's federation host uses, and all six for the others", async () => {
    expect(await allowedScopes(host.id)).toBe("ME_READ");
    expect(await allowedScopes(APPS.doorSign.id)).toBe(ALL_SCOPES.join(" "));
  });

  it("are ME_READ for the application created when a host is added at this guest", async () => {
    const sent = fakeNetwork(() => json({ access_token: "issued-by-host", host_name: "New Host" }, 201));
    const code = encodeShareCode({ guest_url: env.SITE_URL, code: "a".repeat(64), host_url: "https://new-host.example.org" });
    const response = await postForm("/settings/federation/hosts/add/", { code }, { cookie: admin });
    expect(response.status, await response.clone().text()).toBe(302);
    expect(sent).toHaveLength(1);
    const [row] = await testDb().select().from(federatedHosts).where(eq(federatedHosts.url, "https://new-host.example.org"));
    expect(await allowedScopes(row.oauthApplicationId)).toBe("ME_READ");
  });
});

describe("authorization endpoint", () => {
  const authorize = async (a: TestApp, scope: string | null) => {
    const { challenge } = await pkce();
    return authorizationUrl(a, { scope, state: "st", code_challenge: challenge, code_challenge_method: "S256" });
  };

  it.each(["ME_READ CONFIDENTIAL_READ", "PUBLIC_READ", ALL_SCOPES.join(" ")])("redirects a federation host asking for %j with error=invalid_scope", async (scope) => {
    const response = await request((await authorize(host, scope)).href, { headers: { Cookie: volunteer } });
    expect(response.status, await response.clone().text()).toBe(302);
    const location = new URL(response.headers.get("Location")!);
    expect(`${location.origin}${location.pathname}`).toBe(host.redirectUris[0]);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
    expect(location.searchParams.get("state")).toBe("st");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("refuses a consent form posted with scopes the application may not have", async () => {
    const url = await authorize(host, "ME_READ CONFIDENTIAL_WRITE");
    const response = await postForm("/api/oauth/authorize/", { ...Object.fromEntries(url.searchParams), allow: "Authorize" }, { cookie: volunteer });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("grants a federation host ME_READ when it asks for ME_READ or for nothing", async () => {
    for (const scope of ["ME_READ", undefined]) {
      const html = await consentPage(volunteer, await authorize(host, scope ?? null));
      expect(html).toContain("ME_READ");
      expect(html).not.toContain("CONFIDENTIAL_READ");
      const tokens = await issueTokens(volunteer, host, scope ? { scope } : {});
      expect(tokens.scope).toBe("ME_READ");
    }
  });
});

describe("token endpoint", () => {
  it("narrows what a client gets when its allowed scopes were narrowed after the consent, and refuses more", async () => {
    const before = await authorizationCode(volunteer, narrowed);
    const granted = await issueTokens(volunteer, narrowed);
    expect(granted.scope).toBe(ALL_SCOPES.join(" "));

    const saved = await postForm(`${LIST}${narrowed.id}/update/`, updateForm(narrowed, ["PUBLIC_READ", "ME_READ"]), { cookie: admin });
    expect(saved.status, await saved.clone().text()).toBe(302);
    expect(await allowedScopes(narrowed.id)).toBe("PUBLIC_READ ME_READ");

    // A code from before: the token gets only what is still allowed.
    const exchanged = await exchange(narrowed, before.code, before.verifier);
    expect(exchanged.status).toBe(200);
    expect(((await exchanged.json()) as Tokens).scope).toBe("PUBLIC_READ ME_READ");

    // A refresh asking for a scope no longer allowed is refused, and spends nothing.
    await expectInvalidScope(await refresh(narrowed, granted.refresh_token, { scope: "ME_READ CONFIDENTIAL_READ" }));
    // Without scope: what was granted, clipped to what is allowed.
    const clipped = await refresh(narrowed, granted.refresh_token);
    expect(clipped.status).toBe(200);
    const next = (await clipped.json()) as Tokens;
    expect(next.scope).toBe("PUBLIC_READ ME_READ");
    const narrower = (await (await refresh(narrowed, next.refresh_token, { scope: "ME_READ" })).json()) as Tokens;
    expect(narrower.scope).toBe("ME_READ");
    // A refresh never widens again.
    await expectInvalidScope(await refresh(narrowed, narrower.refresh_token, { scope: "PUBLIC_READ ME_READ" }));
  });
});

describe("management pages", () => {
  const a = APPS.other;

  it("show the allowed scopes, and the form has a checkbox for each scope", async () => {
    const detail = await (await request(`${LIST}${host.id}/`, { headers: { Cookie: admin } })).text();
    expect(detail).toContain("Allowed scopes");
    expect(detail).toContain("<code>ME_READ</code>");
    expect(detail).not.toContain("<code>PUBLIC_READ</code>");

    const register = await (await request(`${LIST}register/`, { headers: { Cookie: admin } })).text();
    for (const scope of ALL_SCOPES) expect(register).toMatch(new RegExp(`name="allowed_scopes" value="${scope}" checked=""`));

    await postForm(`${LIST}${a.id}/update/`, updateForm(a, ["CONFIDENTIAL_READ", "ME_READ"]), { cookie: admin });
    const form = await (await request(`${LIST}${a.id}/update/`, { headers: { Cookie: admin } })).text();
    for (const scope of ALL_SCOPES) {
      const checked = scope === "ME_READ" || scope === "CONFIDENTIAL_READ";
      expect(form).toMatch(new RegExp(`name="allowed_scopes" value="${scope}"${checked ? ' checked=""' : "(?! checked)"}`));
    }
    // Stored in the settings order, whatever the order submitted.
    expect(await allowedScopes(a.id)).toBe("ME_READ CONFIDENTIAL_READ");
  });

  it("register an application with the chosen scopes", async () => {
    const response = await postForm(`${LIST}register/`, { name: "Reader", client_type: "confidential", redirect_uris: "https://reader.example.org/cb", allowed_scopes: ["PUBLIC_READ"] }, { cookie: admin });
    expect(response.status).toBe(200);
    const [row] = await testDb().select().from(oauthApplications).where(eq(oauthApplications.name, "Reader"));
    expect(row.allowedScopes).toBe("PUBLIC_READ");
  });

  it.each([
    ["no scope", [], "This field is required."],
    ["an unknown scope", ["ME_READ", "EVERYTHING"], "Select a valid choice."],
  ])("refuse %s, and keep the scopes", async (_name, scopes, message) => {
    const before = await allowedScopes(a.id);
    const response = await postForm(`${LIST}${a.id}/update/`, updateForm(a, scopes), { cookie: admin });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect(await allowedScopes(a.id)).toBe(before);
  });
});
