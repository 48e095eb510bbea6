/** Users and tokens for the authentication tests; passwords and tokens in plain text, as fixtures carry them. */
export const PASSWORDS = { admin: "admin-password-1", manager: "manager-password-1", volunteer: "volunteer-password-1", inactive: "inactive-password-1" };

export const TOKENS = {
  all: "all-scopes-token-0123456789",
  adminAll: "admin-all-scopes-token-0123456789",
  publicRead: "public-read-token-0123456789",
  meRead: "me-read-token-0123456789",
  expired: "expired-token-0123456789",
  revoked: "revoked-token-0123456789",
  inactiveUser: "inactive-user-token-0123456789",
  guest: "federation-guest-token-0123456789",
};

export function authWorld() {
  return {
    format: "ephios-fixture/1",
    users: [
      { id: 1, email: "admin@example.org", display_name: "Ada Admin", password: PASSWORDS.admin, is_staff: true, is_superuser: true },
      { id: 2, email: "manager@example.org", display_name: "Manni Manager", password: PASSWORDS.manager },
      { id: 3, email: "volunteer@example.org", display_name: "Vera Volunteer", password: PASSWORDS.volunteer },
      { id: 4, email: "inactive@example.org", display_name: "Ina Inactive", password: PASSWORDS.inactive, is_active: false },
    ],
    groups: [{ id: 1, name: "Managers", members: [2], permissions: ["view_userprofile", "change_userprofile", "view_event"] }],
    api_tokens: [
      { id: 1, user: 3, token: TOKENS.all, scope: ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] },
      { id: 2, user: 3, token: TOKENS.publicRead, scope: ["PUBLIC_READ"] },
      { id: 3, user: 3, token: TOKENS.meRead, scope: ["ME_READ"] },
      { id: 4, user: 3, token: TOKENS.expired, scope: ["PUBLIC_READ"], expires: "2020-01-01T00:00:00Z" },
      { id: 5, user: 3, token: TOKENS.revoked, scope: ["PUBLIC_READ"], revoked: true },
      { id: 6, user: 4, token: TOKENS.inactiveUser, scope: ["PUBLIC_READ"] },
      { id: 7, user: 1, token: TOKENS.adminAll, scope: ["PUBLIC_READ", "PUBLIC_WRITE", "ME_READ", "ME_WRITE", "CONFIDENTIAL_READ", "CONFIDENTIAL_WRITE"] },
    ],
    federated_guests: [{ id: 1, name: "Guest", url: "https://guest.example.org", access_token: TOKENS.guest, client_id: "c", client_secret: "s" }],
  };
}
