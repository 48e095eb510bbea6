import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/app";
import { accessOf, type Access } from "../../src/auth/access";
import { SCOPE_NAMES, type Scope } from "../../src/auth/scopes";
import { emptyDatabase, loadWorld } from "../helpers/db";
import { PASSWORDS, TOKENS, authWorld } from "../helpers/auth-world";
import { NOT_AUTHENTICATED, ORIGIN, PERMISSION_DENIED, bearer, login, request } from "../helpers/http";

/** Every routed method and path, with the access guards registered for it. */
function routeTable() {
  const table = new Map<string, { method: string; path: string; access: Access[] }>();
  for (const route of app.routes) {
    if (route.method === "ALL") continue; // app-wide middleware
    const key = `${route.method} ${route.path}`;
    const entry = table.get(key) ?? { method: route.method, path: route.path, access: [] };
    const access = accessOf(route.handler);
    if (access) entry.access.push(access);
    table.set(key, entry);
  }
  return [...table.values()];
}

/** A concrete URL for a route pattern (`:pk` → 1). */
const concrete = (path: string) => path.replace(/:[^/]+/g, "1");

/** A token of the volunteer holding every scope except `missing`. */
const tokenWithout = (missing: Scope) => `all-but-${missing}-token`;
const NO_SCOPE_TOKEN = "no-scope-token-0123456789";

beforeAll(async () => {
  await emptyDatabase();
  await loadWorld({
    ...authWorld(),
    api_tokens: [
      ...authWorld().api_tokens,
      ...SCOPE_NAMES.map((missing, i) => ({ id: 100 + i, user: 3, token: tokenWithout(missing), scope: SCOPE_NAMES.filter((s) => s !== missing) })),
      { id: 200, user: 1, token: NO_SCOPE_TOKEN, scope: [] },
    ],
  });
});

describe("route declarations", () => {
  it("every route declares exactly one access guard", () => {
    const table = routeTable();
    expect(table.length).toBeGreaterThan(5);
    const undeclared = table.filter((route) => route.access.length !== 1).map((r) => `${r.method} ${r.path}`);
    expect(undeclared).toEqual([]);
  });
});

describe("scope matrix of the API routes", () => {
  const apiRoutes = routeTable().filter((route) => route.access[0]?.kind === "scopes" || route.access[0]?.kind === "authenticated");

  it("covers the API root", () => {
    expect(apiRoutes.map((r) => `${r.method} ${r.path}`)).toContain("GET /api/");
  });

  const send = (route: { method: string; path: string }, headers: Record<string, string>) =>
    request(concrete(route.path), { method: route.method, headers: { "Content-Type": "application/json", Origin: ORIGIN, ...headers }, body: route.method === "GET" ? undefined : "{}" });

  it.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: refuses anonymous requests", async (_name, route) => {
    const response = await send(route, {});
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(NOT_AUTHENTICATED);
  });

  it.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: refuses tokens missing a required scope, and a token without user", async (_name, route) => {
    const access = route.access[0];
    const required = access.kind === "scopes" ? access.scopes : [];
    for (const missing of required) {
      const response = await send(route, bearer(tokenWithout(missing)));
      expect(response.status, `without ${missing}`).toBe(403);
      expect(await response.json()).toEqual(PERMISSION_DENIED);
    }
    const userless = await send(route, bearer(TOKENS.guest));
    expect(userless.status).toBe(403);
    expect(await userless.json()).toEqual(PERMISSION_DENIED);
  });

  const guestRoutes = routeTable().filter((route) => route.access[0]?.kind === "federationGuest");

  it("covers the federation API, which only a guest's token passes", () => {
    expect(guestRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(["GET /api/federation/events/", "DELETE /api/federation/guest/delete/"]));
  });

  let adminCookie: Promise<string> | undefined;
  it.each(guestRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: refuses nobody, sessions and other tokens; passes a guest's token", async (_name, route) => {
    const anonymous = await send(route, {});
    expect(anonymous.status).toBe(403);
    expect(await anonymous.json()).toEqual(NOT_AUTHENTICATED);
    const cookie = await (adminCookie ??= login("admin@example.org", PASSWORDS.admin));
    for (const headers of [bearer(TOKENS.adminAll), bearer(NO_SCOPE_TOKEN), { Cookie: cookie }, { Cookie: cookie, ...bearer(TOKENS.guest) }]) {
      const response = await send(route, headers);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(PERMISSION_DENIED);
    }
    // Only reads: a DELETE would end the guest this file's other checks use.
    if (route.method === "GET") expect((await send(route, bearer(TOKENS.guest))).status).not.toBe(403);
  });

  // A superuser holds every permission, so only the scope check could refuse here.
  it.each(apiRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: passes sessions and tokens holding the scopes", async (_name, route) => {
    const access = route.access[0];
    const required = access.kind === "scopes" ? access.scopes : [];
    const token = required.length ? TOKENS.adminAll : NO_SCOPE_TOKEN;
    expect((await send(route, bearer(token))).status).not.toBe(403);
    const cookie = await login("admin@example.org", PASSWORDS.admin);
    expect((await send(route, { Cookie: cookie })).status).not.toBe(403);
  });
});
