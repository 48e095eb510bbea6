// What a real ephios (Django 5.2, DRF 3.17.1) answers at the HTTP level where a side-by-side run
// found this server answering otherwise (issue #14): 405 for a method `/api/users/me/` does not
// have, DRF's `Allow` and `Vary` headers, and the trailing-slash redirect, format suffixes,
// OPTIONS metadata and 404 texts of Django's URL resolver and DRF's router.
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { DRF_VIEW_PATTERNS } from "../../src/middleware/drf-views";
import { resetWorld } from "../helpers/db";
import { NOT_AUTHENTICATED, PERMISSION_DENIED, bearer, request } from "../helpers/http";

const TOKEN = {
  admin: "whp-admin-token-0123456789",
  meRead: "whp-volunteer-me-read-0123456789",
  publicRead: "whp-volunteer-public-read-0123456789",
  allButMeRead: "whp-volunteer-all-but-me-read-0123456789",
  volunteerWrite: "whp-volunteer-public-write-0123456789",
};

function world() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_superuser: true, is_staff: true },
      { id: 2, email: "volunteer@example.org", display_name: "Vera Volunteer", password: null },
    ],
    event_types: [{ id: 1, title: "Dienst" }],
    events: [{ id: 1, title: "Sanitätsdienst", description: null, location: "Halle", type: 1, active: true }],
    shifts: [{ id: 1, event: 1, meeting_time: "2099-06-01T08:00:00", start_time: "2099-06-01T08:00:00", end_time: "2099-06-01T16:00:00", signup_flow_slug: "instant_confirmation", structure_slug: "uniform" }],
    api_tokens: [
      { id: 1, user: 1, token: TOKEN.admin, scope: ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] },
      { id: 2, user: 2, token: TOKEN.meRead, scope: ["ME_READ"] },
      { id: 3, user: 2, token: TOKEN.publicRead, scope: ["PUBLIC_READ"] },
      { id: 4, user: 2, token: TOKEN.allButMeRead, scope: ["PUBLIC_READ", "PUBLIC_WRITE", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] },
      { id: 5, user: 2, token: TOKEN.volunteerWrite, scope: ["PUBLIC_READ", "PUBLIC_WRITE"] },
    ],
  };
}

/** The status, the JSON content type and the body's exact text (key order included). */
async function expectAnswer(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(await response.text()).toBe(JSON.stringify(body));
}

const send = (method: string, path: string, token?: string, headers: Record<string, string> = {}) =>
  request(path, { method, headers: { ...(token ? bearer(token) : {}), ...headers } });

beforeAll(() => resetWorld(world()));

describe("405, not 403, for a method /api/users/me/ does not have", () => {
  it("ME_READ passes ephios's only permission check there: POST, PUT and DELETE answer 405 with Allow", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await send(method, "/api/users/me/", TOKEN.meRead);
      expect(response.headers.get("Allow"), method).toBe("GET, PATCH, HEAD, OPTIONS");
      await expectAnswer(response, 405, { detail: `Method "${method}" not allowed.` });
    }
  });

  it("without ME_READ (even with ME_WRITE) 403, anonymous 403 with ephios's other text", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      for (const token of [TOKEN.publicRead, TOKEN.allButMeRead]) await expectAnswer(await send(method, "/api/users/me/", token), 403, PERMISSION_DENIED);
      await expectAnswer(await send(method, "/api/users/me/"), 403, NOT_AUTHENTICATED);
    }
  });
});

