/**
 * Issue 12, item 8: ETags revealed hidden fields. A user's ETag was the unkeyed SHA-256 of JSON with
 * their phone, groups, active flag and grant expiries, sent to readers who may not see those: a
 * reader hashed guesses until one matched, and had the hidden phone in seconds.
 *
 * Now every ETag is an HMAC under a key derived from SECRET_KEY (src/lib/api/etag.ts): it still
 * changes whenever the JSON it covers does, but nobody without the secret can compute one.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { etagOf } from "../../src/lib/api/etag";
import { sha256Hex } from "../../src/lib/crypto";
import { type UserProfileJson, managedProfileJson } from "../../src/features/users/serialize";
import { REQUESTED } from "../helpers/api";
import { resetWorld } from "../helpers/db";
import { ORIGIN, bearer, request } from "../helpers/http";
import { routedGetPaths } from "../helpers/routes";
import { stadtfestEvent } from "../helpers/world";

const ALL = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const T = { admin: "et-admin-all-scopes-token-0001", viewer: "et-viewer-all-scopes-token-0001", vera: "et-vera-all-scopes-token-0001" };
const VERA = 3;
const PHONE = "+49 170 1111111";
const CALENDAR_TOKEN = "et-vera-calendar-token-0123456789abcdef";

function world() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_staff: true, is_superuser: true },
      // May read profiles (view_userprofile), not the phone numbers in them.
      { id: 2, email: "viewer@example.org", display_name: "Viktor Viewer", password: null, permissions: ["view_userprofile"] },
      { id: VERA, email: "vera@example.org", display_name: "Vera Volunteer", password: null, phone: PHONE, calendar_token: CALENDAR_TOKEN },
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

/** A GET through the Worker as another instance would answer it: the same data, another SECRET_KEY. */
async function readWithOtherKey(path: string, token: string) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(new URL(path, ORIGIN), { headers: bearer(token) }), { ...env, SECRET_KEY: "another-instance-secret-key-0123456789" }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: response.status, etag: response.headers.get("ETag"), text: await response.text() };
}

interface Tagged {
  path: string;
  token: string;
  etag: string;
  text: string;
  isJson: boolean;
}

/**
 * Every GET route of the app (test/helpers/routes.ts, so routes added later too), tried as each
 * caller until one gets an answer with an ETag: those answers, one per route.
 */
async function taggedAnswers(): Promise<Tagged[]> {
  const paths = routedGetPaths({ user: String(VERA), email: "vera@example.org", token: CALENDAR_TOKEN });
  const tagged: Tagged[] = [];
  for (const path of paths) {
    for (const token of [T.admin, T.viewer, T.vera]) {
      const response = await request(path, { headers: bearer(token) });
      const etag = response.headers.get("ETag");
      const text = await response.text();
      if (response.status !== 200 || etag === null) continue;
      tagged.push({ path, token, etag, text, isJson: response.headers.get("Content-Type")?.startsWith("application/json") ?? false });
      break;
    }
  }
  return tagged;
}

/** Routes known to send an ETag: the walk must reach each (else it checks less than it seems). */
const KNOWN_ETAG_PATHS = [
  "/api/events/1/",
  "/api/events/1/federation/",
  "/api/shifts/1/",
  "/api/participations/1/",
  "/api/participations-userinfo/1/",
  "/api/users/me/participations/1/",
  `/api/users/${VERA}/participations/1/`,
  "/api/users/1/",
  "/api/users/by_email/vera@example.org/",
  "/api/users/me/",
  "/api/buildingblocks/1/",
  `/calendar/${CALENDAR_TOKEN}/`,
];

describe("ETags are opaque", () => {
  it("on every GET route that sends one: not the plain hash of the body, and another SECRET_KEY gives another ETag for the same answer", async () => {
    const tagged = await taggedAnswers();
    expect(tagged.map((t) => t.path)).toEqual(expect.arrayContaining(KNOWN_ETAG_PATHS));
    for (const { path, token, etag, text, isJson } of tagged) {
      // The calendar feed's is weak (its answers differ in DTSTAMP only).
      expect(etag, path).toMatch(/^(W\/)?"[0-9a-f]{32}"$/);
      if (isJson) expect(etag.replace(/^W\//, ""), path).not.toBe(await unkeyed(JSON.parse(text)));
      const other = await readWithOtherKey(path, token);
      expect(other.status, path).toBe(200);
      if (isJson) expect(other.text, path).toBe(text);
      expect(other.etag, path).toMatch(/^(W\/)?"[0-9a-f]{32}"$/);
      expect(other.etag, path).not.toBe(etag);
    }
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
