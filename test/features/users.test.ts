import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/schema";
import { emptyDatabase, loadWorld, testDb } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../helpers/http";
import { d1Cost, d1Queries } from "../helpers/timing";
import { withoutPosition } from "../helpers/links";

const CAT_MEDICAL = "5a1e0c3e-0000-4000-8000-00000000c001";
const CAT_TECH = "5a1e0c3e-0000-4000-8000-00000000c002";
const Q = {
  notsan: "5a1e0c3e-0000-4000-8000-000000000001",
  rs: "5a1e0c3e-0000-4000-8000-000000000002",
  san: "5a1e0c3e-0000-4000-8000-000000000003",
  cycleA: "5a1e0c3e-0000-4000-8000-000000000004",
  cycleB: "5a1e0c3e-0000-4000-8000-000000000005",
  driver: "5a1e0c3e-0000-4000-8000-000000000006",
  lonely: "5a1e0c3e-0000-4000-8000-000000000007",
};

const PASSWORD = { admin: "rica-password-1", manager: "marie-password-1", volunteer: "heinrich-password-1" };

const ADMIN = 1; // superuser, no groups
const MANAGER = 2; // Managers group: view/add/change/delete_userprofile
const HR = 3; // view_userprofile held directly
const VOLUNTEER = 4; // no permissions; has qualifications
const INACTIVE = 5;
const INVISIBLE = 6;
const SPECIAL = 7;
const CASED = 8;
const APOSTROPHE = 9;
const PERCENT = 10;

const TOKEN = {
  adminConf: "admin-confidential-read-0123456789",
  managerConf: "manager-confidential-read-0123456789",
  managerMe: "manager-me-read-0123456789",
  managerPublic: "manager-public-read-0123456789",
  managerAllButConf: "manager-all-but-confidential-0123456789",
  managerExpired: "manager-expired-confidential-0123456789",
  hrConf: "hr-confidential-read-0123456789",
  volunteerConf: "volunteer-confidential-read-0123456789",
  volunteerMe: "volunteer-me-read-0123456789",
  volunteerAllButMe: "volunteer-all-but-me-0123456789",
  invisibleMe: "invisible-me-read-0123456789",
  inactiveMe: "inactive-me-read-0123456789",
  guest: "federation-guest-token-0123456789",
};

const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const allBut = (scope: string) => ALL_SCOPES.filter((s) => s !== scope);

/** An hour from now: a grant expiring then still counts. */
const soon = new Date(Date.now() + 3_600_000).toISOString();

