import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { accessTokens, federatedHosts, oauthApplications, refreshTokens } from "../../src/db/schema";
import { sha256Hex } from "../../src/lib/crypto";
import { emptyDatabase, loadWorld, snapshot, testDb } from "../helpers/db";
import { login, postForm, request, withCookiesFrom } from "../helpers/http";

const LIST = "/api/settings/applications/";
const PASSWORDS = { staff: "staff-password-1", volunteer: "volunteer-password-1", admin: "admin-password-1" };
const CALENDAR_SECRET = "calendar-secret-0123456789";

/** Staff, a plain user and a superuser; apps owned by someone else, by nobody (federation) and by staff. */
function applicationsWorld() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "staff@example.org", display_name: "Stella Staff", password: PASSWORDS.staff, is_staff: true },
      { id: 2, email: "volunteer@example.org", display_name: "Vera Volunteer", password: PASSWORDS.volunteer },
      { id: 3, email: "admin@example.org", display_name: "Ada Admin", password: PASSWORDS.admin, is_superuser: true },
    ],
    api_tokens: [{ id: 1, user: 2, token: "personal-token-0123456789", scope: ["ME_READ"] }],
    oauth_applications: [
      { id: 1, name: "Calendar sync", owner: 2, client_id: "calendar-client", client_secret: CALENDAR_SECRET, client_type: "confidential", redirect_uris: ["https://calendar.example.org/callback"] },
      { id: 2, name: "Host login", owner: null, client_id: "host-client", client_secret: "host-secret", client_type: "confidential", redirect_uris: ["https://host.example.org/api/federation/oauth-callback/"] },
      { id: 3, name: "Door sign", owner: 1, client_id: "door-client", client_secret: "door-secret", client_type: "public", redirect_uris: ["http://localhost:8000/cb"], skip_authorization: true },
    ],
    federated_hosts: [{ id: 1, name: "Host", url: "https://host.example.org", access_token: "host-token", oauth_application: 2 }],
  };
}

let staff: string;
let volunteer: string;
let admin: string;

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(applicationsWorld());
  staff = await login("staff@example.org", PASSWORDS.staff);
  volunteer = await login("volunteer@example.org", PASSWORDS.volunteer);
  admin = await login("admin@example.org", PASSWORDS.admin);
});

const get = (path: string, cookie?: string) => request(path, { headers: cookie ? { Cookie: cookie } : {} });

async function application(id: number) {
  const [row] = await testDb().select().from(oauthApplications).where(eq(oauthApplications.id, id));
  return row ?? null;
}

function secretFrom(html: string, field: "client_id" | "client_secret"): string {
  const match = new RegExp(`id="${field}" type="text" readonly="" value="([^"]+)"`).exec(html);
  expect(match, html).not.toBeNull();
  return match![1];
}

const validForm = { name: "Pretix", client_type: "confidential", redirect_uris: "https://pretix.example.org/oauth/callback", allowed_scopes: "ME_READ" };

const PAGES = [LIST, `${LIST}register/`, `${LIST}1/`, `${LIST}1/update/`, `${LIST}1/delete/`];
const POSTS: [string, Record<string, string>][] = [
  [`${LIST}register/`, validForm],
  [`${LIST}1/update/`, validForm],
  [`${LIST}1/delete/`, {}],
];

