/** Qualification ids of the signup-stats tests (as stored): NFS ⊃ RS ⊃ SAN and C1 ⊃ B. */
export const [NFS, RS, SAN, C1, B] = [1, 2, 3, 4, 5];

/** What each of those qualifications includes directly, as the stats context takes it. */
export const INCLUDES = new Map<number, number[]>([
  [NFS, [RS]],
  [RS, [SAN]],
  [SAN, []],
  [C1, [B]],
  [B, []],
]);