function world() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: ADMIN, email: "rica@example.org", display_name: "Rica Boss", password: PASSWORD.admin, date_of_birth: "1970-01-01", is_staff: true, is_superuser: true },
      { id: MANAGER, email: "marie@example.org", display_name: "Marie Manager", password: PASSWORD.manager, date_of_birth: "1985-12-24" },
      { id: HR, email: "hanna@example.org", display_name: "Hanna Personal", password: null, permissions: ["view_userprofile"] },
      { id: VOLUNTEER, email: "heinrich@example.org", display_name: "Heinrich Helfer", password: PASSWORD.volunteer, date_of_birth: "1990-02-03" },
      { id: INACTIVE, email: "ingrid@example.org", display_name: "Ingrid Inaktiv", password: null, is_active: false },
      { id: INVISIBLE, email: "iris@example.org", display_name: "Iris Invisible", password: null, date_of_birth: "2001-07-08", is_visible: false },
      { id: SPECIAL, email: "special-char.123+tag@toplevel.berlin", display_name: "Sonder Zeichen", password: null },
      { id: CASED, email: "Case.Sensitive@Example.org", display_name: "Carla Case", password: null },
      { id: APOSTROPHE, email: "o'neil@example.org", display_name: "Otto O'Neil", password: null },
      // The email gets a "%" below (the fixture format only takes plain addresses).
      { id: PERCENT, email: "percy@example.org", display_name: "Percy Prozent", password: null },
    ],
    groups: [
      { id: 1, name: "Managers", members: [MANAGER], permissions: ["view_userprofile", "add_userprofile", "change_userprofile", "delete_userprofile", "view_event"] },
      { id: 2, name: "Volunteers", members: [MANAGER, VOLUNTEER, INVISIBLE], permissions: [] },
    ],
    qualification_categories: [
      { id: 1, uuid: CAT_MEDICAL, title: "Medical", show_with_user: true },
      { id: 2, uuid: CAT_TECH, title: "Technical", show_with_user: false },
    ],
    qualifications: [
      { id: 1, uuid: Q.notsan, title: "Notfallsanitäter", abbreviation: "NotSan", category: 1, includes: [2] },
      { id: 2, uuid: Q.rs, title: "Rettungssanitäter", abbreviation: "RS", category: 1, includes: [3] },
      { id: 3, uuid: Q.san, title: "Sanitäter", abbreviation: "San", category: 1, includes: [] },
      { id: 4, uuid: Q.cycleA, title: "Zyklus A", abbreviation: "ZA", category: 2, includes: [5] },
      { id: 5, uuid: Q.cycleB, title: "Zyklus B", abbreviation: "ZB", category: 2, includes: [4, 3] },
      { id: 6, uuid: Q.driver, title: "Fahrer C1", abbreviation: "C1", category: 2, includes: [] },
      { id: 7, uuid: Q.lonely, title: "Einzeln", abbreviation: "E", category: 2, includes: [] },
    ],
    qualification_grants: [
      { user: VOLUNTEER, qualification: 1, expires: null },
      { user: VOLUNTEER, qualification: 4, expires: soon },
      { user: VOLUNTEER, qualification: 6, expires: "2020-01-01T00:00:00+01:00" },
      { user: MANAGER, qualification: 3, expires: "2099-12-31T23:59:59+01:00" },
      { user: INVISIBLE, qualification: 7, expires: null },
      { user: INACTIVE, qualification: 6, expires: "2021-06-01T00:00:00Z" },
    ],
    api_tokens: [
      { id: 1, user: ADMIN, token: TOKEN.adminConf, scope: ["CONFIDENTIAL_READ"] },
      { id: 2, user: MANAGER, token: TOKEN.managerConf, scope: ["CONFIDENTIAL_READ"] },
      { id: 3, user: MANAGER, token: TOKEN.managerMe, scope: ["ME_READ"] },
      { id: 4, user: MANAGER, token: TOKEN.managerPublic, scope: ["PUBLIC_READ"] },
      { id: 5, user: MANAGER, token: TOKEN.managerAllButConf, scope: allBut("CONFIDENTIAL_READ") },
      { id: 6, user: MANAGER, token: TOKEN.managerExpired, scope: ["CONFIDENTIAL_READ"], expires: "2020-01-01T00:00:00Z" },
      { id: 7, user: HR, token: TOKEN.hrConf, scope: ["CONFIDENTIAL_READ"] },
      { id: 8, user: VOLUNTEER, token: TOKEN.volunteerConf, scope: ["CONFIDENTIAL_READ"] },
      { id: 9, user: VOLUNTEER, token: TOKEN.volunteerMe, scope: ["ME_READ"] },
      { id: 10, user: VOLUNTEER, token: TOKEN.volunteerAllButMe, scope: allBut("ME_READ") },
      { id: 11, user: INVISIBLE, token: TOKEN.invisibleMe, scope: ["ME_READ"] },
      { id: 12, user: INACTIVE, token: TOKEN.inactiveMe, scope: ["ME_READ"] },
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: TOKEN.guest, client_id: "guest-client", client_secret: "guest-secret" }],
  };
}

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(world());
  await testDb().update(users).set({ email: "hundred%percent@example.org" }).where(eq(users.id, PERCENT));
});

type Json = Record<string, any>;

const get = (path: string, token?: string, headers: Record<string, string> = {}) => request(path, { headers: { ...(token ? bearer(token) : {}), ...headers } });

