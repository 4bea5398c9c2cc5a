DROP INDEX `messages_external_idx`;--> statement-breakpoint
CREATE INDEX `messages_external_out_idx` ON `messages` (`external_id`) WHERE "messages"."external_id" is not null and "messages"."direction" = 'out';--> statement-breakpoint
ALTER TABLE `conversations` DROP COLUMN `last_topic`;