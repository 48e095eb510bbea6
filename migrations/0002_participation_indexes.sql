DROP INDEX `participations_user_idx`;--> statement-breakpoint
DROP INDEX `participations_state_idx`;--> statement-breakpoint
CREATE INDEX `participations_user_state_idx` ON `participations` (`user_id`,`state`);