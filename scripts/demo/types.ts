/**
 * The fixture's records as the schema in src/db/fixtures/format.ts infers them (its output type,
 * where every key is present), so the generator cannot write a key or a value the format does not
 * have, nor leave one out.
 */
import type { Fixture } from "../../src/db/fixtures/format";

export type { Fixture };
type Item<K extends keyof Fixture> = Fixture[K] extends readonly (infer T)[] ? T : never;

export type FxUser = Item<"users">;
export type FxGroup = Item<"groups">;
export type FxQualificationCategory = Item<"qualification_categories">;
export type FxQualification = Item<"qualifications">;
export type FxGrant = Item<"qualification_grants">;
export type FxEventType = Item<"event_types">;
export type FxEvent = Item<"events">;
export type FxEventPermission = Item<"event_permissions">;
export type FxShift = Item<"shifts">;
export type FxFederatedUser = Item<"federated_users">;
export type FxParticipation = Item<"participations">;
/** The demo dates every comment. */
export type FxComment = Required<FxParticipation["comments"][number]>;
export type FxBuildingBlock = Item<"building_blocks">;
export type FxApiToken = Item<"api_tokens">;
export type FxOAuthApplication = Item<"oauth_applications">;
export type FxFederatedGuest = Item<"federated_guests">;
export type FxFederatedHost = Item<"federated_hosts">;
export type FxInviteCode = Item<"invite_codes">;
export type FxEventShare = Item<"event_shares">;
/** Signup flow and structure configurations, structure data: JSON objects. */
export type JsonObject = FxShift["structure_configuration"];
