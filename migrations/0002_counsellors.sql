CREATE TABLE `case_notes` (
	`id` integer PRIMARY KEY NOT NULL,
	`case_id` integer NOT NULL,
	`counsellor_id` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`counsellor_id`) REFERENCES `counsellors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `case_notes_case_idx` ON `case_notes` (`case_id`);--> statement-breakpoint
CREATE TABLE `cases` (
	`id` integer PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`topic` text,
	`intake` text DEFAULT '{}' NOT NULL,
	`assigned_to` integer,
	`labels` text DEFAULT '[]' NOT NULL,
	`outcome` text,
	`rating` integer,
	`created_at` integer NOT NULL,
	`claimed_at` integer,
	`first_reply_at` integer,
	`closed_at` integer,
	`last_seeker_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_to`) REFERENCES `counsellors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cases_status_created_idx` ON `cases` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_assigned_status_idx` ON `cases` (`assigned_to`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `cases_conversation_idx` ON `cases` (`conversation_id`,`status`);--> statement-breakpoint
CREATE TABLE `counsellor_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`counsellor_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`counsellor_id`) REFERENCES `counsellors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `counsellor_sessions_counsellor_idx` ON `counsellor_sessions` (`counsellor_id`);--> statement-breakpoint
CREATE TABLE `counsellors` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`is_admin` integer DEFAULT false NOT NULL,
	`disabled_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counsellors_email_uq` ON `counsellors` (`email`);--> statement-breakpoint
ALTER TABLE `messages` ADD `case_id` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `counsellor_id` integer;