DROP INDEX `event_group_permissions_group_idx`;--> statement-breakpoint
CREATE INDEX `event_group_permissions_group_event_idx` ON `event_group_permissions` (`group_id`,`permission`,`event_id`);--> statement-breakpoint
DROP INDEX `event_user_permissions_user_idx`;--> statement-breakpoint
CREATE INDEX `event_user_permissions_user_event_idx` ON `event_user_permissions` (`user_id`,`permission`,`event_id`);