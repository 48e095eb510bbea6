import { hasGlobalPermission, type AuthUser } from "../../auth/principal";
import type { FieldErrors } from "../../lib/errors";

/**
 * ephios's rules for administrators changing users (its UserProfileForm), applied to API writes.
 * Pure functions over facts the route has loaded, so every refusal happens before any write.
 */

export const EMAIL_TAKEN = "user profile with this email already exists.";
export const SELF_DEACTIVATION = "You cannot deactivate yourself.";
export const LAST_SUPERUSER = "The last active superuser with a password cannot be deactivated or locked out.";

const doesNotExist = (id: number) => `Invalid pk "${id}" - object does not exist.`;

/** The user being changed, as it is stored now. */
export interface Target {
  id: number;
  email: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  groupIds: number[];
}

/** What the caller asked to change, as far as these rules look at it. */
export interface WriteRequest {
  email?: string;
  is_active?: boolean;
  groups?: number[];
  qualification_grants?: { qualification: number }[];
}

/** Loaded for the check: the caller's groups, which of the requested ids exist, whether the email is taken. */
export interface WriteFacts {
  callerGroups: number[];
  existingGroups: number[];
  existingQualifications: number[];
  emailTaken: boolean;
}

/**
 * Groups whose memberships the caller may set: all with `change_group` (superusers hold it), else
 * only the caller's own groups ("HR" groups manage memberships of their own groups).
 */
export function manageableGroups(caller: AuthUser, callerGroups: number[]): number[] | null {
  return hasGlobalPermission(caller, "change_group") ? null : callerGroups;
}

/**
 * Staff and superusers are the way back into the instance, so only staff may act on a staff
 * user's account and only superusers on a superuser's (beyond ephios, whose user pages need only
 * `change_userprofile`). The user-admin pages (src/features/account-admin) apply it too.
 */
export function mayAdminister(caller: AuthUser, target: { isStaff: boolean; isSuperuser: boolean }): boolean {
  if (target.isSuperuser) return caller.isSuperuser;
  if (target.isStaff) return caller.isStaff || caller.isSuperuser;
  return true;
}

/**
 * Whether a write changes who can get into the account and what they may do there: the email
 * (logins and set-password links go by it), the active flag, the groups (their permissions).
 * Values sent back unchanged do not count; the other fields are profile data.
 */
export function changesAccess(target: Target, request: WriteRequest): boolean {
  const groups = request.groups === undefined ? undefined : new Set(request.groups);
  return (
    (request.email !== undefined && request.email !== target.email) ||
    (request.is_active !== undefined && request.is_active !== target.isActive) ||
    (groups !== undefined && (groups.size !== target.groupIds.length || target.groupIds.some((id) => !groups.has(id))))
  );
}

/**
 * An email change can take over an account, so ephios allows it only to staff, to the user
 * themself, or for a non-staff user (staff users are covered by `mayAdminister`) to callers with
 * `change_group` or in every group the user is in.
 */
function mayChangeEmail(caller: AuthUser, callerGroups: number[], target: Target): boolean {
  if (caller.isStaff || caller.isSuperuser || caller.id === target.id) return true;
  return hasGlobalPermission(caller, "change_group") || target.groupIds.every((id) => callerGroups.includes(id));
}

/** Field-keyed refusals of a create (`target` null) or an update; empty when the write may happen. */
export function writeErrors(caller: AuthUser, facts: WriteFacts, target: Target | null, request: WriteRequest): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (request.email !== undefined) {
    if (facts.emailTaken) add("email", EMAIL_TAKEN);
    else if (target && request.email !== target.email && !mayChangeEmail(caller, facts.callerGroups, target)) add("email", "You are not allowed to change the email address of this user.");
  }

  const manageable = manageableGroups(caller, facts.callerGroups);
  for (const id of new Set(request.groups)) {
    if (!facts.existingGroups.includes(id)) add("groups", doesNotExist(id));
    // Sending back a membership the caller cannot manage is harmless: it stays anyway.
    else if (manageable && !manageable.includes(id) && !target?.groupIds.includes(id)) add("groups", `You are not allowed to manage memberships of group ${id}.`);
  }

  const listed = new Set<number>();
  for (const { qualification } of request.qualification_grants ?? []) {
    if (!facts.existingQualifications.includes(qualification)) add("qualification_grants", doesNotExist(qualification));
    else if (listed.has(qualification)) add("qualification_grants", `Qualification ${qualification} is listed more than once.`);
    listed.add(qualification);
  }

  if (request.is_active === false && target?.id === caller.id) add("is_active", SELF_DEACTIVATION);
  return errors;
}
