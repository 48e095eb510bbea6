/**
 * The groups of the OpenAPI document, one per feature: Swagger UI lists the operations under
 * these headings, in this order. A feature's routes take its tag from `apiRoutes({ tag })`
 * (./router.ts); the schema feature puts the descriptions into the document.
 */
export const API_TAGS = [
  { name: "API root", description: "Links to the list endpoints, as ephios's API root lists them." },
  { name: "Events", description: "Events with their shifts and signup stats: the ones you may view, and creating, changing and deleting them." },
  { name: "Shifts", description: "The shifts of the events you may view, with their signup stats; adding, changing and deleting them." },
  {
    name: "Participations",
    description:
      "Who takes part in which shift, in four views (public participant data, confidential data with comments, your own, one user's); " +
      "changes by responsibles and by participants; signing up for and declining a shift.",
  },
  { name: "Users", description: "Your own profile, the visible users (with view_userprofile), and creating, changing and deactivating users." },
  { name: "Account administration", description: "One-time set-password links, for users who have no password (e.g. created through the API)." },
  { name: "Building blocks", description: "The building blocks of complex shift structures (read-only)." },
  { name: "OAuth2", description: "The authorization server for OAuth2 clients: tokens (authorization code with PKCE, refresh), revocation, introspection and its metadata." },
  {
    name: "Federation",
    description: "Sharing events with other ephios instances: what a guest instance calls (setup, the events shared with it, ending the federation), and choosing the guests of an event.",
  },
  { name: "Health", description: "Liveness, for load balancers and deploy checks." },
  { name: "Schema", description: "This OpenAPI document and its Swagger UI." },
] as const;

export type ApiTag = (typeof API_TAGS)[number]["name"];
