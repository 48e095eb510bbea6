/**
 * A large, deterministic ephios world for the benchmark: rows keyed by SQL column name, per table,
 * in an order that satisfies the foreign keys. Same seed and size, same rows (no Date.now(), no
 * Math.random()).
 *
 * Shape (for `events` = N; users stay at USERS in every size):
 * - 2,000 users, ~98 % active; user 1 a superuser, user 2 the benchmark manager, user 3 the
 *   benchmark volunteer.
 * - groups: "Verwaltung" (all global permissions, 10 members), "Planer" (view_event, add_event),
 *   "Helfende" (every user, no permissions), 20 local units "Bereitschaft N" (~100 members each,
 *   every user in one, some in two) and their 20 "Leitung Bereitschaft N" groups.
 * - N events over three years around BASE (two back, one ahead), 5 % inactive, each belonging to a
 *   home unit: view_event for that unit's group (plus a neighbour unit in 30 %, plus "Helfende",
 *   i.e. everyone, in 10 %), change_event for the unit's leaders and for 0–2 responsible users.
 *   The manager (units 1 and 2, leaders of unit 1) therefore holds view_event on ~20 % of the
 *   events as an object permission, the volunteer (unit 3) on ~15 %.
 * - 1–7 shifts per event (~4N), structures uniform / qualification_mix / named_teams / complex,
 *   flows instant_confirmation / request_confirm / manual / coupled.
 * - 0–11 participations per shift (~20N after duplicates and inactive users are skipped), mostly from the home unit; 97 % local, 2 % placeholder,
 *   1 % federated; states by whether the shift lies in the past; 3 % with a comment.
 * - qualifications with inclusions (as the demo data), ~1.5 grants per user, 10 % expiring.
 * - building blocks (as the demo data), one federated guest with 20 federated users.
 * - one personal token for 10 % of the users, and the two benchmark tokens (all six scopes).
 * - 500 confidential OAuth clients, each with an access and a refresh token of an active user, and
 *   one more whose access token stays valid (introspection).
 */
import { createHash } from "node:crypto";

export const USERS = 2000;
/** Fixed "today" of the world (2026-11-26T00:00Z); the instant the data are arranged around. */
export const BASE = Date.UTC(2026, 10, 26);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const UNITS = 20;
/**
 * OAuth clients with one refresh-token chain each: the token endpoint allows 60 requests per
 * client and minute, so 500 clients carry 500 req/s before any is throttled.
 */
export const OAUTH_CLIENTS = 500;

export const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];

export interface BenchUser {
  role: "manager" | "volunteer";
  userId: number;
  token: string;
  description: string;
}

export type Row = Record<string, string | number | null>;

/** An OAuth client of the world with its grant: the refresh token starts a rotation chain. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  accessToken: string;
  refreshToken: string;
}

export interface World {
  events: number;
  seed: number;
  /** table name → rows, in insertion order (parents before children) */
  tables: [string, Row[]][];
  benchUsers: BenchUser[];
  /** the federated guest's bearer token for the federation API */
  guestToken: string;
  /** OAuth clients for the token endpoint's load test (one rotation chain each) */
  oauthClients: OAuthClient[];
  /** an OAuth client whose access token stays valid, for introspection */
  introspection: OAuthClient;
}

/** sfc32, seeded through splitmix32: small, fast and the same on every machine. */
export function prng(seed: number) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  const rng = {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of items) if ((r -= w) < 0) return item;
      return items[items.length - 1][0];
    },
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[Math.floor(next() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    token: (length: number) => Array.from({ length }, () => ALNUM[Math.floor(next() * ALNUM.length)]).join(""),
  };
  return rng;
}
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");

