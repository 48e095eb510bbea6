/**
 * Issue 12, item 9: `Server-Timing` told any origin (CORS exposes it) how many rows a request read,
 * and rows_read grew with the participations of shifts the caller cannot see. The figures are sent
 * only where SERVER_TIMING is "on": .dev.vars.example (npm run dev), the test configs and the
 * local instances of bench, soak, e2e and federation runs; a deployed instance sends none.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { PASSWORDS, TOKENS, authWorld } from "../helpers/auth-world";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { ORIGIN, bearer, request } from "../helpers/http";
import { d1Timing } from "../helpers/timing";

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(authWorld());
});

/** The Worker as deployed without the var (or with any other value). */
async function deployed(path: string, value: string | undefined, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(new URL(path, ORIGIN), { redirect: "manual", ...init }), { ...env, SERVER_TIMING: value } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("Server-Timing", () => {
  it("is switched on in the tests", async () => {
    expect(env.SERVER_TIMING).toBe("on");
    const response = await request("/api/users/", { headers: { ...bearer(TOKENS.adminAll), Origin: "https://elsewhere.example" } });
    expect(response.status).toBe(200);
    expect(d1Timing(response).rowsRead).toBeGreaterThan(0);
  });

  it.each([undefined, "", "off", "ON", "true"])("is not sent when SERVER_TIMING is %j", async (value) => {
    for (const [path, init] of [
      ["/api/users/", { headers: { ...bearer(TOKENS.adminAll), Origin: "https://elsewhere.example" } }],
      ["/api/health/", {}],
      ["/api/nothing-here/", {}],
      ["/accounts/login/", { method: "POST", body: new URLSearchParams({ email: "volunteer@example.org", password: PASSWORDS.volunteer }), headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN } }],
    ] as const) {
      const response = await deployed(path, value, init);
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get("Server-Timing"), path).toBeNull();
    }
  });
});
