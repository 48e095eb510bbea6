import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { ApiError, validationError } from "../../src/lib/errors";
import { d1Timing } from "../helpers/timing";

const BASE = "http://127.0.0.1:8787";
const fetchApi = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

describe("trailing slashes", () => {
  it("redirects a GET without the slash permanently, keeping the query", async () => {
    const response = await fetchApi("/api/health?x=1", { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("Location")).toBe("/api/health/?x=1");
  });

  it("does not redirect to a path that does not exist either", async () => {
    const response = await fetchApi("/api/nothing-here", { redirect: "manual" });
    expect(response.status).toBe(404);
  });
});

describe("error bodies", () => {
  it("answers unknown API URLs with a JSON 404", async () => {
    const response = await fetchApi("/api/nothing-here/");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ detail: "Not found." });
  });

  it("answers unknown pages with an HTML 404", async () => {
    const response = await fetchApi("/elsewhere/");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Not found.");
  });

  it("answers a known path with another method with 405 and Allow", async () => {
    const response = await fetchApi("/api/health/", { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    expect(await response.json()).toEqual({ detail: 'Method "DELETE" not allowed.' });
  });

  it("writes a thrown ApiError as its ephios body and status", async () => {
    const app = createApp();
    app.get("/api/fail/", () => {
      throw validationError({ type: ["Select a valid choice. That choice is not one of the available choices."] });
    });
    app.get("/api/forbidden/", () => {
      throw new ApiError(403, { detail: "You do not have permission to perform this action." });
    });
    const invalid = await app.request("/api/fail/", {}, env);
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({ type: ["Select a valid choice. That choice is not one of the available choices."] });
    const forbidden = await app.request("/api/forbidden/", {}, env);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ detail: "You do not have permission to perform this action." });
  });

  it("hides the details of an unexpected error", async () => {
    const app = createApp();
    app.get("/api/crash/", () => {
      throw new Error("database password is hunter2");
    });
    const response = await app.request("/api/crash/", {}, env);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ detail: "A server error occurred." });
    expect(text).not.toContain("hunter2");
    expect(response.headers.get("Server-Timing")).toMatch(/^d1;/);
  });
});

describe("response headers", () => {
  it("sets secure headers", async () => {
    const response = await fetchApi("/api/health/");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("X-Frame-Options")).toBe("DENY");
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
  });

  it("reports D1 cost in Server-Timing on every response", async () => {
    const noDatabase = d1Timing(await fetchApi("/accounts/login/"));
    expect(noDatabase).toMatchObject({ queries: 0, rowsRead: 0, rowsWritten: 0, total: true });
    expect(d1Timing(await fetchApi("/api/nothing-here/")).queries).toBe(0);
    expect(d1Timing(await fetchApi("/api/health", { redirect: "manual" })).queries).toBe(0);
  });

  it("counts the queries and rows a request reads", async () => {
    const response = await fetchApi("/api/health/");
    expect(response.status).toBe(200);
    const migrations = env.TEST_MIGRATIONS.length;
    expect(await response.json()).toEqual({ status: "ok", migrations });
    const timing = d1Timing(response);
    expect(timing.queries).toBe(1);
    expect(timing.rowsRead).toBe(migrations);
    expect(timing.rowsWritten).toBe(0);
  });
});
