/** A host instance with two guests, shared and unshared events, pending and expired invites. */
export const GUEST_TOKENS = { one: "guest-one-token-0123456789", two: "guest-two-token-0123456789" };
export const TOKENS = {
  volunteerAll: "volunteer-all-scopes-0123456789",
  plannerRead: "planner-public-read-0123456789",
  plannerWrite: "planner-public-write-0123456789",
  staffWrite: "staff-public-write-0123456789",
  volunteerRevoked: "volunteer-revoked-0123456789",
};
export const PASSWORDS = { staff: "staff-password-1", volunteer: "volunteer-password-1", planner: "planner-password-1" };
export const INVITES = { valid: "a".repeat(64), expired: "b".repeat(64), other: "c".repeat(64) };
export const GUEST_TWO_URL = "https://two.example.org";

const ALL_SCOPES = ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"];
const HOUR = 3_600_000;

const shift = (id: number, event: number, start: string, end: string) => ({
  id,
  event,
  label: "",
  meeting_time: start,
  start_time: start,
  end_time: end,
  signup_flow_slug: "request_confirm",
  signup_flow_configuration: {},
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 5 },
});

/** `withPasswords`: hashing passwords is slow, so only the page tests give them. */
export function hostWorld({ withPasswords = false, now = Date.now() } = {}) {
  const password = (value: string) => (withPasswords ? value : null);
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "staff@example.org", display_name: "Stella Staff", password: password(PASSWORDS.staff), is_staff: true },
      { id: 2, email: "volunteer@example.org", display_name: "Vera Volunteer", password: password(PASSWORDS.volunteer) },
      { id: 3, email: "planner@example.org", display_name: "Paul Planner", password: password(PASSWORDS.planner) },
    ],
    event_types: [
      { id: 1, title: "Service", color: "#343a40", show_participant_data: 0 },
      { id: 2, title: "Training", color: "#343a40", show_participant_data: 0 },
    ],
    events: [
      { id: 1, title: "Summer Festival", description: "<p>Big</p>", location: "Park", type: 1, active: true },
      { id: 2, title: "First Aid Course", description: null, location: "Hall", type: 2, active: true },
      { id: 3, title: "Draft Event", description: null, location: "Nowhere", type: 1, active: false },
      { id: 4, title: "For Guest Two", description: null, location: "Town", type: 1, active: true },
      { id: 5, title: "Not Shared", description: null, location: "Home", type: 1, active: true },
      { id: 6, title: "Early Service", description: "", location: "Station", type: 1, active: true },
    ],
    event_permissions: [
      { event: 1, user: 2, permission: "view_event" },
      { event: 2, user: 2, permission: "view_event" },
      { event: 1, user: 3, permission: "view_event" },
      { event: 1, user: 3, permission: "change_event" },
    ],
    shifts: [
      shift(1, 1, "2099-07-01T08:00:00", "2099-07-01T16:00:00"),
      shift(2, 1, "2099-07-02T08:00:00", "2099-07-02T18:30:00"),
      shift(3, 2, "2099-08-01T09:00:00", "2099-08-01T12:00:00"),
      shift(4, 3, "2099-07-05T09:00:00", "2099-07-05T12:00:00"),
      shift(5, 4, "2099-07-06T09:00:00", "2099-07-06T12:00:00"),
      shift(6, 5, "2099-07-07T09:00:00", "2099-07-07T12:00:00"),
      shift(7, 6, "2099-01-10T09:00:00", "2099-01-10T12:00:00"),
    ],
    federated_users: [
      { id: 1, guest: 1, email: "fed@one.example.org", display_name: "Fred One", date_of_birth: null, qualifications: [] },
      { id: 2, guest: 2, email: "fed@two.example.org", display_name: "Fiona Two", date_of_birth: null, qualifications: [] },
    ],
    participations: [
      { id: 1, shift: 1, kind: "federated", federated_user: 1, state: 0 },
      { id: 2, shift: 5, kind: "federated", federated_user: 2, state: 1 },
      { id: 3, shift: 1, kind: "local", user: 2, state: 1 },
    ],
    api_tokens: [
      { id: 1, user: 2, token: TOKENS.volunteerAll, scope: ALL_SCOPES },
      { id: 2, user: 3, token: TOKENS.plannerRead, scope: ["PUBLIC_READ"] },
      { id: 3, user: 3, token: TOKENS.plannerWrite, scope: ["PUBLIC_READ", "PUBLIC_WRITE"] },
      { id: 4, user: 1, token: TOKENS.staffWrite, scope: ["PUBLIC_READ", "PUBLIC_WRITE"] },
      { id: 5, user: 2, token: TOKENS.volunteerRevoked, scope: ALL_SCOPES, revoked: true },
    ],
    federated_guests: [
      { id: 1, name: "Guest One", url: "https://one.example.org", access_token: GUEST_TOKENS.one, client_id: "one-client", client_secret: "one-secret" },
      { id: 2, name: "Guest Two", url: GUEST_TWO_URL, access_token: GUEST_TOKENS.two, client_id: "two-client", client_secret: "two-secret" },
    ],
    oauth_applications: [
      { id: 1, name: "Big Host", owner: null, client_id: "host-client", client_secret: "host-secret", client_type: "confidential", redirect_uris: ["https://host.example.org/api/federation/oauth-callback/"] },
    ],
    federated_hosts: [{ id: 1, name: "Big Host", url: "https://host.example.org", access_token: "host-token", oauth_application: 1 }],
    invite_codes: [
      { id: 1, code: INVITES.valid, url: "https://new.example.org", created_at: new Date(now - HOUR).toISOString() },
      { id: 2, code: INVITES.expired, url: "https://late.example.org", created_at: new Date(now - 49 * HOUR).toISOString() },
      { id: 3, code: INVITES.other, url: "https://other.example.org/sub", created_at: new Date(now - 47 * HOUR).toISOString() },
    ],
    event_shares: [
      { event: 1, guest: 1 },
      { event: 2, guest: 1 },
      { event: 3, guest: 1 },
      { event: 6, guest: 1 },
      { event: 4, guest: 2 },
    ],
  };
}
