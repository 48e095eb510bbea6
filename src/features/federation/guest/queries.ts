import { asc, eq, sql } from "drizzle-orm";
import { FEDERATION_HOST_SCOPES } from "../../../auth/scopes";
import type { Database } from "../../../db/client";
import { federatedHosts, oauthApplications } from "../../../db/schema";

const hostColumns = {
  id: federatedHosts.id,
  name: federatedHosts.name,
  url: federatedHosts.url,
  accessTokenEncrypted: federatedHosts.accessTokenEncrypted,
  oauthApplicationId: federatedHosts.oauthApplicationId,
};

/** Every host with what calling it needs. */
export function hostsWithTokens(db: Database) {
  return db
    .select(hostColumns)
    .from(federatedHosts)
    .orderBy(asc(federatedHosts.id));
}

export type HostWithToken = Awaited<ReturnType<typeof hostsWithTokens>>[number];

export async function findHost(db: Database, id: number): Promise<HostWithToken | null> {
  const [row] = await db
    .select(hostColumns)
    .from(federatedHosts)
    .where(eq(federatedHosts.id, id));
  return row ?? null;
}

export interface NewHost {
  name: string;
  url: string;
  accessTokenEncrypted: string;
  /** The application the host logs our users in with. */
  application: { ownerId: number; clientId: string; clientSecretHash: string; redirectUri: string };
}

/** The host and its OAuth application in one batch: both rows or neither. */
export async function insertHost(db: Database, host: NewHost, now: number): Promise<void> {
  const { application } = host;
  await db.batch([
    db.insert(oauthApplications).values({
      name: host.name,
      ownerId: application.ownerId,
      clientId: application.clientId,
      clientSecretHash: application.clientSecretHash,
      clientType: "confidential",
      authorizationGrantType: "authorization-code",
      redirectUris: application.redirectUri,
      skipAuthorization: false,
      allowedScopes: FEDERATION_HOST_SCOPES.join(" "),
      created: now,
      updated: now,
    }),
    db.insert(federatedHosts).values({
      name: host.name,
      url: host.url,
      accessTokenEncrypted: host.accessTokenEncrypted,
      oauthApplicationId: sql`(SELECT ${oauthApplications.id} FROM ${oauthApplications} WHERE ${oauthApplications.clientId} = ${application.clientId})`,
    }),
  ]);
}

/**
 * Ends a federation on our side: deleting the host's application removes the host (ON DELETE
 * CASCADE) and every token the host obtained for our users.
 */
export async function deleteHost(db: Database, host: Pick<HostWithToken, "oauthApplicationId">): Promise<void> {
  await db.delete(oauthApplications).where(eq(oauthApplications.id, host.oauthApplicationId));
}
