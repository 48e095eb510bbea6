import type { Permission } from "./permissions";
import type { Scope } from "./scopes";

/** The user behind a request, with the global permissions of the user and of their groups. */
export interface AuthUser {
  id: number;
  email: string;
  displayName: string;
  isStaff: boolean;
  isSuperuser: boolean;
  /** Global (model-level) permissions, held directly or through a group. */
  globalPermissions: ReadonlySet<Permission>;
}

/**
 * Who is asking. A session is the user themself and passes every scope check; a token carries its
 * scopes and may have no user (federation and client-credentials tokens).
 */
export type Principal =
  | { via: "session"; user: AuthUser; sessionHash: string }
  | {
      via: "token";
      user: AuthUser | null;
      scopes: ReadonlySet<Scope>;
      /** `guestId`: the federated guest instance this token was issued to at setup, if any. */
      token: { id: number; applicationId: number | null; guestId: number | null };
    };

/** ephios's `user.has_perm(perm)` without an object: superusers hold every permission. */
export function hasGlobalPermission(user: AuthUser, permission: Permission): boolean {
  return user.isSuperuser || user.globalPermissions.has(permission);
}