describe("access", () => {
  it("sends anonymous visitors to the login page", async () => {
    for (const path of PAGES) {
      const response = await get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location")).toBe(`/accounts/login/?next=${encodeURIComponent(path)}`);
    }
    const before = await snapshot();
    for (const [path, fields] of POSTS) {
      const response = await postForm(path, fields);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location")).toBe(`/accounts/login/?next=${encodeURIComponent(path)}`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses logged-in users who are not staff, on every page and post", async () => {
    for (const path of PAGES) {
      const response = await get(path, volunteer);
      expect(response.status, path).toBe(403);
      expect(response.headers.get("Content-Type")).toContain("text/html");
    }
    const before = await snapshot();
    for (const [path, fields] of POSTS) expect((await postForm(path, fields, { cookie: volunteer })).status, path).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("lets staff and superusers in", async () => {
    for (const cookie of [staff, admin]) for (const path of PAGES) expect((await get(path, cookie)).status, path).toBe(200);
  });

  it("refuses a cross-origin post and changes nothing", async () => {
    const before = await snapshot();
    for (const [path, fields] of POSTS) {
      const response = await postForm(path, fields, { cookie: staff, origin: "https://evil.example.org" });
      expect(response.status, path).toBe(403);
    }
    const withoutOrigin = await postForm(`${LIST}1/delete/`, {}, { cookie: staff, origin: null });
    expect(withoutOrigin.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe("list", () => {
  it("shows all applications with owner, created and actions", async () => {
    const response = await get(LIST, staff);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("App integrations");
    expect(html).toContain("OAuth2 applications");
    expect(html).toContain(`href="${LIST}register/"`);
    expect(html).toContain("New Application");
    for (const heading of ["Name", "User", "Created", "Action"]) expect(html).toContain(`<th>${heading}</th>`);
    // Staff see applications owned by anyone.
    expect(html).toMatch(/<td>Calendar sync<\/td><td>Vera Volunteer<\/td>/);
    expect(html).toMatch(/<td>Host login<\/td><td>-<\/td>/);
    expect(html).toMatch(/<td>Door sign<\/td><td>Stella Staff<\/td>/);
    for (const id of [1, 3]) {
      expect(html).toContain(`href="${LIST}${id}/">View</a>`);
      expect(html).toContain(`href="${LIST}${id}/update/">Edit</a>`);
      expect(html).toContain(`href="${LIST}${id}/delete/">Delete</a>`);
    }
    // The federation host's application: one link to the federation settings instead.
    expect(html).toContain(`<a href="/settings/federation/">Manage federation</a>`);
    expect(html).not.toContain(`href="${LIST}2/`);
    expect(html).not.toContain("No applications defined.");
  });
});

describe("register", () => {
  it("shows the form with the grant type fixed", async () => {
    const html = await (await get(`${LIST}register/`, staff)).text();
    for (const field of ['name="name"', 'name="client_type"', 'name="redirect_uris"', 'name="skip_authorization"']) expect(html).toContain(field);
    expect(html).toContain("authorization-code");
    expect(html).not.toContain('name="authorization_grant_type"');
    expect(html).not.toContain('name="new_client_secret"');
  });

  it("creates the application, shows the secret once and stores only its SHA-256", async () => {
    const response = await postForm(`${LIST}register/`, { ...validForm, redirect_uris: " https://pretix.example.org/oauth/callback\r\n\r\nhttp://localhost:8000/cb  ", skip_authorization: "on" }, { cookie: staff });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("Copy the client secret now; it is stored hashed and cannot be shown again.");
    expect(html).toContain('<script>for (const button of document.querySelectorAll("button[data-copy]"))');
    const clientId = secretFrom(html, "client_id");
    const clientSecret = secretFrom(html, "client_secret");
    expect(clientId).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(clientSecret).toMatch(/^[A-Za-z0-9]{128}$/);

    const [row] = await testDb().select().from(oauthApplications).where(eq(oauthApplications.clientId, clientId));
    expect(row).toMatchObject({
      name: "Pretix",
      ownerId: 1,
      clientType: "confidential",
      authorizationGrantType: "authorization-code",
      redirectUris: "https://pretix.example.org/oauth/callback http://localhost:8000/cb",
      skipAuthorization: true,
      allowedScopes: "ME_READ",
      clientSecretHash: await sha256Hex(clientSecret),
    });
    expect(row.created).toBe(row.updated);
    expect(html).toContain(`href="${LIST}${row.id}/"`);
    expect(JSON.stringify(await snapshot())).not.toContain(clientSecret);

    // The detail page never shows it again.
    const detail = await (await get(`${LIST}${row.id}/`, staff)).text();
    expect(detail).toContain(clientId);
    expect(detail).not.toContain(clientSecret);
    expect(detail).toContain("********");
  });

  it("escapes what users typed", async () => {
    const response = await postForm(`${LIST}register/`, { ...validForm, name: "<script>alert(1)</script>" }, { cookie: staff });
    expect(response.status).toBe(200);
    const list = await (await get(LIST, staff)).text();
    expect(list).not.toContain("<script>alert(1)</script>");
    expect(list).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  const invalid: [string, Record<string, string>, string, string][] = [
    ["a missing name", { client_type: "confidential", redirect_uris: "https://a.example.org/cb" }, "name", "This field is required."],
    ["a blank name", { ...validForm, name: "   " }, "name", "This field is required."],
    ["a name over 255 characters", { ...validForm, name: "x".repeat(256) }, "name", "Ensure this value has at most 255 characters."],
    ["an unknown client type", { ...validForm, client_type: "implicit" }, "client_type", "Select a valid choice."],
    ["no redirect URI", { ...validForm, redirect_uris: " \n " }, "redirect_uris", "This field is required."],
    ["no redirect_uris field", { name: "x", client_type: "public" }, "redirect_uris", "This field is required."],
    ["an ftp:// URI", { ...validForm, redirect_uris: "ftp://files.example.org/cb" }, "redirect_uris", "Unauthorized redirect scheme: ftp"],
    ["a javascript: URI", { ...validForm, redirect_uris: "javascript:alert(1)" }, "redirect_uris", "Unauthorized redirect scheme: javascript"],
    ["a URI with a fragment", { ...validForm, redirect_uris: "https://a.example.org/cb#frag" }, "redirect_uris", "Redirect URIs must not contain fragments: https://a.example.org/cb#frag"],
    ["a relative URI", { ...validForm, redirect_uris: "/oauth/callback" }, "redirect_uris", "Enter a valid absolute URL: /oauth/callback"],
    ["a URI without //", { ...validForm, redirect_uris: "https:a.example.org/cb" }, "redirect_uris", "Enter a valid absolute URL: https:a.example.org/cb"],
    ["one bad URI among good ones", { ...validForm, redirect_uris: "https://a.example.org/cb callback" }, "redirect_uris", "Enter a valid absolute URL: callback"],
    ["more than 20 URIs", { ...validForm, redirect_uris: Array.from({ length: 21 }, (_, i) => `https://a.example.org/${i}`).join(" ") }, "redirect_uris", "Enter at most 20 redirect URIs."],
    ["a URI over 2000 characters", { ...validForm, redirect_uris: `https://a.example.org/${"x".repeat(2000)}` }, "redirect_uris", "Ensure each redirect URI has at most 2000 characters."],
  ];

  it.each(invalid)("refuses %s with 400, the message and the submitted values, writing nothing", async (_name, fields, _field, message) => {
    const before = await snapshot();
    const response = await postForm(`${LIST}register/`, fields, { cookie: staff });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message.replace(/&/g, "&amp;"));
    expect(html).toContain('action="/api/settings/applications/register/"');
    if (fields.name && fields.name.trim() && fields.name.length < 100) expect(html).toContain(`value="${fields.name}"`);
    if (fields.redirect_uris && fields.redirect_uris.length < 200) expect(html).toContain(`>${fields.redirect_uris}</textarea>`);
    expect(html).not.toContain('id="client_secret"');
    expect(await snapshot()).toEqual(before);
  });

  it("keeps the chosen client type and checkbox after an error", async () => {
    const response = await postForm(`${LIST}register/`, { name: "", client_type: "public", redirect_uris: "https://a.example.org/cb", skip_authorization: "on" }, { cookie: staff });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<option value="public" selected="">');
    expect(html).toMatch(/name="skip_authorization" value="on" checked=""/);
  });
});

describe("detail", () => {
  it("shows the application without its secret", async () => {
    const response = await get(`${LIST}1/`, staff);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Calendar sync");
    expect(html).toContain('value="calendar-client"');
    expect(html).toContain("********");
    expect(html).toContain("stored hashed");
    expect(html).not.toContain(CALENDAR_SECRET);
    expect(html).not.toContain(await sha256Hex(CALENDAR_SECRET));
    expect(html).toContain("Confidential");
    expect(html).toContain("Authorization code");
    expect(html).toContain("<code>https://calendar.example.org/callback</code>");
    expect(html).toContain("Vera Volunteer");
    expect(html).toContain(`href="${LIST}"`);
    expect(html).toContain(`href="${LIST}1/update/"`);
    expect(html).toContain(`href="${LIST}1/delete/"`);
  });

  it("points a federation host's application to the federation settings", async () => {
    const html = await (await get(`${LIST}2/`, staff)).text();
    expect(html).toContain("Manage federation");
    expect(html).not.toContain(`href="${LIST}2/update/"`);
    expect(html).not.toContain(`href="${LIST}2/delete/"`);
  });

  it("answers 404 for unknown and malformed ids", async () => {
    for (const path of [`${LIST}999/`, `${LIST}999/update/`, `${LIST}999/delete/`, `${LIST}abc/`, `${LIST}abc/update/`, `${LIST}1x/delete/`]) {
      expect((await get(path, staff)).status, path).toBe(404);
    }
    for (const path of [`${LIST}999/update/`, `${LIST}999/delete/`, `${LIST}abc/delete/`]) {
      expect((await postForm(path, validForm, { cookie: staff })).status, path).toBe(404);
    }
  });
});

describe("update", () => {
  it("shows the form filled in", async () => {
    const html = await (await get(`${LIST}3/update/`, staff)).text();
    expect(html).toContain('value="Door sign"');
    expect(html).toContain('<option value="public" selected="">');
    expect(html).toContain(">http://localhost:8000/cb</textarea>");
    expect(html).toMatch(/name="skip_authorization" value="on" checked=""/);
    expect(html).toContain('name="new_client_secret"');
  });

  it("saves and redirects to the detail page with a message; the secret stays", async () => {
    const before = (await application(1))!;
    const response = await postForm(`${LIST}1/update/`, { name: "Calendar sync 2", client_type: "public", redirect_uris: "https://calendar.example.org/callback\nhttps://calendar.example.org/other", allowed_scopes: ["PUBLIC_READ", "ME_READ"] }, { cookie: staff });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${LIST}1/`);
    const after = (await application(1))!;
    expect(after).toMatchObject({
      name: "Calendar sync 2",
      clientType: "public",
      redirectUris: "https://calendar.example.org/callback https://calendar.example.org/other",
      skipAuthorization: false,
      allowedScopes: "PUBLIC_READ ME_READ",
      clientId: "calendar-client",
      clientSecretHash: before.clientSecretHash,
      ownerId: 2,
      created: before.created,
    });
    expect(after.updated).toBeGreaterThanOrEqual(before.updated);
    const detail = await (await get(`${LIST}1/`, withCookiesFrom(response, staff))).text();
    expect(detail).toContain("The application Calendar sync 2 was saved.");
  });

  it("generates a new client secret on request and shows it once", async () => {
    const before = (await application(1))!;
    const response = await postForm(`${LIST}1/update/`, { name: "Calendar sync", client_type: "confidential", redirect_uris: "https://calendar.example.org/callback", allowed_scopes: "ME_READ", new_client_secret: "on" }, { cookie: staff });
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const html = await response.text();
    const secret = secretFrom(html, "client_secret");
    expect(secret).toHaveLength(128);
    expect(secretFrom(html, "client_id")).toBe("calendar-client");
    const after = (await application(1))!;
    expect(after.clientSecretHash).toBe(await sha256Hex(secret));
    expect(after.clientSecretHash).not.toBe(before.clientSecretHash);
    expect(JSON.stringify(await snapshot())).not.toContain(secret);
    expect(await (await get(`${LIST}1/`, staff)).text()).not.toContain(secret);
  });

  it("re-renders errors with 400 and changes nothing", async () => {
    const before = await snapshot();
    const response = await postForm(`${LIST}1/update/`, { name: "Renamed", client_type: "confidential", redirect_uris: "ftp://x.example.org/", new_client_secret: "on" }, { cookie: staff });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Unauthorized redirect scheme: ftp");
    expect(html).toContain('value="Renamed"');
    expect(html).toContain('action="/api/settings/applications/1/update/"');
    expect(await snapshot()).toEqual(before);
  });

  it("leaves a federation host's application to the federation settings", async () => {
    const before = await snapshot();
    const page = await get(`${LIST}2/update/`, staff);
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`${LIST}2/`);
    const response = await postForm(`${LIST}2/update/`, { ...validForm, new_client_secret: "on" }, { cookie: staff });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${LIST}2/`);
    expect(await snapshot()).toEqual(before);
    const detail = await (await get(`${LIST}2/`, withCookiesFrom(response, staff))).text();
    expect(detail).toContain("Manage it in the federation settings.");
  });
});

describe("delete", () => {
  it("asks first", async () => {
    const response = await get(`${LIST}3/delete/`, staff);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Are you sure to delete the application Door sign?");
    expect(html).toContain(`action="${LIST}3/delete/"`);
    expect(await application(3)).not.toBeNull();
  });

  it("deletes the application and its tokens, and redirects to the list", async () => {
    const db = testDb();
    const now = Date.now();
    const [token] = await db
      .insert(accessTokens)
      .values({ userId: 2, tokenHash: await sha256Hex("door-access-token"), applicationId: 3, scope: "ME_READ", expires: now + 36_000_000, created: now, updated: now })
      .returning({ id: accessTokens.id });
    await db.insert(refreshTokens).values({ userId: 2, tokenHash: await sha256Hex("door-refresh-token"), applicationId: 3, accessTokenId: token.id, tokenFamily: "family-1", created: now, updated: now });
    const otherTokens = (await db.select().from(accessTokens)).filter((t) => t.applicationId !== 3);

    const response = await postForm(`${LIST}3/delete/`, {}, { cookie: staff });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(LIST);
    expect(await application(3)).toBeNull();
    expect(await db.select().from(accessTokens).where(eq(accessTokens.applicationId, 3))).toEqual([]);
    expect(await db.select().from(refreshTokens).where(eq(refreshTokens.applicationId, 3))).toEqual([]);
    expect(await db.select().from(accessTokens)).toEqual(otherTokens);

    const list = await (await get(LIST, withCookiesFrom(response, staff))).text();
    expect(list).toContain("The application Door sign was deleted.");
    expect(list).not.toContain("<td>Door sign</td>");
    expect((await get(`${LIST}3/`, staff)).status).toBe(404);
  });

  it("leaves a federation host's application alone", async () => {
    const response = await postForm(`${LIST}2/delete/`, {}, { cookie: staff });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${LIST}2/`);
    expect(await application(2)).not.toBeNull();
    expect(await testDb().select().from(federatedHosts)).toHaveLength(1);
  });

  it("shows the empty text when nothing is left", async () => {
    await emptyDatabase();
    await loadWorld({ format: "ephios-fixture/1", users: applicationsWorld().users });
    const cookie = await login("staff@example.org", PASSWORDS.staff);
    const html = await (await get(LIST, cookie)).text();
    expect(html).toContain("No applications defined.");
    expect(html).toContain("New Application");
  });
});
