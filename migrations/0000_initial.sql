CREATE TABLE `group_members` (
	`group_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_members_user_idx` ON `group_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `group_permissions` (
	`group_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`group_id`, `permission`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `groups` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_name_unique` ON `groups` (`name`);--> statement-breakpoint
CREATE TABLE `user_permissions` (
	`user_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`user_id`, `permission`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
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
CREATE UNIQUE INDEX `users_email_lower_unique` ON `users` (lower("email"));--> statement-breakpoint
CREATE INDEX `users_display_name_idx` ON `users` (`display_name`);--> statement-breakpoint
CREATE TABLE `qualification_categories` (
	`id` integer PRIMARY KEY NOT NULL,
	`uuid` text NOT NULL,
	`title` text NOT NULL,
	`show_with_user` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `qualification_categories_uuid_unique` ON `qualification_categories` (`uuid`);--> statement-breakpoint
CREATE TABLE `qualification_grants` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`qualification_id` integer NOT NULL,
	`expires` integer,
	`externally_managed` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`qualification_id`) REFERENCES `qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `qualification_grants_qualification_idx` ON `qualification_grants` (`qualification_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `qualification_grants_user_qualification_unique` ON `qualification_grants` (`user_id`,`qualification_id`);--> statement-breakpoint
CREATE TABLE `qualification_includes` (
	`qualification_id` integer NOT NULL,
	`included_id` integer NOT NULL,
	PRIMARY KEY(`qualification_id`, `included_id`),
	FOREIGN KEY (`qualification_id`) REFERENCES `qualifications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`included_id`) REFERENCES `qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `qualification_includes_included_idx` ON `qualification_includes` (`included_id`);--> statement-breakpoint
CREATE TABLE `qualifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`uuid` text NOT NULL,
	`title` text NOT NULL,
	`abbreviation` text NOT NULL,
	`category_id` integer NOT NULL,
	`is_imported` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `qualification_categories`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `qualifications_uuid_unique` ON `qualifications` (`uuid`);--> statement-breakpoint
CREATE INDEX `qualifications_category_idx` ON `qualifications` (`category_id`);--> statement-breakpoint
CREATE TABLE `event_group_permissions` (
	`event_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`event_id`, `group_id`, `permission`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_group_permissions_group_idx` ON `event_group_permissions` (`group_id`,`permission`);--> statement-breakpoint
CREATE TABLE `event_types` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`color` text DEFAULT '#343a40' NOT NULL,
	`show_participant_data` integer DEFAULT 0 NOT NULL,
	`default_description` text
);
--> statement-breakpoint
CREATE TABLE `event_user_permissions` (
	`event_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`event_id`, `user_id`, `permission`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_user_permissions_user_idx` ON `event_user_permissions` (`user_id`,`permission`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`description` text,
	`location` text NOT NULL,
	`type_id` integer NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`type_id`) REFERENCES `event_types`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`type_id`);--> statement-breakpoint
CREATE INDEX `events_active_idx` ON `events` (`active`);--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` integer PRIMARY KEY NOT NULL,
	`event_id` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`meeting_time` integer NOT NULL,
	`start_time` integer NOT NULL,
	`end_time` integer NOT NULL,
	`signup_flow_slug` text NOT NULL,
	`signup_flow_configuration` text NOT NULL,
	`structure_slug` text NOT NULL,
	`structure_configuration` text NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `shifts_event_idx` ON `shifts` (`event_id`,`start_time`);--> statement-breakpoint
CREATE INDEX `shifts_order_idx` ON `shifts` (`meeting_time`,`start_time`,`id`);--> statement-breakpoint
CREATE INDEX `shifts_start_idx` ON `shifts` (`start_time`);--> statement-breakpoint
CREATE INDEX `shifts_end_idx` ON `shifts` (`end_time`);--> statement-breakpoint
CREATE TABLE `participation_comments` (
	`id` integer PRIMARY KEY NOT NULL,
	`participation_id` integer NOT NULL,
	`authored_by_responsible_id` integer,
	`created_at` integer NOT NULL,
	`visible_for` integer DEFAULT 0 NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`participation_id`) REFERENCES `participations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`authored_by_responsible_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `participation_comments_participation_idx` ON `participation_comments` (`participation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `participations` (
	`id` integer PRIMARY KEY NOT NULL,
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
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`federated_user_id`) REFERENCES `federated_users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "participations_kind_check" CHECK(("participations"."kind" = 'local' AND "participations"."user_id" IS NOT NULL AND "participations"."federated_user_id" IS NULL)
       OR ("participations"."kind" = 'placeholder' AND "participations"."display_name" IS NOT NULL AND "participations"."user_id" IS NULL AND "participations"."federated_user_id" IS NULL)
       OR ("participations"."kind" = 'federated' AND "participations"."federated_user_id" IS NOT NULL AND "participations"."user_id" IS NULL)),
	CONSTRAINT "participations_state_check" CHECK("participations"."state" BETWEEN 0 AND 4)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participations_shift_user_unique` ON `participations` (`shift_id`,`user_id`) WHERE "participations"."user_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `participations_shift_federated_user_unique` ON `participations` (`shift_id`,`federated_user_id`) WHERE "participations"."federated_user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `participations_shift_state_idx` ON `participations` (`shift_id`,`state`);--> statement-breakpoint
CREATE INDEX `participations_user_idx` ON `participations` (`user_id`);--> statement-breakpoint
CREATE INDEX `participations_federated_user_idx` ON `participations` (`federated_user_id`);--> statement-breakpoint
CREATE INDEX `participations_state_idx` ON `participations` (`state`);--> statement-breakpoint
CREATE TABLE `block_compositions` (
	`id` integer PRIMARY KEY NOT NULL,
	`composite_block_id` integer NOT NULL,
	`sub_block_id` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`optional` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`composite_block_id`) REFERENCES `building_blocks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sub_block_id`) REFERENCES `building_blocks`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `block_compositions_composite_idx` ON `block_compositions` (`composite_block_id`);--> statement-breakpoint
CREATE INDEX `block_compositions_sub_idx` ON `block_compositions` (`sub_block_id`);--> statement-breakpoint
CREATE TABLE `block_position_qualifications` (
	`position_id` integer NOT NULL,
	`qualification_id` integer NOT NULL,
	PRIMARY KEY(`position_id`, `qualification_id`),
	FOREIGN KEY (`position_id`) REFERENCES `block_positions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`qualification_id`) REFERENCES `qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `block_positions` (
	`id` integer PRIMARY KEY NOT NULL,
	`block_id` integer NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`optional` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`block_id`) REFERENCES `building_blocks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `block_positions_block_idx` ON `block_positions` (`block_id`);--> statement-breakpoint
CREATE TABLE `block_qualification_requirements` (
	`id` integer PRIMARY KEY NOT NULL,
	`block_id` integer NOT NULL,
	`everyone` integer DEFAULT false NOT NULL,
	`at_least` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`block_id`) REFERENCES `building_blocks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `block_qualification_requirements_block_idx` ON `block_qualification_requirements` (`block_id`);--> statement-breakpoint
CREATE TABLE `block_requirement_qualifications` (
	`requirement_id` integer NOT NULL,
	`qualification_id` integer NOT NULL,
	PRIMARY KEY(`requirement_id`, `qualification_id`),
	FOREIGN KEY (`requirement_id`) REFERENCES `block_qualification_requirements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`qualification_id`) REFERENCES `qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `building_blocks` (
	`id` integer PRIMARY KEY NOT NULL,
	`uuid` text NOT NULL,
	`name` text NOT NULL,
	`block_type` text NOT NULL,
	`allow_more` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `building_blocks_uuid_unique` ON `building_blocks` (`uuid`);--> statement-breakpoint
CREATE TABLE `access_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
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
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `oauth_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_refresh_token_id`) REFERENCES `refresh_tokens`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `access_tokens_token_hash_unique` ON `access_tokens` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `access_tokens_source_refresh_token_id_unique` ON `access_tokens` (`source_refresh_token_id`);--> statement-breakpoint
CREATE INDEX `access_tokens_user_idx` ON `access_tokens` (`user_id`,`application_id`);--> statement-breakpoint
CREATE INDEX `access_tokens_application_idx` ON `access_tokens` (`application_id`);--> statement-breakpoint
CREATE INDEX `access_tokens_expires_idx` ON `access_tokens` (`expires`);--> statement-breakpoint
CREATE TABLE `consumed_authorization_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`application_id` integer NOT NULL,
	`token_family` text,
	`consumed_at` integer NOT NULL,
	FOREIGN KEY (`application_id`) REFERENCES `oauth_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consumed_authorization_codes_consumed_idx` ON `consumed_authorization_codes` (`consumed_at`);--> statement-breakpoint
CREATE TABLE `oauth_applications` (
	`id` integer PRIMARY KEY NOT NULL,
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
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_applications_client_id_unique` ON `oauth_applications` (`client_id`);--> statement-breakpoint
CREATE INDEX `oauth_applications_owner_idx` ON `oauth_applications` (`owner_id`);--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`application_id` integer NOT NULL,
	`access_token_id` integer,
	`token_family` text NOT NULL,
	`created` integer NOT NULL,
	`updated` integer NOT NULL,
	`revoked` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`application_id`) REFERENCES `oauth_applications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`access_token_id`) REFERENCES `access_tokens`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refresh_tokens_token_hash_unique` ON `refresh_tokens` (`token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `refresh_tokens_access_token_id_unique` ON `refresh_tokens` (`access_token_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_family_idx` ON `refresh_tokens` (`token_family`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_application_idx` ON `refresh_tokens` (`application_id`);--> statement-breakpoint
CREATE INDEX `refresh_tokens_user_idx` ON `refresh_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `event_shares` (
	`event_id` integer NOT NULL,
	`guest_id` integer NOT NULL,
	PRIMARY KEY(`event_id`, `guest_id`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`guest_id`) REFERENCES `federated_guests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_shares_guest_idx` ON `event_shares` (`guest_id`);--> statement-breakpoint
CREATE TABLE `federated_guests` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`access_token_id` integer NOT NULL,
	`client_id` text NOT NULL,
	`client_secret_encrypted` text NOT NULL,
	FOREIGN KEY (`access_token_id`) REFERENCES `access_tokens`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `federated_guests_access_token_id_unique` ON `federated_guests` (`access_token_id`);--> statement-breakpoint
CREATE TABLE `federated_hosts` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`url` text NOT NULL,
	`access_token_encrypted` text NOT NULL,
	`oauth_application_id` integer NOT NULL,
	FOREIGN KEY (`oauth_application_id`) REFERENCES `oauth_applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `federated_hosts_oauth_application_id_unique` ON `federated_hosts` (`oauth_application_id`);--> statement-breakpoint
CREATE TABLE `federated_user_qualifications` (
	`federated_user_id` integer NOT NULL,
	`qualification_id` integer NOT NULL,
	PRIMARY KEY(`federated_user_id`, `qualification_id`),
	FOREIGN KEY (`federated_user_id`) REFERENCES `federated_users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`qualification_id`) REFERENCES `qualifications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `federated_users` (
	`id` integer PRIMARY KEY NOT NULL,
	`guest_id` integer NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`date_of_birth` text,
	`phone` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`guest_id`) REFERENCES `federated_guests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `federated_users_guest_email_unique` ON `federated_users` (`guest_id`,lower("email"));--> statement-breakpoint
CREATE TABLE `invite_codes` (
	`id` integer PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`code_encrypted` text NOT NULL,
	`url` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invite_codes_code_hash_unique` ON `invite_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `invite_codes_created_idx` ON `invite_codes` (`created_at`);