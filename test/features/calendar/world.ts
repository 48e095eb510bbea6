/**
 * The calendar feed's world: Vera (user 2) takes part in shifts in every state, of visible,
 * inactive and invisible events; Otto (user 3) in one of the same shifts. Responsibles of event 1:
 * the Planners group (Ina, inactive, id 4, and Paul, id 5) and Sam (id 6) directly.
 */
export const TOKENS = {
  vera: "vera-calendar-token-0123456789-abcdefghijk",
  otto: "otto-calendar-token-0123456789-abcdefghijk",
  ina: "ina-calendar-token-0123456789-abcdefghijkl",
};

export const PASSWORD = "vera-password-1";

/** Commas, semicolons, a backslash, line breaks and long runs of multi-byte characters: everything TEXT escapes and folding must keep. */
export const DESCRIPTION = `Treffpunkt: Markt; Eingang Nord, bitte pünktlich.\nMitbringen: Weste\\Jacke, Funkgerät.\r\nZweite Zeile — ${"äöü€🚑".repeat(20)} Ende.`;

const shift = (id: number, event: number, start: string, end: string, label = "") => ({
  id,
  event,
  label,
  meeting_time: start,
  start_time: start,
  end_time: end,
  signup_flow_slug: "request_confirm",
  structure_slug: "uniform",
  structure_configuration: { minimum_number_of_participants: 0, maximum_number_of_participants: 10 },
});

export function calendarWorld() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: "admin-password-1", is_staff: true, is_superuser: true },
      { id: 2, email: "vera@example.org", display_name: "Vera Volunteer", password: PASSWORD, calendar_token: TOKENS.vera },
      { id: 3, email: "otto@example.org", display_name: "Otto Other", calendar_token: TOKENS.otto },
      { id: 4, email: "ina@example.org", display_name: "Ina Inactive", is_active: false, calendar_token: TOKENS.ina },
      { id: 5, email: "paul@example.org", display_name: "Paul Planner" },
      { id: 6, email: "sam@example.org", display_name: "Sam Direct" },
    ],
    groups: [
      { id: 1, name: "Volunteers", members: [2, 3, 4] },
      { id: 2, name: "Planners", members: [4, 5] },
    ],
    event_types: [{ id: 1, title: "Service" }],
    events: [
      { id: 1, title: "Stadtfest, Innenstadt", description: DESCRIPTION, location: "Markt; Nord", type: 1, active: true },
      { id: 2, title: "Blutspende", description: null, location: "", type: 1, active: true },
      { id: 3, title: "Entwurf", location: "Halle", type: 1, active: false },
      { id: 4, title: "Geheim", location: "Bunker", type: 1, active: true },
    ],
    event_permissions: [
      { event: 1, group: 1, permission: "view_event" },
      { event: 2, group: 1, permission: "view_event" },
      { event: 3, group: 1, permission: "view_event" },
      { event: 1, group: 2, permission: "change_event" },
      { event: 1, user: 6, permission: "change_event" },
    ],
    shifts: [
      shift(1, 1, "2099-07-01T08:00:00+02:00", "2099-07-01T12:00:00+02:00", "Früh"),
      shift(2, 2, "2099-07-02T08:00:00+02:00", "2099-07-02T12:00:00+02:00"),
      shift(3, 1, "2099-07-03T08:00:00+02:00", "2099-07-03T12:00:00+02:00", "Angefragt"),
      shift(4, 1, "2099-07-04T08:00:00+02:00", "2099-07-04T12:00:00+02:00", "Abgelehnt"),
      shift(5, 1, "2099-07-05T08:00:00+02:00", "2099-07-05T12:00:00+02:00", "Abgesagt"),
      shift(6, 1, "2099-07-06T08:00:00+02:00", "2099-07-06T12:00:00+02:00", "Disposition"),
      shift(7, 3, "2099-07-07T08:00:00+02:00", "2099-07-07T12:00:00+02:00"),
      shift(8, 4, "2099-07-08T08:00:00+02:00", "2099-07-08T12:00:00+02:00"),
      shift(9, 2, "2099-07-09T08:00:00+02:00", "2099-07-09T12:00:00+02:00", "Otto allein"),
    ],
    participations: [
      { id: 1, shift: 1, kind: "local", user: 2, state: 1 },
      // Own times: the feed starts and ends there, not at the shift's.
      { id: 2, shift: 2, kind: "local", user: 2, state: 1, individual_start_time: "2099-07-02T09:30:00+02:00", individual_end_time: "2099-07-02T11:15:00+02:00" },
      { id: 3, shift: 3, kind: "local", user: 2, state: 0 },
      { id: 4, shift: 4, kind: "local", user: 2, state: 3 },
      { id: 5, shift: 5, kind: "local", user: 2, state: 2 },
      { id: 6, shift: 6, kind: "local", user: 2, state: 4 },
      { id: 7, shift: 7, kind: "local", user: 2, state: 1 },
      { id: 8, shift: 8, kind: "local", user: 2, state: 1 },
      { id: 9, shift: 1, kind: "local", user: 3, state: 1 },
      { id: 10, shift: 9, kind: "local", user: 3, state: 1 },
      { id: 11, shift: 1, kind: "local", user: 4, state: 1 },
    ],
  };
}
