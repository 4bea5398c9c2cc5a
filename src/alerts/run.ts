/**
 * The weekly job alerts, run by the cron every 5 minutes: claim the profiles whose digest is due, match
 * the vacancies verified since their previous digest, send one digest per seeker through its conversation's
 * channel (channels/registry.ts; the web's is the logged message the widget shows), and log each digest as one
 * outbound message with how its delivery went (db/deliveries.ts).
 */
import { and, eq, getTableColumns, type SQL, sql } from "drizzle-orm";
import { channelSenders } from "../channels/registry.ts";
import { fallbackBundle } from "../content/fallback.ts";
import { loadListings } from "../content/listings-store.ts";
import { loadContent } from "../content/store.ts";
import type { ContentBundle } from "../content/types.ts";
import { type ChannelName, channelOf, type Delivery } from "../core/channel.ts";
import type { Reply } from "../core/types.ts";
import { DAY_MS, type OfficeClock } from "../core/clock.ts";
import { createDb, type Db } from "../db/client.ts";
import { deliveryColumns } from "../db/deliveries.ts";
import { type D1Usage, meterD1 } from "../db/metered.ts";
import { conversations, messages, profiles } from "../db/schema.ts";
import { clockFrom, type Env } from "../env.ts";
import { matchVacancies } from "../listings/match.ts";
import { officeDate } from "../listings/search.ts";
import type { Listings, Profile } from "../listings/types.ts";
import { log } from "../log.ts";
import { buildDigest, type Digest, DIGEST_SIZE } from "./digest.ts";
import { claimDue, type Claimed, COLD_BATCH, DEFAULT_BATCH, WEEK_MS } from "./claim.ts";
import { newMessageId } from "../db/message-id.ts";

export { claimQueries, COLD_BATCH, DEFAULT_BATCH, WEEK_MS } from "./claim.ts";
export { DIGEST_SIZE } from "./digest.ts";


// Whether this isolate has matched profiles before (its code and listings are warm): deliberate per-isolate state.
let matchedBefore = false;

/** Tests: act as a fresh isolate (false) or as one that has run before (true). */
export function setAlertsWarm(warm: boolean): void {
  matchedBefore = warm;
}

/** Subrequests (fetch, D1, KV calls) one invocation may make on the Workers free plan. */
export const SUBREQUEST_LIMIT = 50;
/** Subrequests besides the sends: content and listings from KV, the claim and the final write to D1. */
const FIXED_SUBREQUESTS = 4;
/** The largest batch that keeps a whole run under SUBREQUEST_LIMIT (one send per profile). */
export const MAX_BATCH = SUBREQUEST_LIMIT - 1 - FIXED_SUBREQUESTS;
/** Telegram allows about 30 messages a second overall; 40 ms apart is 25 a second. */
export const SEND_SPACING_MS = 40;
/**
 * The weekly-alert cron of wrangler.toml (every 5 minutes; see the arithmetic there). It lives here, not in
 * the Worker entry: workerd accepts only handlers as the entry module's exports.
 */
export const ALERTS_CRON = "*/3 * * * *";

/** After this many 5xx or network failures in one run, Telegram is treated as down: the rest waits. */
const MAX_TRANSIENT_FAILURES = 3;
/** When listings cannot be loaded, claimed profiles are tried again after this long. */
const LOAD_RETRY_MS = 15 * 60_000;

/** What one run did (counts only, no personal data). */
export interface AlertRunReport {
  /** profiles claimed (their digest was due) */
  claimed: number;
  /** digests delivered, on every channel (on the web: left in the conversation the widget shows) */
  sent: number;
  /** the delivered digests per channel */
  sentBy: Record<ChannelName, number>;
  /** claimed but no vacancy matched since the previous digest: just rescheduled */
  skippedNoMatches: number;
  /** Telegram refused for good (403: bot blocked, account deactivated): alerts stop */
  unreachable: number;
  /** put back to be sent later (429, 5xx, network, subrequest budget) */
  deferred: number;
  /** alerts turned off: the seeker was blocked by a counsellor, or the conversation is gone */
  turnedOff: number;
  /** nothing sent for another reason (unreadable profile, a 400 refusal); rescheduled for next week */
  failed: number;
  /** subrequests made: KV reads, D1 round trips, Bot API calls */
  subrequests: number;
}

