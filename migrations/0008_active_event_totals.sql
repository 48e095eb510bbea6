CREATE TABLE `active_event_totals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`shift_count` integer DEFAULT 0 NOT NULL,
	`participation_count` integer DEFAULT 0 NOT NULL,
	`positive_participation_count` integer DEFAULT 0 NOT NULL,
	`local_participation_count` integer DEFAULT 0 NOT NULL,
	`local_positive_participation_count` integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
-- Written by hand from here on. The row sums the counters of migration 0006 over the active
-- events; the triggers below add each event's change in the statement that makes it (the counters
-- themselves change by triggers on shifts and participations, which fire these). A missing row
-- means zeros: the first change inserts it. `npm run db:check` recomputes it with the counters.
CREATE TRIGGER `events_insert_active_totals` AFTER INSERT ON `events` FOR EACH ROW WHEN NEW.`active` = 1
BEGIN
  INSERT INTO `active_event_totals` (`id`, `shift_count`, `participation_count`, `positive_participation_count`, `local_participation_count`, `local_positive_participation_count`) VALUES (1, NEW.`shift_count`, NEW.`participation_count`, NEW.`positive_participation_count`, NEW.`local_participation_count`, NEW.`local_positive_participation_count`)
    ON CONFLICT (`id`) DO UPDATE SET `shift_count` = `shift_count` + excluded.`shift_count`, `participation_count` = `participation_count` + excluded.`participation_count`, `positive_participation_count` = `positive_participation_count` + excluded.`positive_participation_count`, `local_participation_count` = `local_participation_count` + excluded.`local_participation_count`, `local_positive_participation_count` = `local_positive_participation_count` + excluded.`local_positive_participation_count`;
END;--> statement-breakpoint
CREATE TRIGGER `events_update_active_totals` AFTER UPDATE OF `active`, `shift_count`, `participation_count`, `positive_participation_count`, `local_participation_count`, `local_positive_participation_count` ON `events` FOR EACH ROW
  WHEN NEW.`active` IS NOT OLD.`active` OR NEW.`shift_count` IS NOT OLD.`shift_count` OR NEW.`participation_count` IS NOT OLD.`participation_count` OR NEW.`positive_participation_count` IS NOT OLD.`positive_participation_count` OR NEW.`local_participation_count` IS NOT OLD.`local_participation_count` OR NEW.`local_positive_participation_count` IS NOT OLD.`local_positive_participation_count`
BEGIN
  INSERT INTO `active_event_totals` (`id`, `shift_count`, `participation_count`, `positive_participation_count`, `local_participation_count`, `local_positive_participation_count`) VALUES (1, (NEW.`active` = 1) * NEW.`shift_count` - (OLD.`active` = 1) * OLD.`shift_count`, (NEW.`active` = 1) * NEW.`participation_count` - (OLD.`active` = 1) * OLD.`participation_count`, (NEW.`active` = 1) * NEW.`positive_participation_count` - (OLD.`active` = 1) * OLD.`positive_participation_count`, (NEW.`active` = 1) * NEW.`local_participation_count` - (OLD.`active` = 1) * OLD.`local_participation_count`, (NEW.`active` = 1) * NEW.`local_positive_participation_count` - (OLD.`active` = 1) * OLD.`local_positive_participation_count`)
    ON CONFLICT (`id`) DO UPDATE SET `shift_count` = `shift_count` + excluded.`shift_count`, `participation_count` = `participation_count` + excluded.`participation_count`, `positive_participation_count` = `positive_participation_count` + excluded.`positive_participation_count`, `local_participation_count` = `local_participation_count` + excluded.`local_participation_count`, `local_positive_participation_count` = `local_positive_participation_count` + excluded.`local_positive_participation_count`;
END;--> statement-breakpoint
CREATE TRIGGER `events_delete_active_totals` AFTER DELETE ON `events` FOR EACH ROW WHEN OLD.`active` = 1
BEGIN
  INSERT INTO `active_event_totals` (`id`, `shift_count`, `participation_count`, `positive_participation_count`, `local_participation_count`, `local_positive_participation_count`) VALUES (1, -OLD.`shift_count`, -OLD.`participation_count`, -OLD.`positive_participation_count`, -OLD.`local_participation_count`, -OLD.`local_positive_participation_count`)
    ON CONFLICT (`id`) DO UPDATE SET `shift_count` = `shift_count` + excluded.`shift_count`, `participation_count` = `participation_count` + excluded.`participation_count`, `positive_participation_count` = `positive_participation_count` + excluded.`positive_participation_count`, `local_participation_count` = `local_participation_count` + excluded.`local_participation_count`, `local_positive_participation_count` = `local_positive_participation_count` + excluded.`local_positive_participation_count`;
END;--> statement-breakpoint
-- Backfill.
INSERT INTO `active_event_totals` (`id`, `shift_count`, `participation_count`, `positive_participation_count`, `local_participation_count`, `local_positive_participation_count`)
  SELECT 1, coalesce(sum(`shift_count`), 0), coalesce(sum(`participation_count`), 0), coalesce(sum(`positive_participation_count`), 0), coalesce(sum(`local_participation_count`), 0), coalesce(sum(`local_positive_participation_count`), 0) FROM `events` WHERE `active` = 1;
