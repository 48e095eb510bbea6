/**
 * The signed `position` that list endpoints' `next` links carry (src/lib/api/pagination.ts
 * `pageStart`/`paginated`, src/lib/api/keyset.ts; docs/performance.md, "Deep pages"), through the
 * real Worker: following `next` gives the offset pages' rows, a page reached that way costs what
 * the first page cost, anything but the exact signed position falls back to `offset`, and a
 * position keeps its place while the list changes.
 *
 * Storage is shared by the whole file: every describe loads the world in its own beforeAll.
 */
import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_LIMIT } from "../../../src/lib/api/pagination";
import { type Page, page } from "../../helpers/api";
import { resetWorld, testDb } from "../../helpers/db";
import { ORIGIN, bearer, request, sendJson } from "../../helpers/http";
import { withoutPosition } from "../../helpers/links";
import { d1Timing } from "../../helpers/timing";

// Loading the world and walking every list take a while on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const LIMIT = 7;
const EVENT_COUNT = 60;
/** Participation ids start here, so a row inserted later can sort before all of them. */
const FIRST_PARTICIPATION = 1001;

const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const TOKENS = {
  admin: "page-position-admin-token-0123456789",
  vera: "page-position-vera-token-0123456789",
  guest: "page-position-guest-token-0123456789",
};
type Caller = keyof typeof TOKENS;
const U = { admin: 1, vera: 2 };
const PEOPLE = 38; // users 3 … 40 take part in shifts
const GROUPS = { all: 1, some: 2 };

/** Events that Vera (group "some") sees: a third of them, and a few more. */
const veraSees = (event: number) => event % 3 === 0 || event % 7 === 0;

/**
 * 60 events: every tenth without shifts (start and end NULL), event 57 inactive; the day repeats
 * every 15 events, so events share start times (and, two apart in parity, start and end), and
 * titles repeat every 20. Two or three shifts each, the third with the first's meeting and start
 * time. One local participation per shift (in every state in turn), Vera's in the events she
 * sees, a placeholder's in every fourth shift.
 */
function positionWorld() {
  const shifts: object[] = [];
  const participations: object[] = [];
  const permissions: object[] = [];
  let shiftId = 0;
  let participationId = FIRST_PARTICIPATION;
  const events = Array.from({ length: EVENT_COUNT }, (_, index) => {
    const event = index + 1;
    permissions.push({ event, group: GROUPS.all, permission: "view_event" });
    if (veraSees(event)) permissions.push({ event, group: GROUPS.some, permission: "view_event" });
    const day = `2099-07-${String(1 + (event % 15)).padStart(2, "0")}`;
    const times = [
      ["08:00", "12:00"],
      ["12:00", event % 4 === 0 ? "18:00" : "16:00"],
      ["08:00", "10:00"],
    ];
    for (const [start, end] of event % 10 === 0 ? [] : times.slice(0, 2 + (event % 2))) {
      const shift = ++shiftId;
      shifts.push({
        id: shift,
        event,
        label: `Schicht ${shift}`,
        meeting_time: `${day}T${start}`,
        start_time: `${day}T${start}`,
        end_time: `${day}T${end}`,
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 10 },
      });
      participations.push({ id: participationId++, shift, kind: "local", user: 3 + (shift % PEOPLE), state: shift % 5 });
      if (veraSees(event)) participations.push({ id: participationId++, shift, kind: "local", user: U.vera, state: shift % 2 });
      if (shift % 4 === 0) participations.push({ id: participationId++, shift, kind: "placeholder", display_name: `Extern ${shift}`, state: 1 });
    }
    return { id: event, title: `Dienst ${String.fromCharCode(65 + (event % 20))}`, location: "Wache", type: 1, active: event !== 57 };
  });
  return {
    format: "ephios-fixture/1",
    users: [
      { id: U.admin, email: "admin@example.org", display_name: "Ada Admin", is_staff: true, is_superuser: true },
      { id: U.vera, email: "vera@example.org", display_name: "Vera Volunteer" },
      ...Array.from({ length: PEOPLE }, (_, i) => ({ id: 3 + i, email: `person${3 + i}@example.org`, display_name: `Person ${3 + i}` })),
    ],
    groups: [
      { id: GROUPS.all, name: "Leitung", members: [U.admin] },
      { id: GROUPS.some, name: "Helfer", members: [U.vera] },
    ],
    event_types: [{ id: 1, title: "Sanitätsdienst", show_participant_data: 0 }],
    events,
    event_permissions: permissions,
    shifts,
    participations,
    api_tokens: [
      { id: 1, user: U.admin, token: TOKENS.admin, scope: ALL_SCOPES },
      { id: 2, user: U.vera, token: TOKENS.vera, scope: ALL_SCOPES },
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: TOKENS.guest, client_id: "guest-client", client_secret: "guest-secret" }],
    event_shares: events.filter((e) => e.id % 4 !== 0).map((e) => ({ event: e.id, guest: 1 })),
  };
}

