ALTER TABLE `events` ADD `start_time` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `end_time` integer;--> statement-breakpoint
ALTER TABLE `events` ADD `shift_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `participation_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `positive_participation_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `local_participation_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `events` ADD `local_positive_participation_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `events_time_order_idx` ON `events` (coalesce(`start_time`, 8640000000000000), coalesce(`end_time`, 8640000000000000), `id`);--> statement-breakpoint
CREATE INDEX `events_end_idx` ON `events` (`end_time`);--> statement-breakpoint
-- Written by hand from here on. The columns above are kept true by the triggers below, inside
-- every statement that writes shifts or participations (API, pages, federation, fixture loader,
-- cascades), so no write path can forget them; `npm run db:check` recomputes and compares them.
-- Only ADD COLUMN, CREATE INDEX and triggers: no table rebuild (see 0003).
--
-- An event's version stays a version of its own columns: the counters change with every sign-up.
DROP TRIGGER `events_version`;--> statement-breakpoint
CREATE TRIGGER `events_version` AFTER UPDATE OF `title`, `description`, `location`, `type_id`, `active` ON `events` FOR EACH ROW WHEN NEW.`version` = OLD.`version`
BEGIN UPDATE `events` SET `version` = OLD.`version` + 1 WHERE `id` = NEW.`id`; END;--> statement-breakpoint
-- Times and shift count, recomputed from the event's shifts (a few rows, by shifts_event_idx).
CREATE TRIGGER `shifts_insert_event_counters` AFTER INSERT ON `shifts` FOR EACH ROW
BEGIN
  UPDATE `events` SET `shift_count` = `shift_count` + 1,
    `start_time` = (SELECT min(s.`start_time`) FROM `shifts` s WHERE s.`event_id` = NEW.`event_id`),
    `end_time` = (SELECT max(s.`end_time`) FROM `shifts` s WHERE s.`event_id` = NEW.`event_id`)
  WHERE `id` = NEW.`event_id`;
END;--> statement-breakpoint
CREATE TRIGGER `shifts_update_event_times` AFTER UPDATE OF `start_time`, `end_time` ON `shifts` FOR EACH ROW
BEGIN
  UPDATE `events` SET
    `start_time` = (SELECT min(s.`start_time`) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
    `end_time` = (SELECT max(s.`end_time`) FROM `shifts` s WHERE s.`event_id` = `events`.`id`)
  WHERE `id` IN (OLD.`event_id`, NEW.`event_id`);
END;--> statement-breakpoint
-- A shift moved to another event (not offered by the API, but the schema allows it) or deleted:
-- everything of the events concerned is recomputed. A deleted shift's participations are deleted
-- by the cascade after the shift row and before this trigger, and their own trigger finds no shift
-- any more, so the recount is what decides.
CREATE TRIGGER `shifts_move_event_counters` AFTER UPDATE OF `event_id` ON `shifts` FOR EACH ROW WHEN OLD.`event_id` <> NEW.`event_id`
BEGIN
  UPDATE `events` SET
    `shift_count` = (SELECT count(*) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
    `start_time` = (SELECT min(s.`start_time`) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
    `end_time` = (SELECT max(s.`end_time`) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
    (`participation_count`, `positive_participation_count`, `local_participation_count`, `local_positive_participation_count`) = (
      SELECT count(*), coalesce(sum(p.`state` IN (0, 1)), 0), coalesce(sum(p.`kind` = 'local'), 0), coalesce(sum(p.`kind` = 'local' AND p.`state` IN (0, 1)), 0)
      FROM `participations` p JOIN `shifts` s ON s.`id` = p.`shift_id` WHERE s.`event_id` = `events`.`id`)
  WHERE `id` IN (OLD.`event_id`, NEW.`event_id`);
END;--> statement-breakpoint
CREATE TRIGGER `shifts_delete_event_counters` AFTER DELETE ON `shifts` FOR EACH ROW
BEGIN
  UPDATE `events` SET
    `shift_count` = (SELECT count(*) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
    `start_time` = (SELECT min(s.`start_time`) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
    `end_time` = (SELECT max(s.`end_time`) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
    (`participation_count`, `positive_participation_count`, `local_participation_count`, `local_positive_participation_count`) = (
      SELECT count(*), coalesce(sum(p.`state` IN (0, 1)), 0), coalesce(sum(p.`kind` = 'local'), 0), coalesce(sum(p.`kind` = 'local' AND p.`state` IN (0, 1)), 0)
      FROM `participations` p JOIN `shifts` s ON s.`id` = p.`shift_id` WHERE s.`event_id` = `events`.`id`)
  WHERE `id` = OLD.`event_id`;
END;--> statement-breakpoint
-- Participation counters: one event row updated by increments, found through the shift.
CREATE TRIGGER `participations_insert_event_counters` AFTER INSERT ON `participations` FOR EACH ROW
BEGIN
  UPDATE `events` SET `participation_count` = `participation_count` + 1,
    `positive_participation_count` = `positive_participation_count` + (NEW.`state` IN (0, 1)),
    `local_participation_count` = `local_participation_count` + (NEW.`kind` = 'local'),
    `local_positive_participation_count` = `local_positive_participation_count` + (NEW.`kind` = 'local' AND NEW.`state` IN (0, 1))
  WHERE `id` = (SELECT `event_id` FROM `shifts` WHERE `id` = NEW.`shift_id`);
END;--> statement-breakpoint
CREATE TRIGGER `participations_update_event_counters` AFTER UPDATE OF `shift_id`, `kind`, `state` ON `participations` FOR EACH ROW
BEGIN
  UPDATE `events` SET `participation_count` = `participation_count` - 1,
    `positive_participation_count` = `positive_participation_count` - (OLD.`state` IN (0, 1)),
    `local_participation_count` = `local_participation_count` - (OLD.`kind` = 'local'),
    `local_positive_participation_count` = `local_positive_participation_count` - (OLD.`kind` = 'local' AND OLD.`state` IN (0, 1))
  WHERE `id` = (SELECT `event_id` FROM `shifts` WHERE `id` = OLD.`shift_id`);
  UPDATE `events` SET `participation_count` = `participation_count` + 1,
    `positive_participation_count` = `positive_participation_count` + (NEW.`state` IN (0, 1)),
    `local_participation_count` = `local_participation_count` + (NEW.`kind` = 'local'),
    `local_positive_participation_count` = `local_positive_participation_count` + (NEW.`kind` = 'local' AND NEW.`state` IN (0, 1))
  WHERE `id` = (SELECT `event_id` FROM `shifts` WHERE `id` = NEW.`shift_id`);
END;--> statement-breakpoint
CREATE TRIGGER `participations_delete_event_counters` AFTER DELETE ON `participations` FOR EACH ROW
BEGIN
  UPDATE `events` SET `participation_count` = `participation_count` - 1,
    `positive_participation_count` = `positive_participation_count` - (OLD.`state` IN (0, 1)),
    `local_participation_count` = `local_participation_count` - (OLD.`kind` = 'local'),
    `local_positive_participation_count` = `local_positive_participation_count` - (OLD.`kind` = 'local' AND OLD.`state` IN (0, 1))
  WHERE `id` = (SELECT `event_id` FROM `shifts` WHERE `id` = OLD.`shift_id`);
END;--> statement-breakpoint
-- Backfill.
UPDATE `events` SET
  `shift_count` = (SELECT count(*) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
  `start_time` = (SELECT min(s.`start_time`) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
  `end_time` = (SELECT max(s.`end_time`) FROM `shifts` s WHERE s.`event_id` = `events`.`id`),
  (`participation_count`, `positive_participation_count`, `local_participation_count`, `local_positive_participation_count`) = (
    SELECT count(*), coalesce(sum(p.`state` IN (0, 1)), 0), coalesce(sum(p.`kind` = 'local'), 0), coalesce(sum(p.`kind` = 'local' AND p.`state` IN (0, 1)), 0)
    FROM `participations` p JOIN `shifts` s ON s.`id` = p.`shift_id` WHERE s.`event_id` = `events`.`id`);
