-- Case and message ids are never given twice (security review L6): AUTOINCREMENT keeps the highest id ever used,
-- so an erased case's number is not given to the next case. SQLite cannot add AUTOINCREMENT in place, so both tables
-- are rebuilt. D1 keeps foreign keys on during migrations (PRAGMA foreign_keys=OFF is ignored), and dropping a table
-- deletes its rows first, which would cascade to case_notes and scam_checks. So the two child tables are rebuilt too,
-- pointing at the new tables, and every old table is dropped only after its children: nothing cascades, no row is lost.
-- One-time cost: every row of the four tables is written once more (plus its index entries).
CREATE TABLE `__new_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
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
	`staff_thread_id` integer,
	`listing` text,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assigned_to`) REFERENCES `counsellors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_cases`("id", "conversation_id", "channel", "status", "topic", "intake", "assigned_to", "labels", "outcome", "rating", "created_at", "claimed_at", "first_reply_at", "closed_at", "last_seeker_at", "staff_thread_id", "listing") SELECT "id", "conversation_id", "channel", "status", "topic", "intake", "assigned_to", "labels", "outcome", "rating", "created_at", "claimed_at", "first_reply_at", "closed_at", "last_seeker_at", "staff_thread_id", "listing" FROM `cases`;
--> statement-breakpoint
CREATE TABLE `__new_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
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
	`in_reply_to` integer,
	`buttons` text,
	`case_id` integer,
	`counsellor_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_messages`("id", "conversation_id", "channel", "direction", "sender", "kind", "text", "topic", "ref", "telegram_message_id", "status", "error", "dedupe_key", "claim", "claimed_at", "attempts", "in_reply_to", "buttons", "case_id", "counsellor_id", "created_at") SELECT "id", "conversation_id", "channel", "direction", "sender", "kind", "text", "topic", "ref", "telegram_message_id", "status", "error", "dedupe_key", "claim", "claimed_at", "attempts", "in_reply_to", "buttons", "case_id", "counsellor_id", "created_at" FROM `messages`;
--> statement-breakpoint
CREATE TABLE `__new_case_notes` (
	`id` integer PRIMARY KEY NOT NULL,
	`case_id` integer NOT NULL,
	`counsellor_id` integer NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `__new_cases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`counsellor_id`) REFERENCES `counsellors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_case_notes`("id", "case_id", "counsellor_id", "text", "created_at") SELECT "id", "case_id", "counsellor_id", "text", "created_at" FROM `case_notes`;
--> statement-breakpoint
CREATE TABLE `__new_scam_checks` (
	`id` integer PRIMARY KEY NOT NULL,
	`message_id` integer NOT NULL,
	`conversation_id` text NOT NULL,
	`channel` text NOT NULL,
	`verdict` text NOT NULL,
	`flags` text DEFAULT '[]' NOT NULL,
	`vacancy_slug` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `__new_messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_scam_checks`("id", "message_id", "conversation_id", "channel", "verdict", "flags", "vacancy_slug", "created_at") SELECT "id", "message_id", "conversation_id", "channel", "verdict", "flags", "vacancy_slug", "created_at" FROM `scam_checks`;
--> statement-breakpoint
DROP TABLE `case_notes`;
--> statement-breakpoint
DROP TABLE `scam_checks`;
--> statement-breakpoint
DROP TABLE `cases`;
--> statement-breakpoint
DROP TABLE `messages`;
--> statement-breakpoint
ALTER TABLE `__new_cases` RENAME TO `cases`;
--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;
--> statement-breakpoint
ALTER TABLE `__new_case_notes` RENAME TO `case_notes`;
--> statement-breakpoint
ALTER TABLE `__new_scam_checks` RENAME TO `scam_checks`;
--> statement-breakpoint
CREATE INDEX `case_notes_case_idx` ON `case_notes` (`case_id`);
--> statement-breakpoint
CREATE INDEX `cases_assigned_status_idx` ON `cases` (`assigned_to`,`status`,`created_at`);
--> statement-breakpoint
CREATE INDEX `cases_conversation_idx` ON `cases` (`conversation_id`,`status`);
--> statement-breakpoint
CREATE INDEX `cases_staff_thread_idx` ON `cases` (`staff_thread_id`);
--> statement-breakpoint
CREATE INDEX `cases_status_created_idx` ON `cases` (`status`,`created_at`);
--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`,`id`);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_dedupe_uq` ON `messages` (`dedupe_key`) WHERE "messages"."dedupe_key" is not null;
--> statement-breakpoint
CREATE INDEX `messages_unknown_idx` ON `messages` (`created_at`) WHERE "messages"."direction" = 'in' and "messages"."kind" = 'text' and "messages"."topic" = 'unknown';
--> statement-breakpoint
CREATE INDEX `messages_unknown_text_idx` ON `messages` (lower(trim("text")),`created_at`) WHERE "messages"."direction" = 'in' and "messages"."kind" = 'text' and "messages"."topic" = 'unknown';
--> statement-breakpoint
CREATE INDEX `scam_checks_conversation_idx` ON `scam_checks` (`conversation_id`);
--> statement-breakpoint
CREATE INDEX `scam_checks_created_idx` ON `scam_checks` (`created_at`);
--> statement-breakpoint
CREATE INDEX `scam_checks_verdict_created_idx` ON `scam_checks` (`verdict`,`created_at`);
