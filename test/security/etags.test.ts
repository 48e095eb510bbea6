/**
 * Issue 12, item 8: ETags revealed hidden fields. A user's ETag was the unkeyed SHA-256 of JSON with
 * their phone, groups, active flag and grant expiries, sent to readers who may not see those: a
 * reader hashed guesses until one matched, and had the hidden phone in seconds.
 *
 * Now every ETag is an HMAC under a key derived from SECRET_KEY (src/lib/api/etag.ts): it still
 * changes whenever the JSON it covers does, but nobody without the secret can compute one.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { etagOf } from "../../src/lib/api/etag";
import { sha256Hex } from "../../src/lib/crypto";
import { type UserProfileJson, managedProfileJson } from "../../src/features/users/serialize";
import { REQUESTED } from "../helpers/api";
import { resetWorld } from "../helpers/db";
import { bearer, request } from "../helpers/http";
import { stadtfestEvent } from "../helpers/world";

const ALL = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const T = { admin: "et-admin-all-scopes-token-0001", viewer: "et-viewer-all-scopes-token-0001", vera: "et-vera-all-scopes-token-0001" };
const VERA = 3;
const PHONE = "+49 170 1111111";

function world() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_staff: true, is_superuser: true },
      // May read profiles (view_userprofile), not the phone numbers in them.
      { id: 2, email: "viewer@example.org", display_name: "Viktor Viewer", password: null, permissions: ["view_userprofile"] },
      { id: VERA, email: "vera@example.org", display_name: "Vera Volunteer", password: null, phone: PHONE },
    ],
    groups: [{ id: 1, name: "Helpers", members: [VERA], permissions: [] }],
    ...stadtfestEvent(1, 10),
    participations: [{ id: 1, shift: 1, kind: "local", user: VERA, state: REQUESTED }],
    building_blocks: [{ id: 1, uuid: "5b1c0c3e-0000-4000-8000-000000000001", name: "RTW", block_type: "atomic", allow_more: false, positions: [], qualification_requirements: [], sub_compositions: [] }],
    api_tokens: [
      { id: 1, user: 1, token: T.admin, scope: ALL },
      { id: 2, user: 2, token: T.viewer, scope: ALL },
      { id: 3, user: VERA, token: T.vera, scope: ALL },
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: "et-guest-token-0123456789", client_id: "c", client_secret: "s" }],
  };
}

beforeEach(() => resetWorld(world()));

/** How ETags were made before: the first 128 bits of the JSON's plain SHA-256. */
const unkeyed = async (json: unknown) => `"${(await sha256Hex(JSON.stringify(json))).slice(0, 32)}"`;

async function read(path: string, token: string) {
  const response = await request(path, { headers: bearer(token) });
  expect(response.status, path).toBe(200);
  return { etag: response.headers.get("ETag")!, body: (await response.json()) as unknown };
}

/** Every route that sends an ETag, with a caller who may read it. */
const ETAG_ROUTES: [string, string][] = [
  ["/api/events/1/", T.vera],
  ["/api/events/1/federation/", T.admin],
  ["/api/shifts/1/", T.vera],
  ["/api/participations/1/", T.admin],
  ["/api/participations-userinfo/1/", T.admin],
  ["/api/users/me/participations/1/", T.vera],
  [`/api/users/${VERA}/participations/1/`, T.admin],
  [`/api/users/${VERA}/`, T.viewer],
  ["/api/users/by_email/vera@example.org/", T.viewer],
  ["/api/users/me/", T.vera],
  ["/api/buildingblocks/1/", T.vera],
];

describe("ETags are opaque", () => {
  it.each(ETAG_ROUTES)("%s: not the plain hash of the body it comes with", async (path, token) => {
    const { etag, body } = await read(path, token);
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(etag).not.toBe(await unkeyed(body));
  });

  it("a user's ETag cannot be matched by hashing the profile with the right phone guessed", async () => {
    const { etag, body } = await read(`/api/users/${VERA}/`, T.viewer);
    expect(body).not.toHaveProperty("phone");
    // What the ETag covers, rebuilt from the profile the viewer got and the hidden facts, all guessed right.
    const managed = managedProfileJson(body as UserProfileJson, { phone: PHONE, isActive: true, groupIds: [1], grants: [] }, env.TIME_ZONE);
    expect(etag).not.toBe(await unkeyed(managed));
    // Only the server's key makes it.
    expect(etag).toBe(await etagOf(env.SECRET_KEY, managed));
  });

  it("depends on SECRET_KEY: two instances with different keys send different ETags for the same data", async () => {
    const { body } = await read("/api/events/1/", T.vera);
    const [a, b] = await Promise.all([etagOf("instance-a-secret-key", body), etagOf("instance-b-secret-key", body)]);
    expect(a).toMatch(/^"[0-9a-f]{32}"$/);
    expect(b).toMatch(/^"[0-9a-f]{32}"$/);
    expect(a).not.toBe(b);
    expect(await etagOf("instance-a-secret-key", body)).toBe(a);
  });
});

describe("opaque ETags still validate", () => {
  it("the same while nothing changes, new after a change of a field the reader cannot see; If-Match 200, then 412", async () => {
    const first = await read(`/api/users/${VERA}/`, T.viewer);
    expect((await read(`/api/users/${VERA}/`, T.viewer)).etag).toBe(first.etag);
    const patch = (body: unknown, etag: string) =>
      request(`/api/users/${VERA}/`, { method: "PATCH", headers: { ...bearer(T.admin), "Content-Type": "application/json", "If-Match": etag }, body: JSON.stringify(body) });
    expect((await patch({ phone: "+49 170 2222222" }, first.etag)).status).toBe(200);
    const second = await read(`/api/users/${VERA}/`, T.viewer);
    expect(second.body).toEqual(first.body);
    expect(second.etag).not.toBe(first.etag);
    expect((await patch({ phone: "+49 170 3333333" }, first.etag)).status).toBe(412);
    expect((await patch({ phone: "+49 170 3333333" }, second.etag)).status).toBe(200);
  });
});
