/**
 * A small but complete world in the fixture format: every key used once, every reference
 * resolving inside the file. Tests copy it and break one thing.
 */
export function smallWorld() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "Rica@Example.org", display_name: "Rica Boss", password: "rica-password", date_of_birth: "1970-01-01", is_staff: true, is_superuser: true },
      { id: 2, email: "vol@example.org", display_name: "Volker Voluntary", password: null, date_of_birth: "2010-05-01", permissions: ["view_event"] },
    ],
    groups: [{ id: 1, name: "Volunteers", members: [1, 2], permissions: ["view_userprofile"] }],
    qualification_categories: [{ id: 1, uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0a01", title: "Medical", show_with_user: true }],
    qualifications: [
      { id: 1, uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0a02", title: "Rettungssanitäter", abbreviation: "RS", category: 1, includes: [2] },
      { id: 2, uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0a03", title: "Sanitäter", abbreviation: "San", category: 1, includes: [] },
    ],
    qualification_grants: [{ user: 2, qualification: 1, expires: "2099-01-01T00:00:00+01:00" }],
    event_types: [{ id: 1, title: "Service", color: "#343a40", show_participant_data: 0 }],
    events: [{ id: 1, title: "Fission Festival", description: null, location: "Lärz", type: 1, active: true }],
    event_permissions: [
      { event: 1, group: 1, permission: "view_event" },
      { event: 1, user: 1, permission: "change_event" },
    ],
    shifts: [
      {
        id: 1,
        event: 1,
        label: "",
        meeting_time: "2099-06-30T07:00:00",
        start_time: "2099-06-30T08:00:00",
        end_time: "2099-06-30T20:30:00",
        signup_flow_slug: "request_confirm",
        signup_flow_configuration: { signup_until: null },
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 1 },
      },
    ],
    federated_users: [{ id: 1, guest: 1, email: "fed@guest.example.org", display_name: "Fred Federated", date_of_birth: null, qualifications: [2] }],
    participations: [
      { id: 1, shift: 1, kind: "local", user: 2, state: 1, comments: [{ text: "on time", visible_for: 2, authored_by_responsible: 1, created_at: "2099-06-01T10:00:00Z" }] },
      { id: 2, shift: 1, kind: "placeholder", display_name: "Max Extern", state: 0 },
      { id: 3, shift: 1, kind: "federated", federated_user: 1, state: 4 },
    ],
    building_blocks: [
      {
        id: 1,
        uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0b01",
        name: "RTW",
        block_type: "atomic",
        allow_more: false,
        positions: [{ id: 1, label: "Fahrer", optional: false, qualifications: [1] }],
        qualification_requirements: [{ id: 1, qualifications: [2], everyone: true, at_least: 0 }],
        sub_compositions: [],
      },
      {
        id: 2,
        uuid: "0b9f3b5e-6d1c-4a57-9a3e-3f2b7f1d0b02",
        name: "Wache",
        block_type: "composite",
        sub_compositions: [{ id: 1, sub_block: 1, label: "", optional: true }],
      },
    ],
    api_tokens: [{ id: 1, user: 1, token: "ABCtesttokenDEF123", scope: ["PUBLIC_READ", "PUBLIC_WRITE"], description: "door sign", expires: null, revoked: false }],
    oauth_applications: [
      { id: 1, name: "Calendar sync", owner: 1, client_id: "calendar-client", client_secret: "calendar-secret", client_type: "confidential", redirect_uris: ["https://app.example.org/callback"] },
      { id: 2, name: "Host login", owner: null, client_id: "host-client", client_secret: "host-secret", client_type: "confidential", redirect_uris: ["https://host.example.org/api/federation/oauth-callback/"] },
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org/", access_token: "guest-token", client_id: "guest-client", client_secret: "guest-client-secret" }],
    federated_hosts: [{ id: 1, name: "Host", url: "https://host.example.org", access_token: "host-token", oauth_application: 2 }],
    invite_codes: [{ id: 1, code: "invite-code", url: "https://other.example.org", created_at: "2099-06-01T10:00:00" }],
    event_shares: [{ event: 1, guest: 1 }],
  };
}

export type World = ReturnType<typeof smallWorld>;

/**
 * Event 1 ("Stadtfest", type 1), visible to the members of `group`, with one request_confirm shift 1
 * ("Früh", 1 July 2099 08:00–12:00) for at most `maxParticipants`: spread into a fixture.
 */
export function stadtfestEvent(group: number, maxParticipants: number | null) {
  return {
    event_types: [{ id: 1, title: "Service", show_participant_data: 0 }],
    events: [{ id: 1, title: "Stadtfest", description: null, location: "Markt", type: 1, active: true }],
    event_permissions: [{ event: 1, group, permission: "view_event" }],
    shifts: [
      {
        id: 1,
        event: 1,
        label: "Früh",
        meeting_time: "2099-07-01T08:00:00",
        start_time: "2099-07-01T08:00:00",
        end_time: "2099-07-01T12:00:00",
        signup_flow_slug: "request_confirm",
        signup_flow_configuration: {},
        structure_slug: "uniform",
        structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: maxParticipants },
      },
    ],
  };
}

/** The superuser admin@example.org with `password`, and event 1 ("Shared Festival") to share with other instances. */
export function sharedFestivalWorld(password: string) {
  return {
    format: "ephios-fixture/1",
    users: [{ id: 1, email: "admin@example.org", display_name: "Ada Admin", password, is_staff: true, is_superuser: true }],
    event_types: [{ id: 1, title: "Service" }],
    events: [{ id: 1, title: "Shared Festival", location: "Field", type: 1, active: true }],
  };
}
