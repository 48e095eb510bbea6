import { vi } from "vitest";
import { app } from "../../src/app";
import { resetWorld } from "./db";
import { bearer, login, request } from "./http";
import { fakeNetwork, json } from "./outbound";

/**
 * Every path the app answers GET on, with its parameters filled from `values` (else "1"): for
 * tests that must hold on every route, including routes added later.
 */
export function routedGetPaths(values: Record<string, string> = {}): string[] {
  const paths = new Set(app.routes.filter((route) => route.method === "GET").map((route) => route.path));
  return [...paths].map((path) => path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? "1"));
}

const PASSWORD = "walker-password-1";
const TOKEN = "walker-all-scopes-token-0123456789";

/** One of everything a GET route shows, each with id 1, for routeAnswers(). */
function everyRouteWorld() {
  const start = "2099-06-30T08:00:00+02:00";
  return {
    format: "ephios-fixture/1",
    users: [{ id: 1, email: "admin@example.org", display_name: "Ada Admin", password: PASSWORD, is_staff: true, is_superuser: true, phone: "+49 170 1234567" }],
    event_types: [{ id: 1, title: "Service" }],
    events: [{ id: 1, title: "Shared Festival", location: "Field", type: 1, active: true }],
    shifts: [
      {
        id: 1,
        event: 1,
        meeting_time: start,
        start_time: start,
        end_time: "2099-06-30T12:00:00+02:00",
        signup_flow_slug: "instant_confirmation",
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 5 },
      },
    ],
    participations: [{ id: 1, shift: 1, kind: "local", user: 1, state: 1 }],
    api_tokens: [{ id: 1, user: 1, token: TOKEN, scope: ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] }],
    oauth_applications: [
      { id: 1, name: "Host", owner: 1, client_id: "host-client", client_secret: "host-secret", client_type: "confidential", redirect_uris: ["https://host.example.org/api/federation/oauth-callback/"] },
    ],
    federated_guests: [{ id: 1, name: "Guest Org", url: "https://guest.example.org", access_token: "guest-setup-token-0123456789", client_id: "guest-client", client_secret: "guest-secret" }],
    federated_hosts: [{ id: 1, name: "Host", url: "https://host.example.org", access_token: "host-token-0123456789", oauth_application: 1 }],
    invite_codes: [{ id: 1, code: "invite-code-0123456789", url: "https://new.example.org", created_at: new Date().toISOString() }],
    event_shares: [{ event: 1, guest: 1 }],
  };
}

export interface RouteAnswer {
  caller: "session" | "token" | "anonymous";
  path: string;
  status: number;
  headers: Headers;
  /** The text of an HTML answer; empty for others. */
  html: string;
}

/**
 * Replaces the test database with everyRouteWorld() and returns the answer of every GET route to
 * its superuser through a session, through a token with every scope, and to an anonymous caller.
 * Outbound calls (the external events page) get an empty page while it walks.
 */
export async function routeAnswers(): Promise<RouteAnswer[]> {
  await resetWorld(everyRouteWorld());
  fakeNetwork(() => json({ results: [] }));
  try {
    return await walkRoutes();
  } finally {
    vi.restoreAllMocks();
  }
}

async function walkRoutes(): Promise<RouteAnswer[]> {
  const session = await login("admin@example.org", PASSWORD);
  const callers = { session: { Cookie: session }, token: bearer(TOKEN), anonymous: {} } as const;
  const paths = routedGetPaths({ email: "admin@example.org", token: "not-a-link-token" });
  const answers: RouteAnswer[] = [];
  for (const [caller, headers] of Object.entries(callers) as [RouteAnswer["caller"], Record<string, string>][]) {
    for (const path of paths) {
      const response = await request(path, { headers });
      const isHtml = response.headers.get("Content-Type")?.startsWith("text/html") ?? false;
      const html = isHtml ? await response.text() : "";
      if (!isHtml) await response.body?.cancel();
      answers.push({ caller, path, status: response.status, headers: response.headers, html });
    }
  }
  return answers;
}
