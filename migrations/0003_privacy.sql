CREATE TABLE `erasures` (
	`day` text NOT NULL,
	`channel` text NOT NULL,
	`seekers` integer DEFAULT 0 NOT NULL,
	`messages` integer DEFAULT 0 NOT NULL,
	`cases` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `channel`)
);
