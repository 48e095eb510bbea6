/** The six token scopes, in ephios's settings order, with its descriptions. */
export const SCOPES = {
  PUBLIC_READ: "Read public data like available events and shifts",
  PUBLIC_WRITE: "Write public data like available events and shifts",
  ME_READ: "Read own personal data and participations",
  ME_WRITE: "Write own personal data and participations",
  CONFIDENTIAL_READ: "Read confidential data like all users profile and participations",
  CONFIDENTIAL_WRITE: "Write confidential data like all users profile and participations",
} as const;

export type Scope = keyof typeof SCOPES;

export const SCOPE_NAMES = Object.keys(SCOPES) as [Scope, ...Scope[]];
