ALTER TABLE `profiles` ADD `age_group` text;--> statement-breakpoint
ALTER TABLE `profiles` ADD `guardian_consented_at` integer;--> statement-breakpoint
ALTER TABLE `profiles` ADD `guardian_consent_version` text;