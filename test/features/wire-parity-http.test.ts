// What a real ephios (Django 5.2, DRF 3.17.1) answers at the HTTP level where a side-by-side run
// found this server answering otherwise (issue #14): 405 for a method `/api/users/me/` does not
// have, DRF's `Allow` and `Vary` headers, and the trailing-slash redirect, format suffixes,
// OPTIONS metadata and 404 texts of Django's URL resolver and DRF's router.
import { beforeAll, describe, expect, it } from "vitest";
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