/** Options of a run; production passes none. */
export interface AlertRunOptions {
  /** profiles per invocation; default ALERT_BATCH or DEFAULT_BATCH, at most MAX_BATCH */
  batch?: number;
  /** tests: listings to match instead of the ones in KV */
  listings?: Listings;
  /** tests: the fetch the Bot API client uses (e.g. to record send times) */
  fetch?: typeof fetch;
  /** minimum gap between two sends; default SEND_SPACING_MS */
  spacingMs?: number;
}

/** Profiles per invocation from ALERT_BATCH (default 20, clamped to 1..MAX_BATCH). */
export function alertBatch(env: Env, override?: number): number {
  const n = override ?? Number(env.ALERT_BATCH ?? DEFAULT_BATCH);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_BATCH) : DEFAULT_BATCH;
}

type Outcome =
  | { kind: "sent"; digest: Digest; delivery: Delivery; channel: ChannelName }
  | { kind: "unreachable"; digest: Digest; error: string }
  | { kind: "failed"; digest?: Digest; error?: string }
  | { kind: "deferred"; dueAt: number }
  | { kind: "off" }
  | { kind: "none" };

/** Send the due weekly digests, at most one batch; see the module comment. */
export async function runAlerts(env: Env, now: number = Date.now(), options: AlertRunOptions = {}): Promise<AlertRunReport> {
  const usage: D1Usage & { kvReads: number } = { roundTrips: 0, rowsRead: 0, rowsWritten: 0, kvReads: 0 };
  const d1 = meterD1(env.DB, usage);
  const db = createDb(d1);
  let sends = 0;
  const subrequests = () => usage.roundTrips + usage.kvReads + sends;

  // A fresh isolate's first run also pays for reading the listings index and running the matching code for the
  // first time: it claims only COLD_BATCH profiles so it stays within the free plan's 10 ms of CPU; the runs after
  // it in the same isolate claim the full batch (the rest simply waits for them).
  const batch = options.batch ?? (matchedBefore ? alertBatch(env) : Math.min(alertBatch(env), COLD_BATCH));
  const claimed = await claimDue(db, now, alertBatch(env, batch));
  const outcomes = new Map<number, Outcome>();
  if (claimed.length === 0) return report(claimed, outcomes, subrequests());

  // Seekers a counsellor blocked, that blocked the bot since their last opt-in, or whose conversation is gone.
  const active: Claimed[] = [];
  for (const c of claimed) {
    const unreachable = c.unreachableAt !== null && c.unreachableAt >= (c.previousSentAt ?? 0);
    if (c.blockedAt !== null || unreachable || !c.hasConversation || !parseConversation(c.conversationId)) outcomes.set(c.seekerId, { kind: "off" });
    else active.push(c);
  }

  // Content and listings are read once per run (and cached per isolate by their stores).
  let listings: Listings | undefined = options.listings;
  let content: ContentBundle | undefined;
  if (!listings && active.length > 0) {
    try {
      content = await loadContent(env.CONTENT, now, usage);
      // No content yet (a fresh deploy): matching against nothing would skip everyone's digest for a week.
      if (!content?.blobs?.listings) throw new Error("no listings in KV");
      listings = await loadListings(env.CONTENT, content, usage);
    } catch (err) {
      log("error", "alerts.listings_unavailable", { error: err instanceof Error ? err.message.slice(0, 80) : "unknown" });
      for (const c of active) outcomes.set(c.seekerId, { kind: "deferred", dueAt: now + LOAD_RETRY_MS });
      active.length = 0;
    }
  }

  const clock = clockFrom(env);
  const today = officeDate(now, clock);
  const toSend: Array<{ claim: Claimed; conversationId: string; digest: Digest }> = [];
  for (const c of active) {
    const profile = parseProfile(c.data);
    if (!profile) {
      outcomes.set(c.seekerId, { kind: "failed" });
      continue;
    }
    // New = verified on or after the office-local day of the previous digest (see sinceDate).
    const since = sinceDate(c.previousSentAt ?? now - WEEK_MS, clock);
    const digest = buildDigest(matchVacancies(profile, listings!, today, { since, limit: DIGEST_SIZE }));
    matchedBefore = true;
    if (!digest) {
      outcomes.set(c.seekerId, { kind: "none" });
      continue;
    }
    toSend.push({ claim: c, conversationId: c.conversationId!, digest });
  }

  if (toSend.length > 0) {
    const senders = channelSenders(env, options.fetch ? { fetch: options.fetch } : {});
    // A digest is rendered from its own body; the bundle only matters to channels that read it.
    const bundle = content ?? fallbackBundle();
    const spacing = options.spacingMs ?? SEND_SPACING_MS;
    let lastSendAt = 0;
    let stopUntil: number | undefined;
    let transient = 0;
    for (const { claim, conversationId, digest } of toSend) {
      // A channel that sends over the network is paced and budgeted; the web's "send" is the log row the widget reads.
      const networked = senders.senderFor(conversationId)?.name !== "web";
      // One more send plus the final D1 write must stay under the limit.
      if (networked && stopUntil === undefined && subrequests() + 2 > SUBREQUEST_LIMIT - 1) stopUntil = now;
      if (networked && stopUntil !== undefined) {
        outcomes.set(claim.seekerId, { kind: "deferred", dueAt: stopUntil });
        continue;
      }
      if (networked) {
        const wait = lastSendAt + spacing - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        lastSendAt = Date.now();
        sends++;
      }
      const [d] = await senders.sendTo(conversationId, [digestReply(digest)], { content: bundle, purpose: "alert", now });
      // parseConversation kept only conversations some channel owns
      const channel = channelOf(conversationId)!;
      if (!d || d.status !== "failed") {
        outcomes.set(claim.seekerId, { kind: "sent", digest, delivery: d ?? { status: "sent" }, channel });
      } else if (d.retryAfterSeconds !== undefined) {
        // 429: the channel wants a pause for the whole bot; this and every later digest wait for it.
        stopUntil = now + d.retryAfterSeconds * 1000;
        outcomes.set(claim.seekerId, { kind: "deferred", dueAt: stopUntil });
      } else if (d.unreachable) {
        outcomes.set(claim.seekerId, { kind: "unreachable", digest, error: d.error ?? "unreachable" });
      } else if (d.uncertain) {
        // No answer (network error, timeout): the channel may have delivered it. At most one digest a week
        // wins over delivery, so it is logged as failed and not sent again.
        outcomes.set(claim.seekerId, { kind: "failed", digest, ...(d.error ? { error: d.error } : {}) });
        if (++transient >= MAX_TRANSIENT_FAILURES) stopUntil = now;
      } else if (d.transient) {
        // The channel answered 5xx: nothing was delivered, so the next run tries again.
        outcomes.set(claim.seekerId, { kind: "deferred", dueAt: now });
        if (++transient >= MAX_TRANSIENT_FAILURES) stopUntil = now;
      } else {
        outcomes.set(claim.seekerId, { kind: "failed", digest, ...(d.error ? { error: d.error } : {}) });
      }
    }
  }

  await recordOutcomes(db, claimed, outcomes, now);
  const result = report(claimed, outcomes, subrequests());
  // A log line carries flat fields: one per channel ("sent.telegram", "sent.web", "sent.whatsapp").
  const { sentBy, ...counts } = result;
  log("info", "alerts", { ...counts, ...Object.fromEntries(Object.entries(sentBy).map(([channel, n]) => [`sent.${channel}`, n])) });
  return result;
}

