import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { groupMembers, qualificationGrants, users } from "../../src/db/schema";
import { createUser, updateUser } from "../../src/features/users/queries";
import { expectError } from "../helpers/api";
import { resetWorld, snapshot, testDb } from "../helpers/db";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, login, postForm, request, sendJson } from "../helpers/http";

const ADMIN = 1; // superuser and staff
const MANAGER = 2; // Verwaltung: every userprofile permission and change_group
const HR = 3; // Personal: every userprofile permission, no change_group; also in Helfende
const VOLUNTEER = 4; // Helfende
const VIEWER = 5; // view_userprofile only
const INVISIBLE = 6;
const STAFF = 7; // staff, not superuser; Helfende
const PLANNER = 8; // Planer (a group HR is not in)
const ADD_ONLY = 9;
const CHANGE_ONLY = 10;
const DELETE_ONLY = 11;

const GROUP = { verwaltung: 1, personal: 2, helfende: 3, planer: 4 };
const Q = { nfs: 1, rs: 2, driver: 3 };

const PASSWORD = { manager: "manager-password-1", volunteer: "volunteer-password-1" };

const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];

const TOKEN = {
  admin: "admin-all-scopes-0123456789",
  manager: "manager-all-scopes-0123456789",
  managerNoWrite: "manager-no-confidential-write-0123456789",
  managerWriteOnly: "manager-confidential-write-only-0123456789",
  hr: "hr-all-scopes-0123456789",
  viewer: "viewer-all-scopes-0123456789",
  volunteer: "volunteer-all-scopes-0123456789",
  addOnly: "add-only-all-scopes-0123456789",
  changeOnly: "change-only-all-scopes-0123456789",
  deleteOnly: "delete-only-all-scopes-0123456789",
};

const CAT = "7a1e0c3e-0000-4000-8000-00000000c001";
const QUUID = { nfs: "7a1e0c3e-0000-4000-8000-000000000001", rs: "7a1e0c3e-0000-4000-8000-000000000002", driver: "7a1e0c3e-0000-4000-8000-000000000003" };

