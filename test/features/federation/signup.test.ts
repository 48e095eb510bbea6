/**
 * Federated sign-up on the host side: the OAuth login against the guest,
 * the federated user, the shared pages and sign-up/decline. The guest instance is played by a
 * fetch spy answering as an ephios guest does; test/federation/two-instances.test.ts runs the
 * same against a real second instance.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { federatedUserQualifications, federatedUsers, participationComments, participations } from "../../../src/db/schema";
import { guestProfile } from "../../../src/features/federation/signup/schemas";
import { s256Challenge } from "../../../src/oauth/pkce";
import { emptyDatabase, loadWorld, snapshot, testDb } from "../../helpers/db";
import { ephiosGuest as guestInstance, federatedLogIn, startFederatedLogin } from "../../helpers/federation";
import { ORIGIN, bearer, postForm, request, withCookiesFrom } from "../../helpers/http";
import { fakeNetwork, json } from "../../helpers/outbound";
import { d1Timing } from "../../helpers/timing";

const GUEST = { id: 1, name: "Guest Org", url: "https://guest.example.org", clientId: "guest-client-id", clientSecret: "guest-client-secret" };
const OTHER_GUEST = { id: 2, name: "Other Org", url: "https://other.example.org" };
const CALLBACK = `${ORIGIN}/api/federation/oauth-callback/`;
const ME_TOKEN = "admin-me-read-token-0123456789";
const Q = { eh: "00000000-0000-4000-8000-000000000001", san: "00000000-0000-4000-8000-000000000002", rs: "00000000-0000-4000-8000-000000000003" };

const shift = (id: number, event: number, flow: string, extra: Record<string, unknown> = {}) => ({
  id,
  event,
  label: `Shift ${id}`,
  meeting_time: "2099-06-30T07:00:00+02:00",
  start_time: "2099-06-30T08:00:00+02:00",
  end_time: "2099-06-30T12:00:00+02:00",
  signup_flow_slug: flow,
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 5 },
  ...extra,
});

/** A shift's times on 2099-07-0<day>, 08:00–12:00 in the host's zone. */
const onDay = (day: number) => ({
  meeting_time: `2099-07-0${day}T07:30:00+02:00`,
  start_time: `2099-07-0${day}T08:00:00+02:00`,
  end_time: `2099-07-0${day}T12:00:00+02:00`,
});

