import { beforeAll, describe, expect, it } from "vitest";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { PASSWORDS, TOKENS, authWorld } from "../helpers/auth-world";
import { ORIGIN, bearer, login, request } from "../helpers/http";

let cookie: string;

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(authWorld());
  cookie = await login("volunteer@example.org", PASSWORDS.volunteer);
});

const CSRF_EVIL = { detail: "CSRF Failed: Origin checking failed - https://evil.example.org does not match any trusted origins." };

function post(headers: Record<string, string>, body: BodyInit = "{}") {
  return request("/api/", { method: "POST", body, headers });
}

describe("CSRF on cookie-authenticated unsafe requests", () => {
  it("refuses a cross-origin form post", async () => {
    const response = await post({ Cookie: cookie, Origin: "https://evil.example.org", "Content-Type": "application/x-www-form-urlencoded" }, "a=1");
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(CSRF_EVIL);
  });

  it("refuses a cross-origin JSON post (the gap Hono's csrf leaves)", async () => {
    const response = await post({ Cookie: cookie, Origin: "https://evil.example.org", "Content-Type": "application/json" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(CSRF_EVIL);
  });

  it("refuses a cookie post without any origin information", async () => {
    const response = await post({ Cookie: cookie, "Content-Type": "application/json" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ detail: "CSRF Failed: Origin checking failed - no Origin." });
  });

  it("refuses a cross-site Sec-Fetch-Site", async () => {
    const response = await post({ Cookie: cookie, "Sec-Fetch-Site": "cross-site", "Content-Type": "application/json" });
    expect(response.status).toBe(403);
  });

  it("lets same-origin requests through to the endpoint", async () => {
    for (const headers of [{ Origin: ORIGIN }, { "Sec-Fetch-Site": "same-origin" }] as Record<string, string>[]) {
      const response = await post({ Cookie: cookie, "Content-Type": "application/json", ...headers });
      expect(response.status).toBe(405);
      expect(await response.json()).toEqual({ detail: 'Method "POST" not allowed.' });
    }
  });

  it("leaves bearer-token requests alone", async () => {
    const response = await post({ ...bearer(TOKENS.all), Origin: "https://evil.example.org", "Content-Type": "application/json" });
    expect(response.status).toBe(405);
  });

  it("never checks safe methods", async () => {
    const response = await request("/api/", { headers: { Cookie: cookie, Origin: "https://evil.example.org" } });
    expect(response.status).toBe(200);
  });
});