/**
 * The "since" of matchVacancies (which keeps vacancies verified strictly after it) for a previous digest at
 * `previousSentAt`: the office-local day before it. Vacancies carry only a verification date, and one
 * verified on the day of the previous digest may have been published after it was sent; such a vacancy is
 * shown again next week rather than never.
 */
export function sinceDate(previousSentAt: number, clock: OfficeClock): string {
  return officeDate(previousSentAt - DAY_MS, clock);
}

/** Write every outcome in one D1 batch (one transaction): the digest rows and the profile changes. */
async function recordOutcomes(db: Db, claimed: Claimed[], outcomes: Map<number, Outcome>, now: number): Promise<void> {
  const writes: Array<ReturnType<typeof logDigest> | ReturnType<typeof stopAlertsUnreachable>> = [];
  // Only a profile still as this run claimed it is put back (the seeker may have opted out meanwhile).
  const stillClaimed = (seekerId: number) =>
    and(eq(profiles.seekerId, seekerId), eq(profiles.alertDueAt, now + WEEK_MS), eq(profiles.alertSentAt, now));
  for (const c of claimed) {
    const o = outcomes.get(c.seekerId);
    if (!o || !c.conversationId) continue;
    if (o.kind === "sent" || o.kind === "unreachable" || (o.kind === "failed" && o.digest)) {
      writes.push(
        logDigest(db, c.conversationId, o.digest!, deliveryColumns(o.kind === "sent" ? o.delivery : { status: "failed", ...(o.error ? { error: o.error } : {}) }), now),
      );
    }
    if (o.kind === "unreachable") {
      writes.push(stopAlertsUnreachable(db, eq(profiles.seekerId, c.seekerId), now));
    } else if (o.kind === "deferred") {
      writes.push(db.update(profiles).set({ alertDueAt: o.dueAt, alertSentAt: c.previousSentAt }).where(stillClaimed(c.seekerId)));
    } else if (o.kind === "off") {
      // As an opt-out does it (alerts are on while alert_due_at is set).
      writes.push(db.update(profiles).set({ alertConversationId: null, alertDueAt: null, updatedAt: now }).where(stillClaimed(c.seekerId)));
    }
  }
  const [first, ...rest] = writes;
  if (!first) return;
  try {
    await db.batch([first, ...rest]);
  } catch (err) {
    // Claims already moved a week ahead, so nothing is sent twice; what was sent is just not logged.
    log("error", "alerts.record_failed", { writes: writes.length, error: err instanceof Error ? err.name : "unknown" });
    throw err;
  }
}

