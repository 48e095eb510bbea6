import { beforeAll, describe, expect, it } from "vitest";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../helpers/http";
import { d1Cost } from "../helpers/timing";

const BLOCK = {
  rtw: "7b1c0000-0000-4000-8000-00000000b001",
  ktw: "7b1c0000-0000-4000-8000-00000000b002",
  wache: "7b1c0000-0000-4000-8000-00000000b003",
  abschnitt: "7b1c0000-0000-4000-8000-00000000b004",
  leer: "7b1c0000-0000-4000-8000-00000000b005",
};

const TOKEN = {
  volunteerPublic: "bb-volunteer-public-read-0123456789",
  volunteerAllButPublic: "bb-volunteer-all-but-public-0123456789",
  volunteerMe: "bb-volunteer-me-read-0123456789",
  adminPublic: "bb-admin-public-read-0123456789",
  revoked: "bb-revoked-public-read-0123456789",
  guest: "bb-federation-guest-token-0123456789",
};

const PASSWORD = "volunteer-password-1";

function world() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "rica@example.org", display_name: "Rica Boss", password: null, is_superuser: true },
      // No permissions at all: building blocks need none.
      { id: 2, email: "heinrich@example.org", display_name: "Heinrich Helfer", password: PASSWORD },
    ],
    qualification_categories: [{ id: 1, uuid: "7b1c0000-0000-4000-8000-00000000c001", title: "Medical" }],
    qualifications: [
      { id: 11, uuid: "7b1c0000-0000-4000-8000-000000000011", title: "Notfallsanitäter", abbreviation: "NotSan", category: 1, includes: [12] },
      { id: 12, uuid: "7b1c0000-0000-4000-8000-000000000012", title: "Rettungssanitäter", abbreviation: "RS", category: 1 },
      { id: 13, uuid: "7b1c0000-0000-4000-8000-000000000013", title: "Sanitäter", abbreviation: "San", category: 1 },
      { id: 14, uuid: "7b1c0000-0000-4000-8000-000000000014", title: "Fahrer C1", abbreviation: "C1", category: 1 },
    ],
    building_blocks: [
      {
        id: 1,
        uuid: BLOCK.rtw,
        name: "RTW",
        block_type: "atomic",
        allow_more: true,
        positions: [
          { id: 1, label: "Fahrer", optional: false, qualifications: [14, 12] },
          { id: 2, label: "Beifahrer", optional: true, qualifications: [11] },
        ],
        qualification_requirements: [
          { id: 1, qualifications: [11, 12], everyone: false, at_least: 1 },
          { id: 2, qualifications: [13], everyone: true, at_least: 0 },
        ],
        sub_compositions: [],
      },
      { id: 2, uuid: BLOCK.ktw, name: "KTW", block_type: "atomic", allow_more: false, positions: [{ id: 3, label: "", optional: false, qualifications: [] }], qualification_requirements: [], sub_compositions: [] },
      {
        id: 3,
        uuid: BLOCK.wache,
        name: "Wache Nord",
        block_type: "composite",
        allow_more: false,
        positions: [],
        qualification_requirements: [{ id: 3, qualifications: [], everyone: false, at_least: 2 }],
        sub_compositions: [
          { id: 1, sub_block: 1, label: "Erstes Fahrzeug", optional: false },
          { id: 2, sub_block: 2, label: "", optional: true },
          { id: 3, sub_block: 1, label: "Reserve", optional: true },
        ],
      },
      { id: 4, uuid: BLOCK.abschnitt, name: "Abschnitt", block_type: "composite", sub_compositions: [{ id: 4, sub_block: 3, label: "Nord", optional: false }] },
      { id: 5, uuid: BLOCK.leer, name: "Leer", block_type: "atomic" },
    ],
    api_tokens: [
      { id: 1, user: 2, token: TOKEN.volunteerPublic, scope: ["PUBLIC_READ"] },
      { id: 2, user: 2, token: TOKEN.volunteerAllButPublic, scope: ["PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] },
      { id: 3, user: 2, token: TOKEN.volunteerMe, scope: ["ME_READ"] },
      { id: 4, user: 1, token: TOKEN.adminPublic, scope: ["PUBLIC_READ"] },
      { id: 5, user: 2, token: TOKEN.revoked, scope: ["PUBLIC_READ"], revoked: true },
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: TOKEN.guest, client_id: "guest-client", client_secret: "guest-secret" }],
  };
}

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(world());
});

type Json = Record<string, any>;

const get = (path: string, token?: string, headers: Record<string, string> = {}) => request(path, { headers: { ...(token ? bearer(token) : {}), ...headers } });

