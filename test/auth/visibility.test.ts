import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Permission } from "../../src/auth/permissions";
import type { AuthUser } from "../../src/auth/principal";
import {
  eventHasPermission,
  eventIdsWithPermission,
  eventVisibleTo,
  participationInUserinfoScope,
  participationViewableBy,
  ShowParticipantData,
} from "../../src/auth/visibility";
import { eventTypes, events, participations, shifts } from "../../src/db/schema";
import { emptyDatabase, loadWorld, testDb } from "../helpers/db";

beforeEach(emptyDatabase);

// The people of ephios's test conftest. Global permissions are what the request pipeline would have
// loaded; they are given by hand here (and mirrored in the fixture's groups for realism).
const MANAGEMENT: Permission[] = ["view_userprofile", "view_event", "change_event", "add_event", "delete_event", "add_userprofile", "change_userprofile"];

function authUser(id: number, globalPermissions: Permission[] = [], isSuperuser = false): AuthUser {
  return { id, email: `user${id}@example.org`, displayName: `User ${id}`, isStaff: isSuperuser, isSuperuser, globalPermissions: new Set(globalPermissions) };
}

const SUPERUSER = 1; // Rica: Managers, Planners
const MANAGER = 2; // Marie: Managers (global management permissions, no object permissions)
const PLANNER = 3; // Luisa: Planners, Volunteers
const VOLUNTEER = 4; // Heinrich: Volunteers
const OUTSIDER = 5; // Olaf: no group
const HR = 6; // Hanna: Volunteers, HR (global view_userprofile)

const superuser = authUser(SUPERUSER, [], true);
const manager = authUser(MANAGER, MANAGEMENT);
const planner = authUser(PLANNER, ["add_event", "delete_event"]);
const volunteer = authUser(VOLUNTEER);
const outsider = authUser(OUTSIDER);
const hr = authUser(HR, ["view_userprofile"]);

const user = (id: number, name: string) => ({ id, email: `${name.toLowerCase()}@example.org`, display_name: name, password: null, is_superuser: id === SUPERUSER });

const shift = (id: number, event: number) => ({
  id,
  event,
  meeting_time: "2099-06-30T07:00:00",
  start_time: "2099-06-30T08:00:00",
  end_time: "2099-06-30T20:30:00",
  signup_flow_slug: "request_confirm",
  structure_slug: "uniform",
});

/** Users and groups as in ephios's conftest, plus extra keys for the test at hand. */
function world(extra: Record<string, unknown>) {
  return {
    format: "ephios-fixture/1",
    users: [user(SUPERUSER, "Rica"), user(MANAGER, "Marie"), user(PLANNER, "Luisa"), user(VOLUNTEER, "Heinrich"), user(OUTSIDER, "Olaf"), user(HR, "Hanna")],
    groups: [
      { id: 1, name: "Managers", members: [SUPERUSER, MANAGER], permissions: MANAGEMENT },
      { id: 2, name: "Planners", members: [SUPERUSER, PLANNER], permissions: ["add_event", "delete_event"] },
      { id: 3, name: "Volunteers", members: [PLANNER, VOLUNTEER, HR], permissions: [] },
      { id: 4, name: "HR", members: [HR], permissions: ["view_userprofile"] },
    ],
    event_types: [{ id: 1, title: "Service", show_participant_data: ShowParticipantData.INSTANCE_USERS }],
    ...extra,
  };
}

/** ephios's `event` fixture: active, viewable by Volunteers and Planners, changeable by Planners. */
const festival = (id: number, active = true) => ({ id, title: `Event ${id}`, location: "Lärz", type: 1, active });
const publishedFor = (event: number) => [
  { event, group: 3, permission: "view_event" },
  { event, group: 2, permission: "view_event" },
  { event, group: 2, permission: "change_event" },
];

async function eventIds(where: ReturnType<typeof eventVisibleTo>) {
  const rows = await testDb().select({ id: events.id }).from(events).where(where).orderBy(events.id);
  return rows.map((r) => r.id);
}

