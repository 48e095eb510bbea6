-- Rebuilds every table with `INTEGER PRIMARY KEY AUTOINCREMENT`, so SQLite never hands a deleted
--> statement-breakpoint
-- row's id to a new row. Written by hand, not by drizzle-kit: drizzle-kit's rebuild drops each old
--> statement-breakpoint
-- table while foreign keys are enforced (D1 ignores `PRAGMA foreign_keys=OFF` inside its migration
--> statement-breakpoint
-- transaction), and the implicit DELETE of a DROP TABLE would run the ON DELETE CASCADE of every
--> statement-breakpoint
-- child. Here all new tables are created first, referencing each other by their new names; the
--> statement-breakpoint
-- rows are copied parents first; the old tables are dropped children first (so no drop reaches a
--> statement-breakpoint
-- row of a new table); then the new tables are renamed, which rewrites the references to the final
--> statement-breakpoint
-- names; last the indexes are created again. Foreign keys are checked at the end of the migration.
--> statement-breakpoint
PRAGMA defer_foreign_keys = on;
--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`email_invalid` integer DEFAULT false NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text,
	`date_of_birth` text,
	`phone` text,
	`is_active` integer DEFAULT true NOT NULL,
	`is_visible` integer DEFAULT true NOT NULL,
	`is_staff` integer DEFAULT false NOT NULL,
	`is_superuser` integer DEFAULT false NOT NULL,
	`date_joined` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `__new_oauth_applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`owner_id` integer,
	`client_id` text NOT NULL,
	`client_secret_hash` text NOT NULL,
	`client_type` text NOT NULL,
	`authorization_grant_type` text DEFAULT 'authorization-code' NOT NULL,
	`redirect_uris` text DEFAULT '' NOT NULL,
	`skip_authorization` integer DEFAULT false NOT NULL,
	`created` integer NOT NULL,
	`updated` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `__new_refresh_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`application_id` integer NOT NULL,
	`access_token_id` integer,
	`token_family` text NOT NULL,
	`created` integer NOT NULL,
	`updated` integer NOT NULL,
	`revoked` integer,
	FOREIGN KEY (`user_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `__new_oauth_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`access_token_id`) REFERENCES `__new_access_tokens`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `__new_access_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer,
	`token_hash` text NOT NULL,
	`application_id` integer,
	`scope` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`expires` integer,
	`revoked` integer DEFAULT false NOT NULL,
	`created` integer NOT NULL,
	`updated` integer NOT NULL,
	`source_refresh_token_id` integer,
	FOREIGN KEY (`user_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `__new_oauth_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_refresh_token_id`) REFERENCES `__new_refresh_tokens`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `__new_building_blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`name` text NOT NULL,
	`block_type` text NOT NULL,
	`allow_more` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `__new_block_compositions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`composite_block_id` integer NOT NULL,
	`sub_block_id` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`optional` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`composite_block_id`) REFERENCES `__new_building_blocks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sub_block_id`) REFERENCES `__new_building_blocks`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `__new_qualification_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`title` text NOT NULL,
	`show_with_user` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `__new_qualifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`uuid` text NOT NULL,
	`title` text NOT NULL,
	`abbreviation` text NOT NULL,
	`category_id` integer NOT NULL,
	`is_imported` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `__new_qualification_categories`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `__new_block_positions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`block_id` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`optional` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`block_id`) REFERENCES `__new_building_blocks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_block_position_qualifications` (
	`position_id` integer NOT NULL,
	`qualification_id` integer NOT NULL,
	PRIMARY KEY(`position_id`, `qualification_id`),
	FOREIGN KEY (`position_id`) REFERENCES `__new_block_positions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`qualification_id`) REFERENCES `__new_qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_block_qualification_requirements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`block_id` integer NOT NULL,
	`everyone` integer DEFAULT false NOT NULL,
	`at_least` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`block_id`) REFERENCES `__new_building_blocks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_block_requirement_qualifications` (
	`requirement_id` integer NOT NULL,
	`qualification_id` integer NOT NULL,
	PRIMARY KEY(`requirement_id`, `qualification_id`),
	FOREIGN KEY (`requirement_id`) REFERENCES `__new_block_qualification_requirements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`qualification_id`) REFERENCES `__new_qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_consumed_authorization_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`application_id` integer NOT NULL,
	`token_family` text,
	`consumed_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `__new_oauth_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `__new_event_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`color` text DEFAULT '#343a40' NOT NULL,
	`show_participant_data` integer DEFAULT 0 NOT NULL,
	`default_description` text
);
--> statement-breakpoint
CREATE TABLE `__new_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`location` text NOT NULL,
	`type_id` integer NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`type_id`) REFERENCES `__new_event_types`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `__new_event_group_permissions` (
	`event_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`event_id`, `group_id`, `permission`),
	FOREIGN KEY (`event_id`) REFERENCES `__new_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `__new_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_federated_guests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`access_token_id` integer NOT NULL,
	`client_id` text NOT NULL,
	`client_secret_encrypted` text NOT NULL,
	FOREIGN KEY (`access_token_id`) REFERENCES `__new_access_tokens`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_event_shares` (
	`event_id` integer NOT NULL,
	`guest_id` integer NOT NULL,
	PRIMARY KEY(`event_id`, `guest_id`),
	FOREIGN KEY (`event_id`) REFERENCES `__new_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`guest_id`) REFERENCES `__new_federated_guests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_event_user_permissions` (
	`event_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`, `permission`),
	FOREIGN KEY (`event_id`) REFERENCES `__new_events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_federated_hosts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`access_token_encrypted` text NOT NULL,
	`oauth_application_id` integer NOT NULL,
	FOREIGN KEY (`oauth_application_id`) REFERENCES `__new_oauth_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_federated_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guest_id` integer NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`date_of_birth` text,
	`phone` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`guest_id`) REFERENCES `__new_federated_guests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_federated_user_qualifications` (
	`federated_user_id` integer NOT NULL,
	`qualification_id` integer NOT NULL,
	PRIMARY KEY(`federated_user_id`, `qualification_id`),
	FOREIGN KEY (`federated_user_id`) REFERENCES `__new_federated_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`qualification_id`) REFERENCES `__new_qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_group_members` (
	`group_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `__new_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_group_permissions` (
	`group_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`group_id`, `permission`),
	FOREIGN KEY (`group_id`) REFERENCES `__new_groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_invite_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code_hash` text NOT NULL,
	`code_encrypted` text NOT NULL,
	`url` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `__new_shifts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`meeting_time` integer NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`signup_flow_slug` text NOT NULL,
	`signup_flow_configuration` text NOT NULL,
	`structure_slug` text NOT NULL,
	`structure_configuration` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `__new_events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_participations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shift_id` integer NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`display_name` text,
	`federated_user_id` integer,
	`state` integer DEFAULT 4 NOT NULL,
	`structure_data` text DEFAULT '{}' NOT NULL,
	`individual_start_time` integer,
	`individual_end_time` integer,
	`finished` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`shift_id`) REFERENCES `__new_shifts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`federated_user_id`) REFERENCES `__new_federated_users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "participations_kind_check" CHECK(("__new_participations"."kind" = 'local' AND "__new_participations"."user_id" IS NOT NULL AND "__new_participations"."federated_user_id" IS NULL)
       OR ("__new_participations"."kind" = 'placeholder' AND "__new_participations"."display_name" IS NOT NULL AND "__new_participations"."user_id" IS NULL AND "__new_participations"."federated_user_id" IS NULL)
       OR ("__new_participations"."kind" = 'federated' AND "__new_participations"."federated_user_id" IS NOT NULL AND "__new_participations"."user_id" IS NULL)),
	CONSTRAINT "participations_state_check" CHECK("__new_participations"."state" BETWEEN 0 AND 4)
);
--> statement-breakpoint
CREATE TABLE `__new_participation_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`participation_id` integer NOT NULL,
	`authored_by_responsible_id` integer,
	`created_at` integer NOT NULL,
	`visible_for` integer DEFAULT 0 NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`participation_id`) REFERENCES `__new_participations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`authored_by_responsible_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `__new_qualification_grants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`qualification_id` integer NOT NULL,
	`expires` integer,
	`externally_managed` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`qualification_id`) REFERENCES `__new_qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_qualification_includes` (
	`qualification_id` integer NOT NULL,
	`included_id` integer NOT NULL,
	PRIMARY KEY(`qualification_id`, `included_id`),
	FOREIGN KEY (`qualification_id`) REFERENCES `__new_qualifications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`included_id`) REFERENCES `__new_qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `__new_user_permissions` (
	`user_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`user_id`, `permission`),
	FOREIGN KEY (`user_id`) REFERENCES `__new_users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_users` ("id", "email", "email_invalid", "display_name", "password_hash", "date_of_birth", "phone", "is_active", "is_visible", "is_staff", "is_superuser", "date_joined") SELECT "id", "email", "email_invalid", "display_name", "password_hash", "date_of_birth", "phone", "is_active", "is_visible", "is_staff", "is_superuser", "date_joined" FROM `users`;
