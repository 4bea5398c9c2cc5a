CREATE TABLE `stats_daily` (
	`day` text NOT NULL,
	`channel` text NOT NULL,
	`topic` text NOT NULL,
	`messages_in` integer DEFAULT 0 NOT NULL,
	`bot_replies` integer DEFAULT 0 NOT NULL,
	`counsellor_replies` integer DEFAULT 0 NOT NULL,
	`conversations` integer DEFAULT 0 NOT NULL,
	`seekers` integer DEFAULT 0 NOT NULL,
	`conversation_gaps` text DEFAULT '{}' NOT NULL,
	`seeker_gaps` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`day`, `channel`, `topic`)
);