async function participationIds(where: ReturnType<typeof participationViewableBy>) {
  const rows = await testDb()
    .select({ id: participations.id })
    .from(participations)
    .innerJoin(shifts, eq(shifts.id, participations.shiftId))
    .innerJoin(events, eq(events.id, shifts.eventId))
    .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
    .where(where)
    .orderBy(participations.id);
  return rows.map((r) => r.id);
}

const viewable = (u: AuthUser) => participationIds(participationViewableBy(u));
const userinfo = (u: AuthUser) => participationIds(participationInUserinfoScope(u));

async function setShowParticipantData(value: number) {
  await testDb().update(eventTypes).set({ showParticipantData: value }).where(eq(eventTypes.id, 1));
}

async function addParticipation(id: number, shiftId: number, userId: number, state: number) {
  await testDb().insert(participations).values({ id, shiftId, kind: "local", userId, state });
}

describe("events: view_event (guardian object permissions)", () => {
  // 1: published for Volunteers and Planners; 2: view_event for the outsider directly; 3: like 1 but
  // inactive; 4: no object permissions; 5: only change_event for the volunteer.
  const eventsWorld = () =>
    world({
      events: [festival(1), festival(2), festival(3, false), festival(4), festival(5)],
      event_permissions: [
        ...publishedFor(1),
        { event: 2, user: OUTSIDER, permission: "view_event" },
        ...publishedFor(3),
        { event: 3, user: OUTSIDER, permission: "view_event" },
        { event: 5, user: VOLUNTEER, permission: "change_event" },
      ],
      shifts: [shift(1, 1), shift(2, 2), shift(3, 3), shift(4, 4), shift(5, 5)],
    });

  beforeEach(() => loadWorld(eventsWorld()));

  it("counts a group's object permission", async () => {
    expect(await eventIds(eventVisibleTo(volunteer, { acceptGlobal: false }))).toEqual([1]);
    expect(await eventIds(eventVisibleTo(planner, { acceptGlobal: false }))).toEqual([1]);
  });

  it("counts a user's own object permission", async () => {
    expect(await eventIds(eventVisibleTo(outsider, { acceptGlobal: false }))).toEqual([2]);
  });

  it("ignores global view_event with acceptGlobal false and counts it with true", async () => {
    // A manager's groups hold no object permissions: nothing on /api/events/, every active event's shifts.
    expect(await eventIds(eventVisibleTo(manager, { acceptGlobal: false }))).toEqual([]);
    expect(await eventIds(eventVisibleTo(manager, { acceptGlobal: true }))).toEqual([1, 2, 4, 5]);
    const globalVolunteer = authUser(VOLUNTEER, ["view_event"]);
    expect(await eventIds(eventVisibleTo(globalVolunteer, { acceptGlobal: false }))).toEqual([1]);
    expect(await eventIds(eventVisibleTo(globalVolunteer, { acceptGlobal: true }))).toEqual([1, 2, 4, 5]);
  });

  it("never shows inactive events, whatever the permissions", async () => {
    for (const u of [superuser, manager, planner, volunteer, outsider]) {
      for (const acceptGlobal of [false, true]) {
        expect(await eventIds(eventVisibleTo(u, { acceptGlobal }))).not.toContain(3);
      }
    }
  });

  it("shows a superuser every active event", async () => {
    expect(await eventIds(eventVisibleTo(superuser, { acceptGlobal: false }))).toEqual([1, 2, 4, 5]);
    expect(await eventIds(eventVisibleTo(superuser, { acceptGlobal: true }))).toEqual([1, 2, 4, 5]);
  });

  it("does not take another permission for view_event", async () => {
    expect(await eventIds(eventVisibleTo(volunteer, { acceptGlobal: true }))).toEqual([1]);
    expect(await eventIds(eventVisibleTo(authUser(99), { acceptGlobal: true }))).toEqual([]);
  });

  it("selects ids per permission with eventIdsWithPermission and eventHasPermission", async () => {
    const ids = async (u: AuthUser, permission: Permission, acceptGlobal: boolean) => {
      const sub = await eventIds(inSubquery(eventIdsWithPermission(u, permission, { acceptGlobal })));
      const direct = await eventIds(eventHasPermission(u, permission, { acceptGlobal }));
      expect(direct).toEqual(sub);
      return sub;
    };
    expect(await ids(volunteer, "change_event", false)).toEqual([5]);
    expect(await ids(planner, "change_event", true)).toEqual([1]); // event 3 is inactive
    expect(await ids(manager, "change_event", false)).toEqual([]);
    expect(await ids(manager, "change_event", true)).toEqual([1, 2, 4, 5]);
    expect(await ids(superuser, "delete_event", false)).toEqual([1, 2, 4, 5]);
  });

  it("filters shifts through their event, joined or by event id", async () => {
    const shiftIds = async (u: AuthUser) => {
      const joined = await testDb()
        .select({ id: shifts.id })
        .from(shifts)
        .innerJoin(events, eq(events.id, shifts.eventId))
        .where(eventVisibleTo(u, { acceptGlobal: true }))
        .orderBy(shifts.id);
      const byEventId = await testDb()
        .select({ id: shifts.id })
        .from(shifts)
        .where(eventVisibleTo(u, { acceptGlobal: true, eventId: shifts.eventId }))
        .orderBy(shifts.id);
      expect(byEventId).toEqual(joined);
      return joined.map((r) => r.id);
    };
    expect(await shiftIds(volunteer)).toEqual([1]);
    expect(await shiftIds(outsider)).toEqual([2]);
    expect(await shiftIds(manager)).toEqual([1, 2, 4, 5]);
    expect(await shiftIds(superuser)).toEqual([1, 2, 4, 5]);
  });
});