async function getJson(path: string, token?: string, status = 200): Promise<Json> {
  const response = await get(path, token);
  const body = await response.text();
  expect(response.status, `${path}: ${body}`).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/(vnd\.oai\.openapi\+)?json/);
  return JSON.parse(body);
}

/** `includes` is unordered: compare it as a sorted list. */
function normalized(profile: Json): Json {
  return { ...profile, qualifications: profile.qualifications.map((q: Json) => ({ ...q, includes: [...q.includes].sort() })) };
}

const sorted = (list: string[]) => [...list].sort();

const NOTSAN = { uuid: Q.notsan, title: "Notfallsanitäter", abbreviation: "NotSan", category: CAT_MEDICAL, includes: sorted([Q.rs, Q.san]) };
const CYCLE_A = { uuid: Q.cycleA, title: "Zyklus A", abbreviation: "ZA", category: CAT_TECH, includes: sorted([Q.cycleA, Q.cycleB, Q.san]) };
const SAN = { uuid: Q.san, title: "Sanitäter", abbreviation: "San", category: CAT_MEDICAL, includes: [] };

const HEINRICH = {
  id: VOLUNTEER,
  display_name: "Heinrich Helfer",
  date_of_birth: "1990-02-03",
  email: "heinrich@example.org",
  qualifications: [NOTSAN, CYCLE_A],
};

const VISIBLE_IDS = [ADMIN, MANAGER, HR, VOLUNTEER, INACTIVE, SPECIAL, CASED, APOSTROPHE, PERCENT];

