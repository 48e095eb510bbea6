/** ephios's permission codenames (without the app prefix) that this service knows. */
export const PERMISSIONS = [
  "view_event",
  "add_event",
  "change_event",
  "delete_event",
  "view_userprofile",
  "add_userprofile",
  "change_userprofile",
  "delete_userprofile",
  "view_eventtype",
  "add_eventtype",
  "change_eventtype",
  "delete_eventtype",
  "view_qualification",
  "add_qualification",
  "change_qualification",
  "delete_qualification",
  "change_buildingblock",
  // auth.change_group: lets user administrators set memberships of every group, not only their own.
  "change_group",
] as const;

export type Permission = (typeof PERMISSIONS)[number];
