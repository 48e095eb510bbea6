// What a real ephios (Django 5.2, DRF 3.17.1, django-filter 26.1) answers where a side-by-side run
// found this server answering otherwise (issue #14): e-mail addresses as Django's EmailValidator
// takes them, pagination links as DRF writes them, range-filter errors keyed by the filter's field,
// `search` split as DRF splits it, and empty or blank filter values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFixture } from "../../src/db/fixtures/load";
import { page } from "../helpers/api";
import { loadOptions, resetWorld, testDb } from "../helpers/db";
import { ORIGIN, bearer, request, sendJson } from "../helpers/http";
import { pageLink, withoutPosition } from "../helpers/links";

const ADMIN = "wire-parity-admin-token-0123456789";
const GUEST = "wire-parity-guest-token-0123456789";

const INVALID_DATETIME = "Enter a valid date/time.";
const INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices.";

function world() {
  const shift = (id: number, event: number, day: string) => ({
    id,
    event,
    meeting_time: `${day}T08:00:00`,
    start_time: `${day}T08:00:00`,
    end_time: `${day}T16:00:00`,
    signup_flow_slug: "instant_confirmation",
    structure_slug: "uniform",
  });
  const event = (id: number, title: string, type: number, description: string | null = null) => ({ id, title, description, location: "Halle", type, active: true });
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: null, is_superuser: true, is_staff: true },
      { id: 2, email: "rica@localhost", display_name: "Rica", password: null },
    ],
    event_types: [
      { id: 1, title: "Dienst" },
      { id: 2, title: "Ausbildung" },
    ],
    events: [
      event(1, "Bulk Event 01", 2),
      event(2, "Bulk Event 02", 2),
      event(3, "Bulk Event 03", 2),
      event(4, "Bulk Event 04", 2),
      event(5, "Bulk Event 05", 2),
      event(6, "Lager", 1, 'Kisten "Bulk"'),
    ],
    shifts: [
      shift(1, 1, "2099-06-01"),
      shift(2, 2, "2099-06-02"),
      shift(3, 3, "2099-06-03"),
      shift(4, 4, "2099-06-04"),
      shift(5, 5, "2099-06-05"),
      shift(6, 6, "2099-06-06"),
    ],
    participations: [
      { id: 1, shift: 1, kind: "local", user: 1, state: 1 },
      { id: 2, shift: 2, kind: "local", user: 2, state: 0 },
    ],
    api_tokens: [{ id: 1, user: 1, token: ADMIN, scope: ["PUBLIC_READ", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE", "ME_READ"] }],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: GUEST, client_id: "guest-client", client_secret: "guest-secret" }],
    event_shares: [{ event: 1, guest: 1 }],
  };
}

const get = (path: string, token = ADMIN) => request(path, { headers: bearer(token) });

/** The status, the JSON content type and the body's exact text (key order included). */
async function expectAnswer(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status);
  expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
  expect(await response.text()).toBe(JSON.stringify(body));
}

async function ids(path: string): Promise<number[]> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return ((await response.json()) as { results: { id: number }[] }).results.map((r) => r.id);
}

beforeAll(() => resetWorld(world()));

describe("e-mail addresses as Django's EmailValidator takes them", () => {
  it("the user write API takes them, with Django's message for the others", async () => {
    const created = await sendJson("POST", "/api/users/", ADMIN, { email: "neo@localhost", display_name: "Neo" });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(await created.json()).toMatchObject({ email: "neo@localhost" });
    expect((await sendJson("POST", "/api/users/", ADMIN, { email: "ida@xn--mnchen-3ya.de", display_name: "Ida" })).status).toBe(201);
    for (const email of ["a@b.c0m", "a@[1::2::3]", "x@localhost."]) {
      await expectAnswer(await sendJson("POST", "/api/users/", ADMIN, { email, display_name: "X" }), 400, { email: ["Enter a valid email address."] });
    }
    await expectAnswer(await sendJson("PATCH", "/api/users/2/", ADMIN, { email: "rica@b.12" }), 400, { email: ["Enter a valid email address."] });
  });

  describe("the fixture loader", () => {
    // These loads replace the world; the groups below get it back.
    afterAll(() => resetWorld(world()));

    async function fixtureErrors(email: string): Promise<string[]> {
      const result = await loadFixture(testDb(), { format: "ephios-fixture/1", users: [{ id: 1, email, display_name: "X" }] }, loadOptions({ replace: true }));
      return result.ok ? [] : result.errors;
    }

    it("takes the addresses Django takes (ephios's own test users live at localhost)", async () => {
      for (const email of ["rica@localhost", "user@[192.168.0.1]", "user@[::1]", "a@münchen.de", "a@b.xn--p1ai", '"quoted@at"@example.org', "x!#$%&'*+/=?^_`{|}~-@example.org"]) {
        expect(await fixtureErrors(email), email).toEqual([]);
      }
    });

    it("refuses the others with Django's message", async () => {
      for (const email of ["a@b.c", "a@b.c0m", "a@b.com.", "a@[999.1.1.1]", "user@[IPv6:::1]", "a@LOCALHOST", '"a b"@example.org', "a..b@example.org", "a@😀.de"]) {
        expect(await fixtureErrors(email), email).toEqual(["users[0].email: Enter a valid email address."]);
      }
    });
  });
});