async function getJson(path: string, token?: string, status = 200): Promise<Json> {
  const response = await get(path, token);
  const body = await response.text();
  expect(response.status, `${path}: ${body}`).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  return JSON.parse(body);
}

const RTW = {
  id: 1,
  uuid: BLOCK.rtw,
  name: "RTW",
  block_type: "atomic",
  sub_compositions: [],
  allow_more: true,
  qualification_requirements: [
    { id: 1, qualifications: [11, 12], everyone: false, at_least: 1 },
    { id: 2, qualifications: [13], everyone: true, at_least: 0 },
  ],
  positions: [
    { id: 1, label: "Fahrer", optional: false, qualifications: [12, 14] },
    { id: 2, label: "Beifahrer", optional: true, qualifications: [11] },
  ],
};

const WACHE = {
  id: 3,
  uuid: BLOCK.wache,
  name: "Wache Nord",
  block_type: "composite",
  sub_compositions: [
    { id: 1, label: "Erstes Fahrzeug", optional: false, sub_block: BLOCK.rtw },
    { id: 2, label: "", optional: true, sub_block: BLOCK.ktw },
    { id: 3, label: "Reserve", optional: true, sub_block: BLOCK.rtw },
  ],
  allow_more: false,
  qualification_requirements: [{ id: 3, qualifications: [], everyone: false, at_least: 2 }],
  positions: [],
};

describe("GET /api/buildingblocks/", () => {
  it("lists every building block in id order, exactly as ephios serializes it", async () => {
    const body = await getJson("/api/buildingblocks/", TOKEN.volunteerPublic);
    expect(body.count).toBe(5);
    expect(body.next).toBeNull();
    expect(body.previous).toBeNull();
    expect(body.results.map((b: Json) => b.id)).toEqual([1, 2, 3, 4, 5]);
    for (const block of body.results) {
      expect(Object.keys(block)).toEqual(["id", "uuid", "name", "block_type", "sub_compositions", "allow_more", "qualification_requirements", "positions"]);
    }
    expect(body.results[0]).toEqual(RTW);
    expect(body.results[2]).toEqual(WACHE);
    expect(body.results[1]).toEqual({
      id: 2,
      uuid: BLOCK.ktw,
      name: "KTW",
      block_type: "atomic",
      sub_compositions: [],
      allow_more: false,
      qualification_requirements: [],
      positions: [{ id: 3, label: "", optional: false, qualifications: [] }],
    });
    // A composite of a composite: the sub block is named by UUID only.
    expect(body.results[3].sub_compositions).toEqual([{ id: 4, label: "Nord", optional: false, sub_block: BLOCK.wache }]);
    expect(body.results[4]).toEqual({ id: 5, uuid: BLOCK.leer, name: "Leer", block_type: "atomic", sub_compositions: [], allow_more: false, qualification_requirements: [], positions: [] });
  });

  it("needs PUBLIC_READ and nothing else", async () => {
    expect((await getJson("/api/buildingblocks/", TOKEN.adminPublic)).count).toBe(5);
    const cookie = await login("heinrich@example.org", PASSWORD);
    const session = await get("/api/buildingblocks/", undefined, { Cookie: cookie });
    expect(session.status).toBe(200);
    expect(((await session.json()) as Json).count).toBe(5);
    for (const token of [TOKEN.volunteerAllButPublic, TOKEN.volunteerMe, TOKEN.guest]) {
      expect(await getJson("/api/buildingblocks/", token, 403), token).toEqual(PERMISSION_DENIED);
    }
    expect(await getJson("/api/buildingblocks/", undefined, 403)).toEqual(NOT_AUTHENTICATED);
    expect(await getJson("/api/buildingblocks/", TOKEN.revoked, 403)).toEqual(NOT_AUTHENTICATED);
  });

  it("paginates with absolute next and previous links", async () => {
    const page = await getJson("/api/buildingblocks/?limit=2&offset=2", TOKEN.volunteerPublic);
    expect(page.count).toBe(5);
    expect(page.results).toEqual([WACHE, expect.objectContaining({ id: 4 })]);
    expect(page.next).toBe(`${ORIGIN}/api/buildingblocks/?limit=2&offset=4`);
    expect(page.previous).toBe(`${ORIGIN}/api/buildingblocks/?limit=2`);
    const last = await getJson("/api/buildingblocks/?offset=3&limit=2", TOKEN.volunteerPublic);
    expect(last.results.map((b: Json) => b.id)).toEqual([4, 5]);
    expect(last.next).toBeNull();
    // DRF writes the link's parameters sorted by name.
    expect(last.previous).toBe(`${ORIGIN}/api/buildingblocks/?limit=2&offset=1`);
    const beyond = await getJson("/api/buildingblocks/?offset=10", TOKEN.volunteerPublic);
    expect(beyond.results).toEqual([]);
    expect(beyond.count).toBe(5);
  });

  it("falls back on invalid or repeated limit and offset", async () => {
    for (const query of ["limit=0", "limit=-1", "limit=x", "offset=-5", "offset=abc", "limit=1.5"]) {
      const body = await getJson(`/api/buildingblocks/?${query}`, TOKEN.volunteerPublic);
      expect(body.results.map((b: Json) => b.id), query).toEqual([1, 2, 3, 4, 5]);
    }
    const repeated = await getJson("/api/buildingblocks/?limit=4&limit=1&offset=1&offset=2", TOKEN.volunteerPublic);
    expect(repeated.results.map((b: Json) => b.id)).toEqual([3]);
  });

  it("costs the same number of D1 queries for one block or a hundred", async () => {
    const one = await get("/api/buildingblocks/?limit=1", TOKEN.volunteerPublic);
    const hundred = await get("/api/buildingblocks/?limit=100", TOKEN.volunteerPublic);
    expect(one.status).toBe(200);
    expect(((await hundred.json()) as Json).results).toHaveLength(5);
    expect(d1Cost(one)).toEqual(d1Cost(hundred));
  });
});

