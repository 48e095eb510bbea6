import { describe, expect, it } from "vitest";
import { request } from "../helpers/http";

const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/;

describe("D1 sessions (read replicas)", () => {
  it("returns the session's bookmark on API responses", async () => {
    const response = await request("/api/health/");
    expect(response.headers.get("x-d1-bookmark")).toMatch(BOOKMARK);
  });

  it("starts from the bookmark the client sends", async () => {
    const first = await request("/api/health/");
    const bookmark = first.headers.get("x-d1-bookmark")!;
    const second = await request("/api/health/", { headers: { "x-d1-bookmark": bookmark } });
    expect(second.status).toBe(200);
    expect(second.headers.get("x-d1-bookmark")! >= bookmark).toBe(true);
  });

  it.each(["garbage", "first-primary", "0000-0000", "x".repeat(5000)])("refuses the malformed bookmark %j with 400", async (bookmark) => {
    const response = await request("/api/health/", { headers: { "x-d1-bookmark": bookmark } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ detail: "Invalid x-d1-bookmark header." });
  });

  it("exposes the bookmark to browser scripts through CORS", async () => {
    const response = await request("/api/health/", { headers: { Origin: "https://app.example.org" } });
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Expose-Headers")).toContain("x-d1-bookmark");
    const preflight = await request("/api/events/", {
      method: "OPTIONS",
      headers: { Origin: "https://app.example.org", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization, x-d1-bookmark" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("x-d1-bookmark");
    expect(preflight.headers.get("Access-Control-Allow-Credentials")).toBeNull();
  });
});