describe("pagination links as DRF writes them", () => {
  it("next and previous have their query parameters sorted by name", async () => {
    const first = await get("/api/events/?type=2&search=Bulk&ordering=-start_time&limit=3");
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ count: 5, next: pageLink(`${ORIGIN}/api/events/?limit=3&offset=3&ordering=-start_time&search=Bulk&type=2`), previous: null });
    const second = await get("/api/events/?type=2&search=Bulk&offset=3&limit=3");
    expect(await second.json()).toMatchObject({ next: null, previous: `${ORIGIN}/api/events/?limit=3&search=Bulk&type=2` });
    const middle = await get("/api/participations/?state=0&offset=1&limit=1&event=2");
    expect(await middle.json()).toMatchObject({ count: 1, next: null, previous: `${ORIGIN}/api/participations/?event=2&limit=1&state=0` });
  });

  it("re-encodes the values as Python's urlencode: spaces as +, only letters, digits and _.-~ kept", async () => {
    const body = await page("/api/events/?search=Bulk%20Event&start_time_after=2099-06-01T00:00:00%2B02:00&limit=1&x=*'~", ADMIN);
    expect(withoutPosition(body.next)).toBe(`${ORIGIN}/api/events/?limit=1&offset=1&search=Bulk+Event&start_time_after=2099-06-01T00%3A00%3A00%2B02%3A00&x=%2A%27~`);
  });
});

describe("range filter errors keyed by the filter's field", () => {
  const lists = ["/api/events/", "/api/shifts/", "/api/participations/", "/api/participations-userinfo/", "/api/users/me/participations/", "/api/users/1/participations/"];

  it.each(lists)("%s: start_time_* and end_time_* are keyed start_time and end_time", async (list) => {
    await expectAnswer(await get(`${list}?start_time_after=notadate`), 400, { start_time: [INVALID_DATETIME] });
    await expectAnswer(await get(`${list}?start_time_before=notadate`), 400, { start_time: [INVALID_DATETIME] });
    await expectAnswer(await get(`${list}?end_time_after=notadate`), 400, { end_time: [INVALID_DATETIME] });
    await expectAnswer(await get(`${list}?end_time_before=%20`), 400, { end_time: [INVALID_DATETIME] });
    // Both halves invalid: Django's MultiValueField lists the message once.
    await expectAnswer(await get(`${list}?start_time_after=x&start_time_before=y`), 400, { start_time: [INVALID_DATETIME] });
    // The deprecated aliases are filters of their own (IsoDateTimeFilter), keyed by their names.
    await expectAnswer(await get(`${list}?start_gte=x&start_lte=y`), 400, { start_gte: [INVALID_DATETIME], start_lte: [INVALID_DATETIME] });
  });

  it("the federation event list too", async () => {
    await expectAnswer(await get("/api/federation/events/?end_time_after=yesterday", GUEST), 400, { end_time: [INVALID_DATETIME] });
  });

  it("in the filter set's order: EventFilterSet's type first, ParticipationFilterSet's state first", async () => {
    await expectAnswer(await get("/api/events/?start_lte=x&end_time_before=worse&start_time_after=bad&type=abc"), 400, {
      type: [INVALID_CHOICE],
      start_time: [INVALID_DATETIME],
      end_time: [INVALID_DATETIME],
      start_lte: [INVALID_DATETIME],
    });
    await expectAnswer(await get("/api/participations/?shift=x&end_time_after=bad&state=9"), 400, {
      state: ["Select a valid choice. 9 is not one of the available choices."],
      end_time: [INVALID_DATETIME],
      shift: ["“x” is not a valid value."],
    });
  });
});

