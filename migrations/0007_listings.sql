CREATE TABLE `profiles` (
	`seeker_id` integer PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`consented_at` integer NOT NULL,
	`consent_version` text NOT NULL,
	`disability_consented_at` integer,
	`alert_conversation_id` text,
	`alert_due_at` integer,
	`alert_sent_at` integer,
	`unreachable_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`seeker_id`) REFERENCES `seekers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `profiles_alert_due_idx` ON `profiles` (`alert_due_at`) WHERE "profiles"."alert_due_at" is not null;--> statement-breakpoint
CREATE TABLE `scam_checks` (
	`id` integer PRIMARY KEY NOT NULL,
	`message_id` integer NOT NULL,
	`conversation_id` text NOT NULL,
	`channel` text NOT NULL,
	`verdict` text NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`vacancy_slug` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `scam_checks_created_idx` ON `scam_checks` (`created_at`);--> statement-breakpoint
CREATE INDEX `scam_checks_conversation_idx` ON `scam_checks` (`conversation_id`);--> statement-breakpoint
ALTER TABLE `cases` ADD `listing` text;