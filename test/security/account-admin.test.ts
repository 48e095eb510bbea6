/**
 * Issue 12, item 3: account administration could lock out administrators. A manager without staff
 * revoked the superuser's password and tokens at `/users/1/password_revoke/`, reached invisible
 * users by id there (their names shown), and deactivated the superuser with
 * `PATCH /api/users/1/ {"is_active": false}`. Afterwards the pages follow the write API's rules,
 * only staff act on staff and only superusers on superusers, the last superuser who can log in is
 * never deactivated or locked out (decided in the writing batch), and one-time set-password links
 * are the way back in (src/features/account-admin).
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { removeExpiredData } from "../../src/db/cleanup";
import { accessTokens, passwordSetLinks, users } from "../../src/db/schema";
import { sha256Hex } from "../../src/lib/crypto";
import { usePasswordLink } from "../../src/features/account-admin/queries";
import { hashPassword, verifyPassword } from "../../src/lib/password";
import { expectError } from "../helpers/api";
import { resetWorld, snapshot, testDb } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, login, postForm, request, sendJson } from "../helpers/http";

const ADMIN = 1; // superuser and staff
const SUPER = 2; // superuser, not staff
const STAFF = 3; // staff, in Verwaltung
const STAFF2 = 4; // staff, no group
const MANAGER = 5; // Verwaltung: every userprofile permission and change_group, not staff
const VOLUNTEER = 6;
const INVISIBLE = 7;
const NEWBIE = 8; // created without a password
const VIEWER = 9; // view_userprofile only
const TOKEN_SUPER = 10; // superuser without a password: works through a token only

const PASSWORD = { admin: "admin-password-1", super: "super-password-1", staff: "staff-password-1", manager: "manager-password-1", volunteer: "volunteer-password-1" };
const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const TOKEN = {
  admin: "admin-all-scopes-0123456789",
  super: "super-all-scopes-0123456789",
  staff: "staff-all-scopes-0123456789",
  manager: "manager-all-scopes-0123456789",
  managerNoWrite: "manager-no-confidential-write-0123456789",
  managerWriteOnly: "manager-confidential-write-only-0123456789",
  volunteer: "volunteer-all-scopes-0123456789",
  viewer: "viewer-all-scopes-0123456789",
  tokenSuper: "token-super-all-scopes-0123456789",
};

function world() {
  const user = (id: number, email: string, display_name: string, password: string | null, extra: Record<string, unknown> = {}) => ({ id, email, display_name, password, ...extra });
  return {
    format: "ephios-fixture/1",
    users: [
      user(ADMIN, "admin@example.org", "Ada Admin", PASSWORD.admin, { is_staff: true, is_superuser: true }),
      user(SUPER, "super@example.org", "Sam Super", PASSWORD.super, { is_superuser: true }),
      user(STAFF, "staff@example.org", "Stefan Staff", PASSWORD.staff, { is_staff: true }),
      user(STAFF2, "staff2@example.org", "Stella Staff", null, { is_staff: true }),
      user(MANAGER, "manager@example.org", "Manni Manager", PASSWORD.manager),
      user(VOLUNTEER, "volunteer@example.org", "Vera Volunteer", PASSWORD.volunteer),
      user(INVISIBLE, "invisible@example.org", "Iris Invisible", null, { is_visible: false }),
      user(NEWBIE, "newbie@example.org", "Nora Neu", null),
      user(VIEWER, "viewer@example.org", "Viktor Viewer", null, { permissions: ["view_userprofile"] }),
      user(TOKEN_SUPER, "token@example.org", "Theo Token", null, { is_superuser: true }),
    ],
    groups: [
      { id: 1, name: "Verwaltung", members: [STAFF, MANAGER], permissions: ["view_userprofile", "add_userprofile", "change_userprofile", "delete_userprofile", "change_group"] },
      { id: 2, name: "Helfende", members: [STAFF2, VOLUNTEER], permissions: [] },
    ],
    api_tokens: [
      { id: 1, user: ADMIN, token: TOKEN.admin, scope: ALL_SCOPES },
      { id: 2, user: SUPER, token: TOKEN.super, scope: ALL_SCOPES },
      { id: 3, user: STAFF, token: TOKEN.staff, scope: ALL_SCOPES },
      { id: 4, user: MANAGER, token: TOKEN.manager, scope: ALL_SCOPES },
      { id: 5, user: MANAGER, token: TOKEN.managerNoWrite, scope: ALL_SCOPES.filter((s) => s !== "CONFIDENTIAL_WRITE") },
      { id: 6, user: MANAGER, token: TOKEN.managerWriteOnly, scope: ["CONFIDENTIAL_WRITE"] },
      { id: 7, user: VOLUNTEER, token: TOKEN.volunteer, scope: ALL_SCOPES },
      { id: 8, user: VIEWER, token: TOKEN.viewer, scope: ALL_SCOPES },
      { id: 9, user: TOKEN_SUPER, token: TOKEN.tokenSuper, scope: ALL_SCOPES },
    ],
  };
}

beforeEach(() => resetWorld(world()));

const patchUser = (id: number, body: unknown, token: string) => sendJson("PATCH", `/api/users/${id}/`, token, body);
const deleteUser = (id: number, token: string) => sendJson("DELETE", `/api/users/${id}/`, token);
const createLink = (id: number | string, token: string | null, headers?: Record<string, string>) => sendJson("POST", `/api/users/${id}/password-link/`, token, undefined, headers);

const page = (path: string, cookie?: string) => request(path, { headers: cookie ? { Cookie: cookie } : {} });
const revoke = (id: number | string, cookie: string) => postForm(`/users/${id}/password_revoke/`, {}, { cookie });

async function stored(id: number) {
  const [user] = await testDb().select().from(users).where(eq(users.id, id));
  return user;
}

/** Sends a request that must be refused with `status`, and checks that no row changed. */
async function expectRefused(send: () => Promise<Response>, status: number, body?: unknown): Promise<Response> {
  const before = await snapshot();
  const response = await send();
  if (body === undefined) expect(response.status).toBe(status);
  else await expectError(response, status, body);
  expect(await snapshot()).toEqual(before);
  return response;
}

