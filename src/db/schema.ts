/** The D1 schema, source of truth for the SQL migrations (`npm run db:generate`). */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** A person on one channel, known only by the channel's identity until they consent to a profile. */
export const seekers = sqliteTable(
  "seekers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel").notNull(),
    /** Telegram user id or web session id */
    externalId: text("external_id").notNull(),
    firstSeenAt: integer("first_seen_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [uniqueIndex("seekers_channel_external_uq").on(t.channel, t.externalId)],
);

/** One chat between a seeker and BINJOL on one channel ("tg:<chat id>", "web:<session id>"). */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    seekerId: integer("seeker_id")
      .notNull()
      .references(() => seekers.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    /** JSON of ConversationState */
    state: text("state").notNull().default("{}"),
    lastTopic: text("last_topic"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("conversations_seeker_idx").on(t.seekerId), index("conversations_updated_idx").on(t.updatedAt)],
);

/** Every message in both directions, logged exactly once. */
export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    /** "in" from the seeker, "out" to the seeker */
    direction: text("direction", { enum: ["in", "out"] }).notNull(),
    /** seeker, bot or counsellor */
    sender: text("sender", { enum: ["seeker", "bot", "counsellor"] }).notNull(),
    /** text, command, action, media */
    kind: text("kind").notNull(),
    text: text("text"),
    topic: text("topic"),
    /** what a bot reply showed, e.g. "guide:cv@<content version>" */
    ref: text("ref"),
    telegramMessageId: integer("telegram_message_id"),
    /** received, sent or failed */
    status: text("status").notNull(),
    /** why delivery failed, in plain words */
    error: text("error"),
    /** makes the inbound insert idempotent: "tg:<update id>", "web:<session>:<client message id>" */
    dedupeKey: text("dedupe_key"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("messages_dedupe_uq").on(t.dedupeKey),
    index("messages_conversation_idx").on(t.conversationId, t.id),
    index("messages_created_idx").on(t.createdAt),
    index("messages_topic_idx").on(t.topic, t.createdAt),
  ],
);

/** Inbound deliveries already claimed or handled: a Telegram update id is handled once. */
export const processedUpdates = sqliteTable(
  "processed_updates",
  {
    /** "tg:<update id>" or "web:<session>:<client message id>" */
    key: text("key").primaryKey(),
    /** random token of the request that holds the claim */
    claim: text("claim").notNull(),
    /** claimed while a request handles it, done once replies are logged */
    status: text("status", { enum: ["claimed", "done"] }).notNull(),
    attempts: integer("attempts").notNull().default(1),
    claimedAt: integer("claimed_at").notNull(),
    doneAt: integer("done_at"),
  },
  (t) => [index("processed_updates_claimed_idx").on(t.claimedAt)],
);

/** Row types. */
export type Seeker = typeof seekers.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