describe("GET /api/users/", () => {
  it("lists visible users (inactive ones included) in id order with their profile", async () => {
    const body = await getJson("/api/users/", TOKEN.managerConf);
    expect(body.count).toBe(VISIBLE_IDS.length);
    expect(body.next).toBeNull();
    expect(body.previous).toBeNull();
    expect(body.results.map((u: Json) => u.id)).toEqual(VISIBLE_IDS);
    expect(Object.keys(body).sort()).toEqual(["count", "next", "previous", "results"]);
    for (const user of body.results) expect(Object.keys(user)).toEqual(["id", "display_name", "date_of_birth", "email", "qualifications"]);
    expect(normalized(body.results.find((u: Json) => u.id === VOLUNTEER))).toEqual(HEINRICH);
    // Only the expired grant, so nothing; a null date of birth stays null.
    expect(body.results.find((u: Json) => u.id === INACTIVE)).toEqual({ id: INACTIVE, display_name: "Ingrid Inaktiv", date_of_birth: null, email: "ingrid@example.org", qualifications: [] });
    expect(normalized(body.results.find((u: Json) => u.id === MANAGER)).qualifications).toEqual([SAN]);
    expect(body.results.find((u: Json) => u.id === PERCENT).email).toBe("hundred%percent@example.org");
  });

  it("computes the includes closure through chains and cycles", async () => {
    const body = await getJson("/api/users/4/", TOKEN.managerConf);
    const [notsan, cycle] = body.qualifications;
    // Direct include RS plus RS's include San; itself not reachable.
    expect(sorted(notsan.includes)).toEqual(sorted([Q.rs, Q.san]));
    // A → B → A (and B → San): a cycle lists the qualification itself, exactly once each.
    expect(cycle.includes).toHaveLength(3);
    expect(sorted(cycle.includes)).toEqual(sorted([Q.cycleA, Q.cycleB, Q.san]));
  });

  it("passes a group's, a user's and a superuser's view_userprofile, and sessions", async () => {
    for (const token of [TOKEN.managerConf, TOKEN.hrConf, TOKEN.adminConf]) {
      expect((await getJson("/api/users/", token)).count, token).toBe(VISIBLE_IDS.length);
    }
    const cookie = await login("marie@example.org", PASSWORD.manager);
    const response = await get("/api/users/", undefined, { Cookie: cookie });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).count).toBe(VISIBLE_IDS.length);
  });

  it("refuses users without the global view_userprofile", async () => {
    expect(await getJson("/api/users/", TOKEN.volunteerConf, 403)).toEqual(PERMISSION_DENIED);
    const cookie = await login("heinrich@example.org", PASSWORD.volunteer);
    const response = await get("/api/users/", undefined, { Cookie: cookie });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(PERMISSION_DENIED);
  });

  it("needs CONFIDENTIAL_READ", async () => {
    for (const token of [TOKEN.managerMe, TOKEN.managerPublic, TOKEN.managerAllButConf]) {
      expect(await getJson("/api/users/", token, 403), token).toEqual(PERMISSION_DENIED);
    }
    expect(await getJson("/api/users/", TOKEN.guest, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/users/", undefined, 403)).toEqual(NOT_AUTHENTICATED);
    expect(await getJson("/api/users/", TOKEN.managerExpired, 403)).toEqual(NOT_AUTHENTICATED);
    expect(await getJson("/api/users/", "no-such-token", 403)).toEqual(NOT_AUTHENTICATED);
  });

  it("searches display name and email, case-insensitively, every term required", async () => {
    const ids = async (search: string) => (await getJson(`/api/users/?search=${encodeURIComponent(search)}`, TOKEN.managerConf)).results.map((u: Json) => u.id);
    expect(await ids("MARIE")).toEqual([MANAGER]);
    expect(await ids("helfer heinrich")).toEqual([VOLUNTEER]);
    expect(await ids("heinrich,marie")).toEqual([]);
    expect(await ids("toplevel.berlin")).toEqual([SPECIAL]);
    expect(await ids("example.org")).toEqual(VISIBLE_IDS.filter((id) => id !== SPECIAL));
    expect(await ids('"Otto O\'Neil"')).toEqual([APOSTROPHE]);
    // Invisible users are not found by search either.
    expect(await ids("iris")).toEqual([]);
    // LIKE wildcards are literal.
    expect(await ids("%")).toEqual([PERCENT]);
    expect(await ids("_")).toEqual([]);
    expect(await ids("")).toEqual(VISIBLE_IDS);
    const body = await getJson("/api/users/?search=example.org&limit=2", TOKEN.managerConf);
    expect(body.count).toBe(VISIBLE_IDS.length - 1);
    // DRF writes the link's parameters sorted by name.
    expect(withoutPosition(body.next)).toBe(`${ORIGIN}/api/users/?limit=2&offset=2&search=example.org`);
  });

  it("paginates with absolute next and previous links", async () => {
    const page = await getJson("/api/users/?limit=2&offset=2", TOKEN.managerConf);
    expect(page.count).toBe(VISIBLE_IDS.length);
    expect(page.results.map((u: Json) => u.id)).toEqual([HR, VOLUNTEER]);
    expect(withoutPosition(page.next)).toBe(`${ORIGIN}/api/users/?limit=2&offset=4`);
    expect(page.previous).toBe(`${ORIGIN}/api/users/?limit=2`);
    // The qualifications belong to the users of this page.
    expect(normalized(page.results[1])).toEqual(HEINRICH);

    const last = await getJson("/api/users/?limit=4&offset=8", TOKEN.managerConf);
    expect(last.results.map((u: Json) => u.id)).toEqual([PERCENT]);
    expect(last.next).toBeNull();
    expect(last.previous).toBe(`${ORIGIN}/api/users/?limit=4&offset=4`);

    const beyond = await getJson("/api/users/?offset=50", TOKEN.managerConf);
    expect(beyond.results).toEqual([]);
    expect(beyond.count).toBe(VISIBLE_IDS.length);
    expect(beyond.previous).toBe(`${ORIGIN}/api/users/?limit=100`);
  });

  it("falls back on invalid or repeated limit and offset, never an error", async () => {
    for (const query of ["limit=0", "limit=-3", "limit=abc", "offset=-1", "offset=x", "limit=", "limit=1e3", "limit=%00", "offset=99999999999999999999999"]) {
      const body = await getJson(`/api/users/?${query}`, TOKEN.managerConf);
      expect(body.count, query).toBe(VISIBLE_IDS.length);
      expect(body.results.map((u: Json) => u.id), query).toEqual(VISIBLE_IDS);
    }
    const repeated = await getJson("/api/users/?limit=1&limit=3&offset=5&offset=1", TOKEN.managerConf);
    expect(repeated.results.map((u: Json) => u.id)).toEqual([MANAGER, HR, VOLUNTEER]);
    expect(withoutPosition(repeated.next)).toBe(`${ORIGIN}/api/users/?limit=3&offset=4`);
  });

  it("costs the same number of D1 queries for one user or a hundred", async () => {
    const one = await get("/api/users/?limit=1", TOKEN.managerConf);
    const hundred = await get("/api/users/?limit=100", TOKEN.managerConf);
    expect(one.status).toBe(200);
    expect(hundred.status).toBe(200);
    expect(((await hundred.json()) as Json).results).toHaveLength(VISIBLE_IDS.length);
    expect(d1Cost(one)).toEqual(d1Cost(hundred));
  });
});

