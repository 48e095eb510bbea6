import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { loadFixture } from "../../src/db/fixtures/load";
import { accessTokens, federatedGuests, federatedHosts, inviteCodes, oauthApplications, participationComments, passwordSetLinks, shifts, users } from "../../src/db/schema";
import { decryptSecret, sha256Hex } from "../../src/lib/crypto";
import { countAttempt } from "../../src/lib/rate-limit";
import { verifyPassword } from "../../src/lib/password";
import demo from "../../fixtures/demo.json";
import { emptyDatabase, loadOptions, loadWorld, snapshot, testDb } from "../helpers/db";
import { smallWorld, type World } from "../helpers/world";

/** Loads `fixture` expecting a refusal; returns the errors and checks that nothing was written. */
async function expectRefused(fixture: unknown, options = loadOptions()): Promise<string[]> {
  const before = await snapshot();
  const result = await loadFixture(testDb(), fixture, options);
  expect(result.ok).toBe(false);
  expect(await snapshot()).toEqual(before);
  return result.ok ? [] : result.errors;
}

function broken(change: (world: World & Record<string, unknown>) => void): unknown {
  const world = structuredClone(smallWorld()) as World & Record<string, unknown>;
  change(world);
  return world;
}

beforeEach(emptyDatabase);

describe("loading a valid world", () => {
  it("writes every key's rows", async () => {
    await loadWorld(smallWorld());
    const rows = await snapshot();
    expect(rows.users).toHaveLength(2);
    expect(rows.group_members).toHaveLength(2);
    expect(rows.qualification_includes).toEqual([{ qualification_id: 1, included_id: 2 }]);
    expect(rows.event_user_permissions).toHaveLength(1);
    expect(rows.event_group_permissions).toHaveLength(1);
    expect(rows.participations).toHaveLength(3);
    expect(rows.participation_comments).toHaveLength(1);
    expect(rows.block_compositions).toHaveLength(1);
    expect(rows.federated_user_qualifications).toHaveLength(1);
    expect(rows.event_shares).toEqual([{ event_id: 1, guest_id: 1 }]);
  });

  it("stores secrets only as hashes or ciphertext", async () => {
    await loadWorld(smallWorld());
    const db = testDb();
    const dump = JSON.stringify(await snapshot());
    for (const plain of ["rica-password", "ABCtesttokenDEF123", "calendar-secret", "guest-token", "guest-client-secret", "host-token", "invite-code"]) {
      expect(dump).not.toContain(plain);
    }
    const [rica] = await db.select().from(users).where(eq(users.id, 1));
    expect(await verifyPassword("rica-password", rica.passwordHash!)).toBe(true);
    const [token] = await db.select().from(accessTokens).where(eq(accessTokens.id, 1));
    expect(token.tokenHash).toBe(await sha256Hex("ABCtesttokenDEF123"));
    expect(token.scope).toBe("PUBLIC_READ PUBLIC_WRITE");
    const [app] = await db.select().from(oauthApplications).where(eq(oauthApplications.id, 1));
    expect(app.clientSecretHash).toBe(await sha256Hex("calendar-secret"));
    const [guest] = await db.select().from(federatedGuests);
    expect(await decryptSecret(guest.clientSecretEncrypted, env.SECRET_KEY)).toBe("guest-client-secret");
    expect(guest.url).toBe("https://guest.example.org");
    const [host] = await db.select().from(federatedHosts);
    expect(await decryptSecret(host.accessTokenEncrypted, env.SECRET_KEY)).toBe("host-token");
    const [invite] = await db.select().from(inviteCodes);
    expect(invite.codeHash).toBe(await sha256Hex("invite-code"));
  });

  it("stores a calendar token as its hash, and gives a user without one a random value in its place", async () => {
    const token = "rica-calendar-token-0123456789-abcdefghijk";
    await loadWorld(broken((w) => Object.assign(w.users[0], { calendar_token: token })));
    expect(JSON.stringify(await snapshot())).not.toContain(token);
    const hashes = await testDb().select({ id: users.id, hash: users.calendarTokenHash }).from(users).orderBy(users.id);
    expect(hashes[0].hash).toBe(await sha256Hex(token));
    expect(hashes[1].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives a federated guest its own never-expiring token without user or scope", async () => {
    await loadWorld(smallWorld());
    const db = testDb();
    const [guest] = await db.select().from(federatedGuests);
    const [token] = await db.select().from(accessTokens).where(eq(accessTokens.id, guest.accessTokenId));
    expect(token).toMatchObject({ tokenHash: await sha256Hex("guest-token"), userId: null, applicationId: null, scope: "", expires: null, revoked: false });
    expect(token.id).toBeGreaterThan(1);
  });

  it("reads naive datetimes in TIME_ZONE and offset datetimes as instants", async () => {
    await loadWorld(smallWorld());
    const db = testDb();
    const [shift] = await db.select().from(shifts);
    expect(shift.startTime).toBe(Date.parse("2099-06-30T06:00:00Z"));
    const [comment] = await db.select().from(participationComments);
    expect(comment.createdAt).toBe(Date.parse("2099-06-01T10:00:00Z"));
    const other = await loadFixture(db, { ...smallWorld(), format: "ephios-fixture/1" }, loadOptions({ timeZone: "UTC", replace: true }));
    expect(other.ok).toBe(true);
    const [utcShift] = await db.select().from(shifts);
    expect(utcShift.startTime).toBe(Date.parse("2099-06-30T08:00:00Z"));
  });

  it("lets new rows continue above the loaded ids", async () => {
    await loadWorld({ format: "ephios-fixture/1", event_types: [{ id: 41, title: "A" }] });
    const created = await env.DB.prepare("INSERT INTO event_types (title) VALUES ('B') RETURNING id").first<{ id: number }>();
    expect(created!.id).toBe(42);
  });

  it("accepts references to rows already in the database", async () => {
    await loadWorld({ format: "ephios-fixture/1", event_types: [{ id: 1, title: "Service" }] });
    await loadWorld({ format: "ephios-fixture/1", events: [{ id: 7, title: "Later", type: 1 }] });
    expect((await snapshot()).events).toHaveLength(1);
  });

  it("loads the demo data, and refuses it a second time without writing", async () => {
    await loadWorld(demo);
    const errors = await expectRefused(demo);
    expect(errors[0]).toMatch(/^users\[0\]\.id: user id \d+ already exists in the database$/);
  });
});

describe("--replace", () => {
  it("deletes all instance data before loading, in the same transaction", async () => {
    await loadWorld(smallWorld());
    await loadWorld({ format: "ephios-fixture/1", users: [{ id: 1, email: "new@example.org", display_name: "New" }] }, { replace: true });
    const rows = await snapshot();
    expect(rows.users).toEqual([expect.objectContaining({ id: 1, email: "new@example.org" })]);
    expect(rows.events).toEqual([]);
    expect(rows.access_tokens).toEqual([]);
  });

  it("leaves no row in any table, rate-limit counters and set-password links included", async () => {
    await loadWorld(demo);
    const db = testDb();
    await countAttempt(db, [{ limit: { name: "replace-test", limit: 5, windowSeconds: 60 }, subject: ["someone"] }], Date.now());
    await db.insert(passwordSetLinks).values({ userId: demo.users[0].id, tokenHash: "0".repeat(64), createdAt: Date.now(), expires: Date.now() + 60_000 });
    await emptyDatabase();
    // Every table the migrations made, but SQLite's, D1's and the migrations' own bookkeeping.
    const tables = await db.all<{ name: string }>(
      sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' AND name NOT LIKE '!_cf!_%' ESCAPE '!' AND name <> 'd1_migrations'`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["users", "rate_limits", "password_set_links"]));
    const left: Record<string, number> = {};
    for (const { name } of tables) {
      const [{ n }] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.identifier(name)}`);
      if (n > 0) left[name] = n;
    }
    expect(left).toEqual({});
  });

  it("keeps the old data when the new fixture is refused", async () => {
    await loadWorld(smallWorld());
    await expectRefused({ format: "ephios-fixture/1", events: [{ id: 1, title: "x", type: 99 }] }, loadOptions({ replace: true }));
  });
});

describe("refusing invalid input, by JSON path, writing nothing", () => {
  beforeEach(async () => {
    // Something to keep: refusals must leave existing data alone.
    await loadWorld({ format: "ephios-fixture/1", event_types: [{ id: 100, title: "Existing" }] });
  });

  const cases: [string, unknown, string | RegExp][] = [
    ["a document that is not an object", [], /^\(document\): /],
    ["a wrong format string", { format: "ephios-fixture/2" }, /^format: /],
    ["an unknown top-level key", { format: "ephios-fixture/1", people: [] }, /people/],
    ["an unknown key inside an object", broken((w) => Object.assign(w.events[0], { colour: "red" })), /^events\[0\]: .*colour/],
    ["a wrong type", broken((w) => Object.assign(w.events[0], { type: "1" })), /^events\[0\]\.type: /],
    ["a missing required key", broken((w) => delete (w.shifts[0] as Record<string, unknown>).start_time), /^shifts\[0\]\.start_time: /],
    ["an invalid datetime", broken((w) => (w.shifts[0].end_time = "2099-02-30T08:00:00")), /^shifts\[0\]\.end_time: must be an ISO 8601 datetime/],
    ["an invalid date", broken((w) => (w.users[0].date_of_birth = "1970-13-01")), /^users\[0\]\.date_of_birth: /],
    ["an unknown permission", broken((w) => (w.groups[0].permissions = ["fly"])), /^groups\[0\]\.permissions\[0\]: /],
    ["an unknown scope", broken((w) => (w.api_tokens[0].scope = ["ALL"])), /^api_tokens\[0\]\.scope\[0\]: /],
    ["a duplicate id", broken((w) => (w.users[1].id = 1)), /^users\[1\]\.id: user id 1 is already used by users\[0\]\.id$/],
    ["a reference to nothing", broken((w) => (w.events[0].type = 9)), /^events\[0\]\.type: no event type with id 9$/],
    ["a nested reference to nothing", broken((w) => (w.building_blocks[1].sub_compositions[0].sub_block = 5)), /^building_blocks\[1\]\.sub_compositions\[0\]\.sub_block: no building block with id 5$/],
    ["an id that already exists in the database", { format: "ephios-fixture/1", event_types: [{ id: 100, title: "Again" }] }, /^event_types\[0\]\.id: event type id 100 already exists in the database$/],
    ["a duplicate email, compared case-insensitively", broken((w) => (w.users[1].email = "rica@example.ORG")), /^users\[1\]\.email: this email is already used by users\[0\]\.email$/],
    ["a participation whose kind does not match", broken((w) => Object.assign(w.participations[1], { user: 1 })), /^participations\[1\]\.user: must be null for kind "placeholder"$/],
    ["an event permission with both group and user", broken((w) => Object.assign(w.event_permissions[0], { user: 1 })), /^event_permissions\[0\]: needs exactly one of group and user$/],
    ["a shift ending before it starts", broken((w) => (w.shifts[0].end_time = "2099-06-30T07:30:00")), /^shifts\[0\]\.end_time: must be after start_time$/],
    ["a cycle of block compositions", broken((w) => Object.assign(w.building_blocks[0], { block_type: "composite", positions: [], sub_compositions: [{ id: 2, sub_block: 2 }] })), /cycle/],
    ["a composite block with positions", broken((w) => Object.assign(w.building_blocks[1], { positions: [{ id: 9 }] })), /^building_blocks\[1\]\.positions: a composite block cannot have positions$/],
    ["a redirect URI with a fragment", broken((w) => (w.oauth_applications[0].redirect_uris = ["https://app.example.org/cb#x"])), /^oauth_applications\[0\]\.redirect_uris\[0\]: must not contain a fragment$/],
    ["the same token twice", broken((w) => (w.federated_guests[0].access_token = "ABCtesttokenDEF123")), /^federated_guests\[0\]\.access_token: this token is already used by api_tokens\[0\]\.token$/],
    ["a calendar token with characters outside URLs", broken((w) => Object.assign(w.users[0], { calendar_token: "not/url-safe-calendar-token-0123456789" })), /^users\[0\]\.calendar_token: must be 32 to 254 URL-safe characters/],
    ["a short calendar token", broken((w) => Object.assign(w.users[0], { calendar_token: "short" })), /^users\[0\]\.calendar_token: must be 32 to 254 URL-safe characters/],
    ["the same calendar token twice", broken((w) => w.users.forEach((u) => Object.assign(u, { calendar_token: "shared-calendar-token-0123456789-abcdefghi" }))), /^users\[1\]\.calendar_token: this calendar token is already used by users\[0\]\.calendar_token$/],
    ["two participations of one user in one shift", broken((w) => w.participations.push({ id: 9, shift: 1, kind: "local", user: 2, state: 0 } as never)), /^participations\[3\]\.user: a participation of this user in this shift is already used/],
  ];

  it.each(cases)("%s", async (_name, fixture, message) => {
    const errors = await expectRefused(fixture);
    expect(errors[0]).toMatch(message);
  });

  it("reports errors in document order", async () => {
    const errors = await expectRefused(
      broken((w) => {
        w.event_shares[0].guest = 8;
        w.users[0].date_of_birth = "yesterday";
      }),
    );
    expect(errors[0]).toMatch(/^users\[0\]\.date_of_birth/);
  });

  it("rolls back everything when the database refuses a row midway", async () => {
    await loadWorld({ format: "ephios-fixture/1", oauth_applications: [{ id: 50, name: "Taken", client_id: "calendar-client", client_secret: "s", client_type: "public", redirect_uris: ["https://x.example.org/cb"] }] });
    // The client_id clash is only found by the database's unique index, after users and events were inserted.
    const errors = await expectRefused(smallWorld());
    expect(errors[0]).toMatch(/^the database refused the data, nothing was written: .*UNIQUE constraint failed: oauth_applications\.client_id/);
    const count = await testDb().get<{ n: number }>(sql`SELECT count(*) AS n FROM users`);
    expect(count.n).toBe(0);
  });
});
