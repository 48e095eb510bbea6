/**
 * Review of issue 12: no cache (the browser's disk cache, a proxy in between) keeps an answer that
 * may hold personal data, or serves one caller's answer to another. Every answer of every GET
 * route, to a session, a token and an anonymous caller, is `Cache-Control: no-store`, except the
 * few that are the same for everyone. The reproduction: answers to authenticated requests (a user's
 * phone number, participations) and all pages came without any Cache-Control.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, request } from "../helpers/http";
import { type RouteAnswer, routeAnswers } from "../helpers/routes";

/** Answers without anything personal, the same for every caller. */
const SHARED = ["/api/schema/", "/api/health/", "/.well-known/oauth-authorization-server"];

let answers: RouteAnswer[];

beforeAll(async () => {
  answers = await routeAnswers();
});

describe("Cache-Control", () => {
  it("walks answers with personal data, not only errors", () => {
    const me = answers.filter((a) => a.path === "/api/users/me/" && a.caller !== "anonymous");
    expect(me.map((a) => a.status)).toEqual([200, 200]);
  });

  it("is no-store on every answer but the shared ones", () => {
    for (const { caller, path, status, headers } of answers) {
      if (SHARED.includes(path)) continue;
      expect(headers.get("Cache-Control"), `${caller} GET ${path} (${status})`).toBe("no-store");
    }
  });

  it("leaves the shared answers cacheable", () => {
    for (const { caller, path, headers } of answers.filter((a) => SHARED.includes(a.path))) {
      expect(headers.get("Cache-Control"), `${caller} GET ${path}`).toBeNull();
    }
  });

  it("covers redirects, errors and unsafe methods too", async () => {
    const cases = [
      await request("/api/health"), // the trailing-slash 301, cacheable by default
      await request("/api/nothing-here/"),
      await request("/api/users/me/", { method: "PATCH", headers: { ...bearer("unknown-token"), "Content-Type": "application/json" }, body: "{}" }),
    ];
    expect(cases.map((r) => r.status)).toEqual([301, 404, 403]);
    for (const response of cases) expect(response.headers.get("Cache-Control")).toBe("no-store");
  });
});
