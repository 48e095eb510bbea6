/**
 * A misconfigured instance (src/lib/settings.ts) answers every request with a 500 that names the
 * var, before any handler runs, instead of failing inside the first handler that reads it.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { bearer } from "../helpers/http";
import { resetWorld } from "../helpers/db";
import { smallWorld } from "../helpers/world";

const TOKEN = "settings-test-token-0123456789";

beforeAll(async () => {
  await resetWorld({ ...smallWorld(), api_tokens: [{ id: 1, user: 1, token: TOKEN, scope: ["PUBLIC_READ"] }] });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** The Worker as deployed with these vars changed. */
async function deployedWith(vars: Record<string, string | undefined>, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(new URL(path, env.SITE_URL), { redirect: "manual", ...init }), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("a misconfigured instance", () => {
  it("lists events with valid settings (the request the bad ones break)", async () => {
    const response = await deployedWith({}, "/api/events/", { headers: bearer(TOKEN) });
    expect(response.status).toBe(200);
  });

  it.each([
    ["a time zone it does not know", { TIME_ZONE: "Mars/Olympus_Mons" }, 'TIME_ZONE "Mars/Olympus_Mons" is not a time zone this runtime knows (an IANA name such as Europe/Berlin).'],
    ["a SITE_URL that is no URL", { SITE_URL: "ephios.example.org" }, 'SITE_URL "ephios.example.org" is not an absolute URL.'],
    ["no SECRET_KEY", { SECRET_KEY: undefined }, "SECRET_KEY is not set."],
  ])("with %s names it in a 500 on every route, and logs it", async (_name, vars, problem) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const detail = `Server misconfigured: ${problem}`;
    for (const [path, init] of [
      ["/api/events/", { headers: bearer(TOKEN) }],
      ["/api/health/", {}],
      ["/accounts/login/", {}],
      ["/api/nothing-here/", {}],
    ] as const) {
      const response = await deployedWith(vars, path, init);
      expect(response.status, path).toBe(500);
      expect(response.headers.get("Content-Type"), path).toMatch(/^application\/json/);
      expect(await response.json(), path).toEqual({ detail });
      expect(logged, path).toHaveBeenLastCalledWith(expect.stringContaining(detail));
    }
  });

  it("never shows the secret key", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await deployedWith({ SECRET_KEY: "too-short-secret" }, "/api/health/");
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain("SECRET_KEY is shorter than 32 characters.");
    expect(body).not.toContain("too-short-secret");
  });
});
