/**
 * Review pass of issue 12: the error log must not hold credentials from the path (set-password
 * links) nor the bound values of a failed query (hashes, e-mail addresses).
 */
import { Hono } from "hono";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "../../src/middleware/error-handler";
import type { AppEnv } from "../../src/types";

afterEach(() => vi.restoreAllMocks());

class FailedQuery extends Error {
  constructor(
    readonly query: string,
    readonly params: unknown[],
    override readonly cause: Error,
  ) {
    super(`Failed query: ${query}\nparams: ${params.join(",")}`);
  }
}

async function logOf(path: string, error: Error): Promise<string> {
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const app = new Hono<AppEnv>().onError(handleError);
  app.get("*", () => {
    throw error;
  });
  const response = await app.request(path);
  expect(response.status).toBe(500);
  expect(await response.json()).toEqual({ detail: "A server error occurred." });
  return JSON.stringify(logged.mock.calls, (_key, value) => (value instanceof Error ? { message: value.message, stack: value.stack } : value));
}

describe("the error log", () => {
  it("names the path without its long random segments", async () => {
    const token = "Xq3vB8kLmN0pR7sT2uV5wY9zA1cD4eF6gH8jK0lM2nP";
    const log = await logOf(`/accounts/set-password/${token}/`, new Error("boom"));
    expect(log).toContain("/accounts/set-password/[redacted]/");
    expect(log).not.toContain(token);
    expect(log).toContain("boom");
  });

  it("keeps a failed query's SQL and reason but not its bound values", async () => {
    const log = await logOf("/api/users/5/", new FailedQuery("SELECT id FROM users WHERE email = ?", ["secret.person@example.org"], new Error("D1_ERROR: no such column")));
    expect(log).toContain("SELECT id FROM users WHERE email = ?");
    expect(log).toContain("no such column");
    expect(log).not.toContain("secret.person@example.org");
  });
});