function hostWorld() {
  return {
    format: "ephios-fixture/1",
    users: [{ id: 1, email: "admin@example.org", display_name: "Ada Admin", password: "admin-password-1", is_staff: true, is_superuser: true }],
    api_tokens: [{ id: 1, user: 1, token: ME_TOKEN, scope: ["ME_READ"] }],
    qualification_grants: [{ user: 1, qualification: 3 }],
    qualification_categories: [{ id: 1, uuid: "00000000-0000-4000-8000-0000000000c1", title: "Medical" }],
    qualifications: [
      { id: 1, uuid: Q.eh, title: "Erste Hilfe", abbreviation: "EH", category: 1 },
      { id: 2, uuid: Q.san, title: "Sanitäter", abbreviation: "SAN", category: 1, includes: [1] },
      { id: 3, uuid: Q.rs, title: "Rettungssanitäter", abbreviation: "RS", category: 1, includes: [2] },
    ],
    event_types: [{ id: 1, title: "Service" }],
    events: [
      { id: 1, title: "Shared Festival", location: "Field", type: 1, active: true },
      { id: 2, title: "Private Party", location: "Hall", type: 1, active: true },
      { id: 3, title: "Draft Event", location: "Nowhere", type: 1, active: false },
    ],
    shifts: [
      shift(1, 1, "request_confirm"),
      shift(2, 1, "instant_confirmation"),
      shift(3, 1, "manual"),
      shift(4, 2, "instant_confirmation"),
      shift(5, 3, "instant_confirmation"),
      // For the sign-up form, on days of their own: a preferred team (not Team RS: Gina lacks RS) ...
      shift(6, 1, "instant_confirmation", {
        ...onDay(1),
        structure_slug: "named_teams",
        structure_configuration: {
          choose_preferred_team: true,
          teams: [
            { title: "Team A", uuid: "team-a", qualification: null, min_count: 0, max_count: 2 },
            { title: "Team RS", uuid: "team-rs", qualification: 3, min_count: 0, max_count: 2 },
            { title: "Team EH", uuid: "team-eh", qualification: 1, min_count: 0, max_count: 2 },
          ],
        },
      }),
      // ... a preferred unit (the RTWs need EH, the Sani unit RS) ...
      shift(7, 1, "request_confirm", {
        ...onDay(2),
        structure_slug: "complex",
        structure_configuration: { choose_preferred_unit: true, starting_blocks: [{ building_block: 3, label: "Wache", optional: false, uuid: "wache" }] },
      }),
      // ... times the participants may not choose ...
      shift(8, 1, "instant_confirmation", { ...onDay(3), signup_flow_configuration: { user_can_customize_signup_times: false } }),
      // ... and a shift overlapping shift 6.
      shift(9, 1, "instant_confirmation", {
        meeting_time: "2099-07-01T10:00:00+02:00",
        start_time: "2099-07-01T10:00:00+02:00",
        end_time: "2099-07-01T14:00:00+02:00",
      }),
    ],
    building_blocks: [
      { id: 1, uuid: "5e0c1a4e-0000-4000-8000-0000000000b1", name: "RTW", block_type: "atomic", positions: [{ id: 1, qualifications: [1] }] },
      { id: 2, uuid: "5e0c1a4e-0000-4000-8000-0000000000b2", name: "Sani", block_type: "atomic", positions: [{ id: 2, qualifications: [3] }] },
      {
        id: 3,
        uuid: "5e0c1a4e-0000-4000-8000-0000000000b3",
        name: "Station",
        block_type: "composite",
        sub_compositions: [
          { id: 31, sub_block: 1 },
          { id: 32, sub_block: 1 },
          { id: 33, sub_block: 2, label: "Sanitäter" },
        ],
      },
    ],
    federated_guests: [
      { id: GUEST.id, name: GUEST.name, url: GUEST.url, access_token: "guest-setup-token-0123456789", client_id: GUEST.clientId, client_secret: GUEST.clientSecret },
      { id: OTHER_GUEST.id, name: OTHER_GUEST.name, url: OTHER_GUEST.url, access_token: "other-setup-token-0123456789", client_id: "other-client", client_secret: "other-secret" },
    ],
    federated_users: [{ id: 1, guest: GUEST.id, email: "Known@Guest.example.org", display_name: "Known Person", date_of_birth: null, qualifications: [1] }],
    event_shares: [
      { event: 1, guest: GUEST.id },
      { event: 3, guest: GUEST.id },
      { event: 2, guest: OTHER_GUEST.id },
    ],
  };
}

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld(hostWorld());
});

afterEach(() => {
  vi.restoreAllMocks();
});


const profile = (overrides: Record<string, unknown> = {}) => ({
  id: 42,
  display_name: "Gina Guest",
  email: "gina@guest.example.org",
  phone: null,
  date_of_birth: "1990-05-01",
  is_staff: false,
  qualifications: [{ uuid: Q.san, title: "Sanitäter", abbreviation: "SAN", category: {}, includes: [Q.eh] }],
  ...overrides,
});

/** An ephios guest: the token endpoint and /api/users/me/. */
const ephiosGuest = (me: unknown = profile(), token?: unknown) => guestInstance(me, token);

const get = (path: string, cookie?: string) => request(path, { headers: cookie ? { Cookie: cookie } : {} });

const startLogin = (path = "/events/shared/1/1/") => startFederatedLogin(path);

/** The whole login: start, the guest's redirect back, the callback. Returns the browser's cookies. */
const logIn = (me: unknown = profile()) => federatedLogIn("/events/shared/1/1/", me);