/** `path` with more query parameters. */
const withQuery = (path: string, query: string) => `${path}${path.includes("?") ? "&" : "?"}${query}`;

const positionOf = (link: string) => new URL(link).searchParams.get("position");

/** `link` with its `position` replaced by `position` (given as it goes into the query). */
const withPosition = (link: string, position: string) => `${withoutPosition(link)}&position=${position}`;

const idsOf = (body: Page) => body.results.map((r) => r.id as number);

interface Fetched {
  url: string;
  body: Page;
  rowsRead: number;
}

/** GET as `caller`, expecting a 200 JSON page; with the rows D1 read for it. */
async function fetchPage(url: string, caller: Caller): Promise<Fetched> {
  const response = await request(url, { headers: bearer(TOKENS[caller]) });
  expect(response.status, `${url}: ${response.status}`).toBe(200);
  return { url, body: (await response.json()) as Page, rowsRead: d1Timing(response).rowsRead };
}

/** The pages from `first` along `next` to the end. */
async function walk(first: string, caller: Caller): Promise<Fetched[]> {
  const pages = [await fetchPage(first, caller)];
  for (let next = pages[0].body.next; next; next = pages.at(-1)!.body.next) {
    expect(pages.length, "more pages than rows").toBeLessThanOrEqual(pages[0].body.count + 1);
    pages.push(await fetchPage(next, caller));
  }
  return pages;
}

/** The page of `path` at `offset`, as a DRF client builds it without `next`. */
const offsetPage = (path: string, caller: Caller, offset: number) => page(withQuery(path, `limit=${LIMIT}&offset=${offset}`), TOKENS[caller]);

/** The whole list in one page: the order the pages cut. */
const wholeList = async (path: string, caller: Caller) => idsOf(await page(withQuery(path, `limit=${MAX_LIMIT}`), TOKENS[caller]));

// The describes before "a position while the list changes" only read.
beforeAll(() => resetWorld(positionWorld()));

// The lists with a position, with callers who see all or only some of the rows.
const LISTS: [Caller, string][] = [
  ["admin", "/api/events/"],
  ["admin", "/api/events/?ordering=-start_time"],
  ["admin", "/api/events/?ordering=title"],
  ["admin", "/api/events/?ordering=-title,start_time"],
  ["vera", "/api/events/"],
  ["vera", "/api/events/?ordering=-title,start_time"],
  ["admin", "/api/shifts/"],
  ["admin", "/api/shifts/?ordering=-start_time"],
  ["vera", "/api/shifts/"],
  ["admin", "/api/participations/"],
  ["admin", "/api/participations/?state=1"],
  ["vera", "/api/participations/"],
  ["admin", "/api/participations-userinfo/"],
  ["vera", "/api/users/me/participations/"],
  ["admin", `/api/users/${U.vera}/participations/`],
  ["admin", "/api/users/"],
  ["guest", "/api/federation/events/"],
];

