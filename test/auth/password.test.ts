import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accessTokens, users } from "../../src/db/schema";
import { verifyPassword } from "../../src/lib/password";
import { emptyDatabase, loadWorld, testDb } from "../helpers/db";
import { PASSWORDS, TOKENS, authWorld } from "../helpers/auth-world";
import { NOT_AUTHENTICATED, bearer, login, postForm, request } from "../helpers/http";

beforeEach(async () => {
  await emptyDatabase();
  await loadWorld(authWorld());
});

async function tokensOf(userId: number) {
  return testDb().select().from(accessTokens).where(eq(accessTokens.userId, userId));
}

describe("password change", () => {
  it("sets the new password, revokes every token, ends other sessions and keeps this one", async () => {
    const here = await login("volunteer@example.org", PASSWORDS.volunteer);
    const elsewhere = await login("volunteer@example.org", PASSWORDS.volunteer);
    const response = await postForm("/settings/password/", { old_password: PASSWORDS.volunteer, new_password1: "a-new-password", new_password2: "a-new-password" }, { cookie: here });
    expect(response.status).toBe(302);

    const [user] = await testDb().select().from(users).where(eq(users.id, 3));
    expect(await verifyPassword("a-new-password", user.passwordHash!)).toBe(true);
    for (const token of await tokensOf(3)) expect(token.revoked).toBe(true);
    const refused = await request("/api/", { headers: bearer(TOKENS.all) });
    expect(await refused.json()).toEqual(NOT_AUTHENTICATED);

    expect((await request("/api/", { headers: { Cookie: here } })).status).toBe(200);
    expect((await request("/api/", { headers: { Cookie: elsewhere } })).status).toBe(403);
    expect((await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORDS.volunteer })).status).toBe(200);
  });

  it.each([
    ["a wrong old password", { old_password: "nope", new_password1: "a-new-password", new_password2: "a-new-password" }, "Your old password was entered incorrectly."],
    ["two different new passwords", { old_password: PASSWORDS.volunteer, new_password1: "a-new-password", new_password2: "another-password" }, "The two password fields didn’t match."],
    ["a short new password", { old_password: PASSWORDS.volunteer, new_password1: "short", new_password2: "short" }, "This password is too short."],
    ["a missing field", { old_password: PASSWORDS.volunteer }, "This field is required."],
  ])("refuses %s and changes nothing", async (_name, fields, message) => {
    const cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
    const response = await postForm("/settings/password/", fields, { cookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(message);
    expect((await request("/api/", { headers: bearer(TOKENS.all) })).status).toBe(200);
  });

  it("needs a login", async () => {
    const response = await request("/settings/password/");
    expect(response.headers.get("Location")).toBe("/accounts/login/?next=%2Fsettings%2Fpassword%2F");
  });
});

describe("revoking another user's password and tokens", () => {
  it("is refused without change_userprofile", async () => {
    const cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
    expect((await request("/users/2/password_revoke/", { headers: { Cookie: cookie } })).status).toBe(403);
    expect((await postForm("/users/2/password_revoke/", {}, { cookie })).status).toBe(403);
  });

  it("with change_userprofile makes the password unusable, revokes tokens and ends sessions", async () => {
    const victim = await login("volunteer@example.org", PASSWORDS.volunteer);
    const manager = await login("manager@example.org", PASSWORDS.manager);
    const page = await request("/users/3/password_revoke/", { headers: { Cookie: manager } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Vera Volunteer");

    const response = await postForm("/users/3/password_revoke/", {}, { cookie: manager });
    expect(response.status).toBe(302);
    const [user] = await testDb().select().from(users).where(eq(users.id, 3));
    expect(user.passwordHash).toBeNull();
    for (const token of await tokensOf(3)) expect(token.revoked).toBe(true);
    expect((await request("/api/", { headers: { Cookie: victim } })).status).toBe(403);
    expect((await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORDS.volunteer })).status).toBe(200);
  });

  it("answers unknown and malformed user ids with 404", async () => {
    const manager = await login("manager@example.org", PASSWORDS.manager);
    expect((await request("/users/999/password_revoke/", { headers: { Cookie: manager } })).status).toBe(404);
    expect((await postForm("/users/abc/password_revoke/", {}, { cookie: manager })).status).toBe(404);
  });

  it("needs a same-origin post", async () => {
    const manager = await login("manager@example.org", PASSWORDS.manager);
    expect((await postForm("/users/3/password_revoke/", {}, { cookie: manager, origin: "https://evil.example.org" })).status).toBe(403);
    expect((await request("/api/", { headers: bearer(TOKENS.all) })).status).toBe(200);
  });
});