/** The link of a 201 from the API, as its path on this site. */
async function linkPath(response: Response): Promise<string> {
  expect(response.status).toBe(201);
  const { url } = (await response.json()) as { url: string };
  expect(url.startsWith(`${env.SITE_URL}/accounts/set-password/`)).toBe(true);
  return new URL(url).pathname;
}

const setPassword = (path: string, password: string) => postForm(path, { new_password1: password, new_password2: password });

describe("reproductions", () => {
  it("a manager without staff cannot revoke the superuser's password and tokens", async () => {
    const manager = await login("manager@example.org", PASSWORD.manager);
    await expectRefused(() => page(`/users/${ADMIN}/password_revoke/`, manager), 403);
    await expectRefused(() => revoke(ADMIN, manager), 403);
    expect((await sendJson("GET", "/api/users/me/", TOKEN.admin)).status).toBe(200);
    await login("admin@example.org", PASSWORD.admin);
  });

  it("a manager cannot reach invisible users by id, and their names are not shown", async () => {
    const manager = await login("manager@example.org", PASSWORD.manager);
    const shown = await expectRefused(() => page(`/users/${INVISIBLE}/password_revoke/`, manager), 404);
    expect(await shown.text()).not.toContain("Iris");
    const posted = await expectRefused(() => revoke(INVISIBLE, manager), 404);
    expect(await posted.text()).not.toContain("Iris");
  });

  it("a manager cannot deactivate the superuser through the API", async () => {
    await expectRefused(() => patchUser(ADMIN, { is_active: false }, TOKEN.manager), 403, PERMISSION_DENIED);
    await expectRefused(() => deleteUser(ADMIN, TOKEN.manager), 403, PERMISSION_DENIED);
    expect((await sendJson("GET", "/api/users/me/", TOKEN.admin)).status).toBe(200);
  });

  it("the revoke page no longer promises a password reset that does not exist", async () => {
    const admin = await login("admin@example.org", PASSWORD.admin);
    const text = await (await page(`/users/${VOLUNTEER}/password_revoke/`, admin)).text();
    expect(text).not.toContain("password reset");
    expect(text).toContain("set-password link");
  });
});

