CREATE TABLE `counsellor_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`counsellor_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`counsellor_id`) REFERENCES `counsellors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `counsellor_invites_counsellor_idx` ON `counsellor_invites` (`counsellor_id`);--> statement-breakpoint
CREATE TABLE `counsellor_passkeys` (
	`id` integer PRIMARY KEY NOT NULL,
	`counsellor_id` integer NOT NULL,
	`credential_id` text NOT NULL,
	`public_key` text NOT NULL,
	`counter` integer DEFAULT 0 NOT NULL,
	`transports` text DEFAULT '[]' NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`counsellor_id`) REFERENCES `counsellors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `counsellor_passkeys_credential_uq` ON `counsellor_passkeys` (`credential_id`);--> statement-breakpoint
CREATE INDEX `counsellor_passkeys_counsellor_idx` ON `counsellor_passkeys` (`counsellor_id`);--> statement-breakpoint
CREATE TABLE `passkey_challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`challenge` text NOT NULL,
	`purpose` text NOT NULL,
	`counsellor_id` integer,
	`invite_id` text,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `counsellors` ADD `password_disabled` integer DEFAULT false NOT NULL;