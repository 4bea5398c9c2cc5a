ALTER TABLE `cases` ADD `origin` text;--> statement-breakpoint
CREATE INDEX `cases_origin_created_idx` ON `cases` (`origin`,`created_at`);