describe("following next", () => {
  it.each(LISTS)("as %s, %s gives the offset pages' rows, each once, and ends", async (caller, path) => {
    const pages = await walk(withQuery(path, `limit=${LIMIT}`), caller);
    const { count } = pages[0].body;
    // Big enough that the walk seeks several times.
    expect(count).toBeGreaterThan(3 * LIMIT);
    const walked = pages.flatMap((p) => idsOf(p.body));
    // In the test pool each request costs more than the one before (cloudflare/workers-sdk issue
    // 15446), so the offset pages are compared in one piece and, page by page, at a few offsets.
    expect(walked).toEqual(await wholeList(path, caller));
    for (const i of [1, Math.floor(pages.length / 2), pages.length - 1]) {
      expect(idsOf(await offsetPage(path, caller, i * LIMIT)), `offset ${i * LIMIT}`).toEqual(idsOf(pages[i].body));
    }
    expect(walked).toHaveLength(count);
    expect(new Set(walked).size).toBe(count);

    expect(pages.map((p) => p.body.count)).toEqual(pages.map(() => count));
    expect(pages.at(-1)!.body.next).toBeNull();
    for (const [i, { body }] of pages.entries()) {
      if (body.next) {
        expect(body.next.startsWith(`${ORIGIN}/`)).toBe(true);
        expect(positionOf(body.next), body.next).toMatch(/^[A-Za-z0-9_-]+\.[0-9a-f]{32}$/);
        expect(new URL(body.next).searchParams.get("offset")).toBe(String((i + 1) * LIMIT));
      }
      if (i === 0) expect(body.previous).toBeNull();
      else expect(body.previous).not.toMatch(/[?&]position=/);
    }
  });
});

describe("the cost of a page reached through next", () => {
  it.each(["/api/participations/", "/api/shifts/"])("%s: every page costs at most 1.5 × the first, the same page by offset more", async (path) => {
    const pages = await walk(withQuery(path, `limit=${LIMIT}`), "admin");
    expect(pages.length).toBeGreaterThan(10);
    const first = pages[0].rowsRead;
    for (const { url, rowsRead } of pages) expect(rowsRead, url).toBeLessThanOrEqual(1.5 * first);

    // The deepest full page: the one before the last.
    const deep = pages.at(-2)!;
    const byOffset = await fetchPage(withoutPosition(deep.url), "admin");
    expect(byOffset.body).toEqual(deep.body);
    expect(byOffset.rowsRead, `offset ${byOffset.rowsRead} rows, position ${deep.rowsRead}`).toBeGreaterThan(deep.rowsRead);
  });
});

/** base64url of `value` as JSON: a page position's payload, here never signed. */
const payloadOf = (value: unknown) => btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