describe("GET /api/buildingblocks/{id}/", () => {
  it("shows one building block", async () => {
    expect(await getJson("/api/buildingblocks/1/", TOKEN.volunteerPublic)).toEqual(RTW);
    expect(await getJson("/api/buildingblocks/3/", TOKEN.volunteerPublic)).toEqual(WACHE);
  });

  it("sends an ETag of its body, the same on every read, different per block", async () => {
    const etagOf = async (id: number) => (await request(`/api/buildingblocks/${id}/`, { headers: bearer(TOKEN.volunteerPublic) })).headers.get("ETag");
    const first = await etagOf(1);
    expect(first).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await etagOf(1)).toBe(first);
    expect(await etagOf(3)).not.toBe(first);
  });

  it("answers unknown ids with the model's 404, malformed ones with Not found", async () => {
    for (const id of ["0", "-1", "6", "999999999999999"]) {
      expect(await getJson(`/api/buildingblocks/${id}/`, TOKEN.volunteerPublic, 404), id).toEqual({ detail: "No BuildingBlock matches the given query." });
    }
    for (const id of ["abc", "1.0", "1e3", "%31x", "%zz", "9999999999999999999999", BLOCK.rtw]) {
      expect(await getJson(`/api/buildingblocks/${id}/`, TOKEN.volunteerPublic, 404), id).toEqual({ detail: "Not found." });
    }
  });

  it("needs PUBLIC_READ", async () => {
    expect(await getJson("/api/buildingblocks/1/", TOKEN.volunteerMe, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/buildingblocks/1/", undefined, 403)).toEqual(NOT_AUTHENTICATED);
  });

  it("redirects the path without its slash", async () => {
    const response = await get("/api/buildingblocks/1", TOKEN.volunteerPublic);
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe("/api/buildingblocks/1/");
  });
});

describe("unsafe methods", () => {
  const send = (method: string, path: string, token?: string) =>
    request(path, { method, headers: { "Content-Type": "application/json", ...(token ? bearer(token) : {}) }, body: method === "DELETE" ? undefined : JSON.stringify({ name: "Neu", block_type: "atomic" }) });

  it("answer 405 to anybody with PUBLIC_READ, 403 to the others", async () => {
    for (const path of ["/api/buildingblocks/", "/api/buildingblocks/1/", "/api/buildingblocks/999/"]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        for (const token of [TOKEN.volunteerPublic, TOKEN.adminPublic]) {
          const answered = await send(method, path, token);
          expect(answered.status, `${method} ${path}`).toBe(405);
          expect(await answered.json()).toEqual({ detail: `Method "${method}" not allowed.` });
        }
        const wrongScope = await send(method, path, TOKEN.volunteerAllButPublic);
        expect(wrongScope.status).toBe(403);
        expect(await wrongScope.json()).toEqual(PERMISSION_DENIED);
        const anonymous = await send(method, path);
        expect(anonymous.status).toBe(403);
        expect(await anonymous.json()).toEqual(NOT_AUTHENTICATED);
      }
    }
    expect((await getJson("/api/buildingblocks/", TOKEN.volunteerPublic)).count).toBe(5);
  });
});

describe("OpenAPI document", () => {
  it("describes the building block routes", async () => {
    const response = await get("/api/schema/?format=json");
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/buildingblocks/", "/api/buildingblocks/{id}/"]));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["BuildingBlock", "PaginatedBuildingBlockList"]));
  });
});
