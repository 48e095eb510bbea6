ALTER TABLE `users` ADD `calendar_token_hash` text;--> statement-breakpoint
-- Every existing user gets a random value in place of a token's hash (written by hand): no token
-- hashes to it, so no feed URL works until the user resets it on /settings/calendar/, which shows
-- the new URL once. Only ADD COLUMN and CREATE INDEX: a table rebuild would run the ON DELETE
-- CASCADE of every child (see 0003).
UPDATE `users` SET `calendar_token_hash` = lower(hex(randomblob(32)));--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_hash_unique` ON `users` (`calendar_token_hash`);