describe("the login through the guest", () => {
  it("sends the browser to the guest's authorization endpoint with PKCE S256 and scope ME_READ", async () => {
    const response = await get("/events/shared/1/1/");
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${GUEST.url}/api/oauth/authorize/`);
    const query = Object.fromEntries(location.searchParams);
    expect(Object.keys(query)).toEqual(["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"]);
    expect(query).toMatchObject({ response_type: "code", client_id: GUEST.clientId, redirect_uri: CALLBACK, scope: "ME_READ", code_challenge_method: "S256" });
    expect(query.state).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(query.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The state is tied to this browser by a sealed cookie (nothing is stored here for a visit that
    // never comes back); Path=/ as its `__Host-` name demands over https.
    const cookies = response.headers.getSetCookie().join("\n");
    expect(cookies).toMatch(/ephios_federation_login=v1\.[\w-]+\.[\w-]+; .*Path=\/(;|$)/);
    expect(cookies).not.toContain(query.state);
  });

  it("exchanges the code as an ephios host does, reads the profile and opens a federated session", async () => {
    const { location, cookie } = await startLogin();
    const sent = fakeNetwork(ephiosGuest());
    const back = await get(`/api/federation/oauth-callback/?code=the-code&state=${location.searchParams.get("state")}`, cookie);
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe("/events/shared/1/1/");
    const session = back.headers.getSetCookie().find((c) => c.startsWith("ephios_federation="));
    expect(session).toMatch(/Max-Age=36000/);
    expect(session).toMatch(/HttpOnly/);

    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${GUEST.url}/api/oauth/token/`, `GET ${GUEST.url}/api/users/me/`]);
    const [exchange, me] = sent;
    expect(exchange.headers.get("Authorization")).toBe(`Basic ${btoa(`${GUEST.clientId}:${GUEST.clientSecret}`)}`);
    const fields = Object.fromEntries(new URLSearchParams(exchange.body));
    expect(fields).toMatchObject({ grant_type: "authorization_code", code: "the-code", redirect_uri: CALLBACK });
    expect(fields.client_secret).toBeUndefined();
    // The verifier belongs to the challenge sent to the guest.
    expect(await s256Challenge(fields.code_verifier)).toBe(location.searchParams.get("code_challenge"));
    expect(me.headers.get("Authorization")).toBe("Bearer guest-access-token");

    // The new federated user, with SAN mapped by uuid (not its includes: SAN is known here).
    const [user] = await testDb().select().from(federatedUsers).where(eq(federatedUsers.email, "gina@guest.example.org"));
    expect(user).toMatchObject({ guestId: GUEST.id, displayName: "Gina Guest", dateOfBirth: "1990-05-01" });
    const quals = await testDb().select().from(federatedUserQualifications).where(eq(federatedUserQualifications.federatedUserId, user.id));
    expect(quals.map((q) => q.qualificationId)).toEqual([2]);

    // The session works: the event page shows, and the login state is single use.
    const page = await get("/events/shared/1/1/", withCookiesFrom(back, cookie));
    expect(page.status).toBe(200);
    // Its three shifts' checkers are loaded in one batch (one per shift made 8 calls to D1).
    expect(d1Timing(page).roundTrips).toBe(6);
    expect(await page.text()).toContain("Shared Festival");
    const replay = `/api/federation/oauth-callback/?code=the-code&state=${location.searchParams.get("state")}`;
    expect((await get(replay, withCookiesFrom(back, cookie))).status).toBe(403);
    // Nor does a login cookie we did not seal open anything.
    expect((await get(replay, `ephios_federation_login=${location.searchParams.get("state")}`)).status).toBe(403);
  });

  it("maps an unknown guest qualification through its includes, and matches a known user by email without updating it", async () => {
    await logIn(profile({ email: "newbie@guest.example.org", qualifications: [{ uuid: "99999999-0000-4000-8000-000000000000", includes: [Q.rs, "unknown"] }, { uuid: "x" }] }));
    const [user] = await testDb().select().from(federatedUsers).where(eq(federatedUsers.email, "newbie@guest.example.org"));
    const quals = await testDb().select().from(federatedUserQualifications).where(eq(federatedUserQualifications.federatedUserId, user.id));
    expect(quals.map((q) => q.qualificationId)).toEqual([3]);

    // The first login gives the known user its session binding; nothing else changes, then or later.
    const known = async () => (await testDb().select().from(federatedUsers).where(eq(federatedUsers.email, "Known@Guest.example.org")))[0];
    const unbound = await known();
    await logIn(profile({ email: "known@guest.example.org" }));
    const bound = await known();
    expect(bound).toEqual({ ...unbound, sessionBinding: expect.any(String) });
    const before = await snapshot();
    await logIn(profile({ email: "known@guest.example.org", display_name: "Renamed", qualifications: [{ uuid: Q.rs, includes: [] }] }));
    expect(await snapshot()).toEqual(before);
  });

  it("takes a guest's user at an address Django takes, such as localhost", async () => {
    await logIn(profile({ email: "rica@localhost" }));
    expect(await testDb().select().from(federatedUsers).where(eq(federatedUsers.email, "rica@localhost"))).toHaveLength(1);
  });

  const failures: [string, Record<string, string>, ((r: Request) => Response) | null, string][] = [
    ["the user refused at the guest", { error: "access_denied" }, null, "oauth_error"],
    ["no code", {}, null, "oauth_error"],
    ["an error from the token endpoint", { code: "c" }, ephiosGuest(profile(), { error: "invalid_grant" }), "oauth_error"],
    ["a token without expires_in", { code: "c" }, ephiosGuest(profile(), { access_token: "t", token_type: "Bearer" }), "event_error"],
    ["a token with expires_in 0", { code: "c" }, ephiosGuest(profile(), { access_token: "t", expires_in: 0 }), "event_error"],
    ["a token endpoint answering HTML", { code: "c" }, () => new Response("<html>", { status: 502 }), "oauth_error"],
    ["a profile without email", { code: "c" }, ephiosGuest({ detail: "Authentication credentials were not provided." }), "event_error"],
    ["a profile with an email Django refuses", { code: "c" }, ephiosGuest(profile({ email: "gina@guest" })), "event_error"],
    ["a profile that is no JSON", { code: "c" }, (r) => (new URL(r.url).pathname === "/api/users/me/" ? new Response("<html>") : ephiosGuest()(r)), "event_error"],
    [
      "an unreachable guest",
      { code: "c" },
      () => {
        throw new TypeError("Network connection lost.");
      },
      "oauth_error",
    ],
  ];

  it.each(failures)("sends the user back to the guest's event list after %s, storing nothing", async (_name, params, guest, error) => {
    const { location, cookie } = await startLogin();
    fakeNetwork(guest ?? (() => json({}, 500)));
    const before = await snapshot();
    const query = new URLSearchParams({ ...params, state: location.searchParams.get("state")! });
    const back = await get(`/api/federation/oauth-callback/?${query}`, cookie);
    expect(back.status).toBe(302);
    expect(back.headers.get("Location")).toBe(`${GUEST.url}/events/external/?error=${error}`);
    expect(back.headers.getSetCookie().some((c) => c.startsWith("ephios_federation="))).toBe(false);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a callback this browser did not start (no state cookie, another state, a malformed query)", async () => {
    const { location, cookie } = await startLogin();
    const sent = fakeNetwork(ephiosGuest());
    const state = location.searchParams.get("state")!;
    for (const [query, jar] of [
      [`code=c&state=${state}`, ""],
      [`code=c&state=${"x".repeat(30)}`, cookie],
      [`code=c`, cookie],
      [`code=c&state=${"x".repeat(300)}`, cookie],
    ] as const) {
      const response = await get(`/api/federation/oauth-callback/?${query}`, jar);
      expect(response.status, query).toBe(403);
      expect(response.headers.get("Content-Type")).toContain("text/html");
    }
    expect(sent).toEqual([]);
  });
});

