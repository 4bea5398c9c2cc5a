/** Worker bindings and settings, and the dependencies built from them. */
import type { TelegramConfig } from "./channels/telegram/adapter.ts";
import { fallbackBundle } from "./content/fallback.ts";
import { loadListings } from "./content/listings-store.ts";
import type { Listings } from "./listings/types.ts";
import { loadContent } from "./content/store.ts";
import type { ContentBundle } from "./content/types.ts";
import { ClockConfigError, officeClockFrom, type OfficeClock, WIB_CLOCK } from "./core/clock.ts";
import { parseSchedule, type Schedule } from "./core/schedule.ts";
import { createDb, type Db } from "./db/client.ts";
import { type D1Usage, meterD1 } from "./db/metered.ts";
import { log } from "./log.ts";
import type { ConversationRoom } from "./live/conversation-room.ts";
import type { InboxRoom } from "./live/inbox-room.ts";

/** The Worker's environment (wrangler.toml vars, secrets, bindings). */
export interface Env {
  DB: D1Database;
  /** compiled content: the bundle under "content:current" plus content-hashed blobs */
  CONTENT: KVNamespace;
  /** secret: the bot token from @BotFather */
  TELEGRAM_BOT_TOKEN: string;
  /** secret: compared to X-Telegram-Bot-Api-Secret-Token */
  TELEGRAM_WEBHOOK_SECRET: string;
  /** Bot API base URL, e.g. https://api.telegram.org or a local emulator */
  TELEGRAM_API_ROOT?: string;
  /** Bot API file download root (<root>/file/bot<token>/<path>); default TELEGRAM_API_ROOT */
  TELEGRAM_FILE_ROOT?: string;
  /** R2 bucket of the files seekers send and counsellors attach (src/files/) */
  FILES?: R2Bucket;
  /** the bot's @username without the @ */
  TELEGRAM_BOT_USERNAME?: string;
  /** the bot's display name */
  TELEGRAM_BOT_NAME?: string;
  /** comma-separated origins allowed to call the web-chat API from a browser */
  ALLOWED_ORIGINS?: string;
  /** flood protection per web-chat session */
  WEBCHAT_SESSION_LIMITER?: RateLimit;
  /** polling of the message list per web-chat session */
  WEBCHAT_POLL_LIMITER?: RateLimit;
  /** flood protection per client IP (session creation and messages, not polling) */
  WEBCHAT_IP_LIMITER?: RateLimit;
  /** static assets (widget.js, the demo page) */
  ASSETS?: Fetcher;
  /** counsellor hours per ISO weekday, e.g. "1-4 08:00-15:30; 5 08:00-14:30" */
  OFFICE_HOURS?: string;
  /** local dates the office is closed, comma-separated YYYY-MM-DD */
  HOLIDAYS?: string;
  /** the office's offset from UTC: "+07:00" (WIB), "+08:00" (WITA) or "+09:00" (WIT); see src/core/clock.ts */
  OFFICE_UTC_OFFSET?: string;
  /** the zone name shown to seekers and staff: WIB, WITA or WIT */
  OFFICE_ZONE?: string;
  /** optional: chat id of the staff forum supergroup (the bot is admin with can_manage_topics) */
  STAFF_CHAT_ID?: string;
  /** Cloudflare Access team domain (e.g. disnaker.cloudflareaccess.com); with CF_ACCESS_AUD, Access identifies counsellors */
  CF_ACCESS_TEAM_DOMAIN?: string;
  /** audience (AUD) tag of the Access application protecting /admin */
  CF_ACCESS_AUD?: string;
  /** flood limit per Telegram chat (Workers rate limiting) */
  TELEGRAM_CHAT_LIMITER?: RateLimit;
  /** conversations untouched for longer than this many days are deleted by the hourly housekeeping cron */
  RETENTION_DAYS?: string;
  /** profiles one weekly-alert run handles (default 40; each Telegram send is a subrequest) */
  ALERT_BATCH?: string;
  /** handoffs allowed per rolling day, e.g. "conversation=3,seeker=3,origin=10,waiting=3" (defaults for missing parts) */
  HANDOFF_LIMITS?: string;
  /** minutes after which a waiting case the seeker never wrote to is closed with a polite note (default 120) */
  HANDOFF_EXPIRY_MINUTES?: string;
  /** the WhatsApp business number seekers write to, with the country code (6281234567890), for the widget's "Lanjutkan di WhatsApp" link; unset = no button */
  WHATSAPP_DISPLAY_NUMBER?: string;
  /** Graph API base URL (default https://graph.facebook.com), or a local WhatsApp Cloud API emulator */
  WHATSAPP_API_ROOT?: string;
  /** Graph API version in the request path, e.g. "v25.0" */
  WHATSAPP_API_VERSION?: string;
  /** the business phone number's id (Meta app → WhatsApp → API Setup) */
  WHATSAPP_PHONE_NUMBER_ID?: string;
  /** secret: a system user's permanent access token with whatsapp_business_messaging */
  WHATSAPP_ACCESS_TOKEN?: string;
  /** secret: the Meta app secret; X-Hub-Signature-256 is its HMAC-SHA256 of the raw body */
  WHATSAPP_APP_SECRET?: string;
  /** secret: compared to hub.verify_token in the subscription handshake */
  WHATSAPP_VERIFY_TOKEN?: string;
  /** approved template for a counsellor reply outside the 24-hour window ("name" or "name:language", language default "id") */
  WHATSAPP_TEMPLATE_COUNSELLOR?: string;
  /** approved template for the rating question outside the 24-hour window */
  WHATSAPP_TEMPLATE_RATING?: string;
  /** approved template for the weekly vacancy alert outside the 24-hour window */
  WHATSAPP_TEMPLATE_ALERT?: string;
  /** flood limit per WhatsApp chat (Workers rate limiting) */
  WHATSAPP_CHAT_LIMITER?: RateLimit;
  DISCORD_CHAT_LIMITER?: RateLimit;
  /** the Discord application's id (Developer Portal → General Information); with the two below, /discord answers */
  DISCORD_APPLICATION_ID?: string;
  /** the application's Ed25519 public key (hex); every interaction is signed with its private half */
  DISCORD_PUBLIC_KEY?: string;
  /** secret: the bot's token, for direct messages (counsellor replies, alerts) */
  DISCORD_BOT_TOKEN?: string;
  /** Discord API base URL (default https://discord.com/api/v10), or the local stand-in (scripts/discord-emulator.ts) */
  DISCORD_API_ROOT?: string;
  /** milliseconds /discord waits for an answer before it defers it (default 2000; 0 defers every answer) */
  DISCORD_RESPONSE_BUDGET_MS?: string;
  /** live rooms of web-chat conversations (Durable Objects holding the widgets' WebSockets); unset = polling only */
  CONVERSATION_ROOM?: DurableObjectNamespace<ConversationRoom>;
  /** the counsellors' live inbox room (one Durable Object holding the dashboard's WebSockets); unset = no live dashboard */
  INBOX_ROOM?: DurableObjectNamespace<InboxRoom>;
  /** "1" adds an X-Binjol-Usage header (D1 round trips, rows, KV reads) for the benchmark; never in production */
  EXPOSE_METRICS?: string;
}