describe("a position that is not exactly the server's", () => {
  // `next` links of the default events list (the third page's, at offset 14, is the one edited),
  // and of other lists at the same offset.
  let events: string[];
  let shiftsNext: string;
  let otherOrdering: string;
  let stateOne: string;
  beforeAll(async () => {
    /** The `next` links of the first `pages` pages of `path`, followed. */
    const nexts = async (path: string, pages: number) => {
      const links = [(await fetchPage(withQuery(path, `limit=${LIMIT}`), "admin")).body.next!];
      while (links.length < pages) links.push((await fetchPage(links.at(-1)!, "admin")).body.next!);
      return links;
    };
    events = await nexts("/api/events/", 5);
    [, shiftsNext] = await nexts("/api/shifts/", 2);
    [, otherOrdering] = await nexts("/api/events/?ordering=-title,start_time", 2);
    [, stateOne] = await nexts("/api/participations/?state=1", 2);
  });

  /** `url` answers exactly what `offsetUrl` (no position) answers. */
  async function expectOffsetPage(url: string, offsetUrl: string) {
    const response = await request(url, { headers: bearer(TOKENS.admin) });
    expect(response.status, url).toBe(200);
    expect(await response.json()).toEqual(await page(offsetUrl, TOKENS.admin));
  }

  /** The events page at offset 14 with `position` instead of its own. */
  const onThirdPage = (position: string) => withPosition(events[1], position);
  const thirdPage = () => withoutPosition(events[1]);

  it("the exact position gives the offset page (the reference of the cases below)", async () => {
    const [seek, offset] = await Promise.all([fetchPage(events[1], "admin"), fetchPage(thirdPage(), "admin")]);
    expect(seek.body).toEqual(offset.body);
    expect(idsOf(seek.body)).toHaveLength(LIMIT);
  });

  it("a changed signature, or another page's payload or position, is ignored", async () => {
    const [payload, signature] = positionOf(events[1])!.split(".");
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}`;
    const [otherPayload, otherSignature] = positionOf(events[4])!.split(".");
    for (const position of [`${payload}.${flipped}`, `${payload}.${signature.toUpperCase()}`, `${payload}.${signature.slice(1)}`, `${otherPayload}.${signature}`, `${otherPayload}.${otherSignature}`, `${payload}.${otherSignature}`]) {
      await expectOffsetPage(onThirdPage(position), thirdPage());
    }
  });

  it("a position of another list, ordering or filter value is ignored", async () => {
    // Shifts' default order has as many terms as the events' (meeting, start, id and start, end, id).
    await expectOffsetPage(onThirdPage(positionOf(shiftsNext)!), thirdPage());
    await expectOffsetPage(withPosition(shiftsNext, positionOf(events[1])!), withoutPosition(shiftsNext));
    // As do -title,start_time,id and the default.
    await expectOffsetPage(onThirdPage(positionOf(otherOrdering)!), thirdPage());
    await expectOffsetPage(withPosition(otherOrdering, positionOf(events[1])!), withoutPosition(otherOrdering));
    for (const ordering of ["-start_time", "title", "start_time", "-title,start_time,title"]) {
      await expectOffsetPage(`${onThirdPage(positionOf(events[1])!)}&ordering=${ordering}`, `${thirdPage()}&ordering=${ordering}`);
    }
    const stateZero = stateOne.replace("state=1", "state=0");
    await expectOffsetPage(stateZero, withoutPosition(stateZero));
    await expectOffsetPage(withQuery(events[1], "type=1"), withQuery(thirdPage(), "type=1"));
    await expectOffsetPage(withQuery(events[1], "search=Dienst"), withQuery(thirdPage(), "search=Dienst"));
  });

  it("a position with another offset or limit is ignored", async () => {
    const position = positionOf(events[1])!;
    for (const [limit, offset] of [
      [LIMIT, 21],
      [LIMIT, 7],
      [LIMIT, 0],
      [LIMIT, 1],
      [LIMIT + 1, 14],
      [MAX_LIMIT, 14],
    ]) {
      const offsetUrl = `/api/events/?limit=${limit}&offset=${offset}`;
      await expectOffsetPage(`${offsetUrl}&position=${position}`, offsetUrl);
    }
    // No offset (0): the first page.
    await expectOffsetPage(`/api/events/?limit=${LIMIT}&position=${position}`, `/api/events/?limit=${LIMIT}`);
  });

  it("another caller's position shows only that caller's rows", async () => {
    // A position names a place in the order, not a caller: whether Vera, following the admin's
    // link, gets her rows after that place or her offset page, she gets only rows she sees.
    const [adminAll, veraAll] = await Promise.all([wholeList("/api/events/", "admin"), wholeList("/api/events/", "vera")]);
    const response = await request(events[1], { headers: bearer(TOKENS.vera) });
    expect(response.status).toBe(200);
    const shown = idsOf((await response.json()) as Page);
    const afterPosition = veraAll.filter((id) => adminAll.indexOf(id) >= 2 * LIMIT).slice(0, LIMIT);
    expect([afterPosition, veraAll.slice(2 * LIMIT, 3 * LIMIT)]).toContainEqual(shown);
  });

  it("garbage is ignored, never an error", async () => {
    const position = positionOf(events[1])!;
    const garbage = ["abc", ".", "..", "", "%00", "%00.%00", "a.b.c", `${position}.`, `.${position}`, `${position}x`, "a".repeat(5000), `${"A".repeat(4000)}.${"0".repeat(1000)}`, "%E2%80%AE", "%F0%9F%98%80.%F0%9F%98%80", "%2E"];
    for (const value of garbage) await expectOffsetPage(onThirdPage(value), thirdPage());
    // Not UTF-8: refused as any such query is (test/security/bad-input.test.ts), not for the position.
    const notUtf8 = await request(onThirdPage("%FF.%C3%28"), { headers: bearer(TOKENS.admin) });
    const asLimit = await request("/api/events/?limit=%FF", { headers: bearer(TOKENS.admin) });
    expect([notUtf8.status, await notUtf8.json()]).toEqual([400, await asLimit.json()]);
    // Repeated: the last one counts, as for every other parameter.
    await expectOffsetPage(`${events[1]}&position=abc`, thirdPage());
    await expectOffsetPage(`${thirdPage()}&position=abc&position=${position}`, thirdPage());
  });

  it("edited payloads (wrong arity, types, JSON, base64) are ignored", async () => {
    const [payload, signature] = positionOf(events[1])!.split(".");
    const keys = JSON.parse(atob(payload.replaceAll("-", "+").replaceAll("_", "/"))) as unknown[];
    expect(keys).toHaveLength(3);
    const edited = [
      payloadOf(keys.slice(0, 2)),
      payloadOf([...keys, 1]),
      payloadOf([]),
      payloadOf([null, null, null]),
      payloadOf([{}, [], true]),
      payloadOf(keys.map(String)),
      payloadOf({ 0: keys[0], 1: keys[1], 2: keys[2], length: 3 }),
      payloadOf("[1,2,3]"),
      payloadOf(null),
      "WzFlOTk5LDEsMV0", // [1e999,1,1]
      btoa("not json"),
      "!!!!",
      `${payload}=`,
    ];
    for (const value of edited) await expectOffsetPage(onThirdPage(`${value}.${signature}`), thirdPage());
  });
});

describe("a position while the list changes", () => {
  beforeEach(() => resetWorld(positionWorld()));

  /**
   * Takes page 1 of `path` and its `next`, lets `change` insert a row that sorts before the
   * position, and checks that `next` (intended: keyset is stable) continues right after the last
   * row seen where the offset link repeats it, and that the walk on from there ends with the
   * rows not seen yet, each once.
   */
  async function insertBefore(path: string, change: () => Promise<void>) {
    const all = await wholeList(path, "admin");
    const first = await fetchPage(withQuery(path, `limit=${LIMIT}`), "admin");
    await change();
    const rest = await walk(first.body.next!, "admin");
    expect(rest[0].body.count).toBe(first.body.count + 1);
    expect(idsOf(rest[0].body)).toEqual(all.slice(LIMIT, 2 * LIMIT));
    const byOffset = await page(withoutPosition(first.body.next!), TOKENS.admin);
    expect(idsOf(byOffset)[0]).toBe(all[LIMIT - 1]);
    expect([...idsOf(first.body), ...rest.flatMap((p) => idsOf(p.body))]).toEqual(all);
  }

  it("/api/shifts/: a shift added through the API before the position", async () => {
    await insertBefore("/api/shifts/", async () => {
      const shift = {
        event: 5,
        label: "Vorbesprechung",
        meeting_time: "2099-06-01T08:00:00+02:00",
        start_time: "2099-06-01T09:00:00+02:00",
        end_time: "2099-06-01T10:00:00+02:00",
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: {},
      };
      expect((await sendJson("POST", "/api/shifts/", TOKENS.admin, shift)).status).toBe(201);
    });
  });

  it("/api/events/?ordering=-start_time: an event without shifts (sorted first) added through the API", async () => {
    await insertBefore("/api/events/?ordering=-start_time", async () => {
      const event = { title: "Nachzügler", location: "Wache", type: 1, visible_for: [GROUPS.all] };
      expect((await sendJson("POST", "/api/events/", TOKENS.admin, event)).status).toBe(201);
    });
  });

  it("/api/participations/: a participation with a lower id added in SQL", async () => {
    await insertBefore("/api/participations/", async () => {
      await testDb().run(sql`INSERT INTO participations (id, shift_id, kind, display_name, state) VALUES (${FIRST_PARTICIPATION - 1}, 1, 'placeholder', 'Spät', 1)`);
    });
  });

  // A seeking page has a `next` whenever a row follows it: by DRF's test (offset + limit < count)
  // the walk would stop after rows before the position were deleted, while rows still follow.
  it("/api/participations/: rows deleted before the position do not end the walk early", async () => {
    const all = await wholeList("/api/participations/", "admin");
    const first = await fetchPage(`/api/participations/?limit=${LIMIT}`, "admin");
    const seen = idsOf(first.body);
    // Page 1's rows go (as when a shift is deleted with its participations).
    await testDb().run(sql`DELETE FROM participations WHERE id IN (${sql.join(seen, sql`, `)})`);
    const rest = await walk(first.body.next!, "admin");
    expect(rest[0].body.count).toBe(first.body.count - LIMIT);
    expect(rest.flatMap((p) => idsOf(p.body))).toEqual(all.slice(LIMIT));
  });
});