/**
 * One outbound bot message of kind "alert"; nothing if the conversation was erased during the run (the seeker may
 * have erased their data meanwhile): an INSERT … SELECT from the conversation's own row, which yields no row then.
 */
function logDigest(db: Db, conversationId: string, digest: Digest, r: ReturnType<typeof deliveryColumns>, at: number) {
  // which vacancies the digest showed, for counsellors reading the conversation
  const ref = `alert:${digest.buttons.filter((b) => b.action.startsWith("vd:")).map((b) => b.action.slice(3)).join(",")}`;
  type Selection = Record<keyof typeof messages.$inferInsert, SQL | typeof conversations.id>;
  const given: Partial<Selection> = {
    id: newMessageId(),
    conversationId: conversations.id,
    channel: sql`${channelOf(conversationId) ?? "unknown"}`,
    direction: sql`${"out"}`,
    sender: sql`${"bot"}`,
    kind: sql`${"alert"}`,
    text: sql`${digest.text}`,
    topic: sql`${"lowongan"}`,
    ref: sql`${ref}`,
    buttons: sql`${JSON.stringify(digest.buttons)}`,
    status: sql`${r.status}`,
    error: sql`${r.error}`,
    externalId: sql`${r.externalId}`,
    createdAt: sql`${at}`,
  };
  // INSERT … SELECT names every column of the table, in its order; the ones not given are null.
  const row = Object.fromEntries(Object.keys(getTableColumns(messages)).map((k) => [k, given[k as keyof Selection] ?? sql`null`])) as Selection;
  return db
    .insert(messages)
    .select(db.select(row).from(conversations).where(eq(conversations.id, conversationId)));
}

function report(claimed: Claimed[], outcomes: Map<number, Outcome>, subrequests: number): AlertRunReport {
  const sentBy: Record<ChannelName, number> = { telegram: 0, web: 0, whatsapp: 0, discord: 0 };
  const r: AlertRunReport = { claimed: claimed.length, sent: 0, sentBy, skippedNoMatches: 0, unreachable: 0, deferred: 0, turnedOff: 0, failed: 0, subrequests };
  for (const o of outcomes.values()) {
    if (o.kind === "sent") {
      r.sent++;
      sentBy[o.channel]++;
    } else if (o.kind === "none") r.skippedNoMatches++;
    else if (o.kind === "unreachable") r.unreachable++;
    else if (o.kind === "deferred") r.deferred++;
    else if (o.kind === "off") r.turnedOff++;
    else r.failed++;
  }
  return r;
}

/** True for a conversation id some registered channel can send to. */
function parseConversation(id: string | null): boolean {
  return id !== null && channelOf(id) !== undefined && /^[a-z]+:.+/.test(id);
}

function parseProfile(data: string): Profile | undefined {
  try {
    const p = JSON.parse(data) as Profile;
    return typeof p === "object" && p !== null && Array.isArray(p.skills) ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Alerts stop for seekers Telegram will not deliver to: after a 403 on a digest, or at once when the seeker
 * blocks the bot (my_chat_member "kicked"). Turning alerts on again in the profile clears the mark.
 */
export function stopAlertsUnreachable(db: Db, which: SQL | undefined, now: number) {
  return db.update(profiles).set({ unreachableAt: now, alertDueAt: null, updatedAt: now }).where(which);
}

/** A digest as the reply every channel renders: the vacancies, then one button per vacancy, stop alerts and all vacancies. */
function digestReply(digest: Digest): Reply {
  return { topic: "lowongan", body: { kind: "rich", blocks: digest.blocks, text: digest.text }, buttons: digest.buttons };
}
