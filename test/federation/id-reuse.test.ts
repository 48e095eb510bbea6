/**
 * Issue 12 item 1, replayed with two real instances: A shares an event with B; browser X (a user
 * of B) federates in; A's staff stop sharing with B (the guest is deleted); B is invited again;
 * browser Y (another user of B) federates in and signs up. The new guest and Y get ids of their
 * own, and X's old cookie neither acts as Y nor changes Y's participation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAll } from "../../scripts/lib/dev-server";
import { type Instance, startInstance } from "../../scripts/lib/instance";
import { Browser, DEMO, federatedLogin, inviteAndRedeem, locationOf, withDatabase } from "./harness";

let a: Instance;
let b: Instance;

beforeAll(async () => {
  [a, b] = await Promise.all([
    startInstance("reuse-a", { vars: { ORGANIZATION_NAME: "Instance A" } }),
    startInstance("reuse-b", { vars: { ORGANIZATION_NAME: "Instance B" } }),
  ]);
});

afterAll(async () => {
  await stopAll();
});

const admin = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: { Authorization: `Bearer ${DEMO.adminToken}`, "Content-Type": "application/json", ...init.headers } });

/** Shares A's event with the guest that is B (the newest one with B's URL); returns the guest's id. */
async function shareWithB(eventId: number): Promise<number> {
  const shares = (await (await admin(`${a.origin}/api/events/${eventId}/federation/`)).json()) as { available_guests: { id: number; url: string }[] };
  const guestId = Math.max(...shares.available_guests.filter((g) => g.url === b.origin).map((g) => g.id));
  const put = await admin(`${a.origin}/api/events/${eventId}/federation/`, { method: "PUT", body: JSON.stringify({ guests: [guestId] }) });
  expect(put.status).toBe(200);
  return guestId;
}

/** The participations of B's users in the shift, as A's API shows them: display name → state. */
async function statesAt(shiftId: number): Promise<Record<string, number>> {
  const list = (await (await admin(`${a.origin}/api/participations-userinfo/?shift=${shiftId}`)).json()) as { results: { user: { display_name: string } | null; display_name?: string; state: { value: number } }[] };
  return Object.fromEntries(list.results.map((p) => [JSON.stringify(p).match(/Lukas Schneider|Julia Neumann/)?.[0] ?? "other", p.state.value]));
}

describe("a federated session after the guest was removed and invited again", () => {
  const adminA = new Browser();
  const adminB = new Browser();
  const x = new Browser();
  const y = new Browser();
  let eventId: number;
  let shiftId: number;
  let firstGuest: number;
  let secondGuest: number;

  it("X federates in through the first guest", async () => {
    await adminA.logIn(a.origin, DEMO.admin.email, DEMO.admin.password);
    await adminB.logIn(b.origin, DEMO.admin.email, DEMO.admin.password);
    await inviteAndRedeem(adminA, a.origin, adminB, b.origin);

    const now = encodeURIComponent(new Date().toISOString());
    const events = (await (await admin(`${a.origin}/api/events/?start_time_after=${now}&ordering=start_time&limit=100`)).json()) as {
      results: { id: number; shifts: { id: number; signup_flow_slug: string; structure_slug: string; structure_configuration: Record<string, unknown> }[] }[];
    };
    const open = (s: (typeof events.results)[number]["shifts"][number]) =>
      s.signup_flow_slug === "instant_confirmation" && s.structure_slug === "uniform" && !(s.structure_configuration.required_qualification_ids as unknown[] | undefined)?.length;
    const event = events.results.find((e) => e.shifts.some(open))!;
    eventId = event.id;
    shiftId = event.shifts.find(open)!.id;
    firstGuest = await shareWithB(eventId);

    await x.logIn(b.origin, DEMO.volunteer.email, DEMO.volunteer.password);
    await federatedLogin(x, a.origin, b.origin, eventId, firstGuest);
    expect((await x.get(`${a.origin}/events/shared/${eventId}/${firstGuest}/`)).status).toBe(200);
  });

  it("A stops sharing with B; X's session ends with the guest", async () => {
    const removed = await adminA.post(`${a.origin}/settings/federation/guests/${firstGuest}/delete/`, {});
    expect(removed.status).toBe(302);
    expect((await x.get(`${a.origin}/events/shared/${eventId}/${firstGuest}/`)).status).toBe(403);
  });

  it("B is invited again and gets a new guest id; Y federates in and signs up", async () => {
    await inviteAndRedeem(adminA, a.origin, adminB, b.origin);
    secondGuest = await shareWithB(eventId);
    expect(secondGuest).toBeGreaterThan(firstGuest);

    await y.logIn(b.origin, DEMO.planner.email, DEMO.planner.password);
    await federatedLogin(y, a.origin, b.origin, eventId, secondGuest);
    const signedUp = await y.post(`${a.origin}/shifts/shared/${shiftId}/${secondGuest}/signup/`, { signup_choice: "sign_up" });
    expect(signedUp.status).toBe(302);
    expect((await statesAt(shiftId))[DEMO.planner.displayName]).toBe(1);
  });

  it("X's old cookie does not act as Y", async () => {
    const page = await x.get(`${a.origin}/events/shared/${eventId}/${secondGuest}/`);
    expect(page.status).toBe(302);
    expect(locationOf(page, a.origin).startsWith(`${b.origin}/api/oauth/authorize/?`)).toBe(true);
    const decline = await x.post(`${a.origin}/shifts/shared/${shiftId}/${secondGuest}/signup/`, { signup_choice: "decline" });
    expect(decline.status).toBe(302);
    expect((await statesAt(shiftId))[DEMO.planner.displayName]).toBe(1);
    expect((await y.get(`${a.origin}/events/shared/${eventId}/${secondGuest}/`)).status).toBe(200);
  });

  it("A's federated users of B are Y's alone, with an id after X's", async () => {
    await a.stop();
    await withDatabase(a.persistTo, async (db) => {
      const users = await db.prepare("SELECT id, guest_id, email FROM federated_users ORDER BY id").all<{ id: number; guest_id: number; email: string }>();
      const ofB = users.results.filter((u) => u.guest_id === firstGuest || u.guest_id === secondGuest);
      expect(ofB.map((u) => [u.guest_id, u.email])).toEqual([[secondGuest, DEMO.planner.email]]);
      // AUTOINCREMENT remembers X's deleted row: Y's id is above every id handed out before.
      const seq = await db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'federated_users'").first<number>("seq");
      expect(ofB[0].id).toBe(seq);
    });
  });
});
