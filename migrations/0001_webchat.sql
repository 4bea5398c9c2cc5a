CREATE TABLE `web_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `messages` ADD `in_reply_to` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `buttons` text;