/** `events.id IN (subquery)`, the documented way to use `eventIdsWithPermission`. */
function inSubquery(subquery: ReturnType<typeof eventIdsWithPermission>) {
  return sql`${events.id} IN (${subquery})`;
}

describe("participations: viewable_by", () => {
  it("follows ephios's test_show_participation_data_filter", async () => {
    await loadWorld(
      world({
        events: [festival(1)],
        event_permissions: publishedFor(1),
        shifts: [shift(1, 1)],
        participations: [{ id: 1, shift: 1, kind: "local", user: PLANNER, state: 1 }],
      }),
    );
    expect(await viewable(volunteer)).toEqual([1]);

    await setShowParticipantData(ShowParticipantData.CONFIRMED);
    expect(await viewable(volunteer)).toEqual([]);
    expect(await viewable(planner)).toEqual([1]);

    await setShowParticipantData(ShowParticipantData.RESPONSIBLES);
    expect(await viewable(volunteer)).toEqual([]);
    expect(await viewable(planner)).toEqual([1]);

    await addParticipation(2, 1, VOLUNTEER, 1);
    expect(await viewable(volunteer)).toEqual([2]);
    expect(await viewable(planner)).toEqual([1, 2]);

    await setShowParticipantData(ShowParticipantData.CONFIRMED);
    expect(await viewable(volunteer)).toEqual([1, 2]);
    expect(await viewable(planner)).toEqual([1, 2]);
  });

  // Event 1 (published) with two shifts, event 2 (published, no shared shift), event 3 inactive.
  // Participations: 1 planner confirmed, 2 placeholder requested, 3 federated confirmed (shift 1);
  // 4 HR requested (shift 2); 5 volunteer confirmed in event 2; 6 volunteer confirmed in event 3.
  const participationWorld = () =>
    world({
      events: [festival(1), festival(2), festival(3, false)],
      event_permissions: [...publishedFor(1), ...publishedFor(2), ...publishedFor(3)],
      shifts: [shift(1, 1), shift(2, 1), shift(3, 2), shift(4, 3)],
      federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: "guest-token", client_id: "guest-client", client_secret: "guest-secret" }],
      federated_users: [{ id: 1, guest: 1, email: "fed@guest.example.org", display_name: "Fred Federated", date_of_birth: null, qualifications: [] }],
      participations: [
        { id: 1, shift: 1, kind: "local", user: PLANNER, state: 1 },
        { id: 2, shift: 1, kind: "placeholder", display_name: "Max Extern", state: 0 },
        { id: 3, shift: 1, kind: "federated", federated_user: 1, state: 1 },
        { id: 4, shift: 2, kind: "local", user: HR, state: 0 },
        { id: 5, shift: 3, kind: "local", user: VOLUNTEER, state: 1 },
        { id: 6, shift: 4, kind: "local", user: VOLUNTEER, state: 1 },
      ],
    });

  describe("in a richer world", () => {
    beforeEach(() => loadWorld(participationWorld()));

    it("shows everything of viewable events to instance users (0), never inactive events", async () => {
      expect(await viewable(volunteer)).toEqual([1, 2, 3, 4, 5]);
      expect(await viewable(outsider)).toEqual([]);
    });

    it("needs view_event even for PUBLIC (3) event types", async () => {
      await setShowParticipantData(ShowParticipantData.PUBLIC);
      expect(await viewable(volunteer)).toEqual([1, 2, 3, 4, 5]);
      expect(await viewable(outsider)).toEqual([]);
      const withGlobalView = authUser(OUTSIDER, ["view_event"]);
      expect(await viewable(withGlobalView)).toEqual([1, 2, 3, 4, 5]);
    });

    it("CONFIRMED (1) counts a confirmed participation in any shift of the same event only", async () => {
      await setShowParticipantData(ShowParticipantData.CONFIRMED);
      // Volunteer: confirmed only in event 2 (and in inactive event 3): sees only event 2.
      expect(await viewable(volunteer)).toEqual([5]);
      // HR's participation in shift 2 is only requested; global view_userprofile shows local ones.
      expect(await viewable(hr)).toEqual([1, 4, 5]);
      // A confirmed participation in shift 2 opens all of event 1, shift 1 included.
      await addParticipation(7, 2, VOLUNTEER, 1);
      expect(await viewable(volunteer)).toEqual([1, 2, 3, 4, 5, 7]);
      // ... but not a requested one.
      await testDb().update(participations).set({ state: 0 }).where(eq(participations.id, 7));
      expect(await viewable(volunteer)).toEqual([5, 7]);
    });

    it("RESPONSIBLES (2): change_event by object permission (group or user) or globally", async () => {
      await setShowParticipantData(ShowParticipantData.RESPONSIBLES);
      expect(await viewable(planner)).toEqual([1, 2, 3, 4, 5]);
      expect(await viewable(volunteer)).toEqual([5]);
      expect(await viewable(manager)).toEqual([1, 2, 3, 4, 5]);
      expect(await viewable(superuser)).toEqual([1, 2, 3, 4, 5]);
      // change_event given to the volunteer directly on event 1 only.
      await loadWorld({ format: "ephios-fixture/1", event_permissions: [{ event: 1, user: VOLUNTEER, permission: "change_event" }] });
      expect(await viewable(volunteer)).toEqual([1, 2, 3, 4, 5]);
    });

    it("change_event alone does not make an event viewable", async () => {
      await loadWorld({ format: "ephios-fixture/1", event_permissions: [{ event: 1, user: OUTSIDER, permission: "change_event" }] });
      expect(await viewable(outsider)).toEqual([]);
      expect(await viewable(authUser(OUTSIDER, ["change_event"]))).toEqual([]);
    });

    it("global view_userprofile shows local participations of viewable events only", async () => {
      await setShowParticipantData(ShowParticipantData.RESPONSIBLES);
      expect(await viewable(hr)).toEqual([1, 4, 5]);
      // Without view_event on anything, view_userprofile shows nothing.
      expect(await viewable(authUser(OUTSIDER, ["view_userprofile"]))).toEqual([]);
    });

    it("shows a superuser every participation of active events", async () => {
      for (const value of [0, 1, 2, 3]) {
        await setShowParticipantData(value);
        expect(await viewable(superuser)).toEqual([1, 2, 3, 4, 5]);
      }
    });

    it("composes with joins and further conditions of the caller's query", async () => {
      await setShowParticipantData(ShowParticipantData.RESPONSIBLES);
      const rows = await testDb()
        .select({ id: participations.id, event: events.id })
        .from(participations)
        .innerJoin(shifts, eq(shifts.id, participations.shiftId))
        .innerJoin(events, eq(events.id, shifts.eventId))
        .innerJoin(eventTypes, eq(eventTypes.id, events.typeId))
        .where(and(participationViewableBy(planner), eventVisibleTo(planner, { acceptGlobal: false }), inArray(participations.state, [0, 1]), eq(events.id, 1)))
        .orderBy(participations.id);
      expect(rows).toEqual([
        { id: 1, event: 1 },
        { id: 2, event: 1 },
        { id: 3, event: 1 },
        { id: 4, event: 1 },
      ]);
    });

    it("binds user ids and permission names as parameters", () => {
      const stranger = authUser(987654);
      for (const condition of [participationViewableBy(stranger), participationInUserinfoScope(stranger), eventVisibleTo(stranger, { acceptGlobal: true })]) {
        const query = testDb().select({ id: participations.id }).from(participations).where(condition).toSQL();
        expect(query.sql).not.toContain("987654");
        expect(query.sql).not.toContain("view_event");
        expect(query.params).toContain(987654);
      }
    });
  });
});