--> statement-breakpoint
INSERT INTO `__new_oauth_applications` ("id", "name", "owner_id", "client_id", "client_secret_hash", "client_type", "authorization_grant_type", "redirect_uris", "skip_authorization", "created", "updated") SELECT "id", "name", "owner_id", "client_id", "client_secret_hash", "client_type", "authorization_grant_type", "redirect_uris", "skip_authorization", "created", "updated" FROM `oauth_applications`;
--> statement-breakpoint
INSERT INTO `__new_refresh_tokens` ("id", "user_id", "token_hash", "application_id", "access_token_id", "token_family", "created", "updated", "revoked") SELECT "id", "user_id", "token_hash", "application_id", "access_token_id", "token_family", "created", "updated", "revoked" FROM `refresh_tokens`;
--> statement-breakpoint
INSERT INTO `__new_access_tokens` ("id", "user_id", "token_hash", "application_id", "scope", "description", "expires", "revoked", "created", "updated", "source_refresh_token_id") SELECT "id", "user_id", "token_hash", "application_id", "scope", "description", "expires", "revoked", "created", "updated", "source_refresh_token_id" FROM `access_tokens`;
--> statement-breakpoint
INSERT INTO `__new_building_blocks` ("id", "uuid", "name", "block_type", "allow_more") SELECT "id", "uuid", "name", "block_type", "allow_more" FROM `building_blocks`;
--> statement-breakpoint
INSERT INTO `__new_block_compositions` ("id", "composite_block_id", "sub_block_id", "label", "optional") SELECT "id", "composite_block_id", "sub_block_id", "label", "optional" FROM `block_compositions`;
--> statement-breakpoint
INSERT INTO `__new_qualification_categories` ("id", "uuid", "title", "show_with_user") SELECT "id", "uuid", "title", "show_with_user" FROM `qualification_categories`;
--> statement-breakpoint
INSERT INTO `__new_qualifications` ("id", "uuid", "title", "abbreviation", "category_id", "is_imported") SELECT "id", "uuid", "title", "abbreviation", "category_id", "is_imported" FROM `qualifications`;
--> statement-breakpoint
INSERT INTO `__new_block_positions` ("id", "block_id", "label", "optional") SELECT "id", "block_id", "label", "optional" FROM `block_positions`;
--> statement-breakpoint
INSERT INTO `__new_block_position_qualifications` ("position_id", "qualification_id") SELECT "position_id", "qualification_id" FROM `block_position_qualifications`;
--> statement-breakpoint
INSERT INTO `__new_block_qualification_requirements` ("id", "block_id", "everyone", "at_least") SELECT "id", "block_id", "everyone", "at_least" FROM `block_qualification_requirements`;
--> statement-breakpoint
INSERT INTO `__new_block_requirement_qualifications` ("requirement_id", "qualification_id") SELECT "requirement_id", "qualification_id" FROM `block_requirement_qualifications`;
--> statement-breakpoint
INSERT INTO `__new_consumed_authorization_codes` ("code_hash", "application_id", "token_family", "consumed_at") SELECT "code_hash", "application_id", "token_family", "consumed_at" FROM `consumed_authorization_codes`;
--> statement-breakpoint
INSERT INTO `__new_groups` ("id", "name") SELECT "id", "name" FROM `groups`;
--> statement-breakpoint
INSERT INTO `__new_event_types` ("id", "title", "color", "show_participant_data", "default_description") SELECT "id", "title", "color", "show_participant_data", "default_description" FROM `event_types`;
--> statement-breakpoint
INSERT INTO `__new_events` ("id", "title", "description", "location", "type_id", "active") SELECT "id", "title", "description", "location", "type_id", "active" FROM `events`;
--> statement-breakpoint
INSERT INTO `__new_event_group_permissions` ("event_id", "group_id", "permission") SELECT "event_id", "group_id", "permission" FROM `event_group_permissions`;
--> statement-breakpoint
INSERT INTO `__new_federated_guests` ("id", "name", "url", "access_token_id", "client_id", "client_secret_encrypted") SELECT "id", "name", "url", "access_token_id", "client_id", "client_secret_encrypted" FROM `federated_guests`;
--> statement-breakpoint
INSERT INTO `__new_event_shares` ("event_id", "guest_id") SELECT "event_id", "guest_id" FROM `event_shares`;
--> statement-breakpoint
INSERT INTO `__new_event_user_permissions` ("event_id", "user_id", "permission") SELECT "event_id", "user_id", "permission" FROM `event_user_permissions`;
--> statement-breakpoint
INSERT INTO `__new_federated_hosts` ("id", "name", "url", "access_token_encrypted", "oauth_application_id") SELECT "id", "name", "url", "access_token_encrypted", "oauth_application_id" FROM `federated_hosts`;
--> statement-breakpoint
INSERT INTO `__new_federated_users` ("id", "guest_id", "email", "display_name", "date_of_birth", "phone", "created_at") SELECT "id", "guest_id", "email", "display_name", "date_of_birth", "phone", "created_at" FROM `federated_users`;
--> statement-breakpoint
INSERT INTO `__new_federated_user_qualifications` ("federated_user_id", "qualification_id") SELECT "federated_user_id", "qualification_id" FROM `federated_user_qualifications`;
--> statement-breakpoint
INSERT INTO `__new_group_members` ("group_id", "user_id") SELECT "group_id", "user_id" FROM `group_members`;
--> statement-breakpoint
INSERT INTO `__new_group_permissions` ("group_id", "permission") SELECT "group_id", "permission" FROM `group_permissions`;
--> statement-breakpoint
INSERT INTO `__new_invite_codes` ("id", "code_hash", "code_encrypted", "url", "created_at") SELECT "id", "code_hash", "code_encrypted", "url", "created_at" FROM `invite_codes`;
--> statement-breakpoint
INSERT INTO `__new_shifts` ("id", "event_id", "label", "meeting_time", "start_time", "end_time", "signup_flow_slug", "signup_flow_configuration", "structure_slug", "structure_configuration") SELECT "id", "event_id", "label", "meeting_time", "start_time", "end_time", "signup_flow_slug", "signup_flow_configuration", "structure_slug", "structure_configuration" FROM `shifts`;
--> statement-breakpoint
INSERT INTO `__new_participations` ("id", "shift_id", "kind", "user_id", "display_name", "federated_user_id", "state", "structure_data", "individual_start_time", "individual_end_time", "finished") SELECT "id", "shift_id", "kind", "user_id", "display_name", "federated_user_id", "state", "structure_data", "individual_start_time", "individual_end_time", "finished" FROM `participations`;
--> statement-breakpoint
INSERT INTO `__new_participation_comments` ("id", "participation_id", "authored_by_responsible_id", "created_at", "visible_for", "text") SELECT "id", "participation_id", "authored_by_responsible_id", "created_at", "visible_for", "text" FROM `participation_comments`;
--> statement-breakpoint
INSERT INTO `__new_qualification_grants` ("id", "user_id", "qualification_id", "expires", "externally_managed") SELECT "id", "user_id", "qualification_id", "expires", "externally_managed" FROM `qualification_grants`;
--> statement-breakpoint
INSERT INTO `__new_qualification_includes` ("qualification_id", "included_id") SELECT "qualification_id", "included_id" FROM `qualification_includes`;
--> statement-breakpoint
INSERT INTO `__new_user_permissions` ("user_id", "permission") SELECT "user_id", "permission" FROM `user_permissions`;
--> statement-breakpoint
DROP TABLE `user_permissions`;
--> statement-breakpoint
DROP TABLE `qualification_includes`;
--> statement-breakpoint
DROP TABLE `qualification_grants`;
--> statement-breakpoint
DROP TABLE `participation_comments`;
--> statement-breakpoint
DROP TABLE `participations`;
--> statement-breakpoint
DROP TABLE `shifts`;
--> statement-breakpoint
DROP TABLE `invite_codes`;
--> statement-breakpoint
DROP TABLE `group_permissions`;
--> statement-breakpoint
DROP TABLE `group_members`;
--> statement-breakpoint
DROP TABLE `federated_user_qualifications`;
--> statement-breakpoint
DROP TABLE `federated_users`;
--> statement-breakpoint
DROP TABLE `federated_hosts`;
--> statement-breakpoint
DROP TABLE `event_user_permissions`;
--> statement-breakpoint
DROP TABLE `event_shares`;
--> statement-breakpoint
DROP TABLE `federated_guests`;
--> statement-breakpoint
DROP TABLE `event_group_permissions`;
--> statement-breakpoint
DROP TABLE `events`;
--> statement-breakpoint
DROP TABLE `event_types`;
--> statement-breakpoint
DROP TABLE `groups`;
--> statement-breakpoint
DROP TABLE `consumed_authorization_codes`;
--> statement-breakpoint
DROP TABLE `block_requirement_qualifications`;
--> statement-breakpoint
DROP TABLE `block_qualification_requirements`;
--> statement-breakpoint
DROP TABLE `block_position_qualifications`;
--> statement-breakpoint
DROP TABLE `block_positions`;
--> statement-breakpoint
DROP TABLE `qualifications`;
--> statement-breakpoint
DROP TABLE `qualification_categories`;
--> statement-breakpoint
DROP TABLE `block_compositions`;
--> statement-breakpoint
DROP TABLE `building_blocks`;
--> statement-breakpoint
DROP TABLE `access_tokens`;
--> statement-breakpoint
DROP TABLE `refresh_tokens`;
--> statement-breakpoint
DROP TABLE `oauth_applications`;
--> statement-breakpoint
DROP TABLE `users`;
--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;
--> statement-breakpoint
ALTER TABLE `__new_oauth_applications` RENAME TO `oauth_applications`;
--> statement-breakpoint
ALTER TABLE `__new_refresh_tokens` RENAME TO `refresh_tokens`;
--> statement-breakpoint
ALTER TABLE `__new_access_tokens` RENAME TO `access_tokens`;
--> statement-breakpoint
ALTER TABLE `__new_building_blocks` RENAME TO `building_blocks`;
--> statement-breakpoint
ALTER TABLE `__new_block_compositions` RENAME TO `block_compositions`;
--> statement-breakpoint
ALTER TABLE `__new_qualification_categories` RENAME TO `qualification_categories`;
--> statement-breakpoint
ALTER TABLE `__new_qualifications` RENAME TO `qualifications`;
--> statement-breakpoint
ALTER TABLE `__new_block_positions` RENAME TO `block_positions`;
--> statement-breakpoint
ALTER TABLE `__new_block_position_qualifications` RENAME TO `block_position_qualifications`;
--> statement-breakpoint
ALTER TABLE `__new_block_qualification_requirements` RENAME TO `block_qualification_requirements`;
--> statement-breakpoint
ALTER TABLE `__new_block_requirement_qualifications` RENAME TO `block_requirement_qualifications`;
--> statement-breakpoint
ALTER TABLE `__new_consumed_authorization_codes` RENAME TO `consumed_authorization_codes`;
--> statement-breakpoint
ALTER TABLE `__new_groups` RENAME TO `groups`;
--> statement-breakpoint
ALTER TABLE `__new_event_types` RENAME TO `event_types`;
--> statement-breakpoint
ALTER TABLE `__new_events` RENAME TO `events`;
--> statement-breakpoint
ALTER TABLE `__new_event_group_permissions` RENAME TO `event_group_permissions`;
--> statement-breakpoint
ALTER TABLE `__new_federated_guests` RENAME TO `federated_guests`;
--> statement-breakpoint
ALTER TABLE `__new_event_shares` RENAME TO `event_shares`;
--> statement-breakpoint
ALTER TABLE `__new_event_user_permissions` RENAME TO `event_user_permissions`;
--> statement-breakpoint
ALTER TABLE `__new_federated_hosts` RENAME TO `federated_hosts`;
--> statement-breakpoint
ALTER TABLE `__new_federated_users` RENAME TO `federated_users`;
--> statement-breakpoint
ALTER TABLE `__new_federated_user_qualifications` RENAME TO `federated_user_qualifications`;
--> statement-breakpoint
ALTER TABLE `__new_group_members` RENAME TO `group_members`;
--> statement-breakpoint
ALTER TABLE `__new_group_permissions` RENAME TO `group_permissions`;
--> statement-breakpoint
ALTER TABLE `__new_invite_codes` RENAME TO `invite_codes`;
--> statement-breakpoint
ALTER TABLE `__new_shifts` RENAME TO `shifts`;
--> statement-breakpoint
ALTER TABLE `__new_participations` RENAME TO `participations`;
--> statement-breakpoint
ALTER TABLE `__new_participation_comments` RENAME TO `participation_comments`;
--> statement-breakpoint
ALTER TABLE `__new_qualification_grants` RENAME TO `qualification_grants`;
--> statement-breakpoint
ALTER TABLE `__new_qualification_includes` RENAME TO `qualification_includes`;
--> statement-breakpoint
ALTER TABLE `__new_user_permissions` RENAME TO `user_permissions`;
--> statement-breakpoint
CREATE INDEX `access_tokens_application_idx` ON `access_tokens` (`application_id`);
--> statement-breakpoint
CREATE INDEX `access_tokens_expires_idx` ON `access_tokens` (`expires`);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_tokens_source_refresh_token_id_unique` ON `access_tokens` (`source_refresh_token_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_tokens_token_hash_unique` ON `access_tokens` (`token_hash`);
--> statement-breakpoint
CREATE INDEX `access_tokens_user_idx` ON `access_tokens` (`user_id`,`application_id`);
--> statement-breakpoint
CREATE INDEX `block_compositions_composite_idx` ON `block_compositions` (`composite_block_id`);
--> statement-breakpoint
CREATE INDEX `block_compositions_sub_idx` ON `block_compositions` (`sub_block_id`);
--> statement-breakpoint
CREATE INDEX `block_positions_block_idx` ON `block_positions` (`block_id`);
--> statement-breakpoint
CREATE INDEX `block_qualification_requirements_block_idx` ON `block_qualification_requirements` (`block_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `building_blocks_uuid_unique` ON `building_blocks` (`uuid`);
--> statement-breakpoint
CREATE INDEX `consumed_authorization_codes_consumed_idx` ON `consumed_authorization_codes` (`consumed_at`);
--> statement-breakpoint
CREATE INDEX `event_group_permissions_group_idx` ON `event_group_permissions` (`group_id`,`permission`);
--> statement-breakpoint
CREATE INDEX `event_shares_guest_idx` ON `event_shares` (`guest_id`);
--> statement-breakpoint
CREATE INDEX `event_user_permissions_user_idx` ON `event_user_permissions` (`user_id`,`permission`);
--> statement-breakpoint
CREATE INDEX `events_active_idx` ON `events` (`active`);
--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `federated_guests_access_token_id_unique` ON `federated_guests` (`access_token_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `federated_hosts_oauth_application_id_unique` ON `federated_hosts` (`oauth_application_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `federated_users_guest_email_unique` ON `federated_users` (`guest_id`,lower("email"));
--> statement-breakpoint
CREATE INDEX `group_members_user_idx` ON `group_members` (`user_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_name_unique` ON `groups` (`name`);
--> statement-breakpoint
CREATE UNIQUE INDEX `invite_codes_code_hash_unique` ON `invite_codes` (`code_hash`);
--> statement-breakpoint
CREATE INDEX `invite_codes_created_idx` ON `invite_codes` (`created_at`);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_applications_client_id_unique` ON `oauth_applications` (`client_id`);
--> statement-breakpoint
CREATE INDEX `oauth_applications_owner_idx` ON `oauth_applications` (`owner_id`);
--> statement-breakpoint
CREATE INDEX `participation_comments_participation_idx` ON `participation_comments` (`participation_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `participations_federated_user_idx` ON `participations` (`federated_user_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `participations_shift_federated_user_unique` ON `participations` (`shift_id`,`federated_user_id`) WHERE "participations"."federated_user_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX `participations_shift_state_idx` ON `participations` (`shift_id`,`state`);
--> statement-breakpoint
CREATE UNIQUE INDEX `participations_shift_user_unique` ON `participations` (`shift_id`,`user_id`) WHERE "participations"."user_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX `participations_user_state_idx` ON `participations` (`user_id`,`state`);
--> statement-breakpoint
CREATE UNIQUE INDEX `qualification_categories_uuid_unique` ON `qualification_categories` (`uuid`);
--> statement-breakpoint
CREATE INDEX `qualification_grants_qualification_idx` ON `qualification_grants` (`qualification_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `qualification_grants_user_qualification_unique` ON `qualification_grants` (`user_id`,`qualification_id`);
--> statement-breakpoint
CREATE INDEX `qualification_includes_included_idx` ON `qualification_includes` (`included_id`);
--> statement-breakpoint
CREATE INDEX `qualifications_category_idx` ON `qualifications` (`category_id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `qualifications_uuid_unique` ON `qualifications` (`uuid`);
--> statement-breakpoint
CREATE UNIQUE INDEX `refresh_tokens_access_token_id_unique` ON `refresh_tokens` (`access_token_id`);
--> statement-breakpoint
CREATE INDEX `refresh_tokens_application_idx` ON `refresh_tokens` (`application_id`);
--> statement-breakpoint
CREATE INDEX `refresh_tokens_family_idx` ON `refresh_tokens` (`token_family`);
--> statement-breakpoint
CREATE UNIQUE INDEX `refresh_tokens_token_hash_unique` ON `refresh_tokens` (`token_hash`);
--> statement-breakpoint
CREATE INDEX `refresh_tokens_user_idx` ON `refresh_tokens` (`user_id`);
--> statement-breakpoint
CREATE INDEX `shifts_end_idx` ON `shifts` (`end_time`);
--> statement-breakpoint
CREATE INDEX `shifts_event_idx` ON `shifts` (`event_id`,`start_time`);
--> statement-breakpoint
CREATE INDEX `shifts_order_idx` ON `shifts` (`meeting_time`,`start_time`,`id`);
--> statement-breakpoint
CREATE INDEX `shifts_start_idx` ON `shifts` (`start_time`);
--> statement-breakpoint
CREATE INDEX `users_display_name_idx` ON `users` (`display_name`);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_lower_unique` ON `users` (lower("email"));
