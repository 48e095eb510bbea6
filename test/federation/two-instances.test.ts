/**
 * Two real instances federating (issue #6): A shares an event with B; a user of B signs up at A
 * after logging in through B; B ends the federation. Everything goes over HTTP between two
 * `wrangler dev` processes, as between two deployed instances.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAll } from "../../scripts/lib/dev-server";
import { type Instance, startInstance } from "../../scripts/lib/instance";
import { Browser, DEMO, federatedLogin, inviteAndRedeem, locationOf, withDatabase } from "./harness";

let a: Instance;
let b: Instance;

beforeAll(async () => {
  [a, b] = await Promise.all([
    startInstance("federation-a", { vars: { ORGANIZATION_NAME: "Instance A" } }),
    startInstance("federation-b", { vars: { ORGANIZATION_NAME: "Instance B" } }),
  ]);
});

afterAll(async () => {
  await stopAll();
});

interface ApiEvent {
  id: number;
  title: string;
  start_time: string;
  shifts: { id: number; signup_flow_slug: string; structure_slug: string; structure_configuration: Record<string, unknown>; end_time: string }[];
}

async function api<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { Authorization: `Bearer ${DEMO.adminToken}`, "Content-Type": "application/json", ...init.headers } });
  expect(response.status, `${init.method ?? "GET"} ${url}`).toBe(200);
  return (await response.json()) as T;
}

describe("two instances", () => {
  const adminA = new Browser();
  const adminB = new Browser();
  const volunteer = new Browser();
  let guestId: number;
  let event: ApiEvent;
  let shiftId: number;

  it("A invites B, and B redeems the code", async () => {
    await adminA.logIn(a.origin, DEMO.admin.email, DEMO.admin.password);
    await adminB.logIn(b.origin, DEMO.admin.email, DEMO.admin.password);
    const code = await inviteAndRedeem(adminA, a.origin, adminB, b.origin);
    expect(await (await adminB.get(`${b.origin}/settings/federation/`)).text()).toContain("You are now receiving events from Instance A.");

    // A knows B as a guest now; the code cannot be used again.
    expect(await (await adminA.get(`${a.origin}/settings/federation/`)).text()).toContain(b.origin);
    const again = await adminB.post(`${b.origin}/settings/federation/hosts/add/`, { code });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("Could not connect to host instance.");
  });

  it("A shares an event, and B lists it", async () => {
    const now = new Date().toISOString();
    const events = await api<{ results: ApiEvent[] }>(`${a.origin}/api/events/?start_time_after=${encodeURIComponent(now)}&ordering=start_time&limit=100`);
    // An event with a shift anybody may sign up for by themselves, confirmed at once.
    const open = (s: ApiEvent["shifts"][number]) =>
      s.signup_flow_slug === "instant_confirmation" && s.structure_slug === "uniform" && !(s.structure_configuration.required_qualification_ids as unknown[] | undefined)?.length;
    event = events.results.find((e) => e.shifts.some(open))!;
    expect(event).toBeDefined();
    shiftId = event.shifts.find(open)!.id;

    const shares = await api<{ guests: number[]; available_guests: { id: number; url: string }[] }>(`${a.origin}/api/events/${event.id}/federation/`);
    guestId = shares.available_guests.find((g) => g.url === b.origin)!.id;
    expect(guestId).toBeDefined();
    await api(`${a.origin}/api/events/${event.id}/federation/`, { method: "PUT", body: JSON.stringify({ guests: [...shares.guests, guestId] }) });

    await volunteer.logIn(b.origin, DEMO.volunteer.email, DEMO.volunteer.password);
    const external = await (await volunteer.get(`${b.origin}/events/external/`)).text();
    expect(external).toContain(event.title);
    expect(external).toContain(`href="${a.origin}/events/shared/${event.id}/${guestId}/"`);
    expect(external).toContain("Shared by Instance A");
  });

  it("a user of B logs in through B and signs up at A", async () => {
    await federatedLogin(volunteer, a.origin, b.origin, event.id, guestId);
    expect(await (await volunteer.get(`${a.origin}/events/shared/${event.id}/${guestId}/`)).status).toBe(200);

    const page = await (await volunteer.get(`${a.origin}/events/shared/${event.id}/${guestId}/`)).text();
    expect(page).toContain(event.title);
    expect(page).toContain(`action="/shifts/shared/${shiftId}/${guestId}/signup/"`);
    const signedUp = await volunteer.post(`${a.origin}/shifts/shared/${shiftId}/${guestId}/signup/`, { signup_choice: "sign_up" });
    expect(signedUp.status).toBe(302);
    expect(await (await volunteer.get(`${a.origin}/events/shared/${event.id}/${guestId}/`)).text()).toContain(`You have successfully signed up for ${event.title}`);

    // A's API shows the federated participation, confirmed.
    const participations = await api<{ results: { state: { value: number } }[] }>(
      `${a.origin}/api/participations-userinfo/?shift=${shiftId}`,
    );
    const mine = participations.results.filter((p) => JSON.stringify(p).includes(DEMO.volunteer.displayName));
    expect(mine).toHaveLength(1);
    expect(mine[0].state).toMatchObject({ value: 1 });
    expect(JSON.stringify(mine[0])).toContain("FederatedParticipant");
  });

  it("B stops receiving: A forgets B, its users and participations; B's list is empty of A", async () => {
    // As staff would: "Stop receiving" beside A on B's federation overview, then confirm.
    const overview = await (await adminB.get(`${b.origin}/settings/federation/`)).text();
    const link = new RegExp(`<td>${a.origin}</td><td class="actions"><a href="(/settings/federation/hosts/\\d+/delete/)">Stop receiving</a>`).exec(overview);
    expect(link, overview).not.toBeNull();
    const confirm = await adminB.get(`${b.origin}${link![1]}`);
    expect(await confirm.text()).toContain("Instance A");
    const removed = await adminB.post(`${b.origin}${link![1]}`, {});
    expect(removed.status).toBe(302);
    expect(locationOf(removed, b.origin)).toBe(`${b.origin}/settings/federation/`);

    expect(await (await adminA.get(`${a.origin}/settings/federation/`)).text()).not.toContain(b.origin);
    expect(await (await volunteer.get(`${b.origin}/events/external/`)).text()).not.toContain(event.title);
    const participations = await api<{ results: unknown[] }>(`${a.origin}/api/participations-userinfo/?shift=${shiftId}`);
    expect(JSON.stringify(participations.results)).not.toContain(DEMO.volunteer.displayName);

    // In A's database: no guest for B, and its setup token cannot be used any more.
    await a.stop();
    await withDatabase(a.persistTo, async (db) => {
      expect(await db.prepare("SELECT count(*) AS n FROM federated_guests WHERE url = ?").bind(b.origin).first("n")).toBe(0);
      const usable = await db.prepare("SELECT count(*) AS n FROM access_tokens WHERE description = ? AND revoked = 0").bind("Access token for federated guest Instance B").first("n");
      expect(usable).toBe(0);
    });
  });
});
