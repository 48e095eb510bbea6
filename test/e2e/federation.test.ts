/**
 * The federation pages in a real browser across two instances: A (127.0.0.1) shares an event with
 * B (127.0.0.2, another host, so the browser keeps their cookies apart as it would for two
 * domains). Staff click through invite and redemption, a user of B follows the shared event to A,
 * logs in at B on its consent page and signs up at A, once with the button and once with ephios's
 * form (own times, a comment, a team); B stops receiving and A forgets B.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopAll } from "../../scripts/lib/dev-server";
import { type Instance, startInstance } from "../../scripts/lib/instance";
import { launchBrowser, logIn, perTestContexts } from "./browser";

const ADMIN = { email: "admin@example.org", password: "admin-demo-password" };
const VOLUNTEER = { email: "volunteer@example.org", password: "volunteer-demo-password", name: "Lukas Schneider" };
const ADMIN_TOKEN = "demo-admin-evQ1LpF9hFXbN47BhmAEw1KrOab3uIip6ufQLIt";

let a: Instance;
let b: Instance;
let browser: Browser;

interface ApiShift {
  id: number;
  start_time: string;
  signup_flow_slug: string;
  structure_slug: string;
  structure_configuration: Record<string, unknown>;
}

interface ApiEvent {
  id: number;
  title: string;
  shifts: ApiShift[];
}

async function apiA<T>(path: string, body?: unknown, status = 200): Promise<T> {
  const response = await fetch(`${a.origin}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, path).toBe(status);
  return (await response.json()) as T;
}

beforeAll(async () => {
  [a, b, browser] = await Promise.all([
    startInstance("e2e-federation-a", { vars: { ORGANIZATION_NAME: "Instance A" } }),
    startInstance("e2e-federation-b", { vars: { ORGANIZATION_NAME: "Instance B" }, ip: "127.0.0.2" }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await stopAll();
});

// One browser profile per person; the flow is one test, each step depending on the one before.
describe("two instances in the browser", () => {
  const contexts = perTestContexts(
    () => browser,
    () => a.origin,
  );
  const pageAt = async (origin: string, who: { email: string; password: string }): Promise<Page> => {
    const page = await (await contexts.open()).newPage();
    await logIn(page, who.email, who.password, origin);
    return page;
  };

  it("A invites B, B redeems the invite URL, A shares an event, a user of B signs up at A through B's login (the button, ephios's form), B stops receiving", async () => {
    // A's staff create the invite for B.
    const adminA = await pageAt(a.origin, ADMIN);
    await adminA.goto(`${a.origin}/settings/federation/guests/add/`);
    await adminA.fill("#url", b.origin);
    await Promise.all([adminA.waitForURL(/\/settings\/federation\/invite\/\d+\/$/), adminA.click("main button:has-text('Create invite code')")]);
    const inviteUrl = await adminA.inputValue("#invite_url");
    expect(inviteUrl.startsWith(`${b.origin}/settings/federation/hosts/add/?code=`)).toBe(true);

    // B's staff open it: the code is filled in; saving connects the two.
    const adminB = await pageAt(b.origin, ADMIN);
    await adminB.goto(inviteUrl);
    expect(await adminB.inputValue("#code")).not.toBe("");
    await Promise.all([adminB.waitForURL(`${b.origin}/settings/federation/`), adminB.click("main button:has-text('Save')")]);
    expect(await adminB.textContent("main")).toContain("You are now receiving events from Instance A.");
    await adminA.goto(`${a.origin}/settings/federation/`);
    expect(await adminA.textContent("main")).toContain(b.origin);

    // A shares an upcoming event whose open shift anybody may take, on the event's sharing page.
    const now = encodeURIComponent(new Date().toISOString());
    const events = await apiA<{ results: ApiEvent[] }>(`/api/events/?start_time_after=${now}&ordering=start_time&limit=100`);
    const open = (s: ApiEvent["shifts"][number]) =>
      s.signup_flow_slug === "instant_confirmation" && s.structure_slug === "uniform" && !(s.structure_configuration.required_qualification_ids as unknown[] | undefined)?.length;
    const event = events.results.find((e) => e.shifts.some(open))!;
    expect(event).toBeDefined();
    const shift = event.shifts.find(open)!;
    // A's planners add a shift to it (write API) where participants choose their times and a team.
    const day = new Date(Date.parse(shift.start_time) + 2 * 86_400_000).toISOString().slice(0, 10);
    const teams = await apiA<ApiShift>(
      "/api/shifts/",
      {
        event: event.id,
        label: "Teams",
        start_time: `${day}T10:00:00`,
        end_time: `${day}T16:00:00`,
        signup_flow_slug: "instant_confirmation",
        signup_flow_configuration: { user_can_customize_signup_times: true },
        structure_slug: "named_teams",
        structure_configuration: {
          choose_preferred_team: true,
          teams: [
            { title: "Team Nord", min_count: 0, max_count: 4 },
            { title: "Team Süd", min_count: 0, max_count: 4 },
          ],
        },
      },
      201,
    );
    const south = (teams.structure_configuration.teams as { title: string; uuid: string }[]).find((team) => team.title === "Team Süd")!;
    await adminA.goto(`${a.origin}/events/${event.id}/federation/`);
    await adminA.locator("label", { hasText: b.origin }).locator("input[name=guests]").check();
    await adminA.click("main button:has-text('Save')");
    await adminA.waitForLoadState();

    // A volunteer of B finds it among B's external events and follows its link to A.
    const volunteer = await pageAt(b.origin, VOLUNTEER);
    await volunteer.goto(`${b.origin}/events/external/`);
    await Promise.all([volunteer.waitForURL(`${b.origin}/api/oauth/authorize/?**`), volunteer.click(`a:has-text(${JSON.stringify(event.title)})`)]);
    // A sent them to log in at B: B asks whether Instance A may read their profile.
    expect(await volunteer.textContent("h1")).toContain("Authorize Instance A?");
    expect(await volunteer.textContent("main")).toContain("ME_READ");
    await Promise.all([volunteer.waitForURL(`${a.origin}/events/shared/${event.id}/**`), volunteer.click("button:has-text('Authorize')")]);
    expect(await volunteer.textContent("h1")).toContain(event.title);

    await volunteer.locator(`#shift-${shift.id}`).locator("button:has-text('Sign up')").click();
    await expect.poll(() => volunteer.textContent("main")).toContain(`You have successfully signed up for ${event.title}`);
    const participations = await apiA<{ results: unknown[] }>(`/api/participations-userinfo/?shift=${shift.id}`);
    expect(JSON.stringify(participations.results)).toContain(VOLUNTEER.name);

    // ephios's sign-up form on the teams shift: own times (A's zone, prefilled with the shift's), a public comment, a team.
    const card = volunteer.locator(`#shift-${teams.id}`);
    expect(await card.locator("input[name=individual_start_time]").inputValue()).toBe(`${day}T10:00`);
    await card.getByLabel("Individual start time").fill(`${day}T11:00`);
    await card.getByLabel("Individual end time").fill(`${day}T13:30`);
    await card.getByLabel("Team Süd").check();
    await card.getByLabel("Comment", { exact: true }).fill("Komme mit dem Rad");
    await card.getByLabel("Make comment visible for other participants").check();
    await card.locator("button:has-text('Sign up')").click();
    await expect.poll(() => volunteer.textContent("main")).toContain(`You have successfully signed up for ${event.title} Teams`);
    const { results } = await apiA<{ results: Record<string, unknown>[] }>(`/api/participations-userinfo/?shift=${teams.id}`);
    expect(results).toMatchObject([
      {
        participant: { display_name: VOLUNTEER.name },
        // The wall-clock times as chosen, in A's zone (the API answers them with A's offset).
        start_time: expect.stringMatching(new RegExp(`^${day}T11:00:00[+-]`)),
        end_time: expect.stringMatching(new RegExp(`^${day}T13:30:00[+-]`)),
        structure_data: { preferred_team_uuid: south.uuid },
        comments: [{ text: "Komme mit dem Rad" }],
      },
    ]);

    // B's staff stop receiving; A no longer knows B, and the participation is gone with it.
    await adminB.goto(`${b.origin}/settings/federation/`);
    await adminB.getByRole("table", { name: "Hosts" }).locator("tr", { hasText: a.origin }).locator("a:has-text('Stop receiving')").click();
    await Promise.all([adminB.waitForURL(`${b.origin}/settings/federation/`), adminB.click("main button:has-text('Stop receiving')")]);
    await adminA.goto(`${a.origin}/settings/federation/`);
    expect(await adminA.textContent("main")).not.toContain(b.origin);
    const after = await apiA<{ results: unknown[] }>(`/api/participations-userinfo/?shift=${shift.id}`);
    expect(JSON.stringify(after.results)).not.toContain(VOLUNTEER.name);
  });
});