describe("only staff act on staff users, only superusers on superusers", () => {
  it("refuses a manager without staff every account action on staff users", async () => {
    const manager = await login("manager@example.org", PASSWORD.manager);
    for (const body of [{ is_active: false }, { email: "new@example.org" }, { groups: [1, 2] }, { groups: [] }]) {
      await expectRefused(() => patchUser(STAFF, body, TOKEN.manager), 403, PERMISSION_DENIED);
    }
    await expectRefused(() => deleteUser(STAFF, TOKEN.manager), 403, PERMISSION_DENIED);
    await expectRefused(() => page(`/users/${STAFF}/password_revoke/`, manager), 403);
    await expectRefused(() => revoke(STAFF, manager), 403);
    await expectRefused(() => createLink(STAFF, TOKEN.manager), 403, PERMISSION_DENIED);
    await expectRefused(() => postForm(`/users/${STAFF}/password_link/`, {}, { cookie: manager }), 403);
  });

  it("lets a manager change what does not decide access, and send back what stays", async () => {
    const response = await patchUser(STAFF, { display_name: "Stefan S.", phone: "0170", qualification_grants: [], is_active: true, email: "staff@example.org", groups: [1] }, TOKEN.manager);
    expect(response.status).toBe(200);
    expect(await stored(STAFF)).toMatchObject({ displayName: "Stefan S.", phone: "0170", isActive: true });
  });

  it("refuses staff without superuser every account action on superusers", async () => {
    const staff = await login("staff@example.org", PASSWORD.staff);
    await expectRefused(() => patchUser(SUPER, { is_active: false }, TOKEN.staff), 403, PERMISSION_DENIED);
    await expectRefused(() => patchUser(ADMIN, { email: "x@example.org" }, TOKEN.staff), 403, PERMISSION_DENIED);
    await expectRefused(() => deleteUser(SUPER, TOKEN.staff), 403, PERMISSION_DENIED);
    await expectRefused(() => revoke(SUPER, staff), 403);
    await expectRefused(() => createLink(ADMIN, TOKEN.staff), 403, PERMISSION_DENIED);
  });

  it("lets staff act on staff, and superusers on everyone", async () => {
    expect((await patchUser(STAFF2, { email: "stella@example.org", groups: [] }, TOKEN.staff)).status).toBe(200);
    expect((await deleteUser(STAFF2, TOKEN.staff)).status).toBe(204);
    expect((await createLink(STAFF2, TOKEN.staff)).status).toBe(201);
    expect((await patchUser(STAFF, { is_active: false }, TOKEN.super)).status).toBe(200);
    const admin = await login("admin@example.org", PASSWORD.admin);
    expect((await revoke(SUPER, admin)).status).toBe(302);
    expect((await stored(SUPER)).passwordHash).toBeNull();
  });

  it("lets a manager act on users without staff", async () => {
    expect((await patchUser(VOLUNTEER, { is_active: false, email: "vera@example.org" }, TOKEN.manager)).status).toBe(200);
    expect((await deleteUser(VOLUNTEER, TOKEN.manager)).status).toBe(204);
    const manager = await login("manager@example.org", PASSWORD.manager);
    const shown = await page(`/users/${VOLUNTEER}/password_revoke/`, manager);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("Vera Volunteer");
    expect((await revoke(VOLUNTEER, manager)).status).toBe(302);
    expect((await stored(VOLUNTEER)).passwordHash).toBeNull();
  });
});

describe("the last superuser who can log in", () => {
  const LAST = { detail: "The last active superuser with a password cannot be deactivated or locked out." };
  const withoutPassword = (id: number) => testDb().update(users).set({ passwordHash: null }).where(eq(users.id, id));

  it("cannot be deactivated, even by another superuser", async () => {
    await withoutPassword(SUPER);
    await expectRefused(() => patchUser(ADMIN, { is_active: false }, TOKEN.super), 400, { is_active: [LAST.detail] });
    await expectRefused(() => deleteUser(ADMIN, TOKEN.super), 400, LAST);
    // A superuser who cannot log in is not the way back in: deactivating them is fine.
    expect((await deleteUser(SUPER, TOKEN.admin)).status).toBe(204);
  });

  it("cannot revoke their own password: that would lock them out by one click", async () => {
    const admin = await login("admin@example.org", PASSWORD.admin);
    const refused = await expectRefused(() => revoke(ADMIN, admin), 400);
    expect(await refused.text()).toContain("You cannot revoke your own password");
    expect(await (await page(`/users/${ADMIN}/password_revoke/`, admin)).text()).not.toContain("/password_revoke/\"");
    expect((await page("/api/", admin)).status).toBe(200);
  });

  it("holds when the last two are deactivated at the same time", async () => {
    // The caller cannot log in with a password, so it does not count, and no write of the batch
    // can end its own authentication: only the guard in the writing batch decides.
    for (const [method, body, done] of [["DELETE", undefined, 204], ["PATCH", { is_active: false }, 200]] as const) {
      await resetWorld(world());
      const answers = await Promise.all([ADMIN, SUPER].map((id) => sendJson(method, `/api/users/${id}/`, TOKEN.tokenSuper, body)));
      expect(answers.map((r) => r.status).sort()).toEqual([done, 400].sort());
      expect([await stored(ADMIN), await stored(SUPER)].filter((u) => u.isActive)).toHaveLength(1);
    }
  });

  it("cannot lose their password, also when the last two revoke each other's at the same time", async () => {
    const [admin, superuser] = await Promise.all([login("admin@example.org", PASSWORD.admin), login("super@example.org", PASSWORD.super)]);
    const answers = await Promise.all([revoke(SUPER, admin), revoke(ADMIN, superuser)]);
    // One revocation succeeds. The other is refused by the guard in its batch, or, when the first
    // committed before the other's session was read, never gets that far: that session died with
    // its password and the page sends the caller to log in.
    const revoked = answers.filter((r) => r.status === 302 && r.headers.get("Location")?.endsWith("/password_revoke/"));
    expect(revoked).toHaveLength(1);
    const other = answers.find((r) => !revoked.includes(r))!;
    if (other.status === 400) expect(await other.text()).toContain(LAST.detail);
    else expect([other.status, other.headers.get("Location")?.split("?")[0]]).toEqual([302, "/accounts/login/"]);
    expect([await stored(ADMIN), await stored(SUPER)].filter((u) => u.passwordHash !== null)).toHaveLength(1);
  });
});

