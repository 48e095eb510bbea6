import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { accessTokens, federatedGuests, inviteCodes } from "../../../../src/db/schema";
import { decryptSecret, sha256Hex } from "../../../../src/lib/crypto";
import { expectError } from "../../../helpers/api";
import { resetWorld, snapshot, testDb } from "../../../helpers/db";
import { bearer, request } from "../../../helpers/http";
import { INVITES, hostWorld } from "./host-world";

const SETUP = "/api/federation/setup/";
const CLIENT_SECRET = "s".repeat(128);
const valid = { name: "Guest Three", url: "https://new.example.org", client_id: "c".repeat(40), client_secret: CLIENT_SECRET, code: INVITES.valid };

/** As an ephios guest sends it: form-encoded, no Origin, no credentials; a fixed client address. */
function postSetup(fields: Record<string, string>, address = "192.0.2.1") {
  return request(SETUP, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": address }, body: new URLSearchParams(fields) });
}

function postJson(body: unknown, address = "192.0.2.2") {
  return request(SETUP, { method: "POST", headers: { "Content-Type": "application/json", "CF-Connecting-IP": address }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

beforeEach(() => resetWorld(hostWorld()));

async function expectCreated(response: Response) {
  expect(response.status).toBe(201);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["access_token", "client_id", "host_name", "id", "name", "url"]);
  expect(body).toMatchObject({ name: valid.name, url: valid.url, client_id: valid.client_id, host_name: env.ORGANIZATION_NAME });
  expect(body.access_token).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(body)).not.toContain(CLIENT_SECRET);
  return body as { id: number; access_token: string };
}

describe("POST /api/federation/setup/", () => {
  it("creates the guest from a form-encoded call, with its token hashed and its secret encrypted, and uses up the code", async () => {
    const body = await expectCreated(await postSetup(valid));
    const db = testDb();
    const [guest] = await db.select().from(federatedGuests).where(eq(federatedGuests.id, body.id));
    expect(guest).toMatchObject({ name: valid.name, url: valid.url, clientId: valid.client_id });
    expect(guest.clientSecretEncrypted).not.toContain(CLIENT_SECRET);
    expect(await decryptSecret(guest.clientSecretEncrypted, env.SECRET_KEY)).toBe(CLIENT_SECRET);
    const [token] = await db.select().from(accessTokens).where(eq(accessTokens.id, guest.accessTokenId));
    expect(token).toMatchObject({
      tokenHash: await sha256Hex(body.access_token),
      userId: null,
      applicationId: null,
      scope: "",
      expires: null,
      revoked: false,
      description: "Access token for federated guest Guest Three",
    });
    expect(await db.select().from(inviteCodes).where(eq(inviteCodes.id, 1))).toEqual([]);

    // The token is the guest's key to the federation API, and nothing else.
    const events = await request("/api/federation/events/", { headers: bearer(body.access_token) });
    expect(events.status).toBe(200);
    expect(await events.json()).toEqual({ count: 0, next: null, previous: null, results: [] });
    expect((await request("/api/events/", { headers: bearer(body.access_token) })).status).toBe(403);
  });

  it("accepts JSON and multipart too", async () => {
    await expectCreated(await postJson(valid));
    const form = new FormData();
    for (const [name, value] of Object.entries({ ...valid, code: INVITES.other, url: "https://other.example.org/sub" })) form.append(name, value);
    const response = await request(SETUP, { method: "POST", body: form });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ url: "https://other.example.org/sub" });
  });

  it("trims values as DRF's CharField does", async () => {
    const body = await expectCreated(await postSetup({ ...valid, name: `  ${valid.name} `, code: ` ${INVITES.valid} ` }));
    const [guest] = await testDb().select().from(federatedGuests).where(eq(federatedGuests.id, body.id));
    expect(guest.name).toBe(valid.name);
  });

  it.each([
    ["a used code", { code: INVITES.valid }, "Invite code is not valid", true],
    ["an unknown code", { code: "f".repeat(64) }, "Invite code is not valid", false],
    ["a code issued for another URL", { url: "https://other.example.org/sub" }, "Invite code is not valid", false],
    ["the URL spelled differently", { url: "https://new.example.org/" }, "Invite code is not valid", false],
    ["an over-long code", { code: "a".repeat(300) }, "Invite code is not valid", false],
    ["an expired code", { code: INVITES.expired, url: "https://late.example.org" }, "Invite code is expired", false],
  ])("refuses %s with non_field_errors and changes nothing", async (_name, change, message, redeemFirst) => {
    if (redeemFirst) expect((await postSetup(valid)).status).toBe(201);
    const before = await snapshot();
    await expectError(await postSetup({ ...valid, ...change }), 400, { non_field_errors: [message] });
    expect(await snapshot()).toEqual(before);
  });

  const REQUIRED = ["This field is required."];
  it.each([
    ["missing name", { name: undefined }, { name: REQUIRED }],
    ["missing url", { url: undefined }, { url: REQUIRED }],
    ["missing client_id", { client_id: undefined }, { client_id: REQUIRED }],
    ["missing client_secret", { client_secret: undefined }, { client_secret: REQUIRED }],
    ["missing code", { code: undefined }, { code: REQUIRED }],
    ["a blank name", { name: "   " }, { name: ["This field may not be blank."] }],
    ["a blank code", { code: "" }, { code: ["This field may not be blank."] }],
    ["a name over 255 characters", { name: "n".repeat(256) }, { name: ["Ensure this field has no more than 255 characters."] }],
    ["a client_id over 255 characters", { client_id: "i".repeat(256) }, { client_id: ["Ensure this field has no more than 255 characters."] }],
    ["a client_secret over 255 characters", { client_secret: "s".repeat(256) }, { client_secret: ["Ensure this field has no more than 255 characters."] }],
    ["a url over 200 characters", { url: `https://new.example.org/${"p".repeat(200)}` }, { url: ["Ensure this field has no more than 200 characters."] }],
    ["a url that is none", { url: "new.example.org" }, { url: ["Enter a valid URL."] }],
    ["a url of another scheme", { url: "javascript://alert(1)" }, { url: ["Enter a valid URL."] }],
    ["several problems", { name: "", url: "x" }, { name: ["This field may not be blank."], url: ["Enter a valid URL."] }],
  ])("refuses %s (form) with field errors and changes nothing", async (_name, change, errors) => {
    const fields = Object.fromEntries(Object.entries({ ...valid, ...change }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const before = await snapshot();
    await expectError(await postSetup(fields), 400, errors);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["null", { ...valid, name: null }, { name: ["This field may not be null."] }],
    ["a boolean", { ...valid, client_id: true }, { client_id: ["Not a valid string."] }],
    ["an object", { ...valid, code: { a: 1 } }, { code: ["Not a valid string."] }],
    ["a list body", [valid], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
    ["an empty object", {}, { name: REQUIRED, url: REQUIRED, client_id: REQUIRED, client_secret: REQUIRED, code: REQUIRED }],
  ])("refuses JSON with %s with DRF's messages", async (_name, body, errors) => {
    const before = await snapshot();
    await expectError(await postJson(body), 400, errors);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses malformed bodies with 4xx JSON and changes nothing", async () => {
    const before = await snapshot();
    const cases: [RequestInit, number][] = [
      [{ headers: { "Content-Type": "application/json" }, body: "{" }, 400],
      [{ headers: { "Content-Type": "text/plain" }, body: "name=x" }, 415],
      [{ body: new Uint8Array([1, 2, 3]) }, 415],
      [{}, 400],
      [{ headers: { "Content-Type": "multipart/form-data; boundary=x" }, body: "garbage" }, 400],
      [{ headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new Uint8Array([...new TextEncoder().encode("name="), 0xff, 0xfe]) }, 400],
      [{ headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "name=%FF&url=%" }, 400],
      [{ headers: { "Content-Type": "application/json" }, body: "[".repeat(5000) }, 400],
    ];
    for (const [init, status] of cases) {
      const response = await request(SETUP, { method: "POST", ...init });
      expect(response.status, JSON.stringify(init.headers)).toBe(status);
      expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
      expect(await response.json()).toBeTypeOf("object");
    }
    const empty = await request(SETUP, { method: "POST" });
    expect(await empty.json()).toEqual({ name: REQUIRED, url: REQUIRED, client_id: REQUIRED, client_secret: REQUIRED, code: REQUIRED });
    expect(await snapshot()).toEqual(before);
  });

  it("needs no CSRF proof (a server-to-server call) and ignores credentials", async () => {
    const response = await request(SETUP, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example.org", ...bearer("no-such-token") },
      body: new URLSearchParams(valid),
    });
    expect(response.status).toBe(201);
  });

  it("answers other methods with 405", async () => {
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      const response = await request(SETUP, { method });
      expect(response.status, method).toBe(405);
      expect(await response.json()).toEqual({ detail: `Method "${method}" not allowed.` });
    }
  });

  it("throttles the failures of an address after 10 failed redemptions, but still redeems a valid code from it", async () => {
    const address = "198.51.100.7";
    for (let i = 0; i < 10; i++) await expectError(await postSetup({ ...valid, code: `wrong-${i}` }, address), 400, { non_field_errors: ["Invite code is not valid"] });
    const before = await snapshot();
    const throttled = await postSetup({ ...valid, code: "wrong-10" }, address);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await throttled.json()).toEqual({ detail: expect.stringMatching(/^Request was throttled/) });
    // A known but expired code is a failure too.
    expect((await postSetup({ ...valid, url: "https://late.example.org", code: INVITES.expired }, address)).status).toBe(429);
    expect(await snapshot()).toEqual(before);
    // Others failing from one address (every Worker's fetch comes from one) never block a valid code.
    await expectCreated(await postSetup(valid, address));
  });

  it("lets only one of two concurrent redemptions of a code through", async () => {
    const responses = await Promise.all([postSetup(valid), postJson(valid)]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(await testDb().select().from(federatedGuests)).toHaveLength(3);
  });
});