function world() {
  const user = (id: number, email: string, display_name: string, extra: Record<string, unknown> = {}) => ({ id, email, display_name, password: null, ...extra });
  return {
    format: "ephios-fixture/1",
    users: [
      user(ADMIN, "admin@example.org", "Ada Admin", { is_staff: true, is_superuser: true }),
      user(MANAGER, "manager@example.org", "Manni Manager", { password: PASSWORD.manager }),
      user(HR, "hr@example.org", "Hanna Personal"),
      user(VOLUNTEER, "volunteer@example.org", "Vera Volunteer", { password: PASSWORD.volunteer, date_of_birth: "1990-02-03", phone: "0123" }),
      user(VIEWER, "viewer@example.org", "Viktor Viewer", { permissions: ["view_userprofile"] }),
      user(INVISIBLE, "invisible@example.org", "Iris Invisible", { is_visible: false }),
      user(STAFF, "staff@example.org", "Stefan Staff", { is_staff: true }),
      user(PLANNER, "planner@example.org", "Paula Planer"),
      user(ADD_ONLY, "add@example.org", "Adam Add", { permissions: ["view_userprofile", "add_userprofile"] }),
      user(CHANGE_ONLY, "change@example.org", "Carl Change", { permissions: ["view_userprofile", "change_userprofile"] }),
      user(DELETE_ONLY, "delete@example.org", "Dora Delete", { permissions: ["view_userprofile", "delete_userprofile"] }),
    ],
    groups: [
      { id: GROUP.verwaltung, name: "Verwaltung", members: [MANAGER], permissions: ["view_userprofile", "add_userprofile", "change_userprofile", "delete_userprofile", "change_group"] },
      { id: GROUP.personal, name: "Personal", members: [HR], permissions: ["view_userprofile", "add_userprofile", "change_userprofile", "delete_userprofile"] },
      { id: GROUP.helfende, name: "Helfende", members: [HR, VOLUNTEER, STAFF], permissions: [] },
      { id: GROUP.planer, name: "Planer", members: [PLANNER], permissions: ["add_event"] },
    ],
    qualification_categories: [{ id: 1, uuid: CAT, title: "Medical", show_with_user: true }],
    qualifications: [
      { id: Q.nfs, uuid: QUUID.nfs, title: "Notfallsanitäter", abbreviation: "NFS", category: 1, includes: [Q.rs] },
      { id: Q.rs, uuid: QUUID.rs, title: "Rettungssanitäter", abbreviation: "RS", category: 1, includes: [] },
      { id: Q.driver, uuid: QUUID.driver, title: "Fahrer", abbreviation: "C1", category: 1, includes: [] },
    ],
    qualification_grants: [
      { user: VOLUNTEER, qualification: Q.rs, expires: null },
      { user: VOLUNTEER, qualification: Q.driver, expires: "2020-01-01T00:00:00+01:00" },
      { user: PLANNER, qualification: Q.rs, expires: null },
    ],
    api_tokens: [
      { id: 1, user: ADMIN, token: TOKEN.admin, scope: ALL_SCOPES },
      { id: 2, user: MANAGER, token: TOKEN.manager, scope: ALL_SCOPES },
      { id: 3, user: MANAGER, token: TOKEN.managerNoWrite, scope: ALL_SCOPES.filter((s) => s !== "CONFIDENTIAL_WRITE") },
      { id: 4, user: MANAGER, token: TOKEN.managerWriteOnly, scope: ["CONFIDENTIAL_WRITE"] },
      { id: 5, user: HR, token: TOKEN.hr, scope: ALL_SCOPES },
      { id: 6, user: VIEWER, token: TOKEN.viewer, scope: ALL_SCOPES },
      { id: 7, user: VOLUNTEER, token: TOKEN.volunteer, scope: ALL_SCOPES },
      { id: 8, user: ADD_ONLY, token: TOKEN.addOnly, scope: ALL_SCOPES },
      { id: 9, user: CHANGE_ONLY, token: TOKEN.changeOnly, scope: ALL_SCOPES },
      { id: 10, user: DELETE_ONLY, token: TOKEN.deleteOnly, scope: ALL_SCOPES },
    ],
  };
}

beforeEach(() => resetWorld(world()));

const create = (body: unknown, token: string | null = TOKEN.manager, headers?: Record<string, string>) => sendJson("POST", "/api/users/", token, body, headers);
const update = (id: number, body: unknown, token: string | null = TOKEN.manager, headers?: Record<string, string>) => sendJson("PATCH", `/api/users/${id}/`, token, body, headers);
const deactivate = (id: number, token: string | null = TOKEN.manager, headers?: Record<string, string>) => sendJson("DELETE", `/api/users/${id}/`, token, undefined, headers);

async function etagOf(id: number, token = TOKEN.manager): Promise<string> {
  const response = await sendJson("GET", `/api/users/${id}/`, token);
  expect(response.status).toBe(200);
  return response.headers.get("ETag")!;
}

async function stored(id: number) {
  const db = testDb();
  const [user] = await db.select().from(users).where(eq(users.id, id));
  const groups = (await db.select().from(groupMembers).where(eq(groupMembers.userId, id))).map((m) => m.groupId).sort();
  const grants = (await db.select().from(qualificationGrants).where(eq(qualificationGrants.userId, id)))
    .map((g) => ({ qualification: g.qualificationId, expires: g.expires }))
    .sort((a, b) => a.qualification - b.qualification);
  return { user, groups, grants };
}

/** Sends a write that must be refused with `status` and `body`, and checks that no row changed. */
async function expectRefused(write: () => Promise<Response>, status: number, body: unknown) {
  const before = await snapshot();
  await expectError(await write(), status, body);
  expect(await snapshot()).toEqual(before);
}

const qualificationJson = (uuid: string, abbreviation: string, title: string, includes: string[] = []) => ({ uuid, title, abbreviation, category: CAT, includes });

