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

/** What a federation host's application may ask for: it only learns who is logging in. */
export const FEDERATION_HOST_SCOPES: Scope[] = ["ME_READ"];

/** Space-separated scope names as a list in the settings order; unknown names are dropped. */
export function scopeList(text: string | null | undefined): Scope[] {
  const names = new Set((text ?? "").split(/\s+/));
  return SCOPE_NAMES.filter((scope) => names.has(scope));
}
