/**
 * Deterministic generator for the demo data fixture (`fixtures/demo.json`).
 *
 *   npx tsx scripts/generate-demo-fixture.ts [--base YYYY-MM-DD] [--out path/to/file.json]
 *
 * The output follows the fixture format `ephios-fixture/1` (see the fixtures spec). It describes a
 * fictional volunteer medical-service unit ("Bereitschaft Lindenhain") with about 70 events from
 * roughly four months before to six months after the base date (default 2026-11-26).
 *
 * Everything random comes from seeded PRNG streams (mulberry32), so the output is byte-identical
 * for the same base date. Secrets (tokens, client ids and secrets) come from their own streams and
 * do not depend on the base date. Dates of birth and qualification expiries are relative to the
 * base date, so ages (e.g. the one minor) stay the same when the dates are refreshed.
 *
 * All datetimes are naive local times (Europe/Berlin) except `signup_until` inside signup flow
 * configurations, which is stored with its offset as ephios's JSON encoder writes it.
 *
 * A self-check runs on the built object before anything is written and throws on any problem.
 *
 * Only node: built-ins are used.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

const DEFAULT_BASE = "2026-11-26";
const SCRIPT_DIR = dirname(fileURLToPath(import.meta.url));
const DEFAULT_OUT = resolve(SCRIPT_DIR, "..", "fixtures", "demo.json");

function parseArgs(argv: string[]): { base: string; out: string } {
  let base = DEFAULT_BASE;
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === "--base") base = value();
    else if (flag === "--out") out = resolve(process.cwd(), value());
    else if (flag === "--help" || flag === "-h") {
      console.log("usage: npx tsx scripts/generate-demo-fixture.ts [--base YYYY-MM-DD] [--out file.json]");
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(base);
  if (!m) throw new Error(`--base must be YYYY-MM-DD, got ${JSON.stringify(base)}`);
  const check = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  if (check.toISOString().slice(0, 10) !== base) throw new Error(`--base is not a valid date: ${base}`);
  return { base, out };
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** FNV-1a 32-bit hash, used to derive independent PRNG seeds from labels. */
function hashSeed(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

class Rng {
  private readonly next: () => number;
  constructor(label: string) {
    this.next = mulberry32(hashSeed(`ephios-demo/1:${label}`));
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Pick by weights: [[value, weight], ...]. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return choices[choices.length - 1]![0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
  chars(alphabet: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  alnum(n: number): string {
    return this.chars(ALNUM, n);
  }
  hex(n: number): string {
    return this.chars(HEX, n);
  }
  uuid4(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[Math.floor(this.next() * 4)]!;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** A secret from its own stream: stable regardless of base date and of the rest of the data. */
const secretAlnum = (label: string, n: number) => new Rng(`secret:${label}`).alnum(n);
const secretHex = (label: string, n: number) => new Rng(`secret:${label}`).hex(n);

// ---------------------------------------------------------------------------------------------
// Naive local date-time helpers. A "wall" value is milliseconds of the local wall-clock time,
// computed with UTC arithmetic so there are no host time-zone effects.
// ---------------------------------------------------------------------------------------------

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const wall = (y: number, m: number, d: number, h = 0, mi = 0) => Date.UTC(y, m - 1, d, h, mi);
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const parts = (t: number) => {
  const d = new Date(t);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), h: d.getUTCHours(), mi: d.getUTCMinutes(), wd: d.getUTCDay() };
};
const fmtDate = (t: number) => {
  const p = parts(t);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
};
const fmtNaive = (t: number) => {
  const p = parts(t);
  return `${fmtDate(t)}T${pad(p.h)}:${pad(p.mi)}:00`;
};
const atTime = (day: number, h: number, mi = 0) => day + h * HOUR + mi * MIN;
const startOfDay = (t: number) => t - (t % DAY);

/** Day (wall midnight) of the n-th weekday (0 = Sunday) of a month; n = -1 for the last one. */
function nthWeekday(y: number, m: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = wall(y, m, 1);
    const offset = (weekday - parts(first).wd + 7) % 7;
    return first + (offset + (n - 1) * 7) * DAY;
  }
  const last = wall(y, m + 1, 1) - DAY;
  const back = (parts(last).wd - weekday + 7) % 7;
  return last - back * DAY;
}

/** Easter Sunday (Gregorian, anonymous algorithm). */
function easter(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return wall(y, month, day);
}

/** Europe/Berlin offset of a local wall time (EU rule: last Sunday of March 02:00 to last Sunday of October 03:00). */
function berlinOffset(t: number): string {
  const y = parts(t).y;
  const dstStart = atTime(nthWeekday(y, 3, 0, -1), 2);
  const dstEnd = atTime(nthWeekday(y, 10, 0, -1), 3);
  return t >= dstStart && t < dstEnd ? "+02:00" : "+01:00";
}
const fmtAware = (t: number) => `${fmtNaive(t)}${berlinOffset(t)}`;

// ---------------------------------------------------------------------------------------------
// Fixture types (format ephios-fixture/1)
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface FxUser {
  id: number;
  email: string;
  display_name: string;
  password: string | null;
  date_of_birth: string | null;
  phone: string | null;
  is_active: boolean;
  is_visible: boolean;
  is_staff: boolean;
  is_superuser: boolean;
  permissions: string[];
}
interface FxGroup {
  id: number;
  name: string;
  members: number[];
  permissions: string[];
}
interface FxQualificationCategory {
  id: number;
  uuid: string;
  title: string;
  show_with_user: boolean;
}
interface FxQualification {
  id: number;
  uuid: string;
  title: string;
  abbreviation: string;
  category: number;
  includes: number[];
}
interface FxGrant {
  user: number;
  qualification: number;
  expires: string | null;
}
interface FxEventType {
  id: number;
  title: string;
  color: string;
  show_participant_data: 0 | 1 | 2 | 3;
}
interface FxEvent {
  id: number;
  title: string;
  description: string | null;
  location: string;
  type: number;
  active: boolean;
}
type FxEventPermission =
  | { event: number; group: number; permission: string }
  | { event: number; user: number; permission: string };
interface FxShift {
  id: number;
  event: number;
  label: string;
  meeting_time: string;
  start_time: string;
  end_time: string;
  signup_flow_slug: string;
  signup_flow_configuration: { [k: string]: Json };
  structure_slug: string;
  structure_configuration: { [k: string]: Json };
}
interface FxFederatedUser {
  id: number;
  guest: number;
  email: string;
  display_name: string;
  date_of_birth: string | null;
  qualifications: number[];
}
interface FxComment {
  text: string;
  visible_for: 0 | 1 | 2;
  authored_by_responsible: number | null;
  created_at: string;
}
interface FxParticipation {
  id: number;
  shift: number;
  kind: "local" | "placeholder" | "federated";
  user: number | null;
  display_name: string | null;
  federated_user: number | null;
  state: 0 | 1 | 2 | 3 | 4;
  structure_data: { [k: string]: Json };
  individual_start_time: string | null;
  individual_end_time: string | null;
  finished: boolean;
  comments: FxComment[];
}
interface FxBuildingBlock {
  id: number;
  uuid: string;
  name: string;
  block_type: "atomic" | "composite";
  allow_more: boolean;
  positions: { id: number; label: string; optional: boolean; qualifications: number[] }[];
  qualification_requirements: { id: number; qualifications: number[]; everyone: boolean; at_least: number }[];
  sub_compositions: { id: number; sub_block: number; label: string; optional: boolean }[];
}
interface FxApiToken {
  id: number;
  user: number;
  token: string;
  scope: string[];
  description: string;
  expires: string | null;
  revoked: boolean;
}
interface FxOAuthApplication {
  id: number;
  name: string;
  owner: number | null;
  client_id: string;
  client_secret: string;
  client_type: "confidential" | "public";
  authorization_grant_type: string;
  redirect_uris: string[];
  skip_authorization: boolean;
}
interface FxFederatedGuest {
  id: number;
  name: string;
  url: string;
  access_token: string;
  client_id: string;
  client_secret: string;
}
interface FxFederatedHost {
  id: number;
  name: string;
  url: string;
  access_token: string;
  oauth_application: number;
}
interface FxInviteCode {
  id: number;
  code: string;
  url: string;
  created_at: string;
}
interface Fixture {
  format: "ephios-fixture/1";
  users: FxUser[];
  groups: FxGroup[];
  qualification_categories: FxQualificationCategory[];
  qualifications: FxQualification[];
  qualification_grants: FxGrant[];
  event_types: FxEventType[];
  events: FxEvent[];
  event_permissions: FxEventPermission[];
  shifts: FxShift[];
  federated_users: FxFederatedUser[];
  participations: FxParticipation[];
  building_blocks: FxBuildingBlock[];
  api_tokens: FxApiToken[];
  oauth_applications: FxOAuthApplication[];
  federated_guests: FxFederatedGuest[];
  federated_hosts: FxFederatedHost[];
  invite_codes: FxInviteCode[];
  event_shares: { event: number; guest: number }[];
}

const PERMISSIONS = [
  "view_event", "add_event", "change_event", "delete_event",
  "view_userprofile", "add_userprofile", "change_userprofile", "delete_userprofile",
  "view_eventtype", "add_eventtype", "change_eventtype", "delete_eventtype",
  "view_qualification", "add_qualification", "change_qualification", "delete_qualification",
  "change_buildingblock",
] as const;
const SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] as const;
const STRUCTURE_SLUGS = ["uniform", "qualification_mix", "named_teams", "complex"] as const;
const FLOW_SLUGS = ["instant_confirmation", "request_confirm", "manual", "coupled"] as const;

// ---------------------------------------------------------------------------------------------
// Static master data
// ---------------------------------------------------------------------------------------------

const CATEGORIES: FxQualificationCategory[] = [
  { id: 1, uuid: "4f6d2a1e-8b3c-4d7e-9a21-5c0e7b3f9d12", title: "Sanitätsdienst", show_with_user: true },
  { id: 2, uuid: "a3c81f57-2e94-4b0a-8d6f-71e2c9b40a85", title: "Fahrerlaubnis", show_with_user: false },
  { id: 3, uuid: "6e0b9d34-f1a7-4c52-b8e3-0d4a6f2c7e91", title: "Technik", show_with_user: false },
  { id: 4, uuid: "c9d47e12-5a6b-4f38-9e0c-2b8a1d5f6c34", title: "Führung", show_with_user: true },
];

const Q = { EH: 1, SAN: 2, RS: 3, NFS: 4, B: 5, C1: 6, C: 7, SPF: 8, TUS: 9, GF: 10, ZF: 11 } as const;
type QKey = keyof typeof Q;

const QUALIFICATIONS: FxQualification[] = [
  { id: Q.EH, uuid: "0b5e7c3a-9d21-4f86-a4b0-3e6d8c1f2a57", title: "Ersthelfer", abbreviation: "EH", category: 1, includes: [] },
  { id: Q.SAN, uuid: "7d2f1a68-c4e3-4b95-8f07-a1b6e9d3c520", title: "Sanitäter", abbreviation: "SAN", category: 1, includes: [Q.EH] },
  { id: Q.RS, uuid: "e81c4b29-6f0d-4a73-b5e2-9c7a3d0f1b64", title: "Rettungssanitäter", abbreviation: "RS", category: 1, includes: [Q.SAN] },
  { id: Q.NFS, uuid: "3a9f6e05-b2d8-4c17-9e4a-f0c5d7b81e23", title: "Notfallsanitäter", abbreviation: "NFS", category: 1, includes: [Q.RS] },
  { id: Q.B, uuid: "5c1d8e7f-0a3b-4e69-a2d4-6b9f0c3e7a18", title: "Führerschein Klasse B", abbreviation: "B", category: 2, includes: [] },
  { id: Q.C1, uuid: "92e4a0b6-7c5f-4d38-b1e9-d3a6f8c20b47", title: "Führerschein Klasse C1", abbreviation: "C1", category: 2, includes: [Q.B] },
  { id: Q.C, uuid: "d6b3f9a1-4e07-4c2d-8a5b-e1f7c0d94a36", title: "Führerschein Klasse C", abbreviation: "C", category: 2, includes: [Q.C1] },
  { id: Q.SPF, uuid: "1f7a3c9e-d5b2-4e80-96c1-48e0b2a7f5d9", title: "Sprechfunker", abbreviation: "SPF", category: 3, includes: [] },
  { id: Q.TUS, uuid: "b04e6d2c-8f1a-4b57-a3e9-7c2d5f0e16b8", title: "Technik und Sicherheit", abbreviation: "TuS", category: 3, includes: [] },
  { id: Q.GF, uuid: "8c5a2e1d-3b9f-4d06-bf74-0e6a9c3d5f21", title: "Gruppenführer", abbreviation: "GF", category: 4, includes: [] },
  { id: Q.ZF, uuid: "f3d0b7a4-6e2c-4a19-8d5f-b9e1c4a07d62", title: "Zugführer", abbreviation: "ZF", category: 4, includes: [Q.GF] },
];

const ET = { SAN: 1, AUSBILDUNG: 2, DIENSTABEND: 3, OEFFENTLICH: 4, BLUTSPENDE: 5 } as const;
const EVENT_TYPES: FxEventType[] = [
  { id: ET.SAN, title: "Sanitätsdienst", color: "#c0392b", show_participant_data: 0 },
  { id: ET.AUSBILDUNG, title: "Ausbildung", color: "#2e86c1", show_participant_data: 1 },
  { id: ET.DIENSTABEND, title: "Dienstabend", color: "#27ae60", show_participant_data: 2 },
  { id: ET.OEFFENTLICH, title: "Öffentliche Veranstaltung", color: "#f39c12", show_participant_data: 3 },
  { id: ET.BLUTSPENDE, title: "Blutspendetermin", color: "#8e44ad", show_participant_data: 0 },
];

const GROUP = { VERWALTUNG: 1, PLANER: 2, HELFENDE: 3 } as const;

/** Building blocks: ids of blocks, positions, requirements and compositions are separate id spaces. */
const BB = { RTW: 1, KTW: 2, TRUPP: 3, WACHE: 4 } as const;
const BUILDING_BLOCKS: FxBuildingBlock[] = [
  {
    id: BB.RTW, uuid: "2b7e9f14-a6c3-4d85-b0e2-5f1a8c7d3e96", name: "RTW", block_type: "atomic", allow_more: false,
    positions: [
      { id: 1, label: "Fahrer", optional: false, qualifications: [Q.RS, Q.C1] },
      { id: 2, label: "Beifahrer", optional: false, qualifications: [Q.NFS] },
    ],
    qualification_requirements: [],
    sub_compositions: [],
  },
  {
    id: BB.KTW, uuid: "71c0d5a8-3e9b-4f62-8a17-d4b6e2f09c53", name: "KTW", block_type: "atomic", allow_more: false,
    positions: [
      { id: 3, label: "Fahrer", optional: false, qualifications: [Q.SAN, Q.B] },
      { id: 4, label: "Transportführer", optional: false, qualifications: [Q.RS] },
    ],
    qualification_requirements: [],
    sub_compositions: [],
  },
  {
    id: BB.TRUPP, uuid: "c5f38a0e-9d14-4b7a-a6c2-e08b3f5d1794", name: "Sanitätstrupp", block_type: "atomic", allow_more: true,
    positions: [
      { id: 5, label: "Truppführer", optional: false, qualifications: [Q.SAN] },
      { id: 6, label: "Truppmann", optional: false, qualifications: [] },
    ],
    qualification_requirements: [{ id: 1, qualifications: [Q.EH], everyone: true, at_least: 0 }],
    sub_compositions: [],
  },
  {
    id: BB.WACHE, uuid: "9e2a6c71-f0b4-4d38-8c59-1a7e3d6b0f25", name: "Sanitätswache", block_type: "composite", allow_more: false,
    positions: [],
    qualification_requirements: [{ id: 2, qualifications: [Q.EH], everyone: true, at_least: 0 }],
    sub_compositions: [
      { id: 1, sub_block: BB.RTW, label: "RTW 1/83-1", optional: false },
      { id: 2, sub_block: BB.KTW, label: "KTW 1/85-1", optional: true },
      { id: 3, sub_block: BB.TRUPP, label: "Trupp Nord", optional: false },
      { id: 4, sub_block: BB.TRUPP, label: "Trupp Süd", optional: false },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

interface GrantSpec {
  q: QKey;
  /** Expiry relative to the base date in days (negative: already expired); omitted: never expires. */
  expiresInDays?: number;
}
interface PersonSpec {
  id: number;
  name: string;
  email: string;
  password: string | null;
  /** Age in years at the base date, plus birthday as MM-DD; or an explicit generator. */
  age: number | null;
  birthday: string;
  phone: string | null;
  grants: GrantSpec[];
  isActive?: boolean;
  isVisible?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
  permissions?: string[];
  groups: number[];
}

const U = { ADMIN: 1, MANAGER: 2, PLANNER: 3, VOLUNTEER: 4, MINOR: 10, PLANNER2: 11, ZF: 12, INACTIVE: 14, INVISIBLE: 16 } as const;

const PEOPLE: PersonSpec[] = [
  { id: 1, name: "Katrin Vogel", email: "admin@example.org", password: "admin-demo-password", age: 47, birthday: "03-14", phone: "+49 171 4820193",
    grants: [{ q: "RS" }, { q: "B" }, { q: "SPF" }], isStaff: true, isSuperuser: true, groups: [GROUP.VERWALTUNG] },
  { id: 2, name: "Thomas Brandt", email: "manager@example.org", password: "manager-demo-password", age: 56, birthday: "09-02", phone: "+49 160 9137245",
    grants: [{ q: "NFS" }, { q: "C1", expiresInDays: 640 }, { q: "ZF" }, { q: "SPF" }], groups: [GROUP.VERWALTUNG] },
  { id: 3, name: "Julia Neumann", email: "planner@example.org", password: "planner-demo-password", age: 37, birthday: "06-21", phone: "+49 152 33019876",
    grants: [{ q: "SAN" }, { q: "B" }, { q: "GF" }, { q: "SPF" }], groups: [GROUP.PLANER, GROUP.HELFENDE] },
  { id: 4, name: "Lukas Schneider", email: "volunteer@example.org", password: "volunteer-demo-password", age: 29, birthday: "11-30", phone: null,
    grants: [{ q: "SAN" }, { q: "B" }, { q: "SPF" }], groups: [GROUP.HELFENDE] },
  { id: 5, name: "Sandra Krüger", email: "sandra.krueger@example.org", password: null, age: 41, birthday: "01-17", phone: "+49 175 2094518",
    grants: [{ q: "NFS" }, { q: "C1", expiresInDays: 210 }], groups: [GROUP.HELFENDE] },
  { id: 6, name: "Michael Weber", email: "michael.weber@example.org", password: null, age: 34, birthday: "07-08", phone: "+49 151 70442381",
    grants: [{ q: "RS" }, { q: "C1", expiresInDays: 1250 }, { q: "SPF" }], groups: [GROUP.HELFENDE] },
  { id: 7, name: "Anna Fischer", email: "anna.fischer@example.org", password: null, age: 24, birthday: "04-29", phone: null,
    grants: [{ q: "SAN", expiresInDays: 45 }, { q: "B" }], groups: [GROUP.HELFENDE] },
  { id: 8, name: "Jonas Wagner", email: "jonas.wagner@example.org", password: null, age: 31, birthday: "12-03", phone: "+49 176 58230417",
    grants: [{ q: "RS" }, { q: "C" }, { q: "TUS" }], groups: [GROUP.HELFENDE] },
  { id: 9, name: "Laura Becker", email: "laura.becker@example.org", password: null, age: 27, birthday: "08-15", phone: null,
    grants: [{ q: "SAN", expiresInDays: 500 }, { q: "B" }], groups: [GROUP.HELFENDE] },
  { id: 10, name: "Felix Hoffmann", email: "felix.hoffmann@example.org", password: null, age: null, birthday: "", phone: null,
    grants: [{ q: "EH", expiresInDays: 690 }], groups: [GROUP.HELFENDE] },
  { id: 11, name: "Marie Schulz", email: "marie.schulz@example.org", password: null, age: 39, birthday: "02-11", phone: "+49 162 4471902",
    grants: [{ q: "NFS" }, { q: "GF" }, { q: "B" }, { q: "SPF" }], groups: [GROUP.PLANER, GROUP.HELFENDE] },
  { id: 12, name: "Stefan Koch", email: "stefan.koch@example.org", password: null, age: 52, birthday: "10-24", phone: "+49 170 8823514",
    grants: [{ q: "RS" }, { q: "C1" }, { q: "ZF" }, { q: "SPF" }], permissions: ["view_userprofile"], groups: [GROUP.HELFENDE] },
  { id: 13, name: "Lena Richter", email: "lena.richter@example.org", password: null, age: 22, birthday: "05-06", phone: null,
    grants: [{ q: "SAN" }], groups: [GROUP.HELFENDE] },
  { id: 14, name: "Daniel Klein", email: "daniel.klein@example.org", password: null, age: 45, birthday: "09-19", phone: "+49 157 30918264",
    grants: [{ q: "EH", expiresInDays: -400 }, { q: "B" }], isActive: false, groups: [GROUP.HELFENDE] },
  { id: 15, name: "Sophie Wolf", email: "sophie.wolf@example.org", password: null, age: 26, birthday: "03-02", phone: null,
    grants: [{ q: "RS" }, { q: "B" }], groups: [GROUP.HELFENDE] },
  { id: 16, name: "Tim Schröder", email: "tim.schroeder@example.org", password: null, age: 33, birthday: "12-27", phone: null,
    grants: [{ q: "SAN" }, { q: "B" }], isVisible: false, groups: [GROUP.HELFENDE] },
  { id: 17, name: "Hannah Zimmermann", email: "hannah.zimmermann@example.org", password: null, age: 19, birthday: "07-31", phone: "+49 159 01827364",
    grants: [{ q: "EH", expiresInDays: -35 }], groups: [GROUP.HELFENDE] },
  { id: 18, name: "Paul Braun", email: "paul.braun@example.org", password: null, age: 36, birthday: "01-09", phone: null,
    grants: [{ q: "SAN" }, { q: "C1", expiresInDays: -60 }, { q: "B" }], groups: [GROUP.HELFENDE] },
  { id: 19, name: "Nina Hofmann", email: "nina.hofmann@example.org", password: null, age: 30, birthday: "06-04", phone: "+49 163 7719240",
    grants: [{ q: "RS" }, { q: "B" }, { q: "TUS" }], groups: [GROUP.HELFENDE] },
  { id: 20, name: "Gerhard Lange", email: "gerhard.lange@example.org", password: null, age: 68, birthday: "10-01", phone: "+49 5123 48817",
    grants: [{ q: "SAN" }, { q: "C" }, { q: "TUS" }], groups: [GROUP.HELFENDE] },
];

const FEDERATED_PEOPLE = [
  { id: 1, name: "Lea Sommer", email: "lea.sommer@nachbarstadt.example", age: 32, birthday: "03-12", quals: [Q.RS, Q.B] },
  { id: 2, name: "Tobias Hahn", email: "tobias.hahn@nachbarstadt.example", age: 25, birthday: "09-28", quals: [Q.SAN] },
];

const PLACEHOLDER_NAMES = [
  "Max Extern",
  "Erika Muster (Praktikantin)",
  "Helfer JRK Lindenhain",
  "Dr. med. Jan Berg",
  "Azubi Rettungswache Süd",
  "Ben Gast",
];

// ---------------------------------------------------------------------------------------------
// Event planning
// ---------------------------------------------------------------------------------------------

type FlowSpec =
  | { slug: "instant_confirmation" | "request_confirm"; signupUntil: number | null; decline: boolean; customize: boolean }
  | { slug: "manual"; explanation: string }
  | { slug: "coupled"; leaderIndex: number };

type StructureSpec =
  | { slug: "uniform"; min: number | null; max: number | null; quals: number[]; minAge: number | null }
  | { slug: "qualification_mix"; reqs: { q: number | null; min: number; max: number | null }[]; minAge: number | null }
  | { slug: "named_teams"; teams: { title: string; q: number | null; min: number; max: number | null }[]; choosePreferred: boolean; minAge: number | null }
  | { slug: "complex"; blocks: { block: number; label: string; optional: boolean }[]; choosePreferred: boolean; minAge: number | null };

interface ShiftPlan {
  label: string;
  start: number;
  end: number;
  /** Minutes before start. */
  meetingBefore: 30 | 45 | 60;
  flow: FlowSpec;
  structure: StructureSpec;
}

interface EventPlan {
  title: string;
  description: string | null;
  location: string;
  type: number;
  active: boolean;
  /** Visible to the management group only (plus invited users). */
  restricted?: boolean;
  /** Users that hold object change_event. */
  planners: number[];
  /** May be shared with the federated guest. */
  shareable?: boolean;
  /** Sort key for events without shifts. */
  date: number;
  shifts: ShiftPlan[];
}

const LOC = {
  HEIM: "Bereitschaftsheim, Am Anger 12, Lindenhain",
  MARKT: "Marktplatz, Lindenhain",
  STADTHALLE: "Stadthalle Lindenhain, Schillerstraße 4",
  GRUNDSCHULE: "Grundschule am Weiher, Weiherweg 2, Lindenhain-Unterlinden",
  SPORTPARK: "Sportpark am Mühlbach, Lindenhain",
  SCHLOSSPARK: "Schlosspark Lindenhain",
  FESTPLATZ: "Festplatz an der Mühle, Lindenhain",
  RATHAUS: "Rathausplatz, Lindenhain",
  KIRCHE: "St.-Martin-Kirche, Kirchgasse 1, Lindenhain",
  UEBUNG: "Übungsgelände Kiesgrube Nord, Lindenhain",
  VERKEHR: "Verkehrsübungsplatz Lindenhain-Ost",
  STAUSEE: "Stausee Lindenhain, Parkplatz Nord",
  LINDENHOF: "Reitanlage Gut Lindenhof, Lindenhain",
  INNENSTADT: "Innenstadt Lindenhain, Start und Ziel am Rathausplatz",
} as const;

const instant = (customize = true, decline = false, signupUntil: number | null = null): FlowSpec => ({
  slug: "instant_confirmation", signupUntil, decline, customize,
});
const request = (signupUntil: number | null = null, decline = false, customize = false): FlowSpec => ({
  slug: "request_confirm", signupUntil, decline, customize,
});
const manual = (explanation: string): FlowSpec => ({ slug: "manual", explanation });
const coupled = (leaderIndex: number): FlowSpec => ({ slug: "coupled", leaderIndex });
const uniform = (min: number | null, max: number | null, quals: number[] = [], minAge: number | null = null): StructureSpec => ({
  slug: "uniform", min, max, quals, minAge,
});

function shift(label: string, day: number, startH: number, startM: number, durationMin: number, meetingBefore: 30 | 45 | 60, flow: FlowSpec, structure: StructureSpec): ShiftPlan {
  const start = atTime(day, startH, startM);
  return { label, start, end: start + durationMin * MIN, meetingBefore, flow, structure };
}

const DIENSTABEND_TOPICS = [
  "Funkübung mit der Leitstelle",
  "Fahrzeugkunde RTW und KTW",
  "Reanimationstraining",
  "Materialpflege und Inventur",
  "Hygiene und Desinfektion",
  "Trage- und Rettungstechnik",
  "Großschadenslage MANV – Sichtung",
  "Kindernotfälle",
  "Einsatznachbesprechung und Fallbeispiele",
  "Psychische Erste Hilfe",
  "Wundversorgung und Verbände",
  "Sanitätsrucksack packen",
];

const OPPONENTS = [
  "SV Eichenau", "TuS Birkenhagen", "FC Unterlinden 1921", "SpVgg Waldheim", "VfB Steinbrück",
  "SC Rosental", "TSV Mühlental", "1. FC Grünwiesen", "SG Hohenau/Talbach", "FSV Kirchdorf",
];

function buildPlans(base: number, rng: Rng): EventPlan[] {
  const windowStart = base - 120 * DAY;
  const windowEnd = base + 180 * DAY;
  const inWindow = (t: number) => t >= windowStart && t <= windowEnd;
  const plans: EventPlan[] = [];
  const years = [parts(windowStart).y, parts(windowEnd).y].filter((y, i, a) => a.indexOf(y) === i);
  const P = U.PLANNER;
  const P2 = U.PLANNER2;

  // --- Dienstabende: every other Thursday, no summer and Christmas break ---------------------
  {
    let day = windowStart;
    while (parts(day).wd !== 4) day += DAY;
    let topic = rng.int(0, DIENSTABEND_TOPICS.length - 1);
    for (; day <= windowEnd; day += 14 * DAY) {
      const p = parts(day);
      if (p.m === 8) continue; // Sommerpause
      if ((p.m === 12 && p.d >= 20) || (p.m === 1 && p.d <= 6)) continue; // Weihnachtspause
      const title = `Dienstabend: ${DIENSTABEND_TOPICS[topic % DIENSTABEND_TOPICS.length]}`;
      topic++;
      plans.push({
        title,
        description: rng.chance(0.4)
          ? null
          : "Regulärer Dienstabend der Bereitschaft. Bitte in Dienstkleidung erscheinen; Getränke sind vorhanden.",
        location: LOC.HEIM,
        type: ET.DIENSTABEND,
        active: true,
        planners: [P2],
        date: day,
        shifts: [shift("", day, 19, 0, 150, 30, instant(true, true), uniform(null, null))],
      });
    }
  }

  // --- Ausbildung: second Saturday of every month except August ------------------------------
  const ausbildungByMonth: Record<number, (day: number) => Omit<EventPlan, "date" | "active" | "type" | "planners">> = {
    1: (d) => ({
      title: "Sanitätsausbildung Teil 1: Grundlagen", location: LOC.HEIM,
      description: "Erster Teil der Sanitätsausbildung (Anatomie, Vitalfunktionen, Eigenschutz). Voraussetzung ist ein gültiger Erste-Hilfe-Kurs.",
      shifts: [shift("Samstag", d, 9, 0, 450, 30, request(atTime(d - 3 * DAY, 20)), uniform(4, 16, [Q.EH], 16)),
        shift("Sonntag", d + DAY, 9, 0, 450, 30, request(atTime(d - 3 * DAY, 20)), uniform(4, 16, [Q.EH], 16))],
    }),
    2: (d) => ({
      title: "Sanitätsausbildung Teil 2: Notfallbilder", location: LOC.HEIM,
      description: "Herz-Kreislauf-Notfälle, Atemstörungen, Verletzungen. Fallbeispiele in Kleingruppen.",
      shifts: [shift("", d, 9, 0, 450, 30, request(atTime(d - 3 * DAY, 20)), uniform(4, 16, [Q.EH], 16))],
    }),
    3: (d) => ({
      title: "Sanitätsausbildung Teil 3: Praxis und Prüfung", location: LOC.HEIM, description: null,
      shifts: [shift("Prüfungstag", d, 8, 30, 480, 30, manual("Die Prüfungsplätze werden von der Ausbildungsleitung vergeben."), uniform(2, 12, [Q.EH], 16))],
    }),
    4: (d) => ({
      title: "Fortbildung Rettungsdienst (RS/NFS)", location: LOC.HEIM,
      description: "Jährliche Pflichtfortbildung für Rettungs- und Notfallsanitäter (8 Unterrichtseinheiten).",
      shifts: [shift("", d, 8, 0, 480, 30, instant(false), uniform(3, 14, [Q.RS], 18))],
    }),
    5: (d) => ({
      title: "Gemeinsame Einsatzübung mit der Feuerwehr", location: LOC.UEBUNG,
      description: "Übungsszenario: Verkehrsunfall mit mehreren Verletzten. Realistische Unfalldarstellung, Verletztendarsteller willkommen.",
      shifts: [shift("", d, 9, 0, 300, 60, request(null, true), {
        slug: "named_teams", choosePreferred: true, minAge: null,
        teams: [
          { title: "Verletztendarsteller", q: null, min: 0, max: 8 },
          { title: "Einsatzkräfte", q: Q.SAN, min: 4, max: 10 },
          { title: "Übungsleitung", q: Q.GF, min: 1, max: 2 },
        ],
      })],
    }),
    6: (d) => ({
      title: "Fahrsicherheitstraining Einsatzfahrzeuge", location: LOC.VERKEHR,
      description: "Training auf dem Verkehrsübungsplatz mit RTW und KTW. Nur für Fahrerinnen und Fahrer mit Klasse C1.",
      shifts: [shift("", d, 8, 0, 420, 30, request(atTime(d - 7 * DAY, 12)), uniform(2, 8, [Q.C1], 18))],
    }),
    7: (d) => ({
      title: "Sprechfunkerlehrgang (Digitalfunk BOS)", location: LOC.HEIM, description: null,
      shifts: [shift("Theorie", d, 9, 0, 240, 30, request(), uniform(4, 12, [], 16)),
        shift("Praxis", d, 14, 0, 180, 30, coupled(0), uniform(4, 12, [], 16))],
    }),
    9: (d) => ({
      title: "Fortbildung Rettungsdienst (RS/NFS)", location: LOC.HEIM,
      description: "Jährliche Pflichtfortbildung für Rettungs- und Notfallsanitäter, Schwerpunkt Trauma-Management.",
      shifts: [shift("", d, 8, 0, 480, 30, instant(false), uniform(3, 14, [Q.RS], 18))],
    }),
    10: (d) => ({
      title: "Erste-Hilfe-Ausbilder: Fortbildung", location: LOC.HEIM, description: null,
      shifts: [shift("", d, 9, 0, 360, 30, instant(true, true), uniform(2, 8, [Q.SAN], 18))],
    }),
    11: (d) => ({
      title: "MANV-Übung des Landkreises", location: LOC.UEBUNG,
      description: "Kreisweite Übung zum Massenanfall von Verletzten. Treffpunkt am Bereitschaftsheim, gemeinsame Anfahrt im Verband.",
      shifts: [
        shift("Anfahrt und Übung", d, 8, 0, 360, 60, request(atTime(d - 5 * DAY, 18), true), {
          slug: "complex", choosePreferred: true, minAge: 16,
          blocks: [{ block: BB.WACHE, label: "Behandlungsplatz", optional: false }],
        }),
        shift("Verletztendarstellung", d, 7, 0, 420, 60, request(), uniform(0, 10, [], 14)),
      ],
    }),
    12: (d) => ({
      title: "Reanimationstraining nach aktuellen Leitlinien", location: LOC.HEIM,
      description: "Megacode-Training für alle Sanitäterinnen und Sanitäter.",
      shifts: [shift("Vormittag", d, 9, 0, 180, 30, instant(), uniform(2, 10, [Q.SAN])),
        shift("Nachmittag", d, 13, 30, 180, 30, instant(), uniform(2, 10, [Q.SAN]))],
    }),
  };
  for (let t = wall(parts(windowStart).y, parts(windowStart).m, 1); t <= windowEnd; t = wall(parts(t).y, parts(t).m + 1, 1)) {
    const { y, m } = parts(t);
    const make = ausbildungByMonth[m];
    if (!make) continue;
    const day = nthWeekday(y, m, 6, 2);
    if (!inWindow(day)) continue;
    const plan = make(day);
    plans.push({ ...plan, type: ET.AUSBILDUNG, active: true, planners: [P2], date: day });
  }

  // --- Blutspendetermine: third Monday of every month ------------------------------------------
  for (let t = wall(parts(windowStart).y, parts(windowStart).m, 1); t <= windowEnd; t = wall(parts(t).y, parts(t).m + 1, 1)) {
    const { y, m } = parts(t);
    const day = nthWeekday(y, m, 1, 3);
    if (!inWindow(day)) continue;
    const school = m % 2 === 0;
    plans.push({
      title: school ? "Blutspendetermin Unterlinden" : "Blutspendetermin Stadthalle",
      description: rng.chance(0.5) ? null : "Betreuung der Spenderinnen und Spender im Ruheraum, Imbiss und Getränke. Der Blutspendedienst stellt Ärztin und Entnahmeteam.",
      location: school ? LOC.GRUNDSCHULE : LOC.STADTHALLE,
      type: ET.BLUTSPENDE,
      active: true,
      planners: [P],
      date: day,
      shifts: [
        shift("Aufbau", day, 14, 0, 90, 30, instant(false, true), uniform(2, 4)),
        shift("Betreuung", day, 15, 30, 270, 30, request(atTime(day - DAY, 18), true, true), {
          slug: "qualification_mix", minAge: null,
          reqs: [{ q: Q.SAN, min: 1, max: 2 }, { q: null, min: 1, max: 3 }],
        }),
        shift("Abbau", day, 20, 0, 60, 30, coupled(1), uniform(null, null)),
      ],
    });
  }

  // --- Heimspiele FC Lindenhain 09: every third Saturday in the season ---------------------------
  {
    let day = windowStart;
    while (parts(day).wd !== 6) day += DAY;
    let n = rng.int(0, OPPONENTS.length - 1);
    let k = 0;
    for (; day <= windowEnd; day += 7 * DAY) {
      const { m, d } = parts(day);
      const season = (m === 8 && d >= 8) || (m >= 9 && m <= 11) || (m >= 3 && m <= 5);
      if (!season) continue;
      if (k++ % 3 !== 0) continue;
      const opponent = OPPONENTS[n++ % OPPONENTS.length]!;
      const withKtw = n % 3 === 0;
      const shifts: ShiftPlan[] = [
        shift("Spieldienst", day, 14, 0, 240, 30, request(atTime(day - 2 * DAY, 20)), {
          slug: "qualification_mix", minAge: 18,
          reqs: [{ q: Q.RS, min: 1, max: 1 }, { q: Q.SAN, min: 1, max: 2 }],
        }),
      ];
      if (withKtw) {
        shifts.push(shift("KTW-Bereitstellung", day, 14, 0, 240, 30, request(atTime(day - 2 * DAY, 20)), {
          slug: "complex", choosePreferred: false, minAge: 18,
          blocks: [{ block: BB.KTW, label: "KTW 1/85-1", optional: false }],
        }));
      }
      plans.push({
        title: `Sanitätsdienst Heimspiel FC Lindenhain 09 – ${opponent}`,
        description: rng.chance(0.5) ? null : `Landesliga, Anstoß 15:30 Uhr. Sanitätsraum unter der Haupttribüne, Zufahrt über Tor 3.`,
        location: LOC.SPORTPARK,
        type: ET.SAN,
        active: true,
        planners: [P],
        date: day,
        shifts,
      });
    }
  }

  // --- Annual events (one per year, if inside the window) ----------------------------------------
  for (const y of years) {
    const annual: EventPlan[] = [];
    const e = easter(y);

    // Rosenmontagsumzug (Easter - 48 days)
    {
      const d = e - 48 * DAY;
      annual.push({
        title: "Sanitätsdienst Rosenmontagsumzug", location: LOC.RATHAUS, type: ET.SAN, active: true, planners: [P], shareable: true, date: d,
        description: "Unfallhilfsstelle im Rathaus, Fußtrupps entlang der Zugstrecke, RTW am Zugende. Kostüme nur über der Dienstkleidung!",
        shifts: [
          shift("Unfallhilfsstelle", d, 10, 0, 420, 60, request(atTime(d - 3 * DAY, 20), false, true), {
            slug: "complex", choosePreferred: true, minAge: 16,
            blocks: [{ block: BB.WACHE, label: "UHS Rathaus", optional: false }, { block: BB.RTW, label: "RTW Zugende", optional: true }],
          }),
          shift("Fußtrupps Zugstrecke", d, 10, 30, 360, 60, request(atTime(d - 3 * DAY, 20)), {
            slug: "named_teams", choosePreferred: true, minAge: 16,
            teams: [
              { title: "Fußtrupp Marktstraße", q: Q.SAN, min: 2, max: 3 },
              { title: "Fußtrupp Bahnhofstraße", q: Q.SAN, min: 2, max: 3 },
            ],
          }),
          shift("Abbau Unfallhilfsstelle", d, 17, 0, 90, 30, coupled(0), uniform(null, null)),
        ],
      });
    }
    // Jahreshauptversammlung (third Friday of March)
    {
      const d = nthWeekday(y, 3, 5, 3);
      annual.push({
        title: "Jahreshauptversammlung der Bereitschaft", location: LOC.HEIM, type: ET.DIENSTABEND, active: true, planners: [U.MANAGER], date: d,
        description: "Tagesordnung: Berichte der Leitung, Kassenbericht, Entlastung, Wahlen der Gruppenführungen, Ehrungen.",
        shifts: [shift("", d, 19, 0, 150, 30, instant(false, true), uniform(null, null))],
      });
    }
    // Osterfeuer (Holy Saturday)
    {
      const d = e - DAY;
      annual.push({
        title: "Sanitätsdienst Osterfeuer an der Mühle", location: LOC.FESTPLATZ, type: ET.SAN, active: true, planners: [P], date: d, description: null,
        shifts: [shift("", d, 18, 0, 300, 30, request(null, true), uniform(2, 3, [Q.SAN], 18))],
      });
    }
    // Tanz in den Mai (30 April, across midnight)
    {
      const d = wall(y, 4, 30);
      annual.push({
        title: "Sanitätsdienst Tanz in den Mai", location: LOC.STADTHALLE, type: ET.SAN, active: true, planners: [P], date: d,
        description: "Ca. 800 Gäste erwartet. Sanitätsraum im Foyer links.",
        shifts: [shift("", d, 20, 0, 360, 30, request(atTime(d - 2 * DAY, 20)), uniform(2, 4, [Q.SAN], 18))],
      });
    }
    // Stadtlauf (second Sunday of May)
    {
      const d = nthWeekday(y, 5, 0, 2);
      annual.push({
        title: "Lindenhainer Stadtlauf", location: LOC.INNENSTADT, type: ET.SAN, active: true, planners: [P], shareable: true, date: d,
        description: "10 km, Halbmarathon und Kinderlauf. Sanitätsstation im Zielbereich, Radstreife auf der Strecke.",
        shifts: [
          shift("Aufbau Sanitätsstation", d, 7, 0, 90, 30, instant(false), uniform(2, 4)),
          shift("Laufbetreuung", d, 8, 30, 330, 30, request(atTime(d - 4 * DAY, 20), true), {
            slug: "named_teams", choosePreferred: true, minAge: null,
            teams: [
              { title: "Zielbereich", q: Q.RS, min: 2, max: 3 },
              { title: "Radstreife", q: Q.SAN, min: 2, max: 4 },
              { title: "Einsatzleitung", q: Q.GF, min: 1, max: 1 },
            ],
          }),
        ],
      });
    }
    // Open-Air-Konzert (third Saturday of June)
    {
      const d = nthWeekday(y, 6, 6, 3);
      annual.push({
        title: "Sanitätsdienst Open-Air-Konzert im Schlosspark", location: LOC.SCHLOSSPARK, type: ET.SAN, active: true, planners: [P], date: d, description: null,
        shifts: [shift("", d, 17, 0, 360, 60, request(atTime(d - 3 * DAY, 20)), {
          slug: "complex", choosePreferred: false, minAge: 18,
          blocks: [{ block: BB.TRUPP, label: "Trupp Bühne", optional: false }, { block: BB.TRUPP, label: "Trupp Einlass", optional: false }],
        })],
      });
    }
    // Stadtfest (third weekend of August, Friday to Sunday)
    {
      const fr = nthWeekday(y, 8, 5, 3);
      annual.push({
        title: "Sanitätsdienst Stadtfest Lindenhain", location: LOC.MARKT, type: ET.SAN, active: true, planners: [P, U.ZF], shareable: true, date: fr,
        description: "Größter Sanitätsdienst des Jahres. Sanitätswache am Marktplatz mit RTW, KTW und zwei Fußtrupps. Verpflegung durch die Betreuungsgruppe.",
        shifts: [
          shift("Freitag Abend", fr, 17, 0, 480, 60, request(atTime(fr - 5 * DAY, 20), false, true), {
            slug: "complex", choosePreferred: true, minAge: 18, blocks: [{ block: BB.WACHE, label: "Sanitätswache Marktplatz", optional: false }],
          }),
          shift("Samstag Tag", fr + DAY, 11, 0, 480, 60, request(atTime(fr - 5 * DAY, 20), false, true), {
            slug: "complex", choosePreferred: true, minAge: 16, blocks: [{ block: BB.WACHE, label: "Sanitätswache Marktplatz", optional: false }],
          }),
          shift("Samstag Nacht", fr + DAY, 19, 0, 420, 60, request(atTime(fr - 5 * DAY, 20), false, true), {
            slug: "complex", choosePreferred: true, minAge: 18, blocks: [{ block: BB.WACHE, label: "Sanitätswache Marktplatz", optional: false }],
          }),
          shift("Sonntag", fr + 2 * DAY, 11, 0, 420, 60, request(atTime(fr - 5 * DAY, 20), true, true), {
            slug: "named_teams", choosePreferred: false, minAge: null,
            teams: [
              { title: "Sanitätsstation", q: Q.RS, min: 1, max: 2 },
              { title: "Fußtrupp", q: Q.SAN, min: 2, max: 4 },
            ],
          }),
        ],
      });
    }
    // Herbstkirmes (second Saturday of September)
    {
      const d = nthWeekday(y, 9, 6, 2);
      annual.push({
        title: "Sanitätsdienst Herbstkirmes", location: LOC.FESTPLATZ, type: ET.SAN, active: true, planners: [P], shareable: true, date: d, description: null,
        shifts: [
          shift("Nachmittag", d, 14, 0, 300, 30, request(atTime(d - 2 * DAY, 20)), {
            slug: "qualification_mix", minAge: 16, reqs: [{ q: Q.RS, min: 1, max: 1 }, { q: Q.SAN, min: 2, max: 3 }],
          }),
          shift("Abend", d, 19, 0, 300, 30, request(atTime(d - 2 * DAY, 20)), {
            slug: "qualification_mix", minAge: 18, reqs: [{ q: Q.NFS, min: 1, max: 1 }, { q: Q.SAN, min: 2, max: null }],
          }),
        ],
      });
    }
    // Tag der offenen Tür (third Sunday of September, public)
    {
      const d = nthWeekday(y, 9, 0, 3);
      annual.push({
        title: "Tag der offenen Tür im Bereitschaftsheim", location: LOC.HEIM, type: ET.OEFFENTLICH, active: true, planners: [P, U.MANAGER], date: d,
        description: "Fahrzeugschau, Mitmach-Erste-Hilfe für Kinder, Blutdruckmessen und Kaffee und Kuchen. Alle Helfenden sind herzlich eingeladen mitzumachen.",
        shifts: [
          shift("Vorbereitung", d, 8, 0, 120, 30, manual("Die Vorbereitung übernimmt das Orga-Team."), uniform(2, 5)),
          shift("Infostand und Vorführungen", d, 10, 0, 420, 30, instant(true, true), uniform(4, 12)),
          shift("Kinderprogramm", d, 11, 0, 300, 30, instant(true, true), uniform(2, 4, [Q.SAN])),
        ],
      });
    }
    // Oktoberfest (first Saturday of October)
    {
      const d = nthWeekday(y, 10, 6, 1);
      annual.push({
        title: "Sanitätsdienst Lindenhainer Oktoberfest", location: LOC.FESTPLATZ, type: ET.SAN, active: true, planners: [P], date: d,
        description: "Festzelt mit ca. 1.500 Plätzen. Erfahrungsgemäß viele Alkoholintoxikationen ab 22 Uhr.",
        shifts: [shift("", d, 17, 0, 480, 60, request(atTime(d - 3 * DAY, 20)), {
          slug: "complex", choosePreferred: true, minAge: 18,
          blocks: [{ block: BB.RTW, label: "RTW Festzelt", optional: false }, { block: BB.TRUPP, label: "Trupp Festzelt", optional: false }],
        })],
      });
    }
    // Martinsumzug (11 November)
    {
      const d = wall(y, 11, 11);
      annual.push({
        title: "Sanitätsdienst Martinsumzug", location: LOC.KIRCHE, type: ET.SAN, active: true, planners: [P], date: d,
        description: "Umzug von der St.-Martin-Kirche zum Festplatz mit Martinsfeuer.",
        shifts: [shift("", d, 17, 0, 120, 30, instant(false, true), uniform(3, 5, [Q.EH]))],
      });
    }
    // Weihnachtsmarkt: four Advent weekends
    {
      const advent1 = nthWeekday(y, 12, 0, 1) - 7 * DAY; // first Sunday of December minus 7 days lies between Nov 24 and Nov 30
      const firstAdvent = advent1 >= wall(y, 11, 27) ? advent1 : advent1 + 7 * DAY;
      for (let i = 0; i < 4; i++) {
        const sun = firstAdvent + i * 7 * DAY;
        const sat = sun - DAY;
        const teams = [
          { title: "Fußtrupp Nord", q: Q.SAN, min: 2, max: 2 },
          { title: "Fußtrupp Süd", q: Q.SAN, min: 2, max: 2 },
          { title: "Sanitätsstation", q: Q.RS, min: 1, max: 2 },
        ];
        annual.push({
          title: `Sanitätsdienst Weihnachtsmarkt – ${i + 1}. Adventswochenende`, location: LOC.MARKT, type: ET.SAN, active: true,
          planners: [P], shareable: i === 1, date: sat,
          description: i === 0 ? "Sanitätsstation im Alten Rathaus (Eingang Marktseite). Glühwein erst nach Dienstende!" : null,
          shifts: [
            shift("Samstag", sat, 14, 0, 420, 30, request(atTime(sat - 2 * DAY, 20), true), { slug: "named_teams", choosePreferred: true, minAge: 16, teams }),
            shift("Sonntag", sun, 13, 0, 360, 30, request(atTime(sat - 2 * DAY, 20), true), { slug: "named_teams", choosePreferred: true, minAge: 16, teams }),
          ],
        });
      }
    }
    // Weihnachtsfeier (second Friday of December)
    {
      const d = nthWeekday(y, 12, 5, 2);
      annual.push({
        title: "Weihnachtsfeier der Bereitschaft", location: LOC.HEIM, type: ET.DIENSTABEND, active: true, planners: [U.MANAGER], date: d,
        description: "Gemütlicher Jahresabschluss mit Wichteln. Partnerinnen und Partner sind herzlich willkommen.",
        shifts: [shift("", d, 18, 30, 240, 30, instant(false, true, atTime(d - 7 * DAY, 23, 59)), uniform(null, 40))],
      });
    }
    // Silvester (31 December, across midnight), with coupled follow-up on New Year's Day
    {
      const d = wall(y, 12, 31);
      annual.push({
        title: "Sanitätsdienst Silvesterparty am Marktplatz", location: LOC.MARKT, type: ET.SAN, active: true, planners: [P, U.ZF], shareable: true, date: d,
        description: "Feuerwerk ab Mitternacht, Schutzbrille und Gehörschutz mitbringen.",
        shifts: [
          shift("Silvesternacht", d, 21, 30, 300, 60, request(atTime(d - 5 * DAY, 20)), {
            slug: "complex", choosePreferred: true, minAge: 18,
            blocks: [{ block: BB.RTW, label: "RTW 1/83-1", optional: false }, { block: BB.TRUPP, label: "Trupp Marktplatz", optional: false }],
          }),
          shift("Materialpflege Neujahr", d + DAY, 11, 0, 120, 30, coupled(0), uniform(null, null)),
        ],
      });
    }
    // Neujahrsempfang (second Sunday of January)
    {
      const d = nthWeekday(y, 1, 0, 2);
      annual.push({
        title: "Sanitätsdienst Neujahrsempfang der Stadt", location: LOC.STADTHALLE, type: ET.SAN, active: true, planners: [P], date: d, description: null,
        shifts: [shift("", d, 10, 30, 210, 30, instant(false), uniform(1, 2, [Q.SAN]))],
      });
    }
    // Erste-Hilfe-Kurse für die Bevölkerung (first Saturday of Jan, Apr, Jul, Oct; public)
    for (const m of [1, 4, 7, 10]) {
      const d = nthWeekday(y, m, 6, 1);
      annual.push({
        title: "Erste-Hilfe-Kurs für Bürgerinnen und Bürger", location: LOC.HEIM, type: ET.OEFFENTLICH, active: true, planners: [P2], date: d,
        description: "Offener Erste-Hilfe-Kurs (9 Unterrichtseinheiten), Anmeldung der Teilnehmenden über die Geschäftsstelle.",
        shifts: [shift("Ausbilderteam", d, 9, 0, 450, 30, manual("Die Kursleitung wird von der Ausbildungsbeauftragten eingeteilt."), uniform(1, 2, [Q.SAN], 18))],
      });
    }
    // Leitungskreis (first Monday of Feb, May, Aug, Nov): management only
    for (const m of [2, 5, 8, 11]) {
      const d = nthWeekday(y, m, 1, 1);
      annual.push({
        title: "Leitungskreis", location: LOC.HEIM, type: ET.DIENSTABEND, active: true, restricted: true, planners: [U.MANAGER], date: d,
        description: rng.chance(0.5) ? null : "Quartalsbesprechung der Bereitschaftsleitung mit den Gruppenführungen.",
        shifts: [shift("", d, 19, 30, 120, 30, manual("Teilnahme nur auf Einladung der Bereitschaftsleitung."), uniform(null, 8))],
      });
    }
    for (const plan of annual) if (inWindow(plan.date)) plans.push(plan);
  }

  // --- Drafts and oddities --------------------------------------------------------------------------
  {
    const d = nthWeekday(parts(base + 75 * DAY).y, parts(base + 75 * DAY).m, 6, 3);
    plans.push({
      title: "Sanitätsdienst Motorradtreffen am Stausee (Entwurf)", location: LOC.STAUSEE, type: ET.SAN, active: false, planners: [P], date: d,
      description: "Noch nicht veröffentlicht: Anfrage des Veranstalters liegt vor, Angebot ist raus.",
      shifts: [shift("", d, 9, 0, 540, 60, request(), uniform(3, 5, [Q.SAN], 18))],
    });
    const d2 = nthWeekday(parts(base + 150 * DAY).y, parts(base + 150 * DAY).m, 0, 2);
    plans.push({
      title: "Sanitätsdienst Reitturnier Gut Lindenhof (in Planung)", location: LOC.LINDENHOF, type: ET.SAN, active: false, planners: [P], date: d2,
      description: null, shifts: [],
    });
    const d3 = nthWeekday(parts(base + 100 * DAY).y, parts(base + 100 * DAY).m, 6, 4);
    plans.push({
      title: "Ausbildung Technik und Sicherheit (Entwurf)", location: LOC.HEIM, type: ET.AUSBILDUNG, active: false, planners: [P2], date: d3,
      description: null,
      shifts: [shift("Samstag", d3, 9, 0, 420, 30, request(), uniform(4, 10, [], 18)), shift("Sonntag", d3 + DAY, 9, 0, 420, 30, coupled(0), uniform(4, 10, [], 18))],
    });
    const d4 = startOfDay(base + 24 * DAY);
    plans.push({
      title: "Infoabend für neue Mitglieder (Termin folgt)", location: LOC.HEIM, type: ET.OEFFENTLICH, active: true, planners: [U.MANAGER], date: d4,
      description: "Wir stellen die Bereitschaft vor. Der genaue Termin wird noch bekanntgegeben.",
      shifts: [],
    });
  }

  const firstStart = (p: EventPlan) => (p.shifts.length ? Math.min(...p.shifts.map((s) => s.start)) : p.date);
  plans.sort((a, b) => firstStart(a) - firstStart(b) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Building the fixture
// ---------------------------------------------------------------------------------------------

function buildFixture(baseDate: string): Fixture {
  const [by, bm, bd] = baseDate.split("-").map(Number) as [number, number, number];
  const base = wall(by, bm, bd);
  const now = atTime(base, 10);
  const rng = new Rng("events");
  const prng = new Rng("participations");
  const urng = new Rng("uuids");

  // --- users ----------------------------------------------------------------------------------
  const users: FxUser[] = PEOPLE.map((p) => {
    let dob: string | null;
    if (p.age === null) {
      // the minor: 16 years and about five months old at the base date
      dob = fmtDate(wall(by - 16, bm, bd) - 152 * DAY);
    } else {
      const [mm, dd] = p.birthday.split("-").map(Number) as [number, number];
      const birthdayPassed = mm < bm || (mm === bm && dd <= bd);
      dob = fmtDate(wall(by - p.age - (birthdayPassed ? 0 : 1), mm, dd));
    }
    return {
      id: p.id,
      email: p.email,
      display_name: p.name,
      password: p.password,
      date_of_birth: dob,
      phone: p.phone,
      is_active: p.isActive ?? true,
      is_visible: p.isVisible ?? true,
      is_staff: p.isStaff ?? false,
      is_superuser: p.isSuperuser ?? false,
      permissions: p.permissions ?? [],
    };
  });
  const userById = new Map(users.map((u) => [u.id, u]));

  // --- groups ---------------------------------------------------------------------------------
  const groups: FxGroup[] = [
    { id: GROUP.VERWALTUNG, name: "Verwaltung", members: [], permissions: [...PERMISSIONS] },
    { id: GROUP.PLANER, name: "Planer", members: [], permissions: ["add_event", "view_event"] },
    { id: GROUP.HELFENDE, name: "Helfende", members: [], permissions: [] },
  ];
  for (const p of PEOPLE) for (const g of p.groups) groups.find((x) => x.id === g)!.members.push(p.id);

  // --- qualification grants -------------------------------------------------------------------
  const grants: FxGrant[] = [];
  const grantExpiry = new Map<string, number | null>(); // "user:qual" -> wall time or null
  for (const p of PEOPLE) {
    for (const g of p.grants) {
      const exp = g.expiresInDays === undefined ? null : atTime(base + g.expiresInDays * DAY, 0);
      grants.push({ user: p.id, qualification: Q[g.q], expires: exp === null ? null : fmtNaive(exp) });
      grantExpiry.set(`${p.id}:${Q[g.q]}`, exp);
    }
  }
  const includes = new Map(QUALIFICATIONS.map((q) => [q.id, q.includes]));
  const closure = (direct: Iterable<number>): Set<number> => {
    const out = new Set<number>();
    const stack = [...direct];
    while (stack.length) {
      const q = stack.pop()!;
      if (out.has(q)) continue;
      out.add(q);
      stack.push(...(includes.get(q) ?? []));
    }
    return out;
  };
  /** A user's qualifications (with inclusions) valid at a wall time. */
  const qualsAt = (userId: number, at: number): Set<number> => {
    const direct = PEOPLE.find((p) => p.id === userId)!.grants
      .map((g) => Q[g.q])
      .filter((q) => {
        const exp = grantExpiry.get(`${userId}:${q}`);
        return exp === null || exp === undefined || exp >= at;
      });
    return closure(direct);
  };
  const ageAt = (userId: number, at: number): number | null => {
    const dob = userById.get(userId)!.date_of_birth;
    if (!dob) return null;
    const [y, m, d] = dob.split("-").map(Number) as [number, number, number];
    const p = parts(at);
    return p.y - y - (p.m < m || (p.m === m && p.d < d) ? 1 : 0);
  };

  // --- federated side -------------------------------------------------------------------------
  const federatedGuests: FxFederatedGuest[] = [{
    id: 1,
    name: "Kreisverband Nachbarstadt",
    url: "https://ephios.nachbarstadt.example",
    access_token: secretHex("guest-1-access-token", 64),
    client_id: secretAlnum("guest-1-client-id", 40),
    client_secret: secretAlnum("guest-1-client-secret", 60),
  }];
  const federatedUsers: FxFederatedUser[] = FEDERATED_PEOPLE.map((f) => {
    const [mm, dd] = f.birthday.split("-").map(Number) as [number, number];
    const passed = mm < bm || (mm === bm && dd <= bd);
    return {
      id: f.id, guest: 1, email: f.email, display_name: f.name,
      date_of_birth: fmtDate(wall(by - f.age - (passed ? 0 : 1), mm, dd)),
      qualifications: [...f.quals],
    };
  });
  const fedQuals = new Map(federatedUsers.map((f) => [f.id, closure(f.qualifications)]));

  // --- events and shifts ----------------------------------------------------------------------
  const plans = buildPlans(base, rng);
  const events: FxEvent[] = [];
  const shifts: FxShift[] = [];
  const eventPermissions: FxEventPermission[] = [];
  const permKeys = new Set<string>();
  const addPerm = (p: FxEventPermission) => {
    const key = "group" in p ? `${p.event}:g${p.group}:${p.permission}` : `${p.event}:u${p.user}:${p.permission}`;
    if (permKeys.has(key)) return;
    permKeys.add(key);
    eventPermissions.push(p);
  };
  const participations: FxParticipation[] = [];
  const eventShares: { event: number; guest: number }[] = [];

  interface Slot {
    quals: number[];
    required: boolean;
    data: (state: number) => { [k: string]: Json };
  }

  let shiftId = 0;
  let participationId = 0;
  const plannedShifts: { plan: EventPlan; event: FxEvent; shift: FxShift; sp: ShiftPlan; slots: Slot[] }[] = [];

  plans.forEach((plan, index) => {
    const event: FxEvent = {
      id: index + 1,
      title: plan.title,
      description: plan.description,
      location: plan.location,
      type: plan.type,
      active: plan.active,
    };
    events.push(event);

    const ids = plan.shifts.map(() => ++shiftId);
    plan.shifts.forEach((sp, i) => {
      let flowCfg: { [k: string]: Json };
      if (sp.flow.slug === "manual") flowCfg = { no_selfservice_explanation: sp.flow.explanation };
      else if (sp.flow.slug === "coupled") flowCfg = { leader_shift_id: ids[sp.flow.leaderIndex]! };
      else flowCfg = {
        signup_until: sp.flow.signupUntil === null ? null : fmtAware(sp.flow.signupUntil),
        user_can_decline_confirmed: sp.flow.decline,
        user_can_customize_signup_times: sp.flow.customize,
      };

      let structCfg: { [k: string]: Json };
      const slots: Slot[] = [];
      const st = sp.structure;
      if (st.slug === "uniform") {
        structCfg = {
          minimum_number_of_participants: st.min,
          maximum_number_of_participants: st.max,
          required_qualification_ids: [...st.quals],
          minimum_age: st.minAge,
        };
        // unbounded shifts (Dienstabende) get room for about ten people; the first places are
        // filled with the higher probability of required places
        const n = Math.min(st.max ?? (st.min ?? 0) + 10, 12);
        const likely = Math.max(st.min ?? 0, Math.min(n, 6));
        for (let k = 0; k < n; k++) slots.push({ quals: st.quals, required: k < likely, data: () => ({}) });
      } else if (st.slug === "qualification_mix") {
        structCfg = {
          qualification_requirements: st.reqs.map((r) => ({ qualification: r.q, min_count: r.min, max_count: r.max })),
          minimum_age: st.minAge,
        };
        for (const r of st.reqs) {
          const n = r.max ?? r.min + 2;
          for (let k = 0; k < n; k++) slots.push({ quals: r.q === null ? [] : [r.q], required: k < r.min, data: () => ({}) });
        }
      } else if (st.slug === "named_teams") {
        const teams = st.teams.map((t) => ({ ...t, uuid: urng.uuid4() }));
        structCfg = {
          teams: teams.map((t) => ({ title: t.title, uuid: t.uuid, qualification: t.q, min_count: t.min, max_count: t.max })),
          choose_preferred_team: st.choosePreferred,
          minimum_age: st.minAge,
        };
        const choose = st.choosePreferred;
        for (const t of teams) {
          const n = Math.min(t.max ?? t.min + 2, 6);
          for (let k = 0; k < n; k++) {
            slots.push({
              quals: t.q === null ? [] : [t.q],
              required: k < t.min,
              data: (state) => {
                const d: { [k: string]: Json } = {};
                if (choose) d.preferred_team_uuid = t.uuid;
                if (state === 1 || state === 4) d.dispatched_team_uuid = t.uuid;
                return d;
              },
            });
          }
        }
      } else {
        const starting = st.blocks.map((b) => ({ building_block: b.block, label: b.label, optional: b.optional, uuid: urng.uuid4() }));
        structCfg = { starting_blocks: starting, choose_preferred_unit: st.choosePreferred, minimum_age: st.minAge };
        const choose = st.choosePreferred;
        const blockById = new Map(BUILDING_BLOCKS.map((b) => [b.id, b]));
        const walk = (blockId: number, path: string, inherited: number[], optional: boolean) => {
          const block = blockById.get(blockId)!;
          const req = [...inherited, ...block.qualification_requirements.filter((r) => r.everyone).flatMap((r) => r.qualifications)];
          if (block.block_type === "composite") {
            for (const c of block.sub_compositions) walk(c.sub_block, `${path}${c.id}.`, req, optional || c.optional);
            return;
          }
          const data = (state: number) => {
            const d: { [k: string]: Json } = {};
            if (choose) d.preferred_unit_path = path;
            if (state === 1 || state === 4) d.dispatched_unit_path = path;
            return d;
          };
          for (const pos of block.positions) slots.push({ quals: [...req, ...pos.qualifications], required: !(optional || pos.optional), data });
          if (block.allow_more) slots.push({ quals: req, required: false, data });
        };
        for (const s of starting) walk(s.building_block, `root.${s.uuid}.`, [], s.optional);
      }

      const fx: FxShift = {
        id: ids[i]!,
        event: event.id,
        label: sp.label,
        meeting_time: fmtNaive(sp.start - sp.meetingBefore * MIN),
        start_time: fmtNaive(sp.start),
        end_time: fmtNaive(sp.end),
        signup_flow_slug: sp.flow.slug,
        signup_flow_configuration: flowCfg,
        structure_slug: st.slug,
        structure_configuration: structCfg,
      };
      shifts.push(fx);
      plannedShifts.push({ plan, event, shift: fx, sp, slots });
    });

    // permissions
    if (plan.active) {
      if (plan.restricted) {
        addPerm({ event: event.id, group: GROUP.VERWALTUNG, permission: "view_event" });
        for (const u of [U.PLANNER, U.PLANNER2, U.ZF]) addPerm({ event: event.id, user: u, permission: "view_event" });
      } else {
        addPerm({ event: event.id, group: GROUP.VERWALTUNG, permission: "view_event" });
        addPerm({ event: event.id, group: GROUP.HELFENDE, permission: "view_event" });
      }
    }
    for (const u of plan.planners) addPerm({ event: event.id, user: u, permission: "change_event" });
  });

  // --- event shares: the next four shareable future events -------------------------------------
  // (big events first; other coming medical services fill up when a base date leaves too few)
  const shared = new Set<number>();
  for (const bigOnly of [true, false]) {
    for (const { plan, event } of plannedShifts) {
      if (shared.size >= 4) break;
      if (!plan.active || plan.restricted || plan.type !== ET.SAN || shared.has(event.id)) continue;
      if (bigOnly && !plan.shareable) continue;
      const start = Math.min(...plan.shifts.map((s) => s.start));
      if (start < now) continue;
      shared.add(event.id);
    }
  }
  for (const { event } of plannedShifts) {
    if (shared.has(event.id) && !eventShares.some((s) => s.event === event.id)) eventShares.push({ event: event.id, guest: 1 });
  }

  // --- participations -------------------------------------------------------------------------
  const RESPONSIBLE_NOTES_0 = [
    "Zuverlässig, gerne wieder einplanen.",
    "Einweisung in das Digitalfunkgerät steht noch aus.",
    "Hat beim letzten Dienst kurzfristig abgesagt – bitte im Blick behalten.",
    "Als Praxisanleitung für neue Sanitäter vorgesehen.",
  ];
  const RESPONSIBLE_NOTES_1 = [
    "Bitte 15 Minuten früher zur Fahrzeugübergabe da sein.",
    "Du übernimmst die Materialverantwortung für diesen Dienst.",
    "Bitte den Sanitätsrucksack Nr. 3 aus dem Lager mitbringen.",
    "Leider schon voll besetzt – beim nächsten Mal gerne wieder!",
  ];
  const RESPONSIBLE_NOTES_2 = [
    "Treffpunkt ist der Hintereingang, Parkplätze sind reserviert.",
    "Verpflegung wird gestellt.",
    "Funkrufname für diesen Dienst: Rotkreuz Lindenhain 1/74.",
  ];
  const PARTICIPANT_NOTES = [
    "Kann erst ab 10 Uhr, komme direkt von der Nachtschicht.",
    "Bringe meinen eigenen Rucksack mit.",
    "Bin vegetarisch – bitte bei der Verpflegung berücksichtigen.",
    "Würde gerne mit Anna im Trupp sein.",
    "Muss spätestens eine Stunde vor Ende los, Zug fährt um 22:10.",
    "Kann jemanden aus Unterlinden mitnehmen.",
  ];
  const PLACEHOLDER_NOTES = [
    "Kommt über die Kooperation mit dem Jugendrotkreuz.",
    "Externe Unterstützung vom Kreisverband, Abrechnung über die Geschäftsstelle.",
    "Praktikum im Rahmen der Ausbildung zur Notfallsanitäterin.",
  ];

  const makeComment = (text: string, visibleFor: 0 | 1 | 2, author: number | null, shiftStart: number): FxComment => {
    // some time in the days before the shift (and before "now"), between 07:00 and 22:00
    const latest = Math.min(shiftStart - DAY, now - HOUR);
    let at = atTime(startOfDay(latest) - prng.int(0, 12) * DAY, 7, prng.int(0, 900));
    while (at > latest) at -= DAY;
    return { text, visible_for: visibleFor, authored_by_responsible: author, created_at: fmtNaive(at) };
  };

  const byShiftId = new Map<number, FxParticipation[]>();
  const pushParticipation = (p: Omit<FxParticipation, "id">): FxParticipation => {
    const full: FxParticipation = { id: ++participationId, ...p };
    participations.push(full);
    const list = byShiftId.get(full.shift) ?? [];
    list.push(full);
    byShiftId.set(full.shift, list);
    return full;
  };

  const activeUserIds = PEOPLE.filter((p) => (p.isActive ?? true) && (p.isVisible ?? true)).map((p) => p.id);

  for (const { plan, event, shift: fx, sp, slots } of plannedShifts) {
    if (sp.flow.slug === "coupled") continue; // mirrored from the leader below
    if (!plan.active) continue; // drafts have no participations
    const past = sp.end < now;
    const daysAhead = (sp.start - now) / DAY;
    const fill = past ? 0.9 : daysAhead < 14 ? 0.75 : daysAhead < 60 ? 0.5 : 0.2;
    const flow = sp.flow.slug;
    const responsible = plan.planners[0]!;
    const minAge = sp.structure.minAge;

    let pool: number[];
    if (plan.restricted) pool = [U.MANAGER, U.PLANNER, U.PLANNER2, U.ZF];
    else if (past) pool = PEOPLE.filter((p) => p.id !== U.MANAGER || plan.type !== ET.SAN).map((p) => p.id);
    else pool = activeUserIds.filter((id) => id !== U.MANAGER || plan.type === ET.DIENSTABEND);
    pool = prng.shuffle(pool).filter((id) => {
      if (minAge === null) return true;
      const age = ageAt(id, sp.start);
      return age === null || age >= minAge;
    });
    const used = new Set<number>();

    const pickState = (): 0 | 1 | 2 | 3 | 4 => {
      if (past) {
        if (flow === "manual") return 1;
        if (flow === "instant_confirmation") return prng.weighted([[1, 9], [2, 1]] as const);
        return prng.weighted([[1, 80], [2, 8], [3, 7], [0, 5]] as const);
      }
      if (flow === "manual") return prng.weighted([[1, 65], [4, 35]] as const);
      if (flow === "instant_confirmation") return prng.weighted([[1, 85], [2, 15]] as const);
      return prng.weighted([[0, 35], [1, 40], [2, 8], [3, 7], [4, 10]] as const);
    };
    const individualTimes = (state: number): [string | null, string | null] => {
      const customizable = (sp.flow.slug === "instant_confirmation" || sp.flow.slug === "request_confirm") && sp.flow.customize;
      if (!customizable || (state !== 0 && state !== 1) || sp.end - sp.start < 4 * HOUR || !prng.chance(0.15)) return [null, null];
      if (prng.chance(0.5)) return [fmtNaive(sp.start + prng.pick([60, 90, 120]) * MIN), null];
      return [null, fmtNaive(sp.end - prng.pick([60, 90]) * MIN)];
    };
    const comments = (kind: "local" | "placeholder", state: number): FxComment[] => {
      const out: FxComment[] = [];
      if (kind === "placeholder") {
        if (prng.chance(0.5)) out.push(makeComment(prng.pick(PLACEHOLDER_NOTES), 0, responsible, sp.start));
        return out;
      }
      if (prng.chance(0.12)) out.push(makeComment(prng.pick(PARTICIPANT_NOTES), prng.pick([1, 2] as const), null, sp.start));
      if (prng.chance(0.1)) {
        const vis = prng.weighted([[0, 4], [1, 4], [2, 2]] as const);
        const text = state === 3 && vis !== 0
          ? RESPONSIBLE_NOTES_1[3]!
          : prng.pick(vis === 0 ? RESPONSIBLE_NOTES_0 : vis === 1 ? RESPONSIBLE_NOTES_1.slice(0, 3) : RESPONSIBLE_NOTES_2);
        out.push(makeComment(text, vis, responsible, sp.start));
      }
      out.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
      return out;
    };
    const finishedFor = (state: number) => past && state === 1 && sp.end < now - 2 * DAY && prng.chance(0.9);

    // fill slots with qualified local users
    for (const slot of slots) {
      if (!prng.chance(slot.required ? fill : fill * 0.6)) continue;
      const candidate = pool.find((id) => {
        if (used.has(id)) return false;
        const q = qualsAt(id, sp.start);
        return slot.quals.every((x) => q.has(x));
      });
      if (candidate === undefined) {
        // nobody qualified left: sometimes a responsible books an external helper
        if (plan.type === ET.SAN && prng.chance(0.35)) {
          const state = past ? 1 : prng.pick([1, 4] as const);
          const name = PLACEHOLDER_NAMES.find((n) => !(byShiftId.get(fx.id) ?? []).some((p) => p.display_name === n)) ?? null;
          if (name) {
            pushParticipation({
              shift: fx.id, kind: "placeholder", user: null, display_name: name, federated_user: null, state,
              structure_data: slot.data(state), individual_start_time: null, individual_end_time: null,
              finished: finishedFor(state), comments: comments("placeholder", state),
            });
          }
        }
        continue;
      }
      used.add(candidate);
      const state = pickState();
      const [ist, iet] = individualTimes(state);
      pushParticipation({
        shift: fx.id, kind: "local", user: candidate, display_name: null, federated_user: null, state,
        structure_data: slot.data(state), individual_start_time: ist, individual_end_time: iet,
        finished: finishedFor(state), comments: comments("local", state),
      });
    }

    // occasional external helper on medical services
    if (plan.type === ET.SAN && prng.chance(0.15)) {
      const taken = new Set((byShiftId.get(fx.id) ?? []).map((p) => p.display_name));
      const name = PLACEHOLDER_NAMES.find((n) => !taken.has(n) && prng.chance(0.5));
      if (name) {
        const state = past ? 1 : prng.weighted([[1, 2], [4, 1]] as const);
        pushParticipation({
          shift: fx.id, kind: "placeholder", user: null, display_name: name, federated_user: null, state,
          structure_data: {}, individual_start_time: null, individual_end_time: null,
          finished: finishedFor(state), comments: comments("placeholder", state),
        });
      }
    }

    // federated guests sign up for shared events
    if (shared.has(event.id) && flow === "request_confirm") {
      for (const fu of federatedUsers) {
        if (!prng.chance(0.7)) continue;
        const fq = fedQuals.get(fu.id)!;
        const slot = slots.find((s) => s.quals.every((x) => fq.has(x)));
        if (!slot) continue;
        const state = prng.weighted([[0, 1], [1, 1]] as const);
        pushParticipation({
          shift: fx.id, kind: "federated", user: null, display_name: null, federated_user: fu.id, state,
          structure_data: slot.data(state), individual_start_time: null, individual_end_time: null,
          finished: false,
          comments: prng.chance(0.5) ? [makeComment("Anreise mit eigenem Fahrzeug aus Nachbarstadt.", 2, null, sp.start)] : [],
        });
      }
    }

    // some extra people who declined or were turned down
    if (!plan.restricted && (flow === "instant_confirmation" || flow === "request_confirm") && prng.chance(0.3)) {
      const candidate = pool.find((id) => !used.has(id));
      if (candidate !== undefined) {
        used.add(candidate);
        const state = flow === "request_confirm" && prng.chance(0.4) ? 3 : 2;
        pushParticipation({
          shift: fx.id, kind: "local", user: candidate, display_name: null, federated_user: null, state,
          structure_data: {}, individual_start_time: null, individual_end_time: null, finished: false,
          comments: state === 2 && prng.chance(0.4) ? [makeComment("Bin an dem Tag leider beruflich verhindert.", 1, null, sp.start)] : [],
        });
      }
    }
  }

  // coupled shifts mirror the leader's participations (except those getting dispatched)
  for (const { plan, shift: fx, sp } of plannedShifts) {
    if (sp.flow.slug !== "coupled" || !plan.active) continue;
    const leaderId = fx.signup_flow_configuration.leader_shift_id as number;
    const past = sp.end < now;
    for (const lp of byShiftId.get(leaderId) ?? []) {
      if (lp.state === 4) continue;
      pushParticipation({
        shift: fx.id, kind: lp.kind, user: lp.user, display_name: lp.display_name, federated_user: lp.federated_user,
        state: lp.state, structure_data: {}, individual_start_time: null, individual_end_time: null,
        finished: past && lp.state === 1 && lp.finished, comments: [],
      });
    }
  }
  participations.sort((a, b) => a.shift - b.shift || a.id - b.id);
  // renumber so that ids follow shift order
  participations.forEach((p, i) => (p.id = i + 1));

  // ephios grants participants view_event once they are not getting dispatched
  const shiftEvent = new Map(shifts.map((s) => [s.id, s.event]));
  for (const p of participations) {
    if (p.kind === "local" && p.state !== 4) addPerm({ event: shiftEvent.get(p.shift)!, user: p.user!, permission: "view_event" });
  }
  eventPermissions.sort((a, b) => {
    const ka = "group" in a ? 0 : 1;
    const kb = "group" in b ? 0 : 1;
    const ia = "group" in a ? a.group : a.user;
    const ib = "group" in b ? b.group : b.user;
    return a.event - b.event || ka - kb || ia - ib || (a.permission < b.permission ? -1 : a.permission > b.permission ? 1 : 0);
  });

  // --- tokens, applications, federation -------------------------------------------------------
  const apiTokens: FxApiToken[] = [
    { id: 1, user: U.ADMIN, token: `demo-admin-${secretAlnum("token-admin", 39)}`, scope: [...SCOPES], description: "Demo token", expires: null, revoked: false },
    { id: 2, user: U.MANAGER, token: `demo-manager-${secretAlnum("token-manager", 37)}`, scope: ["PUBLIC_READ", "ME_READ", "CONFIDENTIAL_READ"], description: "Demo token", expires: null, revoked: false },
    { id: 3, user: U.PLANNER, token: `demo-planner-${secretAlnum("token-planner", 37)}`, scope: ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_WRITE"], description: "Demo token", expires: null, revoked: false },
    { id: 4, user: U.VOLUNTEER, token: `demo-volunteer-${secretAlnum("token-volunteer", 35)}`, scope: ["PUBLIC_READ", "ME_READ", "ME_WRITE"], description: "Demo token", expires: null, revoked: false },
  ];
  const oauthApplications: FxOAuthApplication[] = [
    {
      id: 1, name: "Kalender-Sync", owner: U.ADMIN,
      client_id: secretAlnum("app-1-client-id", 40), client_secret: secretAlnum("app-1-client-secret", 60),
      client_type: "confidential", authorization_grant_type: "authorization-code",
      redirect_uris: ["https://calendar.example.org/oauth/callback"], skip_authorization: false,
    },
    {
      id: 2, name: "Landesverband Beispiel", owner: U.ADMIN,
      client_id: secretAlnum("app-2-client-id", 40), client_secret: secretAlnum("app-2-client-secret", 60),
      client_type: "confidential", authorization_grant_type: "authorization-code",
      redirect_uris: ["https://ephios.landesverband.example/api/federation/oauth-callback/"], skip_authorization: false,
    },
  ];
  const federatedHosts: FxFederatedHost[] = [{
    id: 1, name: "Landesverband Beispiel", url: "https://ephios.landesverband.example",
    access_token: secretHex("host-1-access-token", 64), oauth_application: 2,
  }];
  const inviteCodes: FxInviteCode[] = [{
    id: 1, code: secretHex("invite-1-code", 64), url: "https://ephios.drittstadt.example", created_at: fmtNaive(now - HOUR),
  }];

  return {
    format: "ephios-fixture/1",
    users,
    groups,
    qualification_categories: CATEGORIES,
    qualifications: QUALIFICATIONS,
    qualification_grants: grants,
    event_types: EVENT_TYPES,
    events,
    event_permissions: eventPermissions,
    shifts,
    federated_users: federatedUsers,
    participations,
    building_blocks: BUILDING_BLOCKS,
    api_tokens: apiTokens,
    oauth_applications: oauthApplications,
    federated_guests: federatedGuests,
    federated_hosts: federatedHosts,
    invite_codes: inviteCodes,
    event_shares: eventShares,
  };
}

// ---------------------------------------------------------------------------------------------
// Self-check
// ---------------------------------------------------------------------------------------------

const KEYS: Record<string, string[]> = {
  users: ["id", "email", "display_name", "password", "date_of_birth", "phone", "is_active", "is_visible", "is_staff", "is_superuser", "permissions"],
  groups: ["id", "name", "members", "permissions"],
  qualification_categories: ["id", "uuid", "title", "show_with_user"],
  qualifications: ["id", "uuid", "title", "abbreviation", "category", "includes"],
  qualification_grants: ["user", "qualification", "expires"],
  event_types: ["id", "title", "color", "show_participant_data"],
  events: ["id", "title", "description", "location", "type", "active"],
  shifts: ["id", "event", "label", "meeting_time", "start_time", "end_time", "signup_flow_slug", "signup_flow_configuration", "structure_slug", "structure_configuration"],
  federated_users: ["id", "guest", "email", "display_name", "date_of_birth", "qualifications"],
  participations: ["id", "shift", "kind", "user", "display_name", "federated_user", "state", "structure_data", "individual_start_time", "individual_end_time", "finished", "comments"],
  building_blocks: ["id", "uuid", "name", "block_type", "allow_more", "positions", "qualification_requirements", "sub_compositions"],
  api_tokens: ["id", "user", "token", "scope", "description", "expires", "revoked"],
  oauth_applications: ["id", "name", "owner", "client_id", "client_secret", "client_type", "authorization_grant_type", "redirect_uris", "skip_authorization"],
  federated_guests: ["id", "name", "url", "access_token", "client_id", "client_secret"],
  federated_hosts: ["id", "name", "url", "access_token", "oauth_application"],
  invite_codes: ["id", "code", "url", "created_at"],
  event_shares: ["event", "guest"],
};
const TOP_LEVEL = ["format", ...Object.keys(KEYS), "event_permissions"];

function selfCheck(fx: Fixture): void {
  const errors: string[] = [];
  const fail = (path: string, msg: string) => errors.push(`${path}: ${msg}`);
  const naive = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
  const aware = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
  const dateRe = /^\d{4}-\d{2}-\d{2}$/;
  const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const isPosInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;

  // keys
  for (const k of Object.keys(fx)) if (!TOP_LEVEL.includes(k)) fail(k, "unknown top-level key");
  if (fx.format !== "ephios-fixture/1") fail("format", "must be ephios-fixture/1");
  for (const [key, allowed] of Object.entries(KEYS)) {
    const list = (fx as unknown as Record<string, Record<string, unknown>[]>)[key]!;
    list.forEach((item, i) => {
      for (const k of Object.keys(item)) if (!allowed.includes(k)) fail(`${key}[${i}].${k}`, "unknown key");
      for (const k of allowed) if (!(k in item)) fail(`${key}[${i}].${k}`, "missing key");
    });
  }

  // unique ids
  const ids = (path: string, list: { id: number }[]): Set<number> => {
    const seen = new Set<number>();
    list.forEach((x, i) => {
      if (!isPosInt(x.id)) fail(`${path}[${i}].id`, "must be a positive integer");
      if (seen.has(x.id)) fail(`${path}[${i}].id`, `duplicate id ${x.id}`);
      seen.add(x.id);
    });
    return seen;
  };
  const userIds = ids("users", fx.users);
  const groupIds = ids("groups", fx.groups);
  const catIds = ids("qualification_categories", fx.qualification_categories);
  const qualIds = ids("qualifications", fx.qualifications);
  const typeIds = ids("event_types", fx.event_types);
  const eventIds = ids("events", fx.events);
  const shiftIds = ids("shifts", fx.shifts);
  const fedUserIds = ids("federated_users", fx.federated_users);
  ids("participations", fx.participations);
  const blockIds = ids("building_blocks", fx.building_blocks);
  ids("building_blocks[*].positions", fx.building_blocks.flatMap((b) => b.positions));
  ids("building_blocks[*].qualification_requirements", fx.building_blocks.flatMap((b) => b.qualification_requirements));
  const compIds = ids("building_blocks[*].sub_compositions", fx.building_blocks.flatMap((b) => b.sub_compositions));
  ids("api_tokens", fx.api_tokens);
  const appIds = ids("oauth_applications", fx.oauth_applications);
  const guestIds = ids("federated_guests", fx.federated_guests);
  ids("federated_hosts", fx.federated_hosts);
  ids("invite_codes", fx.invite_codes);

  const ref = (path: string, set: Set<number>, value: unknown, what: string) => {
    if (!set.has(value as number)) fail(path, `no ${what} with id ${JSON.stringify(value)}`);
  };
  const unique = (path: string, values: string[], what: string) => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (seen.has(v)) fail(`${path}[${i}]`, `duplicate ${what} ${v}`);
      seen.add(v);
    });
  };
  const perm = (path: string, p: string) => {
    if (!(PERMISSIONS as readonly string[]).includes(p)) fail(path, `unknown permission ${p}`);
  };

  // users and groups
  unique("users.email", fx.users.map((u) => u.email.toLowerCase()), "email (case-insensitive)");
  fx.users.forEach((u, i) => {
    if (u.date_of_birth !== null && !dateRe.test(u.date_of_birth)) fail(`users[${i}].date_of_birth`, "not a date");
    u.permissions.forEach((p, j) => perm(`users[${i}].permissions[${j}]`, p));
  });
  unique("groups.name", fx.groups.map((g) => g.name), "group name");
  fx.groups.forEach((g, i) => {
    g.members.forEach((m, j) => ref(`groups[${i}].members[${j}]`, userIds, m, "user"));
    g.permissions.forEach((p, j) => perm(`groups[${i}].permissions[${j}]`, p));
  });

  // qualifications
  unique("uuids", [...fx.qualification_categories.map((c) => c.uuid), ...fx.qualifications.map((q) => q.uuid), ...fx.building_blocks.map((b) => b.uuid)], "uuid");
  for (const [path, list] of [["qualification_categories", fx.qualification_categories], ["qualifications", fx.qualifications], ["building_blocks", fx.building_blocks]] as const) {
    list.forEach((x, i) => { if (!uuidRe.test(x.uuid)) fail(`${path}[${i}].uuid`, "not a v4 uuid"); });
  }
  fx.qualifications.forEach((q, i) => {
    ref(`qualifications[${i}].category`, catIds, q.category, "qualification category");
    q.includes.forEach((x, j) => ref(`qualifications[${i}].includes[${j}]`, qualIds, x, "qualification"));
  });
  unique("qualification_grants", fx.qualification_grants.map((g) => `${g.user}:${g.qualification}`), "grant");
  fx.qualification_grants.forEach((g, i) => {
    ref(`qualification_grants[${i}].user`, userIds, g.user, "user");
    ref(`qualification_grants[${i}].qualification`, qualIds, g.qualification, "qualification");
    if (g.expires !== null && !naive.test(g.expires)) fail(`qualification_grants[${i}].expires`, "not a naive datetime");
  });

  // events
  fx.event_types.forEach((t, i) => {
    if (!/^#[0-9a-f]{6}$/.test(t.color)) fail(`event_types[${i}].color`, "not #rrggbb");
    if (![0, 1, 2, 3].includes(t.show_participant_data)) fail(`event_types[${i}].show_participant_data`, "must be 0..3");
  });
  fx.events.forEach((e, i) => ref(`events[${i}].type`, typeIds, e.type, "event type"));
  unique("event_permissions", fx.event_permissions.map((p) => ("group" in p ? `${p.event}:g${p.group}:${p.permission}` : `${p.event}:u${p.user}:${p.permission}`)), "event permission");
  fx.event_permissions.forEach((p, i) => {
    const keys = Object.keys(p).sort().join(",");
    if (keys !== "event,group,permission" && keys !== "event,permission,user") fail(`event_permissions[${i}]`, "needs event, permission and exactly one of group / user");
    ref(`event_permissions[${i}].event`, eventIds, p.event, "event");
    if ("group" in p) ref(`event_permissions[${i}].group`, groupIds, p.group, "group");
    else ref(`event_permissions[${i}].user`, userIds, p.user, "user");
    perm(`event_permissions[${i}].permission`, p.permission);
  });

  // shifts
  const shiftById = new Map(fx.shifts.map((s) => [s.id, s]));
  const teamUuids = new Map<number, Set<string>>();
  const unitPaths = new Map<number, Set<string>>();
  const blockById = new Map(fx.building_blocks.map((b) => [b.id, b]));
  fx.shifts.forEach((s, i) => {
    const path = `shifts[${i}]`;
    ref(`${path}.event`, eventIds, s.event, "event");
    for (const k of ["meeting_time", "start_time", "end_time"] as const) if (!naive.test(s[k])) fail(`${path}.${k}`, "not a naive datetime");
    if (!(s.meeting_time <= s.start_time && s.start_time < s.end_time)) fail(path, "needs meeting_time <= start_time < end_time");
    const mins = (Date.parse(`${s.start_time}Z`) - Date.parse(`${s.meeting_time}Z`)) / MIN;
    if (mins < 30 || mins > 60) fail(`${path}.meeting_time`, "should be 30 to 60 minutes before start_time");

    const fc = s.signup_flow_configuration;
    switch (s.signup_flow_slug) {
      case "instant_confirmation":
      case "request_confirm":
        if (Object.keys(fc).sort().join(",") !== "signup_until,user_can_customize_signup_times,user_can_decline_confirmed") fail(`${path}.signup_flow_configuration`, "unexpected keys");
        if (fc.signup_until !== null && !(typeof fc.signup_until === "string" && aware.test(fc.signup_until))) fail(`${path}.signup_flow_configuration.signup_until`, "must be null or a datetime string");
        if (typeof fc.user_can_decline_confirmed !== "boolean" || typeof fc.user_can_customize_signup_times !== "boolean") fail(`${path}.signup_flow_configuration`, "flags must be booleans");
        break;
      case "manual":
        if (Object.keys(fc).join(",") !== "no_selfservice_explanation" || typeof fc.no_selfservice_explanation !== "string") fail(`${path}.signup_flow_configuration`, "manual needs no_selfservice_explanation");
        break;
      case "coupled": {
        const leader = shiftById.get(fc.leader_shift_id as number);
        if (Object.keys(fc).join(",") !== "leader_shift_id" || !leader) fail(`${path}.signup_flow_configuration.leader_shift_id`, `no shift with id ${JSON.stringify(fc.leader_shift_id)}`);
        else if (leader.id === s.id || leader.event !== s.event || leader.signup_flow_slug === "coupled") fail(`${path}.signup_flow_configuration.leader_shift_id`, "leader must be another non-coupled shift of the same event");
        break;
      }
      default:
        fail(`${path}.signup_flow_slug`, `unknown flow ${s.signup_flow_slug}`);
    }

    const sc = s.structure_configuration as Record<string, any>;
    const qref = (p: string, v: unknown) => { if (v !== null) ref(p, qualIds, v, "qualification"); };
    switch (s.structure_slug) {
      case "uniform":
        if (Object.keys(sc).sort().join(",") !== "maximum_number_of_participants,minimum_age,minimum_number_of_participants,required_qualification_ids") fail(`${path}.structure_configuration`, "unexpected keys");
        (sc.required_qualification_ids as number[]).forEach((q, j) => qref(`${path}.structure_configuration.required_qualification_ids[${j}]`, q));
        break;
      case "qualification_mix":
        if (!Array.isArray(sc.qualification_requirements) || sc.qualification_requirements.length === 0) fail(`${path}.structure_configuration.qualification_requirements`, "needs at least one entry");
        (sc.qualification_requirements as any[]).forEach((r, j) => {
          qref(`${path}.structure_configuration.qualification_requirements[${j}].qualification`, r.qualification);
          if (r.max_count !== null && r.max_count < r.min_count) fail(`${path}.structure_configuration.qualification_requirements[${j}]`, "max_count < min_count");
        });
        break;
      case "named_teams":
        if (!Array.isArray(sc.teams) || sc.teams.length === 0 || typeof sc.choose_preferred_team !== "boolean") fail(`${path}.structure_configuration`, "needs teams and choose_preferred_team");
        (sc.teams as any[]).forEach((t, j) => {
          qref(`${path}.structure_configuration.teams[${j}].qualification`, t.qualification);
          if (!uuidRe.test(t.uuid)) fail(`${path}.structure_configuration.teams[${j}].uuid`, "not a v4 uuid");
        });
        teamUuids.set(s.id, new Set((sc.teams as any[]).map((t) => t.uuid)));
        break;
      case "complex": {
        if (!Array.isArray(sc.starting_blocks) || sc.starting_blocks.length === 0 || typeof sc.choose_preferred_unit !== "boolean") fail(`${path}.structure_configuration`, "needs starting_blocks and choose_preferred_unit");
        const paths = new Set<string>();
        const walk = (blockId: number, p: string) => {
          const b = blockById.get(blockId);
          if (!b) return;
          if (b.block_type === "atomic") paths.add(p);
          else for (const c of b.sub_compositions) walk(c.sub_block, `${p}${c.id}.`);
        };
        (sc.starting_blocks as any[]).forEach((b, j) => {
          ref(`${path}.structure_configuration.starting_blocks[${j}].building_block`, blockIds, b.building_block, "building block");
          if (!uuidRe.test(b.uuid)) fail(`${path}.structure_configuration.starting_blocks[${j}].uuid`, "not a v4 uuid");
          walk(b.building_block, `root.${b.uuid}.`);
        });
        unitPaths.set(s.id, paths);
        break;
      }
      default:
        fail(`${path}.structure_slug`, `unknown structure ${s.structure_slug}`);
    }
  });
  unique("shift uuids", fx.shifts.flatMap((s) => {
    const sc = s.structure_configuration as Record<string, any>;
    return [...(sc.teams ?? []), ...(sc.starting_blocks ?? [])].map((x: any) => x.uuid as string);
  }), "team / starting block uuid");

  // federated users
  fx.federated_users.forEach((f, i) => {
    ref(`federated_users[${i}].guest`, guestIds, f.guest, "federated guest");
    f.qualifications.forEach((q, j) => ref(`federated_users[${i}].qualifications[${j}]`, qualIds, q, "qualification"));
  });

  // participations
  const perShiftUser = new Set<string>();
  fx.participations.forEach((p, i) => {
    const path = `participations[${i}]`;
    ref(`${path}.shift`, shiftIds, p.shift, "shift");
    if (![0, 1, 2, 3, 4].includes(p.state)) fail(`${path}.state`, "must be 0..4");
    if (p.kind === "local") {
      ref(`${path}.user`, userIds, p.user, "user");
      if (p.display_name !== null || p.federated_user !== null) fail(path, "local participation must have display_name and federated_user null");
      const key = `${p.shift}:u${p.user}`;
      if (perShiftUser.has(key)) fail(path, `second participation of user ${p.user} in shift ${p.shift}`);
      perShiftUser.add(key);
    } else if (p.kind === "placeholder") {
      if (typeof p.display_name !== "string" || !p.display_name || p.user !== null || p.federated_user !== null) fail(path, "placeholder needs display_name, user and federated_user null");
    } else if (p.kind === "federated") {
      ref(`${path}.federated_user`, fedUserIds, p.federated_user, "federated user");
      if (p.user !== null) fail(path, "federated participation must have user null");
      const key = `${p.shift}:f${p.federated_user}`;
      if (perShiftUser.has(key)) fail(path, `second participation of federated user ${p.federated_user} in shift ${p.shift}`);
      perShiftUser.add(key);
    } else fail(`${path}.kind`, `unknown kind ${String(p.kind)}`);
    const s = shiftById.get(p.shift);
    if (s) {
      for (const k of ["individual_start_time", "individual_end_time"] as const) {
        const v = p[k];
        if (v === null) continue;
        if (!naive.test(v)) fail(`${path}.${k}`, "not a naive datetime");
        else if (v < s.start_time || v > s.end_time) fail(`${path}.${k}`, "outside the shift");
      }
      const sd = p.structure_data as Record<string, unknown>;
      for (const k of Object.keys(sd)) {
        if (k === "preferred_team_uuid" || k === "dispatched_team_uuid") {
          if (!teamUuids.get(s.id)?.has(sd[k] as string)) fail(`${path}.structure_data.${k}`, "not a team of the shift");
        } else if (k === "preferred_unit_path" || k === "dispatched_unit_path") {
          if (!unitPaths.get(s.id)?.has(sd[k] as string)) fail(`${path}.structure_data.${k}`, "not a unit path of the shift");
        } else fail(`${path}.structure_data.${k}`, "unexpected key");
      }
    }
    p.comments.forEach((c, j) => {
      if (![0, 1, 2].includes(c.visible_for)) fail(`${path}.comments[${j}].visible_for`, "must be 0..2");
      if (c.authored_by_responsible !== null) ref(`${path}.comments[${j}].authored_by_responsible`, userIds, c.authored_by_responsible, "user");
      if (!naive.test(c.created_at)) fail(`${path}.comments[${j}].created_at`, "not a naive datetime");
      if (c.text.length === 0 || c.text.length > 255) fail(`${path}.comments[${j}].text`, "must be 1..255 characters");
      if (Object.keys(c).sort().join(",") !== "authored_by_responsible,created_at,text,visible_for") fail(`${path}.comments[${j}]`, "unexpected keys");
    });
  });

  // building blocks
  fx.building_blocks.forEach((b, i) => {
    b.positions.forEach((p, j) => p.qualifications.forEach((q, k) => ref(`building_blocks[${i}].positions[${j}].qualifications[${k}]`, qualIds, q, "qualification")));
    b.qualification_requirements.forEach((r, j) => r.qualifications.forEach((q, k) => ref(`building_blocks[${i}].qualification_requirements[${j}].qualifications[${k}]`, qualIds, q, "qualification")));
    b.sub_compositions.forEach((c, j) => {
      ref(`building_blocks[${i}].sub_compositions[${j}].sub_block`, blockIds, c.sub_block, "building block");
      if (c.sub_block === b.id) fail(`building_blocks[${i}].sub_compositions[${j}]`, "block contains itself");
    });
    if (b.block_type === "atomic" && b.sub_compositions.length) fail(`building_blocks[${i}]`, "atomic block with sub compositions");
    if (b.block_type === "composite" && b.positions.length) fail(`building_blocks[${i}]`, "composite block with positions");
  });
  void compIds;

  // tokens, apps, federation
  unique("api_tokens.token", fx.api_tokens.map((t) => t.token), "token");
  fx.api_tokens.forEach((t, i) => {
    ref(`api_tokens[${i}].user`, userIds, t.user, "user");
    t.scope.forEach((s, j) => { if (!(SCOPES as readonly string[]).includes(s)) fail(`api_tokens[${i}].scope[${j}]`, `unknown scope ${s}`); });
  });
  unique("oauth_applications.client_id", fx.oauth_applications.map((a) => a.client_id), "client_id");
  fx.oauth_applications.forEach((a, i) => {
    if (a.owner !== null) ref(`oauth_applications[${i}].owner`, userIds, a.owner, "user");
    a.redirect_uris.forEach((u, j) => { if (!/^https?:\/\//.test(u)) fail(`oauth_applications[${i}].redirect_uris[${j}]`, "must be http(s)"); });
  });
  fx.federated_guests.forEach((g, i) => { if (!/^[0-9a-f]{64}$/.test(g.access_token)) fail(`federated_guests[${i}].access_token`, "must be 64 lowercase hex"); });
  unique("federated_hosts.oauth_application", fx.federated_hosts.map((h) => String(h.oauth_application)), "oauth_application");
  fx.federated_hosts.forEach((h, i) => {
    ref(`federated_hosts[${i}].oauth_application`, appIds, h.oauth_application, "oauth application");
    const app = fx.oauth_applications.find((a) => a.id === h.oauth_application);
    if (app && app.redirect_uris.join(" ") !== `${h.url}/api/federation/oauth-callback/`) fail(`federated_hosts[${i}]`, "its application must redirect to <host url>/api/federation/oauth-callback/");
  });
  fx.invite_codes.forEach((c, i) => { if (!naive.test(c.created_at)) fail(`invite_codes[${i}].created_at`, "not a naive datetime"); });
  unique("event_shares", fx.event_shares.map((s) => `${s.event}:${s.guest}`), "event share");
  fx.event_shares.forEach((s, i) => {
    ref(`event_shares[${i}].event`, eventIds, s.event, "event");
    ref(`event_shares[${i}].guest`, guestIds, s.guest, "federated guest");
  });

  // coverage
  const need = <T>(what: string, wanted: readonly T[], have: Iterable<T>) => {
    const set = new Set(have);
    const missing = wanted.filter((w) => !set.has(w));
    if (missing.length) fail("coverage", `${what} missing: ${missing.join(", ")}`);
  };
  need("structure_slug", STRUCTURE_SLUGS, fx.shifts.map((s) => s.structure_slug as (typeof STRUCTURE_SLUGS)[number]));
  need("signup_flow_slug", FLOW_SLUGS, fx.shifts.map((s) => s.signup_flow_slug as (typeof FLOW_SLUGS)[number]));
  need("participation state", [0, 1, 2, 3, 4], fx.participations.map((p) => p.state));
  need("participation kind", ["local", "placeholder", "federated"], fx.participations.map((p) => p.kind));
  need("comment visible_for", [0, 1, 2], fx.participations.flatMap((p) => p.comments.map((c) => c.visible_for)));
  need("show_participant_data", [0, 1, 2, 3], fx.event_types.map((t) => t.show_participant_data));
  if (fx.events.length < 60) fail("events", `needs at least 60 events, has ${fx.events.length}`);
  if (!fx.events.some((e) => !e.active)) fail("events", "needs an inactive event");
  const withShifts = new Set(fx.shifts.map((s) => s.event));
  if (!fx.events.some((e) => !withShifts.has(e.id))) fail("events", "needs an event without shifts");
  if (!fx.participations.some((p) => p.finished)) fail("participations", "needs finished participations");
  if (!fx.participations.some((p) => p.individual_start_time || p.individual_end_time)) fail("participations", "needs individual times");
  if (fx.event_shares.length < 3 || fx.event_shares.length > 5) fail("event_shares", `should share 3 to 5 events, has ${fx.event_shares.length}`);

  if (errors.length) {
    throw new Error(`demo fixture self-check failed (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n  ${errors.slice(0, 50).join("\n  ")}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function main(): void {
  const { base, out } = parseArgs(process.argv.slice(2));
  const fixture = buildFixture(base);
  selfCheck(fixture);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`, "utf8");
  const counts = Object.entries(fixture)
    .filter(([, v]) => Array.isArray(v))
    .map(([k, v]) => `${k}=${(v as unknown[]).length}`)
    .join(" ");
  console.log(`wrote ${out} (base ${base})\n${counts}`);
}

main();