describe("participations: userinfo scope", () => {
  beforeEach(() =>
    loadWorld(
      world({
        events: [festival(1)],
        event_permissions: publishedFor(1),
        shifts: [shift(1, 1)],
        federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: "guest-token", client_id: "guest-client", client_secret: "guest-secret" }],
        federated_users: [{ id: 1, guest: 1, email: "fed@guest.example.org", display_name: "Fred Federated", date_of_birth: null, qualifications: [] }],
        participations: [
          { id: 1, shift: 1, kind: "local", user: PLANNER, state: 1 },
          { id: 2, shift: 1, kind: "local", user: VOLUNTEER, state: 4 },
          { id: 3, shift: 1, kind: "placeholder", display_name: "Max Extern", state: 0 },
          { id: 4, shift: 1, kind: "federated", federated_user: 1, state: 1 },
        ],
      }),
    ),
  );

  it("keeps only the user's own local participations without global view_userprofile", async () => {
    expect(await viewable(volunteer)).toEqual([1, 2, 3, 4]);
    expect(await userinfo(volunteer)).toEqual([2]);
    // change_event (object) does not widen it: the planner still sees only their own.
    expect(await userinfo(planner)).toEqual([1]);
    expect(await userinfo(outsider)).toEqual([]);
  });

  it("keeps non-local participations with global view_userprofile", async () => {
    expect(await userinfo(hr)).toEqual([1, 2, 3, 4]);
    expect(await userinfo(manager)).toEqual([1, 2, 3, 4]);
    expect(await userinfo(superuser)).toEqual([1, 2, 3, 4]);
  });

  it("still requires viewable_by", async () => {
    await setShowParticipantData(ShowParticipantData.RESPONSIBLES);
    // HR sees local participations through view_userprofile, but not non-local ones of a
    // responsibles-only event type.
    expect(await userinfo(hr)).toEqual([1, 2]);
    expect(await userinfo(volunteer)).toEqual([2]);
    // Global view_userprofile lifts the own-participations restriction but not viewable_by.
    expect(await userinfo(authUser(VOLUNTEER, ["view_userprofile"]))).toEqual([1, 2]);
    // Inactive events hide everything, also from superusers.
    await testDb().update(events).set({ active: false }).where(eq(events.id, 1));
    expect(await userinfo(volunteer)).toEqual([]);
    expect(await userinfo(superuser)).toEqual([]);
  });
});