describe("GET /api/users/{id}/", () => {
  it("shows one visible user, inactive ones included", async () => {
    expect(normalized(await getJson("/api/users/4/", TOKEN.managerConf))).toEqual(HEINRICH);
    expect((await getJson("/api/users/5/", TOKEN.hrConf)).email).toBe("ingrid@example.org");
    expect((await getJson("/api/users/7/", TOKEN.adminConf)).email).toBe("special-char.123+tag@toplevel.berlin");
  });

  it("hides invisible and unknown users", async () => {
    const missing = { detail: "No UserProfile matches the given query." };
    expect(await getJson(`/api/users/${INVISIBLE}/`, TOKEN.adminConf, 404)).toEqual(missing);
    expect(await getJson("/api/users/999/", TOKEN.managerConf, 404)).toEqual(missing);
    expect(await getJson("/api/users/0/", TOKEN.managerConf, 404)).toEqual(missing);
  });

  it("answers malformed ids with Not found", async () => {
    for (const id of ["abc", "1.5", "4a", "%20", "99999999999999999999", "by_email", "%E2%82%AC", "%zz"]) {
      expect(await getJson(`/api/users/${id}/`, TOKEN.managerConf, 404), id).toEqual({ detail: "Not found." });
    }
  });

  it("needs CONFIDENTIAL_READ and the global view_userprofile", async () => {
    expect(await getJson("/api/users/4/", TOKEN.volunteerConf, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/users/4/", TOKEN.managerMe, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/users/4/", TOKEN.managerAllButConf, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/users/4/", undefined, 403)).toEqual(NOT_AUTHENTICATED);
  });

  it("costs a fixed number of D1 queries", async () => {
    expect(d1Queries(await get("/api/users/1/", TOKEN.managerConf))).toBe(d1Queries(await get("/api/users/4/", TOKEN.managerConf)));
  });
});

describe("GET /api/users/by_email/{email}/", () => {
  const byEmail = (segment: string, token = TOKEN.managerConf, status = 200) => getJson(`/api/users/by_email/${segment}/`, token, status);
  const MISSING = { detail: "No UserProfile matches the given query." };

  it("finds a visible user by exact email", async () => {
    expect(normalized(await byEmail("heinrich@example.org"))).toEqual(HEINRICH);
    expect((await byEmail("special-char.123+tag@toplevel.berlin")).id).toBe(SPECIAL);
    expect((await byEmail("Case.Sensitive@Example.org")).id).toBe(CASED);
    expect((await byEmail("o'neil@example.org")).id).toBe(APOSTROPHE);
    expect((await byEmail("ingrid@example.org")).id).toBe(INACTIVE);
  });

  it("decodes percent-encoding once", async () => {
    expect((await byEmail(encodeURIComponent("special-char.123+tag@toplevel.berlin"))).id).toBe(SPECIAL);
    expect((await byEmail("heinrich%40example%2Eorg")).id).toBe(VOLUNTEER);
    expect((await byEmail("hundred%25percent@example.org")).id).toBe(PERCENT);
    // Not decodable: taken as written, as Django does.
    expect((await byEmail("hundred%percent@example.org")).id).toBe(PERCENT);
    // Decoded once only: "%2525" is "%25", not "%".
    expect(await byEmail("hundred%2525percent@example.org", TOKEN.managerConf, 404)).toEqual(MISSING);
  });

  it("matches case-sensitively", async () => {
    expect(await byEmail("case.sensitive@example.org", TOKEN.managerConf, 404)).toEqual(MISSING);
    expect(await byEmail("HEINRICH@example.org", TOKEN.managerConf, 404)).toEqual(MISSING);
  });

  it("does not find invisible users, partial or unknown addresses", async () => {
    for (const email of ["iris@example.org", "heinrich@example", "heinrich", "%25", "_einrich@example.org", "nobody@example.org"]) {
      expect(await byEmail(email, TOKEN.adminConf, 404), email).toEqual(MISSING);
    }
  });

  it("answers odd characters and broken percent-encoding with a JSON 404, never a 500", async () => {
    const segments = ["%", "%zz", "%E0%A4%A", "%FF%FE", "%C0%AF", "%00", "a%00b@example.org", "%2F", "a%2Fb@example.org", "%5C", "ä@ö.de", "%E2%82%AC@example.org", "'; DROP TABLE users; --", "\"quoted\"@example.org", "<script>", "x".repeat(3000), "%F0%9F%98%80", ";", "@", "~", "!$&()*,=:"];
    for (const segment of segments) {
      const response = await get(`/api/users/by_email/${segment}/`, TOKEN.managerConf);
      expect(response.status, segment).toBe(404);
      const body = (await response.json()) as Json;
      expect(["No UserProfile matches the given query.", "Not found."], segment).toContain(body.detail);
    }
  });

  it("without an email, is the detail route with a non-numeric id", async () => {
    expect(await getJson("/api/users/by_email/", TOKEN.managerConf, 404)).toEqual({ detail: "Not found." });
  });

  it("needs CONFIDENTIAL_READ and the global view_userprofile", async () => {
    expect((await byEmail("heinrich@example.org", TOKEN.hrConf)).id).toBe(VOLUNTEER);
    expect((await byEmail("heinrich@example.org", TOKEN.adminConf)).id).toBe(VOLUNTEER);
    // The permission is checked before the lookup: no probing for addresses.
    expect(await byEmail("heinrich@example.org", TOKEN.volunteerConf, 403)).toEqual(PERMISSION_DENIED);
    expect(await byEmail("nobody@example.org", TOKEN.volunteerConf, 403)).toEqual(PERMISSION_DENIED);
    expect(await byEmail("heinrich@example.org", TOKEN.managerMe, 403)).toEqual(PERMISSION_DENIED);
    expect(await byEmail("heinrich@example.org", TOKEN.managerAllButConf, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/users/by_email/heinrich@example.org/", undefined, 403)).toEqual(NOT_AUTHENTICATED);
  });
});

describe("GET /api/users/me/", () => {
  it("returns the token's own profile", async () => {
    expect(normalized(await getJson("/api/users/me/", TOKEN.volunteerMe))).toEqual(HEINRICH);
    expect((await getJson("/api/users/me/", TOKEN.managerMe)).id).toBe(MANAGER);
  });

  it("returns it even for an invisible user", async () => {
    expect(await getJson("/api/users/me/", TOKEN.invisibleMe)).toEqual({
      id: INVISIBLE,
      display_name: "Iris Invisible",
      date_of_birth: "2001-07-08",
      email: "iris@example.org",
      qualifications: [{ uuid: Q.lonely, title: "Einzeln", abbreviation: "E", category: CAT_TECH, includes: [] }],
    });
  });

  it("works for sessions", async () => {
    const cookie = await login("heinrich@example.org", PASSWORD.volunteer);
    const response = await get("/api/users/me/", undefined, { Cookie: cookie });
    expect(response.status).toBe(200);
    expect(normalized((await response.json()) as Json)).toEqual(HEINRICH);
  });

  it("needs ME_READ and a user", async () => {
    expect(await getJson("/api/users/me/", TOKEN.volunteerConf, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/users/me/", TOKEN.volunteerAllButMe, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/users/me/", TOKEN.guest, 403)).toEqual(PERMISSION_DENIED);
    expect(await getJson("/api/users/me/", undefined, 403)).toEqual(NOT_AUTHENTICATED);
    // The token of an inactive user does not authenticate.
    expect(await getJson("/api/users/me/", TOKEN.inactiveMe, 403)).toEqual(NOT_AUTHENTICATED);
  });

  it("is not captured by the detail route, nor /me without slash", async () => {
    expect((await getJson("/api/users/me/", TOKEN.volunteerMe)).id).toBe(VOLUNTEER);
    const redirect = await get("/api/users/me", TOKEN.volunteerMe);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("Location")).toBe("/api/users/me/");
  });
});

describe("unsafe methods", () => {
  const send = (method: string, path: string, token?: string) =>
    request(path, { method, headers: { "Content-Type": "application/json", ...(token ? bearer(token) : {}) }, body: method === "DELETE" ? undefined : JSON.stringify({ email: "new@example.org" }) });

  const modelPaths = ["/api/users/", "/api/users/4/", "/api/users/by_email/heinrich@example.org/", "/api/users/999/"];

  // The writes themselves and the 405s of the rest: test/features/users-write.test.ts.
  it("need CONFIDENTIAL_WRITE: read tokens are refused whatever their permissions", async () => {
    for (const path of modelPaths) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const label = `${method} ${path}`;
        for (const token of [TOKEN.adminConf, TOKEN.managerConf, TOKEN.hrConf, TOKEN.volunteerConf]) {
          const refused = await send(method, path, token);
          expect(refused.status, label).toBe(403);
          expect(await refused.json()).toEqual(PERMISSION_DENIED);
        }
        const anonymous = await send(method, path);
        expect(anonymous.status, label).toBe(403);
        expect(await anonymous.json()).toEqual(NOT_AUTHENTICATED);
      }
    }
  });

  // PATCH is the profile update (test/features/users-me-write.test.ts).
  it("on /api/users/me/: 405 for any user with ME_READ (ephios's one check there), 403 without it", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const answered = await send(method, "/api/users/me/", TOKEN.volunteerMe);
      expect(answered.status, method).toBe(405);
      expect(await answered.json()).toEqual({ detail: `Method "${method}" not allowed.` });
      // every scope but ME_READ: ME_WRITE does not stand in for it
      for (const token of [TOKEN.volunteerAllButMe, TOKEN.volunteerConf]) {
        const wrongScope = await send(method, "/api/users/me/", token);
        expect(wrongScope.status, method).toBe(403);
        expect(await wrongScope.json()).toEqual(PERMISSION_DENIED);
      }
      const anonymous = await send(method, "/api/users/me/");
      expect(anonymous.status, method).toBe(403);
      expect(await anonymous.json()).toEqual(NOT_AUTHENTICATED);
    }
  });

  it("change nothing", async () => {
    await send("DELETE", "/api/users/4/", TOKEN.adminConf);
    await send("PATCH", "/api/users/me/", TOKEN.volunteerMe);
    expect((await getJson("/api/users/4/", TOKEN.managerConf)).email).toBe("heinrich@example.org");
  });
});

describe("OpenAPI document", () => {
  it("describes the user routes", async () => {
    const doc = await getJson("/api/schema/?format=json");
    for (const path of ["/api/users/", "/api/users/{id}/", "/api/users/by_email/{email}/", "/api/users/me/"]) expect(Object.keys(doc.paths), path).toContain(path);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["UserProfile", "Qualification", "PaginatedUserProfileList"]));
  });
});