describe("set-password links", () => {
  it("are created through the API, shown once, stored as a hash, valid 48 hours", async () => {
    const before = Date.now();
    const response = await createLink(NEWBIE, TOKEN.manager);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.clone().json()) as { url: string; expires: string };
    expect(Object.keys(body).sort()).toEqual(["expires", "url"]);
    const path = await linkPath(response);
    const token = path.split("/")[3];
    expect(token).toMatch(/^[A-Za-z0-9]{43}$/);
    const expires = Date.parse(body.expires);
    expect(expires).toBeGreaterThanOrEqual(before + 48 * 3_600_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 48 * 3_600_000);

    const rows = await testDb().select().from(passwordSetLinks);
    expect(rows).toEqual([
      {
        id: expect.any(Number),
        userId: NEWBIE,
        tokenHash: await sha256Hex(token),
        createdById: MANAGER,
        createdAt: expect.any(Number),
        expires: expect.any(Number),
        usedAt: null,
      },
    ]);
    expect(JSON.stringify(await snapshot())).not.toContain(token);
  });

  it("let a user created through the API set a password once and log in", async () => {
    const created = await sendJson("POST", "/api/users/", TOKEN.manager, { email: "fresh@example.org", display_name: "Fritz Frisch" });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const path = await linkPath(await createLink(id, TOKEN.manager));

    const form = await page(path);
    expect(form.status).toBe(200);
    expect(form.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(form.headers.get("Cache-Control")).toBe("no-store");
    expect(await form.text()).toContain("fresh@example.org");

    const done = await setPassword(path, "a-fresh-password");
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/accounts/login/");
    await login("fresh@example.org", "a-fresh-password");

    await expectRefused(() => setPassword(path, "another-password"), 404);
    expect((await page(path)).status).toBe(404);
  });

  it("are created on the user's admin page and shown there once", async () => {
    const manager = await login("manager@example.org", PASSWORD.manager);
    const adminPage = await (await page(`/users/${NEWBIE}/password_revoke/`, manager)).text();
    expect(adminPage).toContain(`action="/users/${NEWBIE}/password_link/"`);
    const shown = await postForm(`/users/${NEWBIE}/password_link/`, {}, { cookie: manager });
    expect(shown.status).toBe(200);
    expect(shown.headers.get("Cache-Control")).toBe("no-store");
    const url = (await shown.text()).match(/http:\/\/[^"<\s]+\/accounts\/set-password\/[A-Za-z0-9]+\//)?.[0];
    expect(url).toBeDefined();
    expect((await setPassword(new URL(url!).pathname, "newbie-password")).status).toBe(302);
    await login("newbie@example.org", "newbie-password");
  });

  it("end the user's sessions and revoke their tokens when used", async () => {
    const session = await login("volunteer@example.org", PASSWORD.volunteer);
    const path = await linkPath(await createLink(VOLUNTEER, TOKEN.admin));
    expect((await page("/api/", session)).status).toBe(200);
    expect((await setPassword(path, "vera-new-password")).status).toBe(302);
    expect((await page("/api/", session)).status).toBe(403);
    await expectError(await sendJson("GET", "/api/users/me/", TOKEN.volunteer), 403, NOT_AUTHENTICATED);
    expect(await verifyPassword("vera-new-password", (await stored(VOLUNTEER)).passwordHash!)).toBe(true);
    expect((await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORD.volunteer })).status).toBe(200);
    await login("volunteer@example.org", "vera-new-password");
  });

  it("are used once, also when sent in parallel", async () => {
    const path = await linkPath(await createLink(NEWBIE, TOKEN.manager));
    const passwords = Array.from({ length: 8 }, (_, i) => `parallel-password-${i}`);
    const answers = await Promise.all(passwords.map((password) => setPassword(path, password)));
    expect(answers.filter((r) => r.status === 302)).toHaveLength(1);
    expect(answers.filter((r) => r.status === 404)).toHaveLength(passwords.length - 1);
    // The password set is the accepted request's, and no refused one overwrote it.
    const winner = passwords[answers.findIndex((r) => r.status === 302)];
    expect(await verifyPassword(winner, (await stored(NEWBIE)).passwordHash!)).toBe(true);
  });

  it("are used once even by requests that all passed the page's check (decided in the writing batch)", async () => {
    const path = await linkPath(await createLink(VOLUNTEER, TOKEN.manager));
    const link = { userId: VOLUNTEER, tokenHash: await sha256Hex(path.split("/")[3]) };
    expect(await usePasswordLink(testDb(), link, await hashPassword("first-password"), Date.now())).toBe(true);
    // A token the user has since (their old one, as if created anew) must survive the late second use.
    await testDb().update(accessTokens).set({ revoked: false, expires: null }).where(eq(accessTokens.userId, VOLUNTEER));
    const before = await snapshot();
    expect(await usePasswordLink(testDb(), link, await hashPassword("second-password"), Date.now())).toBe(false);
    expect(await snapshot()).toEqual(before);
    expect(await verifyPassword("first-password", (await stored(VOLUNTEER)).passwordHash!)).toBe(true);
  });

  it("are replaced by a newer link of the same user", async () => {
    const older = await linkPath(await createLink(NEWBIE, TOKEN.manager));
    const other = await linkPath(await createLink(VOLUNTEER, TOKEN.manager));
    const newer = await linkPath(await createLink(NEWBIE, TOKEN.manager));
    await expectRefused(() => setPassword(older, "older-password"), 404);
    expect((await setPassword(newer, "newer-password")).status).toBe(302);
    expect((await setPassword(other, "other-password")).status).toBe(302);
  });

  it("are refused once expired", async () => {
    const path = await linkPath(await createLink(NEWBIE, TOKEN.manager));
    await testDb().update(passwordSetLinks).set({ expires: Date.now() - 1 });
    expect((await page(path)).status).toBe(404);
    await expectRefused(() => setPassword(path, "too-late-password"), 404);
  });

  it("end with a revocation of the password", async () => {
    const path = await linkPath(await createLink(VOLUNTEER, TOKEN.manager));
    const manager = await login("manager@example.org", PASSWORD.manager);
    expect((await revoke(VOLUNTEER, manager)).status).toBe(302);
    expect(await testDb().select().from(passwordSetLinks)).toEqual([]);
    expect((await page(path)).status).toBe(404);
  });

  it("refuse passwords the password change refuses, keeping the link", async () => {
    const path = await linkPath(await createLink(NEWBIE, TOKEN.manager));
    for (const [fields, message] of [
      [{ new_password1: "short", new_password2: "short" }, "This password is too short."],
      [{ new_password1: "a-long-password", new_password2: "another-password" }, "The two password fields didn’t match."],
      [{ new_password1: "a-long-password" }, "This field is required."],
      [{}, "This field is required."],
    ] as const) {
      const refused = await expectRefused(() => postForm(path, fields), 400);
      expect(await refused.text()).toContain(message);
    }
    expect((await setPassword(path, "a-long-password")).status).toBe(302);
  });

  it("need a same-origin form post", async () => {
    const path = await linkPath(await createLink(NEWBIE, TOKEN.manager));
    const fields = { new_password1: "csrf-password", new_password2: "csrf-password" };
    await expectRefused(() => postForm(path, fields, { origin: "https://evil.example.org" }), 403);
    await expectRefused(() => postForm(path, fields, { origin: "null", headers: { "Sec-Fetch-Site": "cross-site" } }), 403);
    // Under the page's no-referrer policy a browser sends `Origin: null`; Sec-Fetch-Site vouches for it.
    expect((await postForm(path, fields, { origin: "null", headers: { "Sec-Fetch-Site": "same-origin" } })).status).toBe(302);
  });

  it("answer malformed and unknown tokens with 404", async () => {
    for (const token of ["abc", "x".repeat(43), "A".repeat(500), "%00", "a-b"]) {
      expect((await page(`/accounts/set-password/${token}/`)).status).toBe(404);
      await expectRefused(() => setPassword(`/accounts/set-password/${token}/`, "some-password"), 404);
    }
  });

  it("are not created for invisible, unknown or malformed users (404, no name)", async () => {
    for (const id of [INVISIBLE, 999, "abc"]) {
      const refused = await expectRefused(() => createLink(id, TOKEN.admin), 404);
      expect(await refused.text()).not.toContain("Iris");
    }
    const admin = await login("admin@example.org", PASSWORD.admin);
    const posted = await expectRefused(() => postForm(`/users/${INVISIBLE}/password_link/`, {}, { cookie: admin }), 404);
    expect(await posted.text()).not.toContain("Iris");
  });

  it("are not created for yourself: that would change your password without the old one", async () => {
    const refusal = { detail: "You cannot create a set-password link for yourself; change your password instead." };
    await expectRefused(() => createLink(MANAGER, TOKEN.manager), 400, refusal);
    await expectRefused(() => createLink(ADMIN, TOKEN.admin), 400, refusal);
    const manager = await login("manager@example.org", PASSWORD.manager);
    const own = await (await page(`/users/${MANAGER}/password_revoke/`, manager)).text();
    expect(own).not.toContain("/password_link/");
    expect(own).toContain('href="/settings/password/"');
    const posted = await expectRefused(() => postForm(`/users/${MANAGER}/password_link/`, {}, { cookie: manager }), 400);
    expect(await posted.text()).toContain("change your password instead");
  });

  it("need CONFIDENTIAL_WRITE and change_userprofile", async () => {
    await expectRefused(() => createLink(NEWBIE, null), 403, NOT_AUTHENTICATED);
    for (const token of [TOKEN.managerNoWrite, TOKEN.viewer, TOKEN.volunteer]) await expectRefused(() => createLink(NEWBIE, token), 403, PERMISSION_DENIED);
    expect((await createLink(NEWBIE, TOKEN.managerWriteOnly)).status).toBe(201);

    const volunteer = await login("volunteer@example.org", PASSWORD.volunteer);
    await expectRefused(() => postForm(`/users/${NEWBIE}/password_link/`, {}, { cookie: volunteer }), 403);
    const anonymous = await expectRefused(() => postForm(`/users/${NEWBIE}/password_link/`, {}), 302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/accounts\/login\//);
  });

  it("are created by a session from this origin only", async () => {
    const manager = await login("manager@example.org", PASSWORD.manager);
    await expectRefused(() => createLink(NEWBIE, null, { Cookie: manager, Origin: "https://evil.example.org" }), 403);
    await expectRefused(() => postForm(`/users/${NEWBIE}/password_link/`, {}, { cookie: manager, origin: "https://evil.example.org" }), 403);
    expect((await createLink(NEWBIE, null, { Cookie: manager, Origin: ORIGIN })).status).toBe(201);
  });

  it("are deleted by the clean-up once used or expired", async () => {
    const used = await linkPath(await createLink(NEWBIE, TOKEN.manager));
    expect((await setPassword(used, "newbie-password")).status).toBe(302);
    await linkPath(await createLink(VOLUNTEER, TOKEN.manager));
    await linkPath(await createLink(STAFF2, TOKEN.admin));
    await testDb().update(passwordSetLinks).set({ expires: Date.now() - 1 }).where(eq(passwordSetLinks.userId, STAFF2));
    await removeExpiredData(testDb(), Date.now());
    expect((await testDb().select().from(passwordSetLinks)).map((row) => row.userId)).toEqual([VOLUNTEER]);
  });

  it("are documented in the OpenAPI document", async () => {
    const doc = (await (await request("/api/schema/?format=json")).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths["/api/users/{id}/password-link/"].post.responses)).toEqual(expect.arrayContaining(["201", "403", "404"]));
  });
});

