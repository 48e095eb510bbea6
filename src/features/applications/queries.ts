import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { federatedHosts, oauthApplications, users } from "../../db/schema";
import type { Scope } from "../../auth/scopes";
import type { ClientType } from "./schemas";

/**
 * All applications, whoever owns them (ephios's IgnoreApplicationOwnerMixin: staff manage every
 * application), in the order they were registered.
 */
export function listApplications(db: Database) {
  return db
    .select({
      id: oauthApplications.id,
      name: oauthApplications.name,
      created: oauthApplications.created,
      ownerName: users.displayName,
      // The application a federation host uses to log our users in belongs to the federation settings.
      isFederation: sql<number>`${federatedHosts.id} IS NOT NULL`,
    })
    .from(oauthApplications)
    .leftJoin(users, eq(users.id, oauthApplications.ownerId))
    .leftJoin(federatedHosts, eq(federatedHosts.oauthApplicationId, oauthApplications.id))
    .orderBy(asc(oauthApplications.id));
}

/** One application with its owner's name and, if any, the federation host it belongs to; or null. */
export async function findApplication(db: Database, id: number) {
  const [row] = await db
    .select({
      id: oauthApplications.id,
      name: oauthApplications.name,
      clientId: oauthApplications.clientId,
      clientType: oauthApplications.clientType,
      authorizationGrantType: oauthApplications.authorizationGrantType,
      redirectUris: oauthApplications.redirectUris,
      skipAuthorization: oauthApplications.skipAuthorization,
      allowedScopes: oauthApplications.allowedScopes,
      created: oauthApplications.created,
      updated: oauthApplications.updated,
      ownerName: users.displayName,
      federationHostName: federatedHosts.name,
    })
    .from(oauthApplications)
    .leftJoin(users, eq(users.id, oauthApplications.ownerId))
    .leftJoin(federatedHosts, eq(federatedHosts.oauthApplicationId, oauthApplications.id))
    .where(eq(oauthApplications.id, id));
  return row ?? null;
}

export type ApplicationDetails = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

/** What the register and update forms set. */
export interface ApplicationSettings {
  name: string;
  clientType: ClientType;
  redirectUris: string[];
  skipAuthorization: boolean;
  allowedScopes: Scope[];
}

export async function insertApplication(
  db: Database,
  app: ApplicationSettings & { ownerId: number; clientId: string; clientSecretHash: string; authorizationGrantType: string },
  now: number,
): Promise<number> {
  const [row] = await db
    .insert(oauthApplications)
    .values({ ...app, redirectUris: app.redirectUris.join(" "), allowedScopes: app.allowedScopes.join(" "), created: now, updated: now })
    .returning({ id: oauthApplications.id });
  return row.id;
}

/** Saves the form's settings; with `clientSecretHash`, the secret is replaced too. */
export async function updateApplication(db: Database, id: number, app: ApplicationSettings, clientSecretHash: string | null, now: number): Promise<void> {
  await db
    .update(oauthApplications)
    .set({ ...app, redirectUris: app.redirectUris.join(" "), allowedScopes: app.allowedScopes.join(" "), ...(clientSecretHash ? { clientSecretHash } : {}), updated: now })
    .where(eq(oauthApplications.id, id));
}

/** Deletes the application; its access and refresh tokens and consumed codes go with it (ON DELETE CASCADE). */
export async function deleteApplication(db: Database, id: number): Promise<void> {
  await db.delete(oauthApplications).where(eq(oauthApplications.id, id));
}
