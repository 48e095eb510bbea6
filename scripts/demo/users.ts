/** Users, groups and qualification grants from the people in people.ts, and what each may do when. */
import type { Permission } from "../../src/auth/permissions";
import { CALENDAR_TOKEN_LENGTH, URL_SAFE } from "../../src/features/calendar/schemas";
import { ageOn } from "../../src/lib/datetime";
import { GROUP, PEOPLE, type GrantSpec } from "./people";
import { Q, withIncluded } from "./qualifications";
import { secretChars } from "./rng";
import { DAY, birthDate, fmtDate, fmtNaive, parts, wall } from "./time";
import type { FxGrant, FxGroup, FxUser } from "./types";

export function buildUsers(base: number): FxUser[] {
  return PEOPLE.map((p) => ({
    id: p.id,
    email: p.email,
    display_name: p.name,
    password: p.password,
    calendar_token: calendarToken(p.id),
    date_of_birth: p.age === null ? minorsBirthDate(base) : birthDate(base, p.age, p.birthday),
    phone: p.phone,
    is_active: p.isActive ?? true,
    is_visible: p.isVisible ?? true,
    is_staff: p.isStaff ?? false,
    is_superuser: p.isSuperuser ?? false,
    permissions: p.permissions ?? [],
  }));
}

/** A calendar feed token as the settings page makes them (43 of the URL-safe alphabet), from its own stream per user. */
const calendarToken = (userId: number) => secretChars(`calendar-token-${userId}`, URL_SAFE, CALENDAR_TOKEN_LENGTH);

/** The minor: 16 years and about five months old at the base date. */
function minorsBirthDate(base: number): string {
  const { y, m, d } = parts(base);
  return fmtDate(wall(y - 16, m, d) - 152 * DAY);
}

/** What the administration group may do: every permission the demo was written with. */
const ADMINISTRATION_PERMISSIONS: Permission[] = [
  "view_event", "add_event", "change_event", "delete_event",
  "view_userprofile", "add_userprofile", "change_userprofile", "delete_userprofile",
  "view_eventtype", "add_eventtype", "change_eventtype", "delete_eventtype",
  "view_qualification", "add_qualification", "change_qualification", "delete_qualification",
  "change_buildingblock",
];

export function buildGroups(): FxGroup[] {
  const groups: FxGroup[] = [
    { id: GROUP.VERWALTUNG, name: "Verwaltung", members: [], permissions: [...ADMINISTRATION_PERMISSIONS] },
    { id: GROUP.PLANER, name: "Planer", members: [], permissions: ["add_event", "view_event"] },
    { id: GROUP.HELFENDE, name: "Helfende", members: [], permissions: [] },
  ];
  for (const p of PEOPLE) for (const g of p.groups) groups.find((x) => x.id === g)!.members.push(p.id);
  return groups;
}

/** Wall time at which a grant expires, or null when it never does. */
const expiry = (base: number, g: GrantSpec): number | null => (g.expiresInDays === undefined ? null : base + g.expiresInDays * DAY);

export function buildGrants(base: number): FxGrant[] {
  return PEOPLE.flatMap((p) =>
    p.grants.map((g) => {
      const exp = expiry(base, g);
      return { user: p.id, qualification: Q[g.q], expires: exp === null ? null : fmtNaive(exp) };
    }),
  );
}

/** Answers who is qualified and how old at a given wall time, as the sign-up rules ask. */
export class Roster {
  constructor(
    private readonly base: number,
    private readonly users: FxUser[],
  ) {}

  /** A user's qualifications (with inclusions) valid at a wall time. */
  qualificationsAt(userId: number, at: number): Set<number> {
    const person = PEOPLE.find((p) => p.id === userId)!;
    const valid = person.grants.filter((g) => {
      const exp = expiry(this.base, g);
      return exp === null || exp >= at;
    });
    return withIncluded(valid.map((g) => Q[g.q]));
  }

  ageAt(userId: number, at: number): number | null {
    const dob = this.users.find((u) => u.id === userId)!.date_of_birth;
    return dob ? ageOn(dob, fmtDate(at)) : null;
  }
}