/** What one request costs: D1 round trips and rows, KV reads (reported when EXPOSE_METRICS=1). */
export type RequestUsage = D1Usage & { kvReads: number; kvWrites: number };

/** The per-request dependencies both channels need: metered D1, the content (or the fallback), the usage counters. */
export async function requestDeps(
  env: Env,
): Promise<{ db: Db; content: ContentBundle; usage: RequestUsage; listings: () => Promise<Listings> }> {
  const metered = env.EXPOSE_METRICS === "1";
  const usage: RequestUsage = { roundTrips: 0, rowsRead: 0, rowsWritten: 0, kvReads: 0, kvWrites: 0, ...(metered ? { writtenBy: {} } : {}) };
  // No message path writes KV (content is written only by the deploy step), so kvWrites stays 0 here; wrapping
  // the binding to count writes would give each request a new object and defeat the per-isolate content cache.
  const kv = env.CONTENT;
  const content = (await loadContent(kv, Date.now(), usage)) ?? fallbackBundle();
  // The listings blob is read only when an answer needs it (vacancies, training, profile, scam check).
  return { db: createDb(meterD1(env.DB, usage)), content, usage, listings: () => loadListings(kv, content, usage) };
}

/** The X-Binjol-Usage header value, only when the benchmark asked for it. */
export function usageHeader(env: Env, usage: RequestUsage): string | undefined {
  if (env.EXPOSE_METRICS !== "1") return undefined;
  // rows written by cause as "w.<verb>.<table>=n" (see D1Usage.writtenBy)
  const causes = Object.entries(usage.writtenBy ?? {}).map(([cause, n]) => `;w.${cause.replace(" ", ".")}=${n}`);
  return `d1=${usage.roundTrips};read=${usage.rowsRead};written=${usage.rowsWritten};kv=${usage.kvReads};kvw=${usage.kvWrites}${causes.join("")}`;
}

/** The clocks built per isolate, by configuration; a bad configuration is logged once per isolate. */
const clocks = new Map<string, OfficeClock>();

/**
 * The office clock of the Worker's configuration (OFFICE_UTC_OFFSET, OFFICE_ZONE), built once per isolate and
 * configuration. An invalid configuration does not take the bot down: it is logged as an error (once per
 * isolate) and the office clock stays WIB, the default. The content build checks the same settings and
 * stops on them (officeClockFrom), so a bad value in wrangler.toml fails before it is deployed.
 */
export function clockFrom(env: Pick<Env, "OFFICE_UTC_OFFSET" | "OFFICE_ZONE">): OfficeClock {
  const key = `${env.OFFICE_UTC_OFFSET ?? ""}|${env.OFFICE_ZONE ?? ""}`;
  let clock = clocks.get(key);
  if (!clock) {
    try {
      clock = officeClockFrom(env);
    } catch (err) {
      if (!(err instanceof ClockConfigError)) throw err;
      log("error", "office clock configuration invalid; using WIB", { reason: err.message });
      clock = WIB_CLOCK;
    }
    clocks.set(key, clock);
  }
  return clock;
}

/** Office hours and holidays from the environment, on the configured office clock. */
export function scheduleFrom(env: Env): Schedule {
  return parseSchedule({
    ...(env.OFFICE_HOURS ? { hours: env.OFFICE_HOURS } : {}),
    ...(env.HOLIDAYS ? { holidays: env.HOLIDAYS } : {}),
    clock: clockFrom(env),
  });
}

/** Days a conversation is kept after its last message (default 365). */
export function retentionDays(env: Env): number {
  const days = Number(env.RETENTION_DAYS);
  return Number.isInteger(days) && days > 0 ? days : 365;
}

/** Telegram settings with their defaults. */
export function telegramConfig(env: Env): TelegramConfig {
  return {
    token: env.TELEGRAM_BOT_TOKEN ?? "",
    apiRoot: (env.TELEGRAM_API_ROOT || "https://api.telegram.org").replace(/\/+$/, ""),
    username: env.TELEGRAM_BOT_USERNAME || "binjol_bot",
    name: env.TELEGRAM_BOT_NAME || "BINJOL",
  };
}

/** Minutes a waiting case without a message from the seeker stays in the queue (HANDOFF_EXPIRY_MINUTES, default 120). */
export function handoffExpiryMinutes(env: Env): number {
  const minutes = Number(env.HANDOFF_EXPIRY_MINUTES);
  return Number.isInteger(minutes) && minutes >= 5 ? minutes : 120;
}
