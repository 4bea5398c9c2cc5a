-- Message ids without AUTOINCREMENT (issue 16): AUTOINCREMENT writes a sqlite_sequence row per insert statement,
-- which D1 bills as a row written. Ids are still never given twice: every insert takes its id from newMessageId
-- (src/db/message-id.ts), at least D1's current millisecond times 1000.
-- SQLite cannot drop AUTOINCREMENT in place, so the table is rebuilt as in 0012: D1 keeps foreign keys on during
-- migrations, and dropping `messages` would cascade to scam_checks and null the links of attachments, so both child
-- tables are rebuilt too, pointing at the new table, and the old tables are dropped children first: no row is lost.
-- One-time cost: every row of the three tables is written once more (plus its index entries).
CREATE TABLE `__new_messages` (
	`id` integer PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`channel` text NOT NULL,
	`direction` text NOT NULL,
	`sender` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`topic` text,
	`ref` text,
	`external_id` text,
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
INSERT INTO `__new_messages`("id", "conversation_id", "channel", "direction", "sender", "kind", "text", "topic", "ref", "external_id", "status", "error", "dedupe_key", "claim", "claimed_at", "attempts", "in_reply_to", "buttons", "case_id", "counsellor_id", "created_at") SELECT "id", "conversation_id", "channel", "direction", "sender", "kind", "text", "topic", "ref", "external_id", "status", "error", "dedupe_key", "claim", "claimed_at", "attempts", "in_reply_to", "buttons", "case_id", "counsellor_id", "created_at" FROM `messages`;
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
CREATE TABLE `__new_attachments` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`conversation_id` text,
	`message_id` integer,
	`sender` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`message_id`) REFERENCES `__new_messages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_attachments`("id", "key", "conversation_id", "message_id", "sender", "name", "type", "size", "created_at") SELECT "id", "key", "conversation_id", "message_id", "sender", "name", "type", "size", "created_at" FROM `attachments`;
--> statement-breakpoint
DROP TABLE `scam_checks`;
--> statement-breakpoint
DROP TABLE `attachments`;
--> statement-breakpoint
DROP TABLE `messages`;
--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;
--> statement-breakpoint
ALTER TABLE `__new_scam_checks` RENAME TO `scam_checks`;
--> statement-breakpoint
ALTER TABLE `__new_attachments` RENAME TO `attachments`;
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_dedupe_uq` ON `messages` (`dedupe_key`) WHERE "messages"."dedupe_key" is not null;
--> statement-breakpoint
CREATE INDEX `messages_conversation_idx` ON `messages` (`conversation_id`,`id`);
--> statement-breakpoint
CREATE INDEX `messages_external_out_idx` ON `messages` (`external_id`) WHERE "messages"."external_id" is not null and "messages"."direction" = 'out';
--> statement-breakpoint
CREATE INDEX `messages_unknown_idx` ON `messages` (`created_at`) WHERE "messages"."direction" = 'in' and "messages"."kind" = 'text' and "messages"."topic" = 'unknown';
--> statement-breakpoint
CREATE INDEX `messages_unknown_text_idx` ON `messages` (lower(trim("text")),`created_at`) WHERE "messages"."direction" = 'in' and "messages"."kind" = 'text' and "messages"."topic" = 'unknown';
--> statement-breakpoint
CREATE INDEX `scam_checks_created_idx` ON `scam_checks` (`created_at`);
--> statement-breakpoint
CREATE INDEX `scam_checks_conversation_idx` ON `scam_checks` (`conversation_id`);
--> statement-breakpoint
CREATE INDEX `scam_checks_verdict_created_idx` ON `scam_checks` (`verdict`,`created_at`);
--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_key_uq` ON `attachments` (`key`);
--> statement-breakpoint
CREATE INDEX `attachments_conversation_idx` ON `attachments` (`conversation_id`,`created_at`);
--> statement-breakpoint
CREATE INDEX `attachments_message_idx` ON `attachments` (`message_id`);
--> statement-breakpoint
CREATE INDEX `attachments_orphan_idx` ON `attachments` (`id`) WHERE "attachments"."conversation_id" is null;