describe("the headers DRF sends on every answer of a view", () => {
  const VARY = "Accept, Accept-Language, Cookie";

  it("Allow: the view's methods in DRF's order, HEAD beside GET, OPTIONS; also on errors", async () => {
    const cases: [string, string, string | undefined, number, string][] = [
      ["GET", "/api/events/", TOKEN.admin, 200, "GET, POST, HEAD, OPTIONS"],
      ["GET", "/api/events/1/", TOKEN.admin, 200, "GET, PATCH, DELETE, HEAD, OPTIONS"],
      ["GET", "/api/events/999/", TOKEN.admin, 404, "GET, PATCH, DELETE, HEAD, OPTIONS"],
      ["GET", "/api/events/", undefined, 403, "GET, POST, HEAD, OPTIONS"],
      ["PUT", "/api/events/1/", TOKEN.admin, 405, "GET, PATCH, DELETE, HEAD, OPTIONS"],
      ["GET", "/api/buildingblocks/", TOKEN.admin, 200, "GET, HEAD, OPTIONS"],
      ["POST", "/api/buildingblocks/", TOKEN.admin, 405, "GET, HEAD, OPTIONS"],
      ["GET", "/api/users/me/", TOKEN.meRead, 200, "GET, PATCH, HEAD, OPTIONS"],
      ["GET", "/api/", TOKEN.admin, 200, "GET, HEAD, OPTIONS"],
    ];
    for (const [method, path, token, status, allow] of cases) {
      const response = await send(method, path, token);
      expect(response.status, `${method} ${path}`).toBe(status);
      expect(response.headers.get("Allow"), `${method} ${path}`).toBe(allow);
      expect(response.headers.get("Vary"), `${method} ${path}`).toBe(VARY);
      expect(response.headers.get("Content-Language"), `${method} ${path}`).toBe("en");
    }
  });

  it("beside CORS's headers; none of these outside DRF's views", async () => {
    const cors = await send("GET", "/api/events/", TOKEN.admin, { Origin: "https://elsewhere.example" });
    expect(cors.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(cors.headers.get("Vary")).toBe(VARY);
    for (const path of ["/api/nothing-here/", "/accounts/login/"]) {
      const response = await send("GET", path);
      expect(response.headers.get("Allow"), path).toBeNull();
    }
  });
});

describe("Django's and DRF's small answers", () => {
  it("redirects a path without its slash relatively, as Django's CommonMiddleware writes it", async () => {
    const response = await send("GET", "/api/events?limit=1", TOKEN.admin);
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe("/api/events/?limit=1");
  });

  it("looks up an integer pk the router passes (-1, 999) and names the model; anything else is Not found.", async () => {
    const model: Record<string, string> = { events: "Event", shifts: "Shift", participations: "AbstractParticipation", users: "UserProfile" };
    for (const [prefix, name] of Object.entries(model)) {
      for (const id of ["-1", "999"]) await expectAnswer(await send("GET", `/api/${prefix}/${id}/`, TOKEN.admin), 404, { detail: `No ${name} matches the given query.` });
      await expectAnswer(await send("GET", `/api/${prefix}/abc/`, TOKEN.admin), 404, { detail: "Not found." });
    }
  });

  it("GET /api/schema/ honours Accept as drf-spectacular's renderers do", async () => {
    const json = await send("GET", "/api/schema/", undefined, { Accept: "application/json" });
    expect(json.status).toBe(200);
    expect(json.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(((await json.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    const yaml = await send("GET", "/api/schema/", undefined, { Accept: "text/html, */*" });
    expect(yaml.headers.get("Content-Type")).toBe("application/vnd.oai.openapi; charset=utf-8");
    expect(await yaml.text()).toMatch(/^openapi: /);
    const forced = await send("GET", "/api/schema/?format=json", undefined, { Accept: "application/yaml" });
    expect(forced.headers.get("Content-Type")).toBe("application/vnd.oai.openapi+json; charset=utf-8");
  });
});

describe("format suffixes and ?format as DRF's DefaultRouter and negotiation make them", () => {
  const NOT_FOUND = { detail: "Not found." };
  /** The status and body of a GET as the admin. */
  const get = async (path: string, token: string | undefined = TOKEN.admin) => {
    const response = await send("GET", path, token);
    return { status: response.status, location: response.headers.get("Location"), allow: response.headers.get("Allow"), text: await response.text() };
  };

  it("a router route's `.json` answers what its slashed path answers, without a redirect, with or without the slash after it", async () => {
    for (const [suffixed, plain] of [
      ["/api/events.json", "/api/events/"],
      ["/api/events.json/", "/api/events/"],
      ["/api/events/1.json", "/api/events/1/"],
      ["/api/events/1.json/", "/api/events/1/"],
      ["/api/shifts.json", "/api/shifts/"],
      ["/api/users/me/participations.json", "/api/users/me/participations/"],
      ["/api/users/2/participations.json", "/api/users/2/participations/"],
      ["/api/buildingblocks.json", "/api/buildingblocks/"],
      ["/api/users/by_email/admin@example.org.json", "/api/users/by_email/admin@example.org/"],
    ]) {
      const expected = await get(plain);
      expect(expected.status, plain).toBe(200);
      expect(await get(suffixed), suffixed).toEqual(expected);
    }
  });

  it("the API root asked as `/api/.json` links the lists with that suffix, as DRF's root reverses them with its format", async () => {
    const links = (await (await send("GET", "/api/.json", TOKEN.admin)).json()) as Record<string, string>;
    expect(links.events).toBe("http://127.0.0.1:8787/api/events.json");
    expect(links["users/me/participations"]).toBe("http://127.0.0.1:8787/api/users/me/participations.json");
    const plain = (await (await send("GET", "/api/?format=json", TOKEN.admin)).json()) as Record<string, string>;
    expect(plain.events).toBe("http://127.0.0.1:8787/api/events/");
  });

  it("next and previous links keep the suffixed path, as DRF builds them from the request's URL", async () => {
    const first = (await (await send("GET", "/api/users.json?limit=1", TOKEN.admin)).json()) as { next: string };
    expect(first.next).toMatch(/^http:\/\/127\.0\.0\.1:8787\/api\/users\.json\?/);
    const second = (await (await send("GET", first.next.slice("http://127.0.0.1:8787".length), TOKEN.admin)).json()) as { previous: string };
    expect(second.previous).toMatch(/^http:\/\/127\.0\.0\.1:8787\/api\/users\.json\?/);
  });

  it("any method, and HEAD", async () => {
    const patched = await send("PATCH", "/api/events/1.json", TOKEN.admin, { "Content-Type": "application/json" });
    expect(patched.status).toBe(400);
    const head = await send("HEAD", "/api/events.json", TOKEN.admin);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("a suffix with no router route behind it is no route: `/api/events/.json`, `/api/events/1.2.json`, `/api/users/me.json` reaches the users' detail with the lookup `me`", async () => {
    await expectAnswer(await send("GET", "/api/events/.json", TOKEN.admin), 404, NOT_FOUND);
    // `/api/users/me/` has no suffixed pattern (an explicit path before the router).
    await expectAnswer(await send("GET", "/api/users/me.json", TOKEN.admin), 404, NOT_FOUND);
    await expectAnswer(await send("GET", "/api/users/me.json", TOKEN.allButMeRead), 403, PERMISSION_DENIED);
    expect((await get("/api/users/me.json")).allow).toBe("GET, PATCH, DELETE, HEAD, OPTIONS");
    // Extra routes of this server take no suffix.
    await expectAnswer(await send("POST", "/api/shifts/1/signup.json", TOKEN.admin), 404, NOT_FOUND);
  });

  it("a format no renderer has is 404 Not found., before authentication, with the view's Allow; the suffix wins over ?format", async () => {
    for (const [path, token] of [
      ["/api/events.xml", TOKEN.admin],
      ["/api/events/1.xml", undefined],
      ["/api/events/?format=xml", undefined],
      ["/api/events/?format=json&format=xml", TOKEN.admin],
      ["/api/events.xml?format=json", TOKEN.admin],
      ["/api/users/me/?format=yaml", TOKEN.meRead],
      ["/api/schema/?format=xml", undefined],
    ] as const) {
      const response = await send("GET", path, token);
      expect(response.headers.get("Allow"), path).not.toBeNull();
      await expectAnswer(response, 404, NOT_FOUND);
    }
    expect((await get("/api/events.xml")).allow).toBe("GET, POST, HEAD, OPTIONS");
  });

  it("?format=json, the last of several, an empty one, and the browsable API's `api` answer JSON", async () => {
    const expected = await get("/api/events/");
    for (const path of ["/api/events/?format=json", "/api/events/?format=xml&format=json", "/api/events/?format=", "/api/events/?format=api", "/api/events.api", "/api/events.json?format=xml"]) {
      expect(await get(path), path).toEqual(expected);
    }
    const yaml = await send("GET", "/api/schema/?format=yaml", undefined);
    expect(yaml.headers.get("Content-Type")).toBe("application/vnd.oai.openapi; charset=utf-8");
  });

  it("users/by_email's lookup takes dots: without its slash the last dot is a format (ephios: 404, no redirect)", async () => {
    await expectAnswer(await send("GET", "/api/users/by_email/admin@example.org", TOKEN.admin), 404, NOT_FOUND);
    await expectAnswer(await send("GET", "/api/users/by_email/admin@example.json", TOKEN.admin), 404, { detail: "No UserProfile matches the given query." });
  });
});

describe("OPTIONS answers DRF's metadata; CORS preflights stay CORS's", () => {
  const RENDERS = ["application/json", "text/html"];
  const PARSES = ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"];
  const metadata = (name: string, description = "") => ({ name, description, renders: RENDERS, parses: PARSES });

  it("the view's name, docstring, renderers and parsers, with Allow", async () => {
    const cases: [string, string | undefined, unknown, string][] = [
      ["/api/", TOKEN.admin, metadata("Api Root", "The default basic root view for DefaultRouter"), "GET, HEAD, OPTIONS"],
      ["/api/events/", TOKEN.admin, metadata("Event List"), "GET, POST, HEAD, OPTIONS"],
      ["/api/events/1/", TOKEN.admin, metadata("Event Instance"), "GET, PATCH, DELETE, HEAD, OPTIONS"],
      ["/api/events/999/", TOKEN.admin, metadata("Event Instance"), "GET, PATCH, DELETE, HEAD, OPTIONS"],
      ["/api/events.json", TOKEN.admin, metadata("Event List"), "GET, POST, HEAD, OPTIONS"],
      [
        "/api/participations/",
        TOKEN.admin,
        metadata("Participation List", "Remove information that would not be visible in the web version,\ni.e. no email and date of birth of participants"),
        "GET, HEAD, OPTIONS",
      ],
      ["/api/participations-userinfo/1/", TOKEN.admin, metadata("Userinfo Participation Instance"), "GET, PATCH, HEAD, OPTIONS"],
      ["/api/users/me/", TOKEN.meRead, metadata("User Profile Me"), "GET, PATCH, HEAD, OPTIONS"],
      ["/api/users/by_email/admin@example.org/", TOKEN.admin, metadata("User By Mail Instance"), "GET, HEAD, OPTIONS"],
      ["/api/users/me/participations/", TOKEN.meRead, metadata("Own Participations List"), "GET, HEAD, OPTIONS"],
      ["/api/users/2/participations/", TOKEN.admin, metadata("User Participation List"), "GET, HEAD, OPTIONS"],
      ["/api/buildingblocks/", TOKEN.admin, metadata("Building Block List"), "GET, HEAD, OPTIONS"],
      [
        "/api/federation/setup/",
        undefined,
        metadata("Redeem Invite Code", "API view that accepts an InviteCode and creates a FederatedGuest (to start sharing events with that instance)."),
        "POST, OPTIONS",
      ],
    ];
    for (const [path, token, body, allow] of cases) {
      const response = await send("OPTIONS", path, token);
      expect(response.headers.get("Allow"), path).toBe(allow);
      await expectAnswer(response, 200, body);
    }
  });

  it("after the view's authentication and scopes, as DRF runs OPTIONS; no model permission is asked", async () => {
    await expectAnswer(await send("OPTIONS", "/api/events/"), 403, NOT_AUTHENTICATED);
    await expectAnswer(await send("OPTIONS", "/api/events/", TOKEN.meRead), 403, PERMISSION_DENIED);
    // The volunteer lacks view_userprofile, which ephios's perms_map does not ask of OPTIONS.
    await expectAnswer(await send("OPTIONS", "/api/users/", TOKEN.allButMeRead), 200, metadata("User List"));
    await expectAnswer(await send("GET", "/api/users/", TOKEN.allButMeRead), 403, PERMISSION_DENIED);
    await expectAnswer(await send("OPTIONS", "/api/events/?format=xml", TOKEN.admin), 404, { detail: "Not found." });
  });

  it("with CORS's answer headers for a script on another site", async () => {
    const response = await send("OPTIONS", "/api/events/", TOKEN.admin, { Origin: "https://elsewhere.example" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Expose-Headers")).toBe("x-d1-bookmark,Server-Timing,ETag");
    expect(response.headers.get("Access-Control-Allow-Methods")).toBeNull();
  });

  it("a preflight (Access-Control-Request-Method) is answered by CORS as before: 204, no body, no credentials needed", async () => {
    for (const path of ["/api/events/", "/api/users/me/", "/api/oauth/token/", "/api/schema/"]) {
      const preflight = await send("OPTIONS", path, undefined, { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "authorization" });
      expect(preflight.status, path).toBe(204);
      expect(await preflight.text()).toBe("");
      expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
      expect(preflight.headers.get("Access-Control-Allow-Methods")).toBe("GET,HEAD,PUT,POST,DELETE,PATCH,QUERY");
      expect(preflight.headers.get("Access-Control-Allow-Headers")).toBe("Authorization,Content-Type,If-Match,x-d1-bookmark");
      expect(preflight.headers.get("Access-Control-Max-Age")).toBe("86400");
    }
  });

  it("paths that are no DRF view keep CORS's answer to any OPTIONS", async () => {
    for (const path of ["/api/oauth/token/", "/api/schema/", "/api/nothing-here/"]) expect((await send("OPTIONS", path)).status, path).toBe(204);
  });
});

describe("which API paths are DRF views", () => {
  /** Under /api/ but Django views in ephios: DOT's endpoints, the settings pages, the federation's OAuth callback. */
  const NOT_DRF = [/^\/api\/oauth\//, /^\/api\/settings\//, /^\/api\/federation\/oauth-callback\/$/];

  it("every routed API path is named as a DRF view (format suffixes, ?format, OPTIONS), or is none of ephios's", () => {
    const paths = new Set(app.routes.filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && !NOT_DRF.some((p) => p.test(r.path))).map((r) => r.path));
    expect([...paths].sort()).toEqual([...DRF_VIEW_PATTERNS].sort());
  });
});