const FIRST = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Klara", "Lukas", "Mia", "Noah", "Oskar", "Paula", "Quirin", "Rosa", "Simon", "Tilda", "Ulrich", "Vera", "Wim", "Xenia", "Yusuf", "Zoe", "Aylin", "Mehmet", "Leonie", "Finn", "Johanna", "Karl", "Lina", "Moritz", "Nele", "Ole", "Pia", "Rieke", "Tom", "Jule"];
const LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Hofmann", "Zimmermann", "Hartmann", "Krüger", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Walter", "Maier", "Kaya", "Yılmaz", "Nowak", "Peters", "Jung", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger"];
const EVENT_TITLES = ["Sanitätsdienst Stadtfest", "Fußball Regionalliga", "Dienstabend", "Erste-Hilfe-Kurs", "Blutspende", "Konzert im Park", "Marathon", "Weihnachtsmarkt", "Übung Massenanfall", "Schwimmwettkampf", "Kirmes", "Karnevalsumzug", "Motorsport", "Reitturnier", "Schulsanitätsdienst", "Fortbildung Notfallmedizin", "Sommerfest", "Katastrophenschutzübung", "Volkslauf", "Open-Air-Kino"];
const LOCATIONS = ["Marktplatz", "Stadion", "Wache Nord", "Wache Süd", "Stadthalle", "Festwiese", "Schwimmbad", "Messegelände", "Rathaus", "Schulzentrum", "Rennstrecke", "Reitanlage"];
const SHIFT_LABELS = ["", "", "", "Frühdienst", "Spätdienst", "Aufbau", "Abbau", "Bereitschaft", "Sanitätsstation", "Streife"];

/** Qualification ids as in the demo data: medical 1–4, driving 5–7, radio/technical 8–9, leadership 10–11. */
const QUALIFICATIONS: [id: number, title: string, abbreviation: string, category: number, includes: number[]][] = [
  [1, "Ersthelfer", "EH", 1, []],
  [2, "Sanitäter", "SAN", 1, [1]],
  [3, "Rettungssanitäter", "RS", 1, [2]],
  [4, "Notfallsanitäter", "NFS", 1, [3]],
  [5, "Führerschein Klasse B", "B", 2, []],
  [6, "Führerschein Klasse C1", "C1", 2, [5]],
  [7, "Führerschein Klasse C", "C", 2, [6]],
  [8, "Sprechfunker", "SPF", 3, []],
  [9, "Technik und Sicherheit", "TuS", 3, []],
  [10, "Gruppenführer", "GF", 4, []],
  [11, "Zugführer", "ZF", 4, [10]],
];

const ALL_PERMISSIONS = ["view_event", "add_event", "change_event", "delete_event", "view_userprofile", "add_userprofile", "change_userprofile", "delete_userprofile", "view_eventtype", "add_eventtype", "change_eventtype", "delete_eventtype", "view_qualification", "add_qualification", "change_qualification", "delete_qualification", "change_buildingblock"];

