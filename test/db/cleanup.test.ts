import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { removeExpiredData } from "../../src/db/cleanup";
import { accessTokens, consumedAuthorizationCodes, inviteCodes } from "../../src/db/schema";
import worker from "../../src/index";
import { emptyDatabase, loadWorld, testDb } from "../helpers/db";

const HOUR = 3_600_000;
const now = Date.parse("2099-06-30T12:00:00Z");

beforeEach(async () => {
  await emptyDatabase();
  await loadWorld({
    format: "ephios-fixture/1",
    users: [{ id: 1, email: "a@example.org", display_name: "A" }],
    api_tokens: [
      { id: 1, user: 1, token: "expired", scope: ["PUBLIC_READ"], expires: "2099-06-30T11:00:00Z" },
      { id: 2, user: 1, token: "valid", scope: ["PUBLIC_READ"], expires: "2099-06-30T13:00:00Z" },
      { id: 3, user: 1, token: "forever", scope: ["PUBLIC_READ"], expires: null },
    ],
    oauth_applications: [{ id: 1, name: "App", client_id: "app", client_secret: "s", client_type: "public", redirect_uris: ["https://app.example.org/cb"] }],
    invite_codes: [
      { id: 1, code: "old", url: "https://a.example.org", created_at: "2099-06-28T11:00:00Z" },
      { id: 2, code: "new", url: "https://b.example.org", created_at: "2099-06-29T13:00:00Z" },
    ],
  });
});

describe("removeExpiredData", () => {
  it("deletes expired tokens, invite codes past 48 hours and old code records", async () => {
    const db = testDb();
    await db.insert(consumedAuthorizationCodes).values([
      { codeHash: "old", applicationId: 1, consumedAt: now - 25 * HOUR },
      { codeHash: "recent", applicationId: 1, consumedAt: now - HOUR },
    ]);
    await removeExpiredData(db, now);
    expect((await db.select({ id: accessTokens.id }).from(accessTokens).orderBy(accessTokens.id)).map((t) => t.id)).toEqual([2, 3]);
    expect((await db.select({ id: inviteCodes.id }).from(inviteCodes)).map((c) => c.id)).toEqual([2]);
    expect((await db.select().from(consumedAuthorizationCodes)).map((c) => c.codeHash)).toEqual(["recent"]);
  });

  it("runs from the Worker's scheduled handler", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/15 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    // Real time is far before 2099: the expired-at-2099 token stays, nothing else breaks.
    expect((await testDb().select().from(accessTokens)).length).toBe(3);
  });
});
