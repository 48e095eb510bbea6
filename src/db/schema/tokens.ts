import { type AnySQLiteColumn, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { flag, instant } from "./columns";
import { users } from "./users";

const ALL_SCOPES = "PUBLIC_READ PUBLIC_WRITE ME_READ ME_WRITE CONFIDENTIAL_READ CONFIDENTIAL_WRITE";

export const oauthApplications = sqliteTable(
  "oauth_applications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    clientId: text("client_id").notNull().unique(),
    /** SHA-256 hex of the client secret; the secret itself is shown once and never stored. */
    clientSecretHash: text("client_secret_hash").notNull(),
    clientType: text("client_type", { enum: ["confidential", "public"] }).notNull(),
    authorizationGrantType: text("authorization_grant_type").notNull().default("authorization-code"),
    /** Space-separated, exact-match redirect URIs. */
    redirectUris: text("redirect_uris").notNull().default(""),
    skipAuthorization: flag("skip_authorization").notNull().default(false),
    /** Space-separated scopes the application may ask for; a federation host's may ask only for ME_READ. */
    allowedScopes: text("allowed_scopes").notNull().default(ALL_SCOPES),
    created: instant("created").notNull(),
    updated: instant("updated").notNull(),
  },
  (t) => [index("oauth_applications_owner_idx").on(t.ownerId)],
);

/**
 * Personal API tokens, OAuth access tokens and federation tokens, in one table as in ephios.
 * `applicationId` null: a personal or federation token; `userId` null: a federation token.
 */
export const accessTokens = sqliteTable(
  "access_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 hex of the token (ephios's `token_checksum`); the token itself is never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    applicationId: integer("application_id").references(() => oauthApplications.id, { onDelete: "cascade" }),
    /** Space-separated scope names. */
    scope: text("scope").notNull().default(""),
    description: text("description").notNull().default(""),
    /** null: never expires. */
    expires: instant("expires"),
    revoked: flag("revoked").notNull().default(false),
    created: instant("created").notNull(),
    updated: instant("updated").notNull(),
    sourceRefreshTokenId: integer("source_refresh_token_id")
      .unique()
      .references((): AnySQLiteColumn => refreshTokens.id, { onDelete: "set null" }),
  },
  (t) => [index("access_tokens_user_idx").on(t.userId, t.applicationId), index("access_tokens_application_idx").on(t.applicationId), index("access_tokens_expires_idx").on(t.expires)],
);

export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    applicationId: integer("application_id").notNull().references(() => oauthApplications.id, { onDelete: "cascade" }),
    accessTokenId: integer("access_token_id")
      .unique()
      .references((): AnySQLiteColumn => accessTokens.id, { onDelete: "set null" }),
    /** All refresh tokens rotated from one authorization share a family; reuse revokes the family. */
    tokenFamily: text("token_family").notNull(),
    created: instant("created").notNull(),
    updated: instant("updated").notNull(),
    /** When it was revoked (rotated or revoked); null: usable. */
    revoked: instant("revoked"),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.tokenFamily), index("refresh_tokens_application_idx").on(t.applicationId), index("refresh_tokens_user_idx").on(t.userId)],
);

/**
 * Authorization codes live in KV; their single use is decided here: a code is redeemed by inserting
 * its hash, and the unique key makes a second (or concurrent) redemption fail.
 */
export const consumedAuthorizationCodes = sqliteTable(
  "consumed_authorization_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    applicationId: integer("application_id").notNull().references(() => oauthApplications.id, { onDelete: "cascade" }),
    /** The refresh-token family issued from this code, revoked if the code is replayed. */
    tokenFamily: text("token_family"),
    consumedAt: instant("consumed_at").notNull(),
  },
  (t) => [index("consumed_authorization_codes_consumed_idx").on(t.consumedAt)],
);