const json = (value: unknown) => JSON.stringify(value);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function buildWorld(options: { events: number; seed: number }): World {
  const { events: eventCount, seed } = options;
  const rng = prng(seed);
  const t: Record<string, Row[]> = {};
  const table = (name: string) => (t[name] ??= []);

  // ---- users -------------------------------------------------------------------------------
  const active = new Set<number>();
  for (let id = 1; id <= USERS; id++) {
    const isActive = id <= 3 || rng.chance(0.98);
    if (isActive) active.add(id);
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    table("users").push({
      id,
      email: id === 1 ? "admin@bench.example.org" : id === 2 ? "manager@bench.example.org" : id === 3 ? "volunteer@bench.example.org" : `user${id}@bench.example.org`,
      email_invalid: 0,
      display_name: `${first} ${last}`,
      password_hash: null,
      date_of_birth: rng.chance(0.9) ? day(BASE - rng.int(16 * 365, 70 * 365) * DAY) : null,
      phone: rng.chance(0.6) ? `+49 ${rng.int(150, 179)} ${rng.int(1000000, 9999999)}` : null,
      is_active: isActive ? 1 : 0,
      is_visible: id <= 3 || rng.chance(0.97) ? 1 : 0,
      is_staff: id <= 2 ? 1 : 0,
      is_superuser: id === 1 ? 1 : 0,
      date_joined: BASE - rng.int(30, 8 * 365) * DAY,
    });
  }

  // ---- groups ------------------------------------------------------------------------------
  const VERWALTUNG = 1,
    PLANER = 2,
    HELFENDE = 3;
  const unitGroup = (unit: number) => 3 + unit; // units 1..20 → groups 4..23
  const leaderGroup = (unit: number) => 23 + unit; // → groups 24..43
  table("groups").push({ id: VERWALTUNG, name: "Verwaltung" }, { id: PLANER, name: "Planer" }, { id: HELFENDE, name: "Helfende" });
  for (let unit = 1; unit <= UNITS; unit++) table("groups").push({ id: unitGroup(unit), name: `Bereitschaft ${unit}` });
  for (let unit = 1; unit <= UNITS; unit++) table("groups").push({ id: leaderGroup(unit), name: `Leitung Bereitschaft ${unit}` });
  for (const permission of ALL_PERMISSIONS) table("group_permissions").push({ group_id: VERWALTUNG, permission });
  table("group_permissions").push({ group_id: PLANER, permission: "add_event" }, { group_id: PLANER, permission: "view_event" });

  const members = new Map<number, Set<number>>();
  const join = (group: number, user: number) => {
    const set = members.get(group) ?? members.set(group, new Set()).get(group)!;
    set.add(user);
  };
  const unitMembers: number[][] = Array.from({ length: UNITS + 1 }, () => []);
  const homeUnit = new Map<number, number>();
  for (let id = 1; id <= USERS; id++) {
    join(HELFENDE, id);
    const unit = id === 2 ? 1 : id === 3 ? 3 : rng.int(1, UNITS);
    homeUnit.set(id, unit);
    join(unitGroup(unit), id);
    unitMembers[unit].push(id);
    if (id > 3 && rng.chance(0.15)) {
      const second = rng.int(1, UNITS);
      join(unitGroup(second), id);
      if (second !== unit) unitMembers[second].push(id);
    }
  }
  // The manager: administration (global permissions), units 1 and 2, leader of unit 1.
  join(VERWALTUNG, 1);
  join(VERWALTUNG, 2);
  join(unitGroup(2), 2);
  unitMembers[2].push(2);
  join(leaderGroup(1), 2);
  while ((members.get(VERWALTUNG)?.size ?? 0) < 10) join(VERWALTUNG, rng.int(4, USERS));
  while ((members.get(PLANER)?.size ?? 0) < 40) join(PLANER, rng.int(4, USERS));
  for (let unit = 1; unit <= UNITS; unit++) {
    while ((members.get(leaderGroup(unit))?.size ?? 0) < 5) join(leaderGroup(unit), rng.pick(unitMembers[unit].filter((u) => u > 3)));
  }
  for (const [group, set] of [...members].sort((a, b) => a[0] - b[0])) for (const user of [...set].sort((a, b) => a - b)) table("group_members").push({ group_id: group, user_id: user });

  // ---- qualifications ----------------------------------------------------------------------
  const categories: [number, string, number][] = [
    [1, "Sanitätsdienst", 1],
    [2, "Führerscheine", 1],
    [3, "Technik", 1],
    [4, "Führung", 0],
  ];
  for (const [id, title, show] of categories) table("qualification_categories").push({ id, uuid: rng.uuid(), title, show_with_user: show });
  for (const [id, title, abbreviation, category, includes] of QUALIFICATIONS) {
    table("qualifications").push({ id, uuid: rng.uuid(), title, abbreviation, category_id: category, is_imported: 0 });
    for (const included of includes) table("qualification_includes").push({ qualification_id: id, included_id: included });
  }
  let grantId = 0;
  for (let id = 1; id <= USERS; id++) {
    const granted = new Set<number>();
    const medical = rng.weighted([
      [0, 20],
      [1, 35],
      [2, 25],
      [3, 15],
      [4, 5],
    ] as const);
    if (medical) granted.add(medical);
    const driving = rng.weighted([
      [0, 40],
      [5, 40],
      [6, 15],
      [7, 5],
    ] as const);
    if (driving) granted.add(driving);
    if (rng.chance(0.3)) granted.add(8);
    if (rng.chance(0.1)) granted.add(9);
    if (rng.chance(0.05)) granted.add(rng.chance(0.2) ? 11 : 10);
    for (const qualification of granted) {
      const expires = rng.chance(0.1) ? BASE + rng.int(-365, 3 * 365) * DAY : null;
      table("qualification_grants").push({ id: ++grantId, user_id: id, qualification_id: qualification, expires, externally_managed: 0 });
    }
  }

  // ---- building blocks (as the demo data) --------------------------------------------------
  const blocks: [id: number, name: string, type: string, allowMore: number][] = [
    [1, "RTW", "atomic", 0],
    [2, "KTW", "atomic", 0],
    [3, "Sanitätstrupp", "atomic", 1],
    [4, "Sanitätswache", "composite", 0],
  ];
  for (const [id, name, blockType, allowMore] of blocks) table("building_blocks").push({ id, uuid: rng.uuid(), name, block_type: blockType, allow_more: allowMore });
  const positions: [id: number, block: number, label: string, qualifications: number[]][] = [
    [1, 1, "Fahrer", [3, 6]],
    [2, 1, "Beifahrer", [4]],
    [3, 2, "Fahrer", [2, 5]],
    [4, 2, "Transportführer", [3]],
    [5, 3, "Truppführer", [2]],
    [6, 3, "Truppmann", []],
  ];
  for (const [id, block, label, qualifications] of positions) {
    table("block_positions").push({ id, block_id: block, label, optional: 0 });
    for (const q of qualifications) table("block_position_qualifications").push({ position_id: id, qualification_id: q });
  }
  table("block_qualification_requirements").push({ id: 1, block_id: 3, everyone: 1, at_least: 0 }, { id: 2, block_id: 4, everyone: 1, at_least: 0 });
  table("block_requirement_qualifications").push({ requirement_id: 1, qualification_id: 1 }, { requirement_id: 2, qualification_id: 1 });
  table("block_compositions").push(
    { id: 1, composite_block_id: 4, sub_block_id: 1, label: "RTW 1/83-1", optional: 0 },
    { id: 2, composite_block_id: 4, sub_block_id: 2, label: "KTW 1/85-1", optional: 1 },
    { id: 3, composite_block_id: 4, sub_block_id: 3, label: "Trupp Nord", optional: 0 },
    { id: 4, composite_block_id: 4, sub_block_id: 3, label: "Trupp Süd", optional: 0 },
  );

  // ---- event types -------------------------------------------------------------------------
  const eventTypes: [number, string, string, number, number][] = [
    // id, title, color, show_participant_data, weight
    [1, "Sanitätsdienst", "#c0392b", 0, 50],
    [2, "Ausbildung", "#2e86c1", 1, 15],
    [3, "Dienstabend", "#27ae60", 2, 20],
    [4, "Öffentliche Veranstaltung", "#f39c12", 3, 10],
    [5, "Blutspendetermin", "#8e44ad", 0, 5],
  ];
  for (const [id, title, color, show] of eventTypes) table("event_types").push({ id, title, color, show_participant_data: show, default_description: null });

  // ---- tokens, federation ------------------------------------------------------------------
  const benchUsers: BenchUser[] = [
    { role: "manager", userId: 2, token: `benchM${rng.token(44)}`, description: "benchmark manager (all scopes)" },
    { role: "volunteer", userId: 3, token: `benchV${rng.token(44)}`, description: "benchmark volunteer (all scopes)" },
  ];
  let tokenId = 0;
  for (const b of benchUsers) {
    table("access_tokens").push({ id: ++tokenId, user_id: b.userId, token_hash: sha256Hex(b.token), application_id: null, scope: ALL_SCOPES.join(" "), description: b.description, expires: null, revoked: 0, created: BASE - DAY, updated: BASE - DAY, source_refresh_token_id: null });
  }
  for (let id = 4; id <= USERS; id++) {
    if (!rng.chance(0.1)) continue;
    const scope = rng.chance(0.5) ? ["PUBLIC_READ"] : ["PUBLIC_READ", "ME_READ"];
    const revoked = rng.chance(0.1) ? 1 : 0;
    table("access_tokens").push({ id: ++tokenId, user_id: id, token_hash: sha256Hex(`other-${id}-${rng.token(40)}`), application_id: null, scope: scope.join(" "), description: "calendar", expires: rng.chance(0.3) ? BASE + rng.int(-200, 400) * DAY : null, revoked, created: BASE - 400 * DAY, updated: BASE - 400 * DAY, source_refresh_token_id: null });
  }
  const guestTokenId = ++tokenId;
  const guestToken = `guest-${rng.token(40)}`;
  table("access_tokens").push({ id: guestTokenId, user_id: null, token_hash: sha256Hex(guestToken), application_id: null, scope: "", description: "Access token for federated guest Nachbarkreis", expires: null, revoked: 0, created: BASE - 300 * DAY, updated: BASE - 300 * DAY, source_refresh_token_id: null });
  // The client secret would be AES-GCM encrypted with SECRET_KEY; no list endpoint decrypts it.
  table("federated_guests").push({ id: 1, name: "Nachbarkreis", url: "https://guest.bench.example.org", access_token_id: guestTokenId, client_id: `guest-client-${rng.token(16)}`, client_secret_encrypted: "v1.bench-not-decryptable" });
  const FEDERATED_USERS = 20;
  for (let id = 1; id <= FEDERATED_USERS; id++) {
    table("federated_users").push({ id, guest_id: 1, email: `guest${id}@guest.bench.example.org`, display_name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`, date_of_birth: day(BASE - rng.int(18 * 365, 60 * 365) * DAY), phone: null, created_at: BASE - rng.int(1, 300) * DAY });
    const qs = new Set<number>([rng.int(1, 4)]);
    if (rng.chance(0.5)) qs.add(5);
    for (const q of qs) table("federated_user_qualifications").push({ federated_user_id: id, qualification_id: q });
  }

  // ---- events, permissions, shifts, participations -----------------------------------------
  let shiftId = 0,
    participationId = 0,
    commentId = 0;
  const SIGNUP_FLOWS = [
    ["instant_confirmation", 35],
    ["request_confirm", 45],
    ["manual", 10],
    ["coupled", 10],
  ] as const;
  const STRUCTURES = [
    ["uniform", 55],
    ["qualification_mix", 20],
    ["named_teams", 15],
    ["complex", 10],
  ] as const;
  for (let eventId = 1; eventId <= eventCount; eventId++) {
    const type = rng.weighted(eventTypes.map(([id, , , , weight]) => [id, weight] as const));
    const unit = eventId % UNITS === 0 ? UNITS : eventId % UNITS; // even spread over the units
    const isActive = rng.chance(0.95);
    const eventDay = BASE + rng.int(-730, 365) * DAY;
    table("events").push({
      id: eventId,
      title: `${rng.pick(EVENT_TITLES)} ${new Date(eventDay).getUTCFullYear()}`,
      description: rng.chance(0.7) ? `Treffpunkt an der ${rng.pick(LOCATIONS)}. Bitte Dienstkleidung tragen.` : null,
      location: rng.pick(LOCATIONS),
      type_id: type,
      active: isActive ? 1 : 0,
    });
    // Object permissions as ephios's event form writes them: visible for groups, responsibles.
    const viewGroups = new Set<number>([unitGroup(unit)]);
    if (rng.chance(0.3)) viewGroups.add(unitGroup((unit % UNITS) + 1));
    if (rng.chance(0.1)) viewGroups.add(HELFENDE);
    viewGroups.add(leaderGroup(unit));
    for (const g of viewGroups) table("event_group_permissions").push({ event_id: eventId, group_id: g, permission: "view_event" });
    table("event_group_permissions").push({ event_id: eventId, group_id: leaderGroup(unit), permission: "change_event" });
    const responsibles = new Set<number>();
    for (let i = rng.int(0, 2); i > 0; i--) responsibles.add(rng.pick(unitMembers[unit]));
    for (const user of [...responsibles].sort((a, b) => a - b)) {
      table("event_user_permissions").push({ event_id: eventId, user_id: user, permission: "change_event" }, { event_id: eventId, user_id: user, permission: "view_event" });
    }
    if (rng.chance(0.02)) table("event_shares").push({ event_id: eventId, guest_id: 1 });

    const shiftCount = rng.int(1, 7);
    let firstShiftId: number | null = null;
    for (let s = 0; s < shiftCount; s++) {
      const id = ++shiftId;
      firstShiftId ??= id;
      const start = eventDay + (rng.int(6, 18) * 2 + s) * (HOUR / 2);
      const end = start + rng.int(2, 10) * HOUR;
      const meeting = start - rng.pick([0, 15, 30, 60]) * 60_000;
      let flow: string = rng.weighted(SIGNUP_FLOWS);
      if (flow === "coupled" && id === firstShiftId) flow = "request_confirm";
      const flowConfig =
        flow === "coupled"
          ? { leader_shift_id: firstShiftId }
          : flow === "manual"
            ? { no_selfservice_explanation: "Teilnahme nur auf Einladung." }
            : {
                signup_until: rng.chance(0.5) ? new Date(start - 2 * DAY).toISOString() : null,
                user_can_decline_confirmed: rng.chance(0.5),
                user_can_customize_signup_times: rng.chance(0.5),
              };
      const structure = rng.weighted(STRUCTURES);
      let structureConfig: unknown;
      const teams: string[] = [];
      const unitPaths: string[] = [];
      if (structure === "uniform") {
        structureConfig = {
          minimum_number_of_participants: rng.chance(0.5) ? rng.int(1, 3) : null,
          maximum_number_of_participants: rng.chance(0.6) ? rng.int(4, 10) : null,
          required_qualification_ids: rng.chance(0.3) ? [rng.int(1, 3)] : [],
          minimum_age: rng.chance(0.3) ? 18 : null,
        };
      } else if (structure === "qualification_mix") {
        structureConfig = {
          qualification_requirements: [
            { qualification: 3, min_count: 1, max_count: 1 },
            { qualification: 2, min_count: 1, max_count: rng.int(2, 4) },
            ...(rng.chance(0.5) ? [{ qualification: 5, min_count: 1, max_count: 2 }] : []),
          ],
          minimum_age: 18,
        };
      } else if (structure === "named_teams") {
        const list = [
          { title: "Sanitätsstation", uuid: rng.uuid(), qualification: 3, min_count: 1, max_count: 2 },
          { title: "Fußtrupp", uuid: rng.uuid(), qualification: 2, min_count: 2, max_count: 4 },
          ...(rng.chance(0.5) ? [{ title: "Einsatzleitung", uuid: rng.uuid(), qualification: 10, min_count: 1, max_count: 1 }] : []),
        ];
        teams.push(...list.map((team) => team.uuid));
        structureConfig = { teams: list, choose_preferred_team: rng.chance(0.5), minimum_age: null };
      } else {
        const block = rng.weighted([
          [4, 40],
          [1, 30],
          [2, 30],
        ] as const);
        const uuid = rng.uuid();
        if (block === 4) unitPaths.push(...[1, 2, 3, 4].map((composition) => `root.${uuid}.${composition}.`));
        else unitPaths.push(`root.${uuid}.`);
        structureConfig = { starting_blocks: [{ building_block: block, label: block === 4 ? "Sanitätswache" : block === 1 ? "RTW 1/83-1" : "KTW 1/85-1", optional: false, uuid }], choose_preferred_unit: rng.chance(0.3), minimum_age: 18 };
      }
      table("shifts").push({
        id,
        event_id: eventId,
        label: rng.pick(SHIFT_LABELS),
        meeting_time: meeting,
        start_time: start,
        end_time: end,
        signup_flow_slug: flow,
        signup_flow_configuration: json(flowConfig),
        structure_slug: structure,
        structure_configuration: json(structureConfig),
      });

      const past = end < BASE;
      const taken = new Set<number>();
      const takenFederated = new Set<number>();
      const count = rng.int(0, 11); // ~5 after duplicates and inactive users are skipped
      for (let p = 0; p < count; p++) {
        const kind = rng.weighted([
          ["local", 97],
          ["placeholder", 2],
          ["federated", 1],
        ] as const);
        let userId: number | null = null;
        let federatedUserId: number | null = null;
        let displayName: string | null = null;
        if (kind === "local") {
          const pool = rng.chance(0.8) ? unitMembers[unit] : null;
          const candidate = pool ? rng.pick(pool) : rng.int(1, USERS);
          if (taken.has(candidate) || !active.has(candidate)) continue;
          taken.add(candidate);
          userId = candidate;
        } else if (kind === "federated") {
          const candidate = rng.int(1, FEDERATED_USERS);
          if (takenFederated.has(candidate)) continue;
          takenFederated.add(candidate);
          federatedUserId = candidate;
        } else {
          displayName = `${rng.pick(FIRST)} ${rng.pick(LAST)} (extern)`;
        }
        const state = past
          ? rng.weighted([
              [1, 75],
              [2, 8],
              [3, 5],
              [0, 7],
              [4, 5],
            ] as const)
          : rng.weighted([
              [0, 30],
              [1, 50],
              [4, 10],
              [2, 5],
              [3, 5],
            ] as const);
        let structureData: Record<string, string> = {};
        if (teams.length && (state === 1 || state === 0)) structureData = state === 1 ? { dispatched_team_uuid: rng.pick(teams) } : { preferred_team_uuid: rng.pick(teams) };
        if (unitPaths.length && state === 1 && rng.chance(0.8)) structureData = { dispatched_unit_path: rng.pick(unitPaths) };
        const individual = state === 1 && rng.chance(0.03);
        const pid = ++participationId;
        table("participations").push({
          id: pid,
          shift_id: id,
          kind,
          user_id: userId,
          display_name: displayName,
          federated_user_id: federatedUserId,
          state,
          structure_data: json(structureData),
          individual_start_time: individual ? start + HOUR / 2 : null,
          individual_end_time: individual ? end - HOUR / 2 : null,
          finished: past && state === 1 ? 1 : 0,
        });
        if (rng.chance(0.03)) {
          table("participation_comments").push({ id: ++commentId, participation_id: pid, authored_by_responsible_id: rng.chance(0.5) ? rng.pick(unitMembers[unit]) : null, created_at: start - rng.int(1, 20) * DAY, visible_for: rng.int(0, 2), text: rng.pick(["Komme etwas später.", "Verpflegung wird gestellt.", "Bitte Funkgerät mitbringen.", "Kann nur bis 16 Uhr."]) });
        }
      }
    }
  }

  // ---- OAuth clients ---------------------------------------------------------------------
  // From their own PRNG, so the rows above stay the same as in worlds generated before.
  const oauthRng = prng(seed ^ 0x0a07);
  const oauthClients: OAuthClient[] = [];
  const activeUsers = [...active].filter((id) => id > 3);
  let refreshId = 0;
  for (let id = 1; id <= OAUTH_CLIENTS + 1; id++) {
    const client: OAuthClient = { clientId: `bench-client-${id}`, clientSecret: oauthRng.token(40), accessToken: oauthRng.token(30), refreshToken: oauthRng.token(30) };
    const created = BASE - oauthRng.int(1, 300) * DAY;
    table("oauth_applications").push({ id, name: `Bench app ${id}`, owner_id: null, client_id: client.clientId, client_secret_hash: sha256Hex(client.clientSecret), client_type: "confidential", authorization_grant_type: "authorization-code", redirect_uris: `https://app${id}.bench.example.org/callback`, skip_authorization: 0, created, updated: created });
    const accessId = ++tokenId;
    // The introspected token (the last client's) must stay active; the others expired as usual.
    const expires = id > OAUTH_CLIENTS ? BASE + 3650 * DAY : created + 10 * HOUR;
    const userId = oauthRng.pick(activeUsers);
    table("access_tokens").push({ id: accessId, user_id: userId, token_hash: sha256Hex(client.accessToken), application_id: id, scope: "PUBLIC_READ ME_READ", description: "", expires, revoked: 0, created, updated: created, source_refresh_token_id: null });
    table("refresh_tokens").push({ id: ++refreshId, user_id: userId, token_hash: sha256Hex(client.refreshToken), application_id: id, access_token_id: accessId, token_family: oauthRng.uuid(), created, updated: created, revoked: null });
    oauthClients.push(client);
  }
  const introspection = oauthClients.pop()!;

  const ORDER = [
    "users",
    "groups",
    "group_members",
    "group_permissions",
    "user_permissions",
    "qualification_categories",
    "qualifications",
    "qualification_includes",
    "qualification_grants",
    "building_blocks",
    "block_positions",
    "block_position_qualifications",
    "block_qualification_requirements",
    "block_requirement_qualifications",
    "block_compositions",
    "event_types",
    "events",
    "oauth_applications",
    "event_group_permissions",
    "event_user_permissions",
    "shifts",
    "access_tokens",
    "refresh_tokens",
    "federated_guests",
    "federated_users",
    "federated_user_qualifications",
    "event_shares",
    "participations",
    "participation_comments",
  ];
  const unknown = Object.keys(t).filter((name) => !ORDER.includes(name));
  if (unknown.length) throw new Error(`world: tables without an insertion order: ${unknown.join(", ")}`);
  return { events: eventCount, seed, tables: ORDER.filter((name) => t[name]?.length).map((name) => [name, t[name]]), benchUsers, guestToken, oauthClients, introspection };
}
