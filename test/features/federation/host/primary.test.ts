import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { emptyUsage } from "../../../../src/db/instrumented";
import { database } from "../../../../src/middleware/database";
import type { AppEnv } from "../../../../src/types";

/** Which D1 session each request starts with. */
async function sessionsFor(requests: [string, string][]) {
  const started: string[] = [];
  const DB = { withSession: (constraint: string) => (started.push(constraint), env.DB.withSession(constraint)) };
  const app = new Hono<AppEnv>()
    .use((c, next) => (c.set("d1Usage", emptyUsage()), next()))
    .use(database())
    .all("*", (c) => c.text("ok"));
  for (const [method, path] of requests) await app.request(path, { method }, { ...env, DB });
  return started;
}

describe("D1 sessions of the federation API", () => {
  it("read at the primary: a replica that has not yet seen a new guest's token must not answer 403", async () => {
    expect(await sessionsFor([["GET", "/api/federation/events/"], ["DELETE", "/api/federation/guest/delete/"], ["POST", "/api/federation/setup/"]])).toEqual([
      "first-primary",
      "first-primary",
      "first-primary",
    ]);
    expect(await sessionsFor([["GET", "/api/events/"]])).toEqual(["first-unconstrained"]);
  });
});
