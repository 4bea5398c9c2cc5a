ALTER TABLE `messages` ADD `external_id` text;--> statement-breakpoint
UPDATE `messages` SET `external_id` = CAST(`telegram_message_id` AS TEXT) WHERE `telegram_message_id` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_external_idx` ON `messages` (`external_id`) WHERE "messages"."external_id" is not null;
