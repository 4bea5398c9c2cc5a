CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`seeker_id` integer NOT NULL,
	`channel` text NOT NULL,
	`state` text DEFAULT '{}' NOT NULL,
	`last_topic` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`seeker_id`) REFERENCES `seekers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversations_seeker_idx` ON `conversations` (`seeker_id`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`channel` text NOT NULL,
	`direction` text NOT NULL,
	`sender` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`topic` text,
	`ref` text,
	`telegram_message_id` integer,
	`status` text NOT NULL,
	`error` text,
	`dedupe_key` text,
	`claim` text,
	`claimed_at` integer,
	`attempts` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_dedupe_uq` ON `messages` (`dedupe_key`) WHERE "messages"."dedupe_key" is not null;--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`,`id`);--> statement-breakpoint
CREATE TABLE `seekers` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`external_id` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `seekers_channel_external_uq` ON `seekers` (`channel`,`external_id`);