describe("search split as DRF's search_smart_split", () => {
  it("a NUL is refused with a bare list, after the filters, also where nothing is searched", async () => {
    for (const list of ["/api/events/", "/api/users/", "/api/shifts/"]) {
      await expectAnswer(await get(`${list}?search=%00`), 400, ["Null characters are not allowed."]);
      await expectAnswer(await get(`${list}?search=Bulk%00Event`), 400, ["Null characters are not allowed."]);
    }
    await expectAnswer(await get(`/api/events/?search=${"x%00".repeat(30)}`), 400, ["Null characters are not allowed."]);
    await expectAnswer(await get("/api/events/?search=%00&type=abc"), 400, { type: [INVALID_CHOICE] });
    await expectAnswer(await get("/api/shifts/?search=%00&start_time_after=x"), 400, { start_time: [INVALID_DATETIME] });
  });

  it("an unbalanced quote is part of the term", async () => {
    expect(await ids("/api/events/?search=%22Bulk")).toEqual([6]);
    expect(await ids("/api/events/?search=Bulk%27")).toEqual([]);
    expect(await ids("/api/events/?search=%27Bulk")).toEqual([]);
  });

  it("a quoted phrase followed by a comma and more is split at the comma, its quotes kept", async () => {
    expect(await ids("/api/events/?search=%22Bulk%20Event%2001%22,Halle")).toEqual([]);
    expect(await ids("/api/events/?search=%22Bulk%20Event%2001%22%20Halle")).toEqual([1]);
    expect(await ids("/api/events/?search=%27Bulk%20Event%2002%27,")).toEqual([2]);
  });

  it("keeps this server's bounds on terms", async () => {
    await expectAnswer(await get(`/api/events/?search=${Array.from({ length: 11 }, (_, i) => `t${i}`).join("%20")}`), 400, { search: ["Use at most 10 search terms."] });
    await expectAnswer(await get(`/api/users/?search=${"x".repeat(60)}`), 400, { search: ["A search term may have at most 40 characters."] });
  });
});

describe("empty and blank filter values", () => {
  it("a model multiple choice filter takes every value, an empty one too", async () => {
    for (const query of ["event=", "event=2&event=", "event=&event=2"]) {
      await expectAnswer(await get(`/api/participations/?${query}`), 400, { event: ["“” is not a valid value."] });
    }
    await expectAnswer(await get("/api/participations/?shift="), 400, { shift: ["“” is not a valid value."] });
    await expectAnswer(await get("/api/users/me/participations/?event_type="), 400, { event_type: ["“” is not a valid value."] });
    await expectAnswer(await get("/api/participations/?event=%20"), 400, { event: ["“ ” is not a valid value."] });
    await expectAnswer(await get("/api/participations/?event=%00"), 400, { event: ["Null characters are not allowed."] });
    // Python's int() takes " 2" and "02", but Django compares the text with the ids it found.
    await expectAnswer(await get("/api/participations/?event=02"), 400, { event: ["Select a valid choice. 02 is not one of the available choices."] });
    await expectAnswer(await get("/api/participations/?event=2&event=%202"), 400, { event: ["Select a valid choice.  2 is not one of the available choices."] });
  });

  it("a choice filter compares the text as written: a blank is a value", async () => {
    await expectAnswer(await get("/api/participations/?state=%20"), 400, { state: ["Select a valid choice.   is not one of the available choices."] });
    await expectAnswer(await get("/api/participations/?state=%201"), 400, { state: ["Select a valid choice.  1 is not one of the available choices."] });
  });

  it("a model choice filter looks the value up as int(value): a blank is no id, padding is fine", async () => {
    await expectAnswer(await get("/api/events/?type=%20"), 400, { type: [INVALID_CHOICE] });
    await expectAnswer(await get("/api/events/?type=%00"), 400, { type: ["Null characters are not allowed."] });
    expect(await ids("/api/events/?type=%2B1")).toEqual([6]);
    expect(await ids("/api/events/?type=%201%20")).toEqual([6]);
  });

  it("empty values are skipped, as django-filter skips them", async () => {
    expect(await ids("/api/participations/?state=&start_time_after=&end_time_before=&start_gte=&start_lte=")).toEqual([1, 2]);
    expect(await ids("/api/events/?type=&start_time_before=&search=")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await ids("/api/participations/?state=1&state=")).toEqual([1, 2]);
  });
});
