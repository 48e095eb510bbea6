import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const fetchApi = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`http://127.0.0.1:8787${path}`, init));

describe("app skeleton", () => {
  it("answers the API root with JSON links", async () => {
    const response = await fetchApi("/api/");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ events: "http://127.0.0.1:8787/api/events/" });
  });
});
