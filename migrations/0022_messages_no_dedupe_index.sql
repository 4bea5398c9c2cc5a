-- Dedupe keys without an index of their own (issue 16): D1 bills each index entry as a row written, on every inbound
-- message. A key is looked up in its conversation's rows of the last days (8 for WhatsApp, 2 for the other channels) through messages_conversation_idx
-- (loggedWithKey in src/db/message-id.ts), inside the same batch as the insert.
DROP INDEX `messages_dedupe_uq`;