describe("shared pages", () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await logIn();
  });

  const participationOf = async (shiftId: number) => {
    const [user] = await testDb().select().from(federatedUsers).where(eq(federatedUsers.email, "gina@guest.example.org"));
    const [row] = await testDb()
      .select()
      .from(participations)
      .where(and(eq(participations.shiftId, shiftId), eq(participations.federatedUserId, user.id)));
    return row ?? null;
  };

  it("answers 404 for unknown, inactive or malformed targets and 403 for what is not shared with the guest, before any login", async () => {
    const cases: [string, number][] = [
      ["/events/shared/999/1/", 404],
      ["/events/shared/3/1/", 404],
      ["/events/shared/abc/1/", 404],
      [`/events/shared/${"9".repeat(20)}/1/`, 404],
      ["/events/shared/2/1/", 403],
      ["/events/shared/1/2/", 403],
      ["/events/shared/1/99/", 403],
      ["/shifts/shared/4/1/signup/", 403],
      ["/shifts/shared/5/1/signup/", 404],
      ["/shifts/shared/999/1/signup/", 404],
    ];
    for (const [path, status] of cases) {
      for (const jar of ["", cookie]) expect((await get(path, jar)).status, `${path} ${jar ? "with" : "without"} session`).toBe(status);
    }
    const before = await snapshot();
    for (const path of ["/shifts/shared/4/1/signup/", "/shifts/shared/5/1/signup/"]) {
      expect((await postForm(path, { signup_choice: "sign_up" }, { cookie })).status, path).toBeGreaterThanOrEqual(403);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a session of one guest does not open another guest's pages", async () => {
    const response = await get("/events/shared/2/2/", cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^${OTHER_GUEST.url}/api/oauth/authorize/\\?`));
  });

  it("shows the event with its shifts and a way back to the guest", async () => {
    const html = await (await get("/events/shared/1/1/", cookie)).text();
    expect(html).toContain("Shared Festival");
    expect(html).toContain(`You are currently viewing an event at ${env.ORGANIZATION_NAME}.`);
    expect(html).toContain(`href="${GUEST.url}/events/external/"`);
    for (const id of [1, 2]) expect(html).toContain(`action="/shifts/shared/${id}/1/signup/"`);
    // manual: no buttons, ephios's reason instead.
    expect(html).not.toContain(`action="/shifts/shared/3/1/signup/"`);
    expect(html).toContain("<li>Signup for this shift is disabled.</li>");
    expect(html).not.toContain("Private Party");
  });

  it("signs up and declines following each shift's flow", async () => {
    const signUp = await postForm("/shifts/shared/1/1/signup/", { signup_choice: "sign_up" }, { cookie });
    expect(signUp.status).toBe(302);
    expect(signUp.headers.get("Location")).toBe("/events/shared/1/1/#shift-1");
    expect(await participationOf(1)).toMatchObject({ kind: "federated", state: 0, userId: null });
    const page = await (await get("/events/shared/1/1/", withCookiesFrom(signUp, cookie))).text();
    expect(page).toContain("You have successfully requested a participation in Shared Festival Shift 1 (");
    expect(page).toContain("You have requested to take part.");
    // Requested: only declining is left on that card.
    const card = page.slice(page.indexOf('id="shift-1"'), page.indexOf('id="shift-2"'));
    expect(card).toContain('value="decline"');
    expect(card).not.toContain('value="sign_up"');

    expect((await postForm("/shifts/shared/2/1/signup/", { signup_choice: "sign_up" }, { cookie })).status).toBe(302);
    expect(await participationOf(2)).toMatchObject({ state: 1 });

    const declined = await postForm("/shifts/shared/1/1/signup/", { signup_choice: "decline" }, { cookie });
    expect(declined.status).toBe(302);
    expect(await participationOf(1)).toMatchObject({ state: 2 });
    expect(await (await get("/events/shared/1/1/", withCookiesFrom(declined, cookie))).text()).toContain("You have successfully declined Shared Festival Shift 1 (");

    // manual: nobody signs up by themselves; the page tells why.
    const manual = await postForm("/shifts/shared/3/1/signup/", { signup_choice: "sign_up" }, { cookie });
    expect(manual.status).toBe(400);
    expect(await participationOf(3)).toBeNull();
    expect(await manual.text()).toContain('<ul class="errors" role="alert"><li>Signup for this shift is disabled.</li></ul>');
  });

  it("refuses a malformed choice and a cross-origin post, changing nothing", async () => {
    const before = await snapshot();
    expect((await postForm("/shifts/shared/2/1/signup/", { signup_choice: "customize" }, { cookie })).status).toBe(400);
    expect((await postForm("/shifts/shared/2/1/signup/", {}, { cookie })).status).toBe(400);
    expect((await postForm("/shifts/shared/2/1/signup/", { signup_choice: "decline" }, { cookie, origin: "https://evil.example.org" })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("a session whose federated user is gone (the guest was removed meanwhile) starts a new login", async () => {
    const other = await logIn(profile({ email: "shortlived@guest.example.org" }));
    expect((await get("/events/shared/1/1/", other)).status).toBe(200);
    await testDb().delete(federatedUsers).where(eq(federatedUsers.email, "shortlived@guest.example.org"));
    const response = await get("/events/shared/1/1/", other);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(new RegExp(`^${GUEST.url}/api/oauth/authorize/\\?`));
    const before = await snapshot();
    expect((await postForm("/shifts/shared/2/1/signup/", { signup_choice: "sign_up" }, { cookie: other })).status).toBe(302);
    expect(await snapshot()).toEqual(before);
  });

  it("sends a post without federated session to the event page (where the login starts)", async () => {
    const before = await snapshot();
    const response = await postForm("/shifts/shared/2/1/signup/", { signup_choice: "decline" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/events/shared/1/1/");
    expect(await snapshot()).toEqual(before);
  });
});

describe("the sign-up form", () => {
  const EMAIL = "form@guest.example.org";
  let cookie: string;
  beforeAll(async () => {
    cookie = await logIn(profile({ email: EMAIL }));
  });

  const page = async () => (await get("/events/shared/1/1/", cookie)).text();
  /** The card of a shift on the page. */
  const card = (html: string, shiftId: number) => {
    const start = html.indexOf(`id="shift-${shiftId}"`);
    expect(start, `card of shift ${shiftId}`).toBeGreaterThan(-1);
    const end = html.indexOf("</section>", start);
    return html.slice(start, end);
  };
  const post = (shiftId: number, fields: Record<string, string | string[]>) => postForm(`/shifts/shared/${shiftId}/1/signup/`, fields, { cookie });
  const own = async (shiftId: number) => {
    const [user] = await testDb().select().from(federatedUsers).where(eq(federatedUsers.email, EMAIL));
    const [row] = await testDb()
      .select()
      .from(participations)
      .where(and(eq(participations.shiftId, shiftId), eq(participations.federatedUserId, user.id)));
    return row ?? null;
  };
  const commentsOf = (participationId: number) => testDb().select().from(participationComments).where(eq(participationComments.participationId, participationId));
  /** A post the form refuses: 400, the page with the form, nothing written. */
  async function refused(shiftId: number, fields: Record<string, string | string[]>) {
    const before = await snapshot();
    const response = await post(shiftId, fields);
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    expect(await snapshot()).toEqual(before);
    return card(await response.text(), shiftId);
  }
  const teamA = { signup_choice: "sign_up", preferred_team_uuid: "team-a" };

  it("shows the fields only where the flow and the structure ask for them, times in the host's zone", async () => {
    const html = await page();
    const teams = card(html, 6);
    expect(teams).toContain('<input type="datetime-local" id="shift-6-individual_start_time" name="individual_start_time" value="2099-07-01T08:00"');
    expect(teams).toContain('name="individual_end_time" value="2099-07-01T12:00"');
    expect(teams).toContain("Times in Europe/Berlin.");
    expect(teams).toContain("<legend>Preferred Team</legend>");
    // The teams Gina qualifies for, by title; not the one needing RS.
    expect(teams).toMatch(/<input type="radio" name="preferred_team_uuid" value="team-a" required=""\/> Team A/);
    expect(teams).toContain('value="team-eh"');
    expect(teams).not.toContain("team-rs");
    expect(teams).toContain('name="comment" maxlength="255"');
    expect(teams).toContain('<input type="checkbox" name="comment_is_public"/> Make comment visible for other participants');

    // complex: the units by ephios's names (label or block name down the tree, numbered per block name).
    const units = card(html, 7);
    expect(units).toContain("<legend>Preferred Unit</legend>");
    expect(units).toContain('value="root.wache.31." required=""/> Wache » RTW #1');
    expect(units).toContain('value="root.wache.32." required=""/> Wache » RTW #2');
    expect(units).not.toContain("root.wache.33.");

    // Times the flow does not let participants choose: no time fields, no team; still a comment.
    const fixed = card(html, 8);
    expect(fixed).not.toContain("datetime-local");
    expect(fixed).not.toContain('type="radio"');
    expect(fixed).toContain('name="comment"');
    // manual: no form at all.
    expect(card(html, 3)).not.toContain("<form");
  });

  it("refuses a sign-up without the team or unit the structure asks for, or with one it does not offer", async () => {
    const none = await refused(7, { signup_choice: "sign_up", comment: "ohne Einheit", comment_is_public: "on" });
    expect(none).toMatch(/<legend>Preferred Unit<\/legend>.*<ul class="errors" role="alert"><li>This field is required.<\/li><\/ul><\/fieldset>/s);
    expect(none).toContain('value="ohne Einheit"');
    expect(none).toContain('<input type="checkbox" name="comment_is_public" checked=""/>');

    const unit = await refused(7, { signup_choice: "sign_up", preferred_unit_path: "root.wache.33." });
    expect(unit).toContain("<li>Select a valid choice. root.wache.33. is not one of the available choices.</li>");
    for (const team of ["team-rs", "nope"]) {
      const unknown = await refused(6, { signup_choice: "sign_up", preferred_team_uuid: team });
      expect(unknown).toContain(`<li>Select a valid choice. ${team} is not one of the available choices.</li>`);
      // No option is checked: the refused value is none of them.
      expect(unknown).not.toContain('checked=""');
    }
  });

  it("signs up with own times, a public comment and a team; the values land as sent", async () => {
    const response = await post(6, {
      ...teamA,
      individual_start_time: "2099-07-01T09:00",
      individual_end_time: "2099-07-01T11:30",
      comment: "  Bringe Funkgerät mit  ",
      comment_is_public: "on",
      // Who signs up is the session's user: other fields are ignored.
      federated_user: "1",
      user: "1",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/events/shared/1/1/#shift-6");
    const row = await own(6);
    expect(row).toMatchObject({
      kind: "federated",
      userId: null,
      state: 1,
      individualStartTime: Date.parse("2099-07-01T09:00:00+02:00"),
      individualEndTime: Date.parse("2099-07-01T11:30:00+02:00"),
      structureData: { preferred_team_uuid: "team-a" },
    });
    expect(row.federatedUserId).not.toBe(1);
    expect(await commentsOf(row.id)).toMatchObject([{ text: "Bringe Funkgerät mit", visibleFor: 2, authoredByResponsibleId: null }]);
    expect(await (await get("/events/shared/1/1/", withCookiesFrom(response, cookie))).text()).toContain("You have successfully signed up for Shared Festival Shift 6 (");

    // A unit, the shift's own times (unchanged fields store none) and a comment for responsibles only.
    expect((await post(7, { signup_choice: "sign_up", preferred_unit_path: "root.wache.32.", individual_start_time: "2099-07-02T08:00", individual_end_time: "2099-07-02T12:00", comment: "Nur vormittags" })).status).toBe(302);
    const unit = await own(7);
    expect(unit).toMatchObject({ state: 0, individualStartTime: null, individualEndTime: null, structureData: { preferred_unit_path: "root.wache.32." } });
    expect(await commentsOf(unit.id)).toMatchObject([{ text: "Nur vormittags", visibleFor: 1 }]);
  });

  it("declines with a comment", async () => {
    const response = await post(8, { signup_choice: "decline", comment: "Bin verreist" });
    expect(response.status).toBe(302);
    const row = await own(8);
    expect(row).toMatchObject({ state: 2, individualStartTime: null });
    expect(await commentsOf(row.id)).toMatchObject([{ text: "Bin verreist", visibleFor: 1 }]);
  });

  it("refuses with the checkers' messages on the form, the values kept, nothing written", async () => {
    // Confirmed for shift 6 from 09:00 to 11:30: own times for shift 9 overlap them (ephios's form checks any overlap).
    const overlap = await refused(9, { signup_choice: "sign_up", individual_start_time: "2099-07-01T10:00", individual_end_time: "2099-07-01T14:00", comment: "kept" });
    expect(overlap).toContain('<ul class="errors" role="alert"><li>You are already confirmed for other shifts at this time: Shared Festival Shift 6 (1 Jul 2099, 08:00 – 1 Jul 2099, 12:00).</li></ul>');
    expect(overlap).toContain('name="individual_start_time" value="2099-07-01T10:00"');
    expect(overlap).toContain('name="comment" maxlength="255" value="kept"');

    const order = await refused(9, { signup_choice: "sign_up", individual_start_time: "2099-07-01T13:00", individual_end_time: "2099-07-01T13:00" });
    expect(order).toMatch(/name="individual_end_time" value="2099-07-01T13:00"\/><ul class="errors" role="alert"><li>The end time must be after the start time.<\/li>/);

    // Already confirmed there.
    expect(await refused(6, teamA)).toContain("<li>This action is not allowed.</li>");
    const fixedTimes = await refused(8, { signup_choice: "sign_up", individual_start_time: "2099-07-03T09:00" });
    expect(fixedTimes).toContain("<li>Participants cannot choose their own times for this shift.</li>");

    const manual = await refused(3, { signup_choice: "sign_up" });
    expect(manual).toContain('<ul class="errors" role="alert"><li>Signup for this shift is disabled.</li></ul>');

    // Confirmed, and the flow keeps confirmed participants: no declining.
    const confirmed = await refused(6, { signup_choice: "decline" });
    expect(confirmed).toContain('<ul class="errors" role="alert"><li>You cannot decline by yourself.</li></ul>');
  });

  it("answers malformed values with 400 and the form, the values escaped, nothing written", async () => {
    const badTime = await refused(9, { signup_choice: "sign_up", individual_start_time: "2099-02-30T10:00", individual_end_time: "next tuesday" });
    expect(badTime.match(/<li>Datetime has wrong format\./g)).toHaveLength(2);
    expect(badTime).toContain('name="individual_end_time" value="next tuesday"');

    const long = await refused(9, { signup_choice: "sign_up", comment: "x".repeat(256) });
    expect(long).toContain("<li>Ensure this field has no more than 255 characters.</li>");

    const longTeam = await refused(9, { signup_choice: "sign_up", preferred_team_uuid: "y".repeat(65) });
    expect(longTeam).toContain("<li>Ensure this field has no more than 64 characters.</li>");
    const twice = await refused(9, { signup_choice: "sign_up", comment: ["a", "b"], comment_is_public: ["on", "on"] });
    expect(twice).toContain("<li>Not a valid string.</li>");
    expect(twice).toContain("<li>Must be a valid boolean.</li>");

    const injected = await refused(9, { signup_choice: "sign_up", comment: `"><script>alert(1)</script>${"x".repeat(255)}`, individual_start_time: `"><img src=x onerror=alert(1)>` });
    expect(injected).not.toContain("<script>");
    expect(injected).not.toContain("<img");
    expect(injected).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("what this instance, as a guest, gives a host", () => {
  it("GET /api/users/me/ carries the keys a host reads, in the shapes it reads them", async () => {
    const response = await request("/api/users/me/", { headers: bearer(ME_TOKEN) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { qualifications: { uuid: string; includes: string[] }[] };
    expect(body).toMatchObject({ email: "admin@example.org", display_name: "Ada Admin", date_of_birth: null });
    expect(body.qualifications).toHaveLength(1);
    expect(body.qualifications[0].uuid).toBe(Q.rs);
    expect([...body.qualifications[0].includes].sort()).toEqual([Q.eh, Q.san].sort());
    expect(guestProfile.safeParse(body).success).toBe(true);
  });
});
