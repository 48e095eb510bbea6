import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { instant } from "./columns";
import { events } from "./events";
import { qualifications } from "./qualifications";
import { accessTokens, oauthApplications } from "./tokens";

/** Host side: an instance we share events with. */
export const federatedGuests = sqliteTable("federated_guests", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  url: text("url").notNull(),
  // Deleting the guest's token ends the guest (as ephios's one-to-one cascade).
  accessTokenId: integer("access_token_id")
    .notNull()
    .unique()
    .references(() => accessTokens.id, { onDelete: "cascade" }),
  /** The guest's OAuth client, used to log its users in here. */
  clientId: text("client_id").notNull(),
  /** AES-GCM with a key from SECRET_KEY: we must send it back to the guest, so it cannot be a hash. */
  clientSecretEncrypted: text("client_secret_encrypted").notNull(),
});

/** Guest side: an instance that shares its events with us. */
export const federatedHosts = sqliteTable("federated_hosts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  url: text("url").notNull(),
  /** AES-GCM encrypted bearer token issued by the host; we present it, so it cannot be a hash. */
  accessTokenEncrypted: text("access_token_encrypted").notNull(),
  oauthApplicationId: integer("oauth_application_id")
    .notNull()
    .unique()
    .references(() => oauthApplications.id, { onDelete: "cascade" }),
});

/** Users of a guest instance who signed in here to take part in shared events. */
export const federatedUsers = sqliteTable(
  "federated_users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    guestId: integer("guest_id").notNull().references(() => federatedGuests.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    dateOfBirth: text("date_of_birth"),
    phone: text("phone"),
    createdAt: instant("created_at").notNull(),
    /**
     * A random value given to the row at its first login; its federated sessions carry it, so a
     * session is valid only for this row while it lives, never for a later row with the same id.
     */
    sessionBinding: text("session_binding"),
  },
  (t) => [uniqueIndex("federated_users_guest_email_unique").on(t.guestId, sql`lower(${t.email})`)],
);

export const federatedUserQualifications = sqliteTable(
  "federated_user_qualifications",
  {
    federatedUserId: integer("federated_user_id").notNull().references(() => federatedUsers.id, { onDelete: "cascade" }),
    qualificationId: integer("qualification_id").notNull().references(() => qualifications.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.federatedUserId, t.qualificationId] })],
);

/** Host side: a pending invitation for a guest instance, valid for 48 hours. */
export const inviteCodes = sqliteTable(
  "invite_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** SHA-256 hex of the code, for redemption lookups. */
    codeHash: text("code_hash").notNull().unique(),
    /** AES-GCM encrypted code, so staff can show the share string again while it is pending. */
    codeEncrypted: text("code_encrypted").notNull(),
    url: text("url").notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [index("invite_codes_created_idx").on(t.createdAt)],
);

export const eventShares = sqliteTable(
  "event_shares",
  {
    eventId: integer("event_id").notNull().references(() => events.id, { onDelete: "cascade" }),
    guestId: integer("guest_id").notNull().references(() => federatedGuests.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.guestId] }), index("event_shares_guest_idx").on(t.guestId)],
);
