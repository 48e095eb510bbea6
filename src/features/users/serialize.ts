import { formatDateTime } from "../../lib/datetime";
import { qualificationsById, qualificationsOf } from "../qualifications/serialize";
import type { QualificationQueryRow } from "../qualifications/queries";

export interface ProfileRow {
  id: number;
  displayName: string;
  dateOfBirth: string | null;
  email: string;
}

/** ephios's UserProfileSerializer for rows from `profileQueries` (profiles, grants, qualifications). */
export function profilesJson(profiles: ProfileRow[], grants: { userId: number; qualificationId: number }[], qualificationRows: QualificationQueryRow[]) {
  const byId = qualificationsById(qualificationRows);
  const granted = new Map<number, number[]>();
  for (const { userId, qualificationId } of grants) {
    const list = granted.get(userId) ?? [];
    list.push(qualificationId);
    granted.set(userId, list);
  }
  return profiles.map((user) => ({
    id: user.id,
    display_name: user.displayName,
    date_of_birth: user.dateOfBirth,
    email: user.email,
    qualifications: qualificationsOf(granted.get(user.id) ?? [], byId),
  }));
}

export type UserProfileJson = ReturnType<typeof profilesJson>[number];

export interface ManagedState {
  phone: string | null;
  isActive: boolean;
  groupIds: number[];
  grants: { qualificationId: number; expires: number | null }[];
}

/** The profile plus every field an administrator may set: what the user's ETag covers (no answer shows the extra fields). */
export function managedProfileJson(profile: UserProfileJson, state: ManagedState, timeZone: string) {
  return {
    ...profile,
    phone: state.phone,
    is_active: state.isActive,
    groups: state.groupIds,
    qualification_grants: state.grants.map((grant) => ({
      qualification: grant.qualificationId,
      expires: grant.expires === null ? null : formatDateTime(grant.expires, timeZone),
    })),
  };
}
