import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema";
import { resetWorld, snapshot, testDb } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../helpers/http";

const TOKENS = { write: "me-write-token-0123456789", readOnly: "me-read-only-token-0123456789", all: "all-but-me-write-0123456789" };

beforeEach(() =>
  resetWorld({
    format: "ephios-fixture/1",
    users: [{ id: 1, email: "vera@example.org", display_name: "Vera Volunteer", password: "vera-password-1", phone: "0123" }],
    api_tokens: [
      { id: 1, user: 1, token: TOKENS.write, scope: ["ME_READ", "ME_WRITE"] },
      { id: 2, user: 1, token: TOKENS.readOnly, scope: ["ME_READ"] },
      { id: 3, user: 1, token: TOKENS.all, scope: ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] },
    ],
  }),
);

const patch = (body: unknown, headers: Record<string, string> = bearer(TOKENS.write)) =>
  request("/api/users/me/", { method: "PATCH", headers: { "Content-Type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function stored() {
  const [user] = await testDb().select().from(users).where(eq(users.id, 1));
  return user;
}

describe("PATCH /api/users/me/", () => {
  it("changes the display name and phone and answers the new profile with a new ETag", async () => {
    const before = await request("/api/users/me/", { headers: bearer(TOKENS.write) });
    const etag = before.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    const response = await patch({ display_name: "  Vera V.  ", phone: "" , email: "ignored@example.org" }, { ...bearer(TOKENS.write), "If-Match": etag! });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 1, display_name: "Vera V.", email: "vera@example.org" });
    expect(response.headers.get("ETag")).not.toBe(etag);
    expect(await stored()).toMatchObject({ displayName: "Vera V.", phone: null, email: "vera@example.org" });
  });

  it("refuses a stale If-Match with 412 and changes nothing", async () => {
    const etag = (await request("/api/users/me/", { headers: bearer(TOKENS.write) })).headers.get("ETag")!;
    expect((await patch({ display_name: "First" }, { ...bearer(TOKENS.write), "If-Match": etag })).status).toBe(200);
    const before = await snapshot();
    const stale = await patch({ display_name: "Second" }, { ...bearer(TOKENS.write), "If-Match": etag });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toEqual({ detail: "Precondition failed: the object was changed since you read it." });
    expect(await snapshot()).toEqual(before);
    expect((await patch({ display_name: "Third" }, { ...bearer(TOKENS.write), "If-Match": "*" })).status).toBe(200);
  });

  it("needs ME_WRITE", async () => {
    for (const token of [TOKENS.readOnly, TOKENS.all]) {
      const response = await patch({ display_name: "X" }, bearer(token));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(PERMISSION_DENIED);
    }
    const anonymous = await patch({ display_name: "X" }, {});
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toEqual(NOT_AUTHENTICATED);
    expect((await stored()).displayName).toBe("Vera Volunteer");
  });

  it("works for the session user, same-origin only", async () => {
    const cookie = await login("vera@example.org", "vera-password-1");
    expect((await patch({ display_name: "Evil" }, { Cookie: cookie, Origin: "https://evil.example.org" })).status).toBe(403);
    expect((await stored()).displayName).toBe("Vera Volunteer");
    expect((await patch({ display_name: "By session" }, { Cookie: cookie, Origin: ORIGIN })).status).toBe(200);
    expect((await stored()).displayName).toBe("By session");
  });

  it.each([
    ["a blank display name", { display_name: "   " }, { display_name: ["This field may not be blank."] }],
    ["a display name that is too long", { display_name: "x".repeat(255) }, { display_name: ["Ensure this field has no more than 254 characters."] }],
    ["a number as phone", { phone: 12 }, { phone: ["Not a valid string."] }],
  ])("refuses %s with a field-keyed 400 and changes nothing", async (_name, body, errors) => {
    const before = await snapshot();
    const response = await patch(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(errors);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["broken JSON", "{"],
    ["a JSON array", "[1]"],
    ["a JSON string", '"x"'],
  ])("refuses %s with a 4xx JSON body", async (_name, body) => {
    const before = await snapshot();
    const response = await patch(body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toBeTypeOf("object");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a body that is not JSON", async () => {
    for (const headers of [{ "Content-Type": "text/plain" }, { "Content-Type": "application/x-www-form-urlencoded" }, {}] as Record<string, string>[]) {
      const response = await request("/api/users/me/", { method: "PATCH", headers: { ...bearer(TOKENS.write), ...headers }, body: "display_name=X" });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await response.json()).toBeTypeOf("object");
    }
    expect((await stored()).displayName).toBe("Vera Volunteer");
  });

  it("answers the other unsafe methods with 405", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await request("/api/users/me/", { method, headers: bearer(TOKENS.write) });
      expect(response.status).toBe(405);
    }
  });
});
