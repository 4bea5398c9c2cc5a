ALTER TABLE `cases` ADD `staff_thread_id` integer;--> statement-breakpoint
CREATE INDEX `cases_staff_thread_idx` ON `cases` (`staff_thread_id`);--> statement-breakpoint
ALTER TABLE `counsellors` ADD `telegram_user_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `counsellors_telegram_uq` ON `counsellors` (`telegram_user_id`);