-- Only WhatsApp outbound rows enter the channel-id index (issue 16): delivery statuses, the one lookup by channel id,
-- come from WhatsApp alone, and every Telegram reply carries a message id that cost an index entry (a row written).
DROP INDEX `messages_external_out_idx`;--> statement-breakpoint
CREATE INDEX `messages_whatsapp_out_idx` ON `messages` (`external_id`) WHERE "messages"."external_id" is not null and "messages"."direction" = 'out' and "messages"."channel" = 'whatsapp';