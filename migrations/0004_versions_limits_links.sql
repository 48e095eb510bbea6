CREATE TABLE `password_set_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`expires` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `password_set_links_token_hash_unique` ON `password_set_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `password_set_links_user_idx` ON `password_set_links` (`user_id`);--> statement-breakpoint
CREATE INDEX `password_set_links_expires_idx` ON `password_set_links` (`expires`);--> statement-breakpoint
CREATE TABLE `precondition_guard` (
	`reason` text NOT NULL,
	CONSTRAINT "precondition_failed" CHECK(0)
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	`expires` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limits_expires_idx` ON `rate_limits` (`expires`);--> statement-breakpoint
ALTER TABLE `users` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `shifts` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `participations` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `oauth_applications` ADD `allowed_scopes` text DEFAULT 'PUBLIC_READ PUBLIC_WRITE ME_READ ME_WRITE CONFIDENTIAL_READ CONFIDENTIAL_WRITE' NOT NULL;--> statement-breakpoint
ALTER TABLE `federated_users` ADD `session_binding` text;--> statement-breakpoint
-- A federation host's application at this guest logs users in for their profile only.
UPDATE `oauth_applications` SET `allowed_scopes` = 'ME_READ' WHERE `id` IN (SELECT `oauth_application_id` FROM `federated_hosts`);--> statement-breakpoint
-- Row versions for atomic `If-Match`: every change of a row, and of the rows its representation
-- embeds, bumps its version, whichever code path writes it (written by hand: drizzle-kit has no triggers).
CREATE TRIGGER `users_version` AFTER UPDATE ON `users` FOR EACH ROW WHEN NEW.`version` = OLD.`version`
BEGIN UPDATE `users` SET `version` = OLD.`version` + 1 WHERE `id` = NEW.`id`; END;--> statement-breakpoint
CREATE TRIGGER `events_version` AFTER UPDATE ON `events` FOR EACH ROW WHEN NEW.`version` = OLD.`version`
BEGIN UPDATE `events` SET `version` = OLD.`version` + 1 WHERE `id` = NEW.`id`; END;--> statement-breakpoint
CREATE TRIGGER `shifts_version` AFTER UPDATE ON `shifts` FOR EACH ROW WHEN NEW.`version` = OLD.`version`
BEGIN UPDATE `shifts` SET `version` = OLD.`version` + 1 WHERE `id` = NEW.`id`; END;--> statement-breakpoint
CREATE TRIGGER `participations_version` AFTER UPDATE ON `participations` FOR EACH ROW WHEN NEW.`version` = OLD.`version`
BEGIN UPDATE `participations` SET `version` = OLD.`version` + 1 WHERE `id` = NEW.`id`; END;--> statement-breakpoint
CREATE TRIGGER `group_members_insert_version` AFTER INSERT ON `group_members` FOR EACH ROW
BEGIN UPDATE `users` SET `version` = `version` + 1 WHERE `id` = NEW.`user_id`; END;--> statement-breakpoint
CREATE TRIGGER `group_members_delete_version` AFTER DELETE ON `group_members` FOR EACH ROW
BEGIN UPDATE `users` SET `version` = `version` + 1 WHERE `id` = OLD.`user_id`; END;--> statement-breakpoint
CREATE TRIGGER `qualification_grants_insert_version` AFTER INSERT ON `qualification_grants` FOR EACH ROW
BEGIN UPDATE `users` SET `version` = `version` + 1 WHERE `id` = NEW.`user_id`; END;--> statement-breakpoint
CREATE TRIGGER `qualification_grants_update_version` AFTER UPDATE ON `qualification_grants` FOR EACH ROW
BEGIN UPDATE `users` SET `version` = `version` + 1 WHERE `id` IN (OLD.`user_id`, NEW.`user_id`); END;--> statement-breakpoint
CREATE TRIGGER `qualification_grants_delete_version` AFTER DELETE ON `qualification_grants` FOR EACH ROW
BEGIN UPDATE `users` SET `version` = `version` + 1 WHERE `id` = OLD.`user_id`; END;--> statement-breakpoint
CREATE TRIGGER `event_group_permissions_insert_version` AFTER INSERT ON `event_group_permissions` FOR EACH ROW
BEGIN UPDATE `events` SET `version` = `version` + 1 WHERE `id` = NEW.`event_id`; END;--> statement-breakpoint
CREATE TRIGGER `event_group_permissions_delete_version` AFTER DELETE ON `event_group_permissions` FOR EACH ROW
BEGIN UPDATE `events` SET `version` = `version` + 1 WHERE `id` = OLD.`event_id`; END;--> statement-breakpoint
CREATE TRIGGER `event_shares_insert_version` AFTER INSERT ON `event_shares` FOR EACH ROW
BEGIN UPDATE `events` SET `version` = `version` + 1 WHERE `id` = NEW.`event_id`; END;--> statement-breakpoint
CREATE TRIGGER `event_shares_delete_version` AFTER DELETE ON `event_shares` FOR EACH ROW
BEGIN UPDATE `events` SET `version` = `version` + 1 WHERE `id` = OLD.`event_id`; END;--> statement-breakpoint
CREATE TRIGGER `participation_comments_insert_version` AFTER INSERT ON `participation_comments` FOR EACH ROW
BEGIN UPDATE `participations` SET `version` = `version` + 1 WHERE `id` = NEW.`participation_id`; END;--> statement-breakpoint
CREATE TRIGGER `participation_comments_delete_version` AFTER DELETE ON `participation_comments` FOR EACH ROW
BEGIN UPDATE `participations` SET `version` = `version` + 1 WHERE `id` = OLD.`participation_id`; END;