describe("ETag on the single-user reads", () => {
  it("is the same on /api/users/{id}/, /by_email/ and /me/, and changes with fields the profile does not show", async () => {
    const detail = await sendJson("GET", `/api/users/${VOLUNTEER}/`, TOKEN.manager);
    const etag = detail.headers.get("ETag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect((await sendJson("GET", "/api/users/by_email/volunteer@example.org/", TOKEN.manager)).headers.get("ETag")).toBe(etag);
    expect((await sendJson("GET", "/api/users/me/", TOKEN.volunteer)).headers.get("ETag")).toBe(etag);

    // The phone is not in the profile, but a change of it must still fail a stale If-Match.
    expect((await update(VOLUNTEER, { phone: "0999" })).status).toBe(200);
    const after = await sendJson("GET", `/api/users/${VOLUNTEER}/`, TOKEN.manager);
    expect(await after.json()).toEqual(await detail.json());
    expect(after.headers.get("ETag")).not.toBe(etag);
  });
});

describe("POST /api/users/", () => {
  it("creates a visible user without password, not staff, with groups and grants", async () => {
    const response = await create({
      email: "  neu@example.org ",
      display_name: "Nora Neu",
      date_of_birth: "2001-04-05",
      phone: "0170 123",
      groups: [GROUP.helfende, GROUP.planer, GROUP.helfende],
      qualification_grants: [
        { qualification: Q.nfs, expires: "2099-12-31T23:00:00+01:00" },
        { qualification: Q.driver, expires: "2020-06-01" },
        { qualification: Q.rs },
      ],
      id: 77, // read-only, ignored as DRF does
      qualifications: [],
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: number };
    expect(body.id).toBeGreaterThan(DELETE_ONLY);
    expect(response.headers.get("Location")).toBe(`${ORIGIN}/api/users/${body.id}/`);
    // The profile as the GET shows it; phone, groups and grants only in the database.
    expect(body).toEqual({
      id: body.id,
      display_name: "Nora Neu",
      date_of_birth: "2001-04-05",
      email: "neu@example.org",
      qualifications: [qualificationJson(QUUID.nfs, "NFS", "Notfallsanitäter", [QUUID.rs]), qualificationJson(QUUID.rs, "RS", "Rettungssanitäter")],
    });
    expect(response.headers.get("ETag")).toBe(await etagOf(body.id));

    const { user, groups, grants } = await stored(body.id);
    expect(user).toMatchObject({ email: "neu@example.org", phone: "0170 123", passwordHash: null, isActive: true, isVisible: true, isStaff: false, isSuperuser: false });
    expect(Math.abs(user.dateJoined - Date.now())).toBeLessThan(60_000);
    expect(groups).toEqual([GROUP.helfende, GROUP.planer]);
    expect(grants).toEqual([
      { qualification: Q.nfs, expires: Date.parse("2099-12-31T22:00:00Z") },
      { qualification: Q.rs, expires: null },
      { qualification: Q.driver, expires: Date.parse("2020-05-31T22:00:00Z") },
    ]);
    expect((await sendJson("GET", `/api/users/${body.id}/`, TOKEN.manager)).status).toBe(200);
  });

  it("creates with only email and display name; the new user cannot log in until a password is set", async () => {
    const response = await create({ email: "min@example.org", display_name: "Min" });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { id: number };
    expect(body).toMatchObject({ date_of_birth: null, qualifications: [] });
    expect(await stored(body.id)).toMatchObject({ user: { phone: null, isActive: true }, groups: [], grants: [] });
    const refused = await postForm("/accounts/login/", { email: "min@example.org", password: "" });
    expect(refused.status).not.toBe(302);
    const guessed = await postForm("/accounts/login/", { email: "min@example.org", password: "anything-at-all" });
    expect(guessed.status).toBe(200);
    expect(guessed.headers.getSetCookie()).toEqual([]);
  });

  it("needs CONFIDENTIAL_WRITE (CONFIDENTIAL_READ is not needed)", async () => {
    await expectRefused(() => create({ email: "x@example.org", display_name: "X" }, TOKEN.managerNoWrite), 403, PERMISSION_DENIED);
    await expectRefused(() => create({ email: "x@example.org", display_name: "X" }, null), 403, NOT_AUTHENTICATED);
    // Without CONFIDENTIAL_READ the answer shows nothing of the user, only where it is.
    const created = await create({ email: "x@example.org", display_name: "X" }, TOKEN.managerWriteOnly);
    expect(created.status).toBe(201);
    expect(await created.text()).toBe("");
    expect(created.headers.get("ETag")).toBeNull();
    expect(created.headers.get("Location")).toMatch(/\/api\/users\/\d+\/$/);
  });

  it("needs add_userprofile", async () => {
    for (const token of [TOKEN.changeOnly, TOKEN.deleteOnly, TOKEN.viewer, TOKEN.volunteer]) {
      await expectRefused(() => create({ email: "x@example.org", display_name: "X" }, token), 403, PERMISSION_DENIED);
    }
    expect((await create({ email: "x@example.org", display_name: "X" }, TOKEN.addOnly)).status).toBe(201);
  });

  it("works for a session user from this origin only", async () => {
    const cookie = await login("manager@example.org", PASSWORD.manager);
    await expectRefused(() => create({ email: "x@example.org", display_name: "X" }, null, { Cookie: cookie, Origin: "https://evil.example.org" }), 403, expect.anything());
    expect((await create({ email: "x@example.org", display_name: "X" }, null, { Cookie: cookie, Origin: ORIGIN })).status).toBe(201);
  });

  const DATE_FORMAT = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.";
  const DATETIME_FORMAT = "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
  const valid = { email: "new@example.org", display_name: "New" };

  it.each([
    ["an empty body", {}, { email: ["This field is required."], display_name: ["This field is required."] }],
    ["a bad email", { ...valid, email: "not-an-email" }, { email: ["Enter a valid email address."] }],
    ["a blank email", { ...valid, email: "  " }, { email: ["This field may not be blank."] }],
    ["a taken email in other case", { ...valid, email: "VOLUNTEER@example.org" }, { email: ["user profile with this email already exists."] }],
    ["the email of an invisible user", { ...valid, email: "invisible@example.org" }, { email: ["user profile with this email already exists."] }],
    ["a null display name", { ...valid, display_name: null }, { display_name: ["This field may not be null."] }],
    ["a too long display name", { ...valid, display_name: "x".repeat(255) }, { display_name: ["Ensure this field has no more than 254 characters."] }],
    ["an impossible date of birth", { ...valid, date_of_birth: "2001-02-30" }, { date_of_birth: [DATE_FORMAT] }],
    ["a datetime as date of birth", { ...valid, date_of_birth: "2001-02-03T00:00" }, { date_of_birth: [DATE_FORMAT] }],
    ["a number as date of birth", { ...valid, date_of_birth: 20010203 }, { date_of_birth: [DATE_FORMAT] }],
    ["a string as is_active", { ...valid, is_active: "yes" }, { is_active: ["Must be a valid boolean."] }],
    ["a number as phone", { ...valid, phone: 12 }, { phone: ["Not a valid string."] }],
    ["a string as groups", { ...valid, groups: "1" }, { groups: ['Expected a list of items but got type "str".'] }],
    ["a string group id", { ...valid, groups: ["1"] }, { groups: ["Incorrect type. Expected pk value, received str."] }],
    ["a fractional group id", { ...valid, groups: [1.5] }, { groups: ["Incorrect type. Expected pk value, received float."] }],
    ["unknown groups", { ...valid, groups: [GROUP.helfende, 99, -1] }, { groups: ['Invalid pk "99" - object does not exist.', 'Invalid pk "-1" - object does not exist.'] }],
    ["too many groups", { ...valid, groups: Array.from({ length: 501 }, () => 1) }, { groups: ["Ensure this field has no more than 500 elements."] }],
    ["a grant that is no object", { ...valid, qualification_grants: [3] }, { qualification_grants: ["Invalid data. Expected a dictionary, but got int."] }],
    ["a grant without qualification", { ...valid, qualification_grants: [{ expires: null }] }, { qualification_grants: ["This field is required."] }],
    ["an unknown qualification", { ...valid, qualification_grants: [{ qualification: 42 }] }, { qualification_grants: ['Invalid pk "42" - object does not exist.'] }],
    ["a qualification listed twice", { ...valid, qualification_grants: [{ qualification: 1 }, { qualification: 1, expires: null }] }, { qualification_grants: ["Qualification 1 is listed more than once."] }],
    ["a bad expiry", { ...valid, qualification_grants: [{ qualification: 1, expires: "next year" }] }, { qualification_grants: [DATETIME_FORMAT] }],
    ["staff and superuser flags", { ...valid, is_staff: true, is_superuser: false }, { is_staff: ["This field cannot be set through the API."], is_superuser: ["This field cannot be set through the API."] }],
    ["a password", { ...valid, password: "secret-password" }, { password: ["This field cannot be set through the API."] }],
    ["visibility", { ...valid, is_visible: false }, { is_visible: ["This field cannot be set through the API."] }],
  ])("refuses %s with a field-keyed 400 and writes nothing", async (_name, body, errors) => {
    await expectRefused(() => create(body), 400, errors);
  });

  it.each([
    ["broken JSON", "{"],
    ["a JSON array", "[1]"],
    ["null", "null"],
  ])("refuses %s with a 4xx JSON body", async (_name, body) => {
    const before = await snapshot();
    const response = await create(body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toBeTypeOf("object");
    expect(await snapshot()).toEqual(before);
  });

  it("reports an email taken between the check and the write as taken, writing nothing", async () => {
    // The route checks first; this is the database refusing a write that raced past that check.
    const before = await snapshot();
    expect(await createUser(testDb(), { email: "VOLUNTEER@example.org", displayName: "Race" }, { groups: { ids: [GROUP.helfende], managed: null } }, Date.now())).toBeNull();
    expect(await updateUser(testDb(), PLANNER, { email: "Volunteer@Example.org", displayName: "Race" })).toBe("email taken");
    expect(await snapshot()).toEqual(before);
  });

  it("lets a user administrator without change_group use only their own groups", async () => {
    await expectRefused(() => create({ ...valid, groups: [GROUP.helfende, GROUP.planer] }, TOKEN.hr), 400, { groups: [`You are not allowed to manage memberships of group ${GROUP.planer}.`] });
    const response = await create({ ...valid, groups: [GROUP.helfende, GROUP.personal] }, TOKEN.hr);
    expect(response.status).toBe(201);
    expect((await stored(((await response.json()) as { id: number }).id)).groups).toEqual([GROUP.personal, GROUP.helfende]);
  });
});

describe("PATCH /api/users/{id}/", () => {
  it("changes the fields sent, replaces groups and grants, and answers with a new ETag", async () => {
    const etag = await etagOf(VOLUNTEER);
    const response = await update(
      VOLUNTEER,
      {
        email: "Vera@Example.org",
        display_name: " Vera V. ",
        date_of_birth: null,
        phone: "",
        groups: [GROUP.planer],
        qualification_grants: [{ qualification: Q.driver, expires: "2099-01-01T12:00:00" }, { qualification: Q.nfs, expires: null }],
      },
      TOKEN.manager,
      { "If-Match": etag },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      id: VOLUNTEER,
      display_name: "Vera V.",
      date_of_birth: null,
      email: "Vera@Example.org",
      qualifications: [qualificationJson(QUUID.nfs, "NFS", "Notfallsanitäter", [QUUID.rs]), qualificationJson(QUUID.driver, "C1", "Fahrer")],
    });
    const newEtag = response.headers.get("ETag");
    expect(newEtag).not.toBe(etag);
    expect(newEtag).toBe(await etagOf(VOLUNTEER));
    expect(await stored(VOLUNTEER)).toMatchObject({
      user: { email: "Vera@Example.org", displayName: "Vera V.", dateOfBirth: null, phone: null },
      groups: [GROUP.planer],
      grants: [
        { qualification: Q.nfs, expires: null },
        { qualification: Q.driver, expires: Date.parse("2099-01-01T11:00:00Z") },
      ],
    });
  });

  it("leaves everything not sent as it is", async () => {
    const before = await stored(VOLUNTEER);
    const response = await update(VOLUNTEER, { display_name: "Only the name" });
    expect(response.status).toBe(200);
    // The row version counts the change (migration 0004), once.
    const changed = { ...before, user: { ...before.user, displayName: "Only the name", version: before.user.version + 1 } };
    expect(await stored(VOLUNTEER)).toEqual(changed);
    expect((await update(VOLUNTEER, {})).status).toBe(200);
    expect(await stored(VOLUNTEER)).toEqual(changed);
  });

  it("deactivates and reactivates through is_active; the user's token follows", async () => {
    expect((await update(VOLUNTEER, { is_active: false })).status).toBe(200);
    await expectError(await sendJson("GET", "/api/users/me/", TOKEN.volunteer), 403, NOT_AUTHENTICATED);
    expect((await update(VOLUNTEER, { is_active: true })).status).toBe(200);
    expect((await sendJson("GET", "/api/users/me/", TOKEN.volunteer)).status).toBe(200);
  });

  it("refuses a stale If-Match with 412 and changes nothing; * and the current ETag pass", async () => {
    const etag = await etagOf(VOLUNTEER);
    expect((await update(VOLUNTEER, { qualification_grants: [] }, TOKEN.manager, { "If-Match": etag })).status).toBe(200);
    await expectRefused(() => update(VOLUNTEER, { display_name: "Stale" }, TOKEN.manager, { "If-Match": etag }), 412, {
      detail: "Precondition failed: the object was changed since you read it.",
    });
    expect((await update(VOLUNTEER, { display_name: "Any" }, TOKEN.manager, { "If-Match": "*" })).status).toBe(200);
    expect((await update(VOLUNTEER, { display_name: "Current" }, TOKEN.manager, { "If-Match": `"other", ${await etagOf(VOLUNTEER)}` })).status).toBe(200);
  });

  it("answers 404 for invisible, unknown and malformed ids", async () => {
    for (const path of [`/api/users/${INVISIBLE}/`, "/api/users/999/", "/api/users/abc/"]) {
      await expectRefused(() => sendJson("PATCH", path, TOKEN.admin, { display_name: "X" }), 404, expect.objectContaining({ detail: expect.any(String) }));
    }
  });

  it("needs CONFIDENTIAL_WRITE", async () => {
    await expectRefused(() => update(VOLUNTEER, { display_name: "X" }, TOKEN.managerNoWrite), 403, PERMISSION_DENIED);
    await expectRefused(() => update(VOLUNTEER, { display_name: "X" }, null), 403, NOT_AUTHENTICATED);
    // Written; without CONFIDENTIAL_READ the answer shows nothing.
    const written = await update(VOLUNTEER, { display_name: "X" }, TOKEN.managerWriteOnly);
    expect(written.status).toBe(204);
    expect(await written.text()).toBe("");
    expect((await stored(VOLUNTEER)).user.displayName).toBe("X");
  });

  it("needs change_userprofile", async () => {
    for (const token of [TOKEN.addOnly, TOKEN.deleteOnly, TOKEN.viewer, TOKEN.volunteer]) {
      await expectRefused(() => update(VOLUNTEER, { display_name: "X" }, token), 403, PERMISSION_DENIED);
    }
    expect((await update(VOLUNTEER, { display_name: "X" }, TOKEN.changeOnly)).status).toBe(200);
  });

  it.each([
    ["a taken email", { email: "planner@example.org" }, { email: ["user profile with this email already exists."] }],
    ["a bad email", { email: "@" }, { email: ["Enter a valid email address."] }],
    ["a null email", { email: null }, { email: ["This field may not be null."] }],
    ["a blank display name", { display_name: "" }, { display_name: ["This field may not be blank."] }],
    ["a bad date", { date_of_birth: "03.02.1990" }, { date_of_birth: ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."] }],
    ["null groups", { groups: null }, { groups: ["This field may not be null."] }],
    ["an unknown group", { groups: [5] }, { groups: ['Invalid pk "5" - object does not exist.'] }],
    ["an unknown qualification", { qualification_grants: [{ qualification: 4 }] }, { qualification_grants: ['Invalid pk "4" - object does not exist.'] }],
    ["a superuser flag", { is_superuser: true }, { is_superuser: ["This field cannot be set through the API."] }],
    ["several mistakes", { email: "x", is_active: 1, groups: [99] }, { email: ["Enter a valid email address."], is_active: ["Must be a valid boolean."] }],
  ])("refuses %s with a field-keyed 400 and changes nothing", async (_name, body, errors) => {
    await expectRefused(() => update(VOLUNTEER, body), 400, errors);
  });

  it("keeps the user's own email unchanged without complaint", async () => {
    expect((await update(VOLUNTEER, { email: "volunteer@example.org" })).status).toBe(200);
  });

  it("refuses deactivating yourself", async () => {
    await expectRefused(() => update(MANAGER, { is_active: false }), 400, { is_active: ["You cannot deactivate yourself."] });
    expect((await update(MANAGER, { display_name: "Me myself" })).status).toBe(200);
  });

  describe("groups without change_group", () => {
    it("sets only memberships of the caller's groups; others stay", async () => {
      await expectRefused(() => update(VOLUNTEER, { groups: [GROUP.verwaltung] }, TOKEN.hr), 400, { groups: [`You are not allowed to manage memberships of group ${GROUP.verwaltung}.`] });
      const moved = await update(PLANNER, { groups: [GROUP.helfende] }, TOKEN.hr);
      expect(moved.status).toBe(200);
      expect((await stored(PLANNER)).groups).toEqual([GROUP.helfende, GROUP.planer]);
      // Sending back the membership the caller cannot manage is fine; leaving it out does not remove it.
      expect((await update(PLANNER, { groups: [GROUP.planer, GROUP.personal] }, TOKEN.hr)).status).toBe(200);
      expect((await stored(PLANNER)).groups).toEqual([GROUP.personal, GROUP.planer]);
      expect((await update(PLANNER, { groups: [] }, TOKEN.hr)).status).toBe(200);
      expect((await stored(PLANNER)).groups).toEqual([GROUP.planer]);
    });

    it("with change_group every membership", async () => {
      expect((await update(PLANNER, { groups: [GROUP.verwaltung] })).status).toBe(200);
      expect((await stored(PLANNER)).groups).toEqual([GROUP.verwaltung]);
    });
  });

  describe("email changes (account takeover protection, as ephios)", () => {
    const NOT_ALLOWED = { email: ["You are not allowed to change the email address of this user."] };

    it("are refused for users in groups the caller is not in, and for staff users (test/security/account-admin.test.ts)", async () => {
      await expectRefused(() => update(PLANNER, { email: "p2@example.org" }, TOKEN.hr), 400, NOT_ALLOWED);
      await expectRefused(() => update(STAFF, { email: "s2@example.org" }, TOKEN.hr), 403, PERMISSION_DENIED);
      await expectRefused(() => update(STAFF, { email: "s2@example.org" }, TOKEN.manager), 403, PERMISSION_DENIED);
    });

    it("are allowed when the caller is in all the user's groups, has change_group, is staff, or is the user", async () => {
      expect((await update(VOLUNTEER, { email: "v2@example.org" }, TOKEN.hr)).status).toBe(200);
      expect((await update(PLANNER, { email: "p2@example.org" }, TOKEN.manager)).status).toBe(200);
      expect((await update(STAFF, { email: "s2@example.org" }, TOKEN.admin)).status).toBe(200);
      expect((await update(HR, { email: "hr2@example.org" }, TOKEN.hr)).status).toBe(200);
      expect((await stored(HR)).user.email).toBe("hr2@example.org");
    });
  });
});

describe("DELETE /api/users/{id}/", () => {
  it("deactivates without deleting: the user stays listed, cannot log in, their tokens stop working", async () => {
    const response = await deactivate(VOLUNTEER, TOKEN.manager, { "If-Match": await etagOf(VOLUNTEER) });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    const { user, groups, grants } = await stored(VOLUNTEER);
    expect(user.isActive).toBe(false);
    expect(groups).toEqual([GROUP.helfende]);
    expect(grants).toHaveLength(2);
    expect((await sendJson("GET", `/api/users/${VOLUNTEER}/`, TOKEN.manager)).status).toBe(200);
    await expectError(await sendJson("GET", "/api/users/me/", TOKEN.volunteer), 403, NOT_AUTHENTICATED);
    const loginResponse = await postForm("/accounts/login/", { email: "volunteer@example.org", password: PASSWORD.volunteer });
    expect(loginResponse.status).toBe(200);
    // Again: still 204, still there.
    expect((await deactivate(VOLUNTEER)).status).toBe(204);
  });

  it("refuses a stale If-Match with 412", async () => {
    const etag = await etagOf(VOLUNTEER);
    expect((await update(VOLUNTEER, { phone: "new" })).status).toBe(200);
    await expectRefused(() => deactivate(VOLUNTEER, TOKEN.manager, { "If-Match": etag }), 412, { detail: "Precondition failed: the object was changed since you read it." });
  });

  it("refuses deactivating yourself", async () => {
    await expectRefused(() => deactivate(MANAGER), 400, { detail: "You cannot deactivate yourself." });
  });

  it("answers 404 for invisible and unknown users", async () => {
    await expectRefused(() => deactivate(INVISIBLE, TOKEN.admin), 404, { detail: "No UserProfile matches the given query." });
    await expectRefused(() => deactivate(999, TOKEN.admin), 404, { detail: "No UserProfile matches the given query." });
  });

  it("needs CONFIDENTIAL_WRITE", async () => {
    await expectRefused(() => deactivate(VOLUNTEER, TOKEN.managerNoWrite), 403, PERMISSION_DENIED);
    await expectRefused(() => deactivate(VOLUNTEER, null), 403, NOT_AUTHENTICATED);
    expect((await deactivate(VOLUNTEER, TOKEN.managerWriteOnly)).status).toBe(204);
  });

  it("needs delete_userprofile", async () => {
    for (const token of [TOKEN.addOnly, TOKEN.changeOnly, TOKEN.viewer, TOKEN.volunteer]) {
      await expectRefused(() => deactivate(PLANNER, token), 403, PERMISSION_DENIED);
    }
    expect((await deactivate(PLANNER, TOKEN.deleteOnly)).status).toBe(204);
  });
});

describe("unsafe methods these endpoints do not offer", () => {
  const cases: [string, string][] = [
    ["POST", `/api/users/${VOLUNTEER}/`],
    ["PUT", `/api/users/${VOLUNTEER}/`],
    ["PUT", "/api/users/"],
    ["PATCH", "/api/users/"],
    ["DELETE", "/api/users/"],
    ...["POST", "PUT", "PATCH", "DELETE"].map((method): [string, string] => [method, "/api/users/by_email/volunteer@example.org/"]),
  ];

  it.each(cases)("%s %s: the write scope and the model permission, then 405, changing nothing", async (method, path) => {
    await expectRefused(() => sendJson(method, path, TOKEN.manager, { display_name: "X" }), 405, { detail: `Method "${method}" not allowed.` });
    await expectRefused(() => sendJson(method, path, TOKEN.managerNoWrite, { display_name: "X" }), 403, PERMISSION_DENIED);
    await expectRefused(() => sendJson(method, path, TOKEN.viewer, { display_name: "X" }), 403, PERMISSION_DENIED);
    await expectRefused(() => sendJson(method, path, null, { display_name: "X" }), 403, NOT_AUTHENTICATED);
  });
});

describe("OpenAPI document", () => {
  it("describes the user writes", async () => {
    const doc = (await (await request("/api/schema/?format=json")).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths["/api/users/"])).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(doc.paths["/api/users/{id}/"])).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
    expect(Object.keys(doc.paths["/api/users/{id}/"].patch.responses)).toEqual(expect.arrayContaining(["200", "204", "400", "403", "404", "412"]));
    expect(Object.keys(doc.paths["/api/users/{id}/"].delete.responses)).toEqual(expect.arrayContaining(["204", "412"]));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["UserCreate", "UserUpdate"]));
  });
});
