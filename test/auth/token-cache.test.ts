/**
 * A read with a token looked up a moment ago runs with the remembered principal and sends the
 * token's lookup along with its first D1 call (src/auth/token-cache.ts). Whatever changed about
 * the token or its user in between, the answer is the one a fresh lookup gives.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { NOT_AUTHENTICATED, PERMISSION_DENIED, bearer, request, sendJson } from "../helpers/http";
import { authWorld } from "../helpers/auth-world";
import { d1Timing, unseenToken } from "../helpers/timing";
import { sha256Hex } from "../../src/lib/crypto";

const MANAGER = 2;
const VOLUNTEER = 3;

const get = (path: string, token: string) => request(path, { headers: bearer(token) });

async function expectStatus(response: Response, status: number, body?: unknown) {
  expect(response.status).toBe(status);
  if (body === undefined) await response.arrayBuffer();
  else expect(await response.json()).toEqual(body);
  return response;
}

/** Changes the token's row behind the cache's back. */
async function updateToken(token: string, set: string, ...values: unknown[]) {
  await env.DB.prepare(`UPDATE access_tokens SET ${set} WHERE token_hash = ?`)
    .bind(...values, await sha256Hex(token))
    .run();
}

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(authWorld());
});

describe("a token seen a moment ago", () => {
  it("answers the same in one round trip: its lookup goes along with the route's query", async () => {
    const token = await unseenToken(VOLUNTEER, ["ME_READ"]);
    const first = await get("/api/users/me/", token);
    expect(first.status).toBe(200);
    const again = await get("/api/users/me/", token);
    expect(await again.json()).toEqual(await first.json());
    expect(d1Timing(first).roundTrips).toBe(2);
    expect(d1Timing(again).roundTrips).toBe(1);
    expect(d1Timing(again).queries).toBe(d1Timing(first).queries);
  });

  it.each([
    ["revoked", "revoked = 1"],
    ["expired", `expires = ${Date.now() - 1000}`],
  ])("is refused once %s, and the refused answer is no 503", async (_name, set) => {
    const token = await unseenToken(VOLUNTEER, ["ME_READ"]);
    await expectStatus(await get("/api/users/me/", token), 200);
    await updateToken(token, set);
    await expectStatus(await get("/api/users/me/", token), 403, NOT_AUTHENTICATED);
    await expectStatus(await get("/api/users/me/", token), 403, NOT_AUTHENTICATED);
  });

  it("is refused once revoked also where the route's first batch fails (the check stays owed)", async () => {
    const token = await unseenToken(VOLUNTEER, ["ME_READ"]);
    await expectStatus(await get("/api/users/me/", token), 200);
    await updateToken(token, "revoked = 1");
    await env.DB.prepare("ALTER TABLE qualifications RENAME TO qualifications_away").run();
    try {
      await expectStatus(await get("/api/users/me/", token), 403, NOT_AUTHENTICATED);
    } finally {
      await env.DB.prepare("ALTER TABLE qualifications_away RENAME TO qualifications").run();
    }
  });

  it("is refused once its user is deactivated", async () => {
    const token = await unseenToken(MANAGER, ["ME_READ"]);
    await expectStatus(await get("/api/users/me/", token), 200);
    await env.DB.prepare("UPDATE users SET is_active = 0 WHERE id = ?").bind(MANAGER).run();
    try {
      await expectStatus(await get("/api/users/me/", token), 403, NOT_AUTHENTICATED);
    } finally {
      await env.DB.prepare("UPDATE users SET is_active = 1 WHERE id = ?").bind(MANAGER).run();
    }
  });

  it("loses a scope taken from it at once", async () => {
    const token = await unseenToken(MANAGER, ["ME_READ", "CONFIDENTIAL_READ"]);
    await expectStatus(await get("/api/users/", token), 200);
    await updateToken(token, "scope = 'ME_READ'");
    await expectStatus(await get("/api/users/", token), 403, PERMISSION_DENIED);
    await expectStatus(await get("/api/users/me/", token), 200);
  });

  it("gets a scope given to it at once, although the refusal needed no query of its own", async () => {
    const token = await unseenToken(MANAGER, ["ME_READ"]);
    await expectStatus(await get("/api/users/", token), 403, PERMISSION_DENIED);
    const refused = await get("/api/users/", token);
    await expectStatus(refused, 403, PERMISSION_DENIED);
    // The refusal was confirmed on its own, after the route had answered.
    expect(d1Timing(refused).roundTrips).toBe(1);
    await updateToken(token, "scope = 'ME_READ CONFIDENTIAL_READ'");
    await expectStatus(await get("/api/users/", token), 200);
  });

  it("loses a permission its user's group loses at once", async () => {
    const token = await unseenToken(MANAGER, ["CONFIDENTIAL_READ"]);
    await expectStatus(await get("/api/users/", token), 200);
    await env.DB.prepare("DELETE FROM group_members WHERE user_id = ?").bind(MANAGER).run();
    try {
      await expectStatus(await get("/api/users/", token), 403, PERMISSION_DENIED);
    } finally {
      await env.DB.prepare("INSERT INTO group_members (group_id, user_id) VALUES (1, ?)").bind(MANAGER).run();
    }
  });

  it("is looked up first for a write: a write never runs on a remembered principal", async () => {
    const token = await unseenToken(VOLUNTEER, ["ME_READ", "ME_WRITE"]);
    await expectStatus(await get("/api/users/me/", token), 200);
    await updateToken(token, "revoked = 1");
    await expectStatus(await sendJson("PATCH", "/api/users/me/", token, { display_name: "Changed" }), 403, NOT_AUTHENTICATED);
    const [row] = (await env.DB.prepare("SELECT display_name FROM users WHERE id = ?").bind(VOLUNTEER).all<{ display_name: string }>()).results;
    expect(row.display_name).toBe("Vera Volunteer");
  });

  it("is not used by a request that also sends a session: the session wins, as before", async () => {
    const token = await unseenToken(VOLUNTEER, ["ME_READ"]);
    await expectStatus(await get("/api/users/me/", token), 200);
    const anonymousCookie = await request("/api/users/me/", { headers: { ...bearer(token), Cookie: "sessionid=not-a-session" } });
    // An unknown cookie is no session: the token still answers.
    await expectStatus(anonymousCookie, 200);
  });
});
