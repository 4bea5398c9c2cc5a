/** The D1 schema, source of truth for the SQL migrations (`npm run db:generate`). */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Integer primary keys without AUTOINCREMENT: ids still grow, and no sqlite_sequence row is written per insert.

/** A person on one channel, known only by the channel's identity until they consent to a profile. */
export const seekers = sqliteTable(
  "seekers",
  {
    id: integer("id").primaryKey(),
    channel: text("channel").notNull(),
    /** Telegram user id or web session id */
    externalId: text("external_id").notNull(),
    firstSeenAt: integer("first_seen_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    /** set by a counsellor when the seeker abuses the service: messages are still logged, the bot stays quiet */
    blockedAt: integer("blocked_at"),
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
    /**
     * JSON of ConversationState. Its lastTopic is left out when it is the topic the last answered inbound message was
     * logged with (the store reads it from there), so a change of topic alone writes no conversation row.
     */
    state: text("state").notNull().default("{}"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("conversations_seeker_idx").on(t.seekerId)],
);

/**
 * Every message in both directions, logged exactly once. An inbound row doubles as the claim on its
 * delivery (dedupe key, claim token, status), so deduplication costs no extra table or index writes: a dedupe key
 * is looked up in its conversation's recent rows (loggedWithKey in src/db/message-id.ts), not by an index of its own.
 */
export const messages = sqliteTable(
  "messages",
  {
    /** never given twice, without AUTOINCREMENT: every insert takes its id from newMessageId (src/db/message-id.ts) */
    id: integer("id").primaryKey(),
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
    /** the channel's id of the message: Telegram message_id, WhatsApp wamid (as text) */
    externalId: text("external_id"),
    /** inbound: received (being handled) or answered; outbound: pending (being sent), sent or failed, and on WhatsApp delivered or read (its status webhooks) */
    status: text("status", { enum: ["received", "answered", "pending", "sent", "delivered", "read", "failed"] }).notNull(),
    /** why delivery failed, in plain words */
    error: text("error"),
    /** inbound only: "tg:<update id>", "web:<session>:<client message id>" */
    dedupeKey: text("dedupe_key"),
    /** inbound only: random token of the request handling it */
    claim: text("claim"),
    /** inbound only: when the current claim was taken (epoch ms) */
    claimedAt: integer("claimed_at"),
    /** inbound only: how many requests took the claim */
    attempts: integer("attempts"),
    /** outbound only: the inbound message this reply answers */
    inReplyTo: integer("in_reply_to"),
    /** outbound only: JSON of the quick-reply buttons shown with it */
    buttons: text("buttons"),
    /** the counsellor case this message belongs to, if any */
    caseId: integer("case_id"),
    /** for sender = counsellor: who wrote it */
    counsellorId: integer("counsellor_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("messages_conversation_idx").on(t.conversationId, t.id),
    // Delivery statuses (WhatsApp) name an outbound message by its channel id. Partial: inbound rows, rows of the other
    // channels (whose channel ids nothing looks up, e.g. every Telegram reply) and rows without one write no index
    // entry, which D1 bills as a row written.
    index("messages_whatsapp_out_idx").on(t.externalId).where(sql`${t.externalId} is not null and ${t.direction} = 'out' and ${t.channel} = 'whatsapp'`),
    // The "Belum terjawab" dashboard page: typed questions routed to `unknown`, newest first, and the same
    // question (lower-cased, trimmed) counted by an index range. Both indexes are partial: an inbound row is
    // inserted with a null topic and gets its topic when it is answered, so they cost an index write only for
    // the few messages the bot did not understand, and nothing for every other message.
    index("messages_unknown_idx").on(t.createdAt).where(sql`${t.direction} = 'in' and ${t.kind} = 'text' and ${t.topic} = 'unknown'`),
    index("messages_unknown_text_idx")
      .on(sql`lower(trim(${t.text}))`, t.createdAt)
      .where(sql`${t.direction} = 'in' and ${t.kind} = 'text' and ${t.topic} = 'unknown'`),
  ],
);

/** An anonymous web-chat session; the bearer token's secret is stored only as a SHA-256 hash. */
export const webSessions = sqliteTable("web_sessions", {
  /** random UUID, also the seeker's external id and the conversation id suffix ("web:<id>") */
  id: text("id").primaryKey(),
  /** hex SHA-256 of the token's secret part */
  tokenHash: text("token_hash").notNull(),
  createdAt: integer("created_at").notNull(),
});

/** A seeker's request for a human counsellor, from handoff to close. */
export const cases = sqliteTable(
  "cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    /** waiting (in the queue), open (claimed by a counsellor), closed; left = the seeker left the queue */
    status: text("status", { enum: ["waiting", "open", "closed", "left"] }).notNull(),
    /** the topic the seeker came from, e.g. konselor, lowongan */
    topic: text("topic"),
    /** JSON: { need?, education?, kecamatan? } from the optional intake */
    intake: text("intake").notNull().default("{}"),
    assignedTo: integer("assigned_to").references(() => counsellors.id),
    /** JSON array of labels */
    labels: text("labels").notNull().default("[]"),
    /** informed, vacancy, training, ak1, placed, other; spam (marked by a counsellor), expired (the seeker never wrote) */
    outcome: text("outcome"),
    /** 1-5 from the seeker after closing */
    rating: integer("rating"),
    createdAt: integer("created_at").notNull(),
    claimedAt: integer("claimed_at"),
    firstReplyAt: integer("first_reply_at"),
    closedAt: integer("closed_at"),
    /** last seeker message time, for "waiting since" */
    lastSeekerAt: integer("last_seeker_at").notNull(),
    /** the forum topic of this case in the Telegram staff group, when one is configured */
    staffThreadId: integer("staff_thread_id"),
    /** JSON { kind: "vacancy" | "training", slug, title } when the seeker asked about a listing */
    listing: text("listing"),
    /**
     * Web chat: a truncated SHA-256 of the client's IP address (never the address), so handoffs per address can be
     * limited over a day; deleted with the case.
     */
    origin: text("origin"),
  },
  (t) => [
    index("cases_status_created_idx").on(t.status, t.createdAt),
    index("cases_origin_created_idx").on(t.origin, t.createdAt),
    index("cases_assigned_status_idx").on(t.assignedTo, t.status, t.createdAt),
    index("cases_conversation_idx").on(t.conversationId, t.status),
    index("cases_staff_thread_idx").on(t.staffThreadId),
  ],
);

/** A counsellor (pengantar kerja) account for the dashboard. */
export const counsellors = sqliteTable(
  "counsellors",
  {
    id: integer("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** PBKDF2-SHA256: "pbkdf2$<iterations>$<salt b64>$<hash b64>" */
    passwordHash: text("password_hash").notNull(),
    isAdmin: integer("is_admin", { mode: "boolean" }).notNull().default(false),
    disabledAt: integer("disabled_at"),
    /** the counsellor's Telegram user id, to relay their messages in the staff group */
    telegramUserId: integer("telegram_user_id"),
    createdAt: integer("created_at").notNull(),
    /** set by an admin (npm run counsellor -- password-login <email> off): only passkeys (or Access) sign in */
    passwordDisabled: integer("password_disabled", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("counsellors_email_uq").on(t.email), uniqueIndex("counsellors_telegram_uq").on(t.telegramUserId)],
);

/** A dashboard login session; only the SHA-256 of the cookie token is stored. */
export const counsellorSessions = sqliteTable(
  "counsellor_sessions",
  {
    /** hex SHA-256 of the cookie's token */
    id: text("id").primaryKey(),
    counsellorId: integer("counsellor_id")
      .notNull()
      .references(() => counsellors.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [index("counsellor_sessions_counsellor_idx").on(t.counsellorId)],
);

/** A counsellor's passkey (WebAuthn credential); several per account, revoked ones are kept and refused. */
export const counsellorPasskeys = sqliteTable(
  "counsellor_passkeys",
  {
    id: integer("id").primaryKey(),
    counsellorId: integer("counsellor_id")
      .notNull()
      .references(() => counsellors.id, { onDelete: "cascade" }),
    /** the credential id, base64url */
    credentialId: text("credential_id").notNull(),
    /** the COSE public key, base64url */
    publicKey: text("public_key").notNull(),
    /** the authenticator's signature counter (0 for most passkeys) */
    counter: integer("counter").notNull().default(0),
    /** JSON array of transports the browser reported (usb, internal, hybrid …) */
    transports: text("transports").notNull().default("[]"),
    /** the counsellor's label, e.g. "Laptop kantor" */
    name: text("name").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("counsellor_passkeys_credential_uq").on(t.credentialId), index("counsellor_passkeys_counsellor_idx").on(t.counsellorId)],
);

/** One-time links to register a passkey (npm run counsellor -- invite); only the token's SHA-256 is stored. */
export const counsellorInvites = sqliteTable(
  "counsellor_invites",
  {
    /** hex SHA-256 of the link's token */
    id: text("id").primaryKey(),
    counsellorId: integer("counsellor_id")
      .notNull()
      .references(() => counsellors.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("counsellor_invites_counsellor_idx").on(t.counsellorId)],
);

/**
 * A WebAuthn challenge between "options" and "verify" (a few minutes), bound to the browser by a __Host- cookie
 * whose SHA-256 is the id; deleted when used.
 */
export const passkeyChallenges = sqliteTable("passkey_challenges", {
  /** hex SHA-256 of the cookie's token */
  id: text("id").primaryKey(),
  /** base64url challenge sent to the browser */
  challenge: text("challenge").notNull(),
  /** login, or register (for counsellorId, by its session or by the invite inviteId) */
  purpose: text("purpose", { enum: ["login", "register"] }).notNull(),
  counsellorId: integer("counsellor_id"),
  inviteId: text("invite_id"),
  expiresAt: integer("expires_at").notNull(),
});

/** Internal notes of counsellors on a case; never shown to the seeker. */
export const caseNotes = sqliteTable(
  "case_notes",
  {
    id: integer("id").primaryKey(),
    caseId: integer("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    counsellorId: integer("counsellor_id")
      .notNull()
      .references(() => counsellors.id),
    text: text("text").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("case_notes_case_idx").on(t.caseId)],
);

/** Anonymous counts kept when a seeker deletes their data (UU 27/2022), so statistics stay honest. */
export const erasures = sqliteTable(
  "erasures",
  {
    /** local day of the erasure, YYYY-MM-DD (UTC) */
    day: text("day").notNull(),
    channel: text("channel").notNull(),
    seekers: integer("seekers").notNull().default(0),
    messages: integer("messages").notNull().default(0),
    cases: integer("cases").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel] })],
);

/**
 * Daily rollup of the statistics for complete office days (on the office clock, src/core/clock.ts), written by the
 * daily cron (src/counsellor/rollup.ts).
 * Anonymous counts only; they stay when retention or an erasure later deletes the messages, like `erasures`.
 * Per day: one row (day, "*", "*") marks the day as rolled up; per channel one row (day, channel, "*") holds the
 * day's totals; per channel and topic one row holds that topic's inbound messages.
 */
export const statsDaily = sqliteTable(
  "stats_daily",
  {
    /** office date, YYYY-MM-DD (OFFICE_UTC_OFFSET) */
    day: text("day").notNull(),
    /** a channel, or "*" for the day's marker row */
    channel: text("channel").notNull(),
    /** a topic (null logged as "unknown"), or "*" for the day's totals of the channel */
    topic: text("topic").notNull(),
    messagesIn: integer("messages_in").notNull().default(0),
    botReplies: integer("bot_replies").notNull().default(0),
    counsellorReplies: integer("counsellor_replies").notNull().default(0),
    /** conversations with an inbound message that day */
    conversations: integer("conversations").notNull().default(0),
    /** seekers with an inbound message that day */
    seekers: integer("seekers").notNull().default(0),
    /**
     * JSON {gap: count}: of the day's active conversations, how many were last active `gap` days before
     * (1-366; 0 = not in the 366 days before), so distinct counts over any range of up to 366 days add up exactly
     */
    conversationGaps: text("conversation_gaps").notNull().default("{}"),
    /** JSON {gap: count} as conversationGaps, per seeker */
    seekerGaps: text("seeker_gaps").notNull().default("{}"),
  },
  (t) => [primaryKey({ columns: [t.day, t.channel, t.topic] })],
);

/**
 * Dashboard login attempts per key (hashed e-mail, IP, or the pair), to slow guessing (src/counsellor/throttle.ts);
 * also the account's usual networks ("known" keys, failures 0, next_at = until when).
 */
export const loginThrottle = sqliteTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStart: integer("window_start").notNull(),
  /** no attempt on this key before this instant (ms); for a known network, the end of its validity */
  nextAt: integer("next_at").notNull().default(0),
});

/** A seeker's profile for matching, stored only after consent (UU 27/2022); one per seeker. */
export const profiles = sqliteTable(
  "profiles",
  {
    seekerId: integer("seeker_id")
      .primaryKey()
      .references(() => seekers.id, { onDelete: "cascade" }),
    /** JSON of Profile (src/listings/types.ts) */
    data: text("data").notNull(),
    /** when the seeker agreed to the profile notice (proof of consent) */
    consentedAt: integer("consented_at").notNull(),
    /** which notice text they agreed to */
    consentVersion: text("consent_version").notNull(),
    /** the seeker's answer, asked before anything is stored: 18 or older ("adult") or not ("minor"); null on profiles made before the question */
    ageGroup: text("age_group", { enum: ["adult", "minor"] }),
    /** under 18: when a parent or guardian confirmed their consent in chat (UU 27/2022 Art. 25) */
    guardianConsentedAt: integer("guardian_consented_at"),
    /** under 18: the notice version the parent or guardian agreed to */
    guardianConsentVersion: text("guardian_consent_version"),
    /** separate explicit consent for disability data (specific personal data) */
    disabilityConsentedAt: integer("disability_consented_at"),
    /** the conversation weekly alerts go to ("tg:<chat id>", "web:<session id>"); null = alerts off */
    alertConversationId: text("alert_conversation_id"),
    /** when the next weekly digest is due (epoch ms); null = alerts off or seeker unreachable */
    alertDueAt: integer("alert_due_at"),
    /** when the last digest was claimed; vacancies verified after it count as new */
    alertSentAt: integer("alert_sent_at"),
    /** the bot was blocked by the seeker (Telegram 403): no more alerts */
    unreachableAt: integer("unreachable_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("profiles_alert_due_idx").on(t.alertDueAt).where(sql`${t.alertDueAt} is not null`)],
);

/** Every vacancy scam check, for counsellors; the checked text is the inbound message's text. */
export const scamChecks = sqliteTable(
  "scam_checks",
  {
    id: integer("id").primaryKey(),
    /** the inbound message that carried the checked text */
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    verdict: text("verdict", { enum: ["verified", "suspicious", "unverified"] }).notNull(),
    /** JSON array of flag ids */
    flags: text("flags").notNull().default("[]"),
    /** the verified vacancy it matched, if any */
    vacancySlug: text("vacancy_slug"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("scam_checks_created_idx").on(t.createdAt),
    index("scam_checks_conversation_idx").on(t.conversationId),
    index("scam_checks_verdict_created_idx").on(t.verdict, t.createdAt),
  ],
);

/**
 * A one-time code that joins a web conversation to a Telegram or WhatsApp chat ("Lanjutkan di Telegram"):
 * only its SHA-256 is stored; it expires, works once, and the redeemed row is the link itself (counsellor replies
 * for the web conversation go to `linkedConversationId`). Deleted with the web conversation.
 */
export const linkCodes = sqliteTable(
  "link_codes",
  {
    /** hex SHA-256 of the normalised code */
    codeHash: text("code_hash").primaryKey(),
    /** the web conversation the code was made for */
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** the channel the code is for: telegram or whatsapp */
    channel: text("channel", { enum: ["telegram", "whatsapp"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** when it was redeemed; null while unused */
    usedAt: integer("used_at"),
    /** the chat that redeemed it ("tg:<chat id>", "wa:<number>") */
    linkedConversationId: text("linked_conversation_id"),
  },
  (t) => [index("link_codes_conversation_idx").on(t.conversationId, t.usedAt)],
);

/**
 * A file a seeker sent (CV, photo of a job poster) or a counsellor attached to a reply; the bytes are in R2 (the FILES
 * bucket) under `key`, a random id. When the conversation or the message is deleted (/hapusdata, retention) the row
 * loses its links (set null) and the sweep (src/files/store.ts sweepOrphans) deletes the R2 object, then the row.
 */
export const attachments = sqliteTable(
  "attachments",
  {
    id: integer("id").primaryKey(),
    /** the R2 object key: "f/<random uuid>" */
    key: text("key").notNull(),
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
    /** the message row the file came with (inbound) or was sent with (a counsellor reply) */
    messageId: integer("message_id").references(() => messages.id, { onDelete: "set null" }),
    /** seeker or counsellor */
    sender: text("sender", { enum: ["seeker", "counsellor"] }).notNull(),
    /** the file name as given (shown, never trusted for the type) */
    name: text("name").notNull(),
    /** the type sniffed from the bytes: pdf, jpeg, png, docx */
    type: text("type", { enum: ["pdf", "jpeg", "png", "docx"] }).notNull(),
    size: integer("size").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("attachments_key_uq").on(t.key),
    index("attachments_conversation_idx").on(t.conversationId, t.createdAt),
    index("attachments_message_idx").on(t.messageId),
    // orphans waiting for the sweep: partial, so linked rows cost nothing here
    index("attachments_orphan_idx").on(t.id).where(sql`${t.conversationId} is null`),
  ],
);

/** Row types. */
export type Seeker = typeof seekers.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
export type Case = typeof cases.$inferSelect;
export type Counsellor = typeof counsellors.$inferSelect;
export type ProfileRow = typeof profiles.$inferSelect;
export type ScamCheckRow = typeof scamChecks.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
