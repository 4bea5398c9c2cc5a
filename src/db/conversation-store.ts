/** D1 implementation of the core's ConversationStore: two atomic batches per inbound message. */
import { and, asc, desc, eq, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { alias } from "drizzle-orm/sqlite-core";
import { StorageError, UnauthorizedError } from "../core/errors.ts";
import type { Claim, ConversationStore, OutboundRecord, StoredReply } from "../core/store.ts";
import { isTopicId, type TopicId } from "../core/topics.ts";
import { HANDOFF_WINDOW_MS } from "../core/flows/handoff.ts";
import type { Button, ConversationState, DataSummary, Effect, Inbound, OpenCase } from "../core/types.ts";
import type { Db } from "./client.ts";
import { batchByName, type NamedResults } from "./batch.ts";
import { redeemLinkCode } from "./link-store.ts";
import { ACTION_REF, readableText, shownLabel } from "./action-text.ts";
import { attachments, caseNotes, cases, conversations, erasures, messages, profiles, scamChecks, seekers, webSessions } from "./schema.ts";
import type { Profile } from "../listings/types.ts";
import type { StoredProfile } from "../core/types.ts";
import { insertSelect, loggedWithKey, newMessageId } from "./message-id.ts";

/** Days between weekly alert digests. */
export const ALERT_INTERVAL_MS = 7 * 24 * 3600_000;

/** A claim older than this is taken over by a retry (the first request died or failed mid-way). */
export const STALE_CLAIM_MS = 20_000;
/** A seeker's last_seen_at is refreshed at most this often. */
export const LAST_SEEN_GRANULARITY_MS = 3600_000;
/** A conversation whose state did not change gets its updated_at refreshed at most this often. */
export const CONVERSATION_TOUCH_GRANULARITY_MS = 3600_000;

/** A statement run first in the claiming batch; it must raise GUARD_FAILED to abort the whole batch. */
export type Guard = (inbound: Inbound) => BatchItem<"sqlite">;

/** The SQLite error a guard raises on purpose (json() of a non-JSON string); the batch is rolled back. */
export const GUARD_FAILED = "malformed JSON";

/** Build the store; `now`, `token` and a precondition `guard` are injectable. */
export function createConversationStore(
  db: Db,
  opts: { now?: () => number; token?: () => string; guard?: Guard } = {},
): ConversationStore {
  const now = opts.now ?? Date.now;
  const newToken = opts.token ?? (() => crypto.randomUUID());

  return {
    redeemLink: (code, target, at) => redeemLinkCode(db, code, target, at),
    async begin(inbound: Inbound, loggedText: string, kind: string): Promise<Claim> {
      const at = now();
      const token = newToken();
      const seekerId = sql`(select ${seekers.id} from ${seekers} where ${seekers.channel} = ${inbound.channel} and ${seekers.externalId} = ${inbound.seekerKey})`;
      const byDedupe = loggedWithKey(inbound.conversationId, inbound.dedupeKey, at);
      const inboundAlias = alias(messages, "m");
      const wantsData = inbound.event.type === "command" && inbound.event.command === "datasaya";
      const erasing = inbound.event.type === "action" && inbound.event.action === "d:yes";
      // Named: the guard first (it must abort the whole batch), then the claim, then the reads.
      const guard = opts.guard?.(inbound);
      const statements = {
        guard,
        newSeeker: db
          .insert(seekers)
          .values({ channel: inbound.channel, externalId: inbound.seekerKey, firstSeenAt: at, lastSeenAt: at })
          .onConflictDoNothing({ target: [seekers.channel, seekers.externalId] }),
        // last_seen_at moves at most once an hour: rows written are billed, an update that matches nothing is free.
        lastSeen: db
          .update(seekers)
          .set({ lastSeenAt: at })
          .where(
            and(
              eq(seekers.channel, inbound.channel),
              eq(seekers.externalId, inbound.seekerKey),
              lt(seekers.lastSeenAt, at - LAST_SEEN_GRANULARITY_MS),
            ),
          ),
        newConversation: db
          .insert(conversations)
          .values({ id: inbound.conversationId, seekerId, channel: inbound.channel, createdAt: at, updatedAt: at })
          .onConflictDoNothing({ target: conversations.id }),
        // The inbound row is the claim: inserted once; a retry may take over a stale, unanswered claim. The row
        // takes the id of the row logged with its dedupe key, if any, so that the primary key is the conflict (one
        // walk of the conversation's window for both, and no index of dedupe keys to write).
        inboundRow: insertSelect(db, {
            id: sql`coalesce((select ${messages.id} from ${messages} where ${byDedupe}), ${newMessageId()})`,
            conversationId: inbound.conversationId,
            channel: inbound.channel,
            direction: "in",
            sender: "seeker",
            kind,
            // A button press: the label the seeker saw on it, the action kept apart in ref.
            text: inbound.event.type === "action" ? sql`coalesce(${shownLabel(inbound.conversationId, inbound.event.action)}, ${loggedText})` : loggedText,
            ref: inbound.event.type === "action" ? ACTION_REF + inbound.event.action : null,
            externalId: inbound.externalMessageId ?? null,
            status: "received",
            dedupeKey: inbound.dedupeKey,
            claim: token,
            claimedAt: at,
            attempts: 1,
            createdAt: inbound.receivedAt,
          }).onConflictDoUpdate({
            target: messages.id,
            set: { claim: token, claimedAt: at, attempts: sql`${messages.attempts} + 1` },
            setWhere: and(eq(messages.status, "received"), sql`${messages.claimedAt} < ${at - STALE_CLAIM_MS}`),
          }),
        claim: db.select({ id: messages.id, claim: messages.claim, status: messages.status, text: messages.text }).from(messages).where(byDedupe),
        conversation: db.select({ state: conversations.state }).from(conversations).where(eq(conversations.id, inbound.conversationId)),
        // The topic of the last answered inbound message: the state's lastTopic when the saved state leaves it out.
        lastTopic: db
          .select({ topic: messages.topic })
          .from(messages)
          .where(and(eq(messages.conversationId, inbound.conversationId), eq(messages.direction, "in"), eq(messages.status, "answered")))
          .orderBy(desc(messages.id))
          .limit(1),
        // Replies already logged for this message (an idempotent retry returns them again). Replies come after
        // the message, so the (conversation_id, id) index range starts there: a new message reads nothing here.
        // A join, so the conversation's window is walked once for the message (`m`).
        previous: db
          .select({ id: messages.id, topic: messages.topic, text: messages.text, ref: messages.ref, buttons: messages.buttons })
          .from(inboundAlias)
          .innerJoin(
            messages,
            and(eq(messages.conversationId, inbound.conversationId), sql`${messages.id} > ${inboundAlias.id}`, eq(messages.inReplyTo, inboundAlias.id)),
          )
          .where(loggedWithKey(inbound.conversationId, inbound.dedupeKey, at, inboundAlias))
          .orderBy(asc(messages.id)),
        // The conversation's waiting or open case, with how many waiting cases are ahead of it.
        openCase: db
          .select({
            id: cases.id,
            status: cases.status,
            topic: cases.topic,
            listing: cases.listing,
            // The seeker wrote to the case after opening it (text or media moves last_seeker_at; buttons do not).
            engaged: sql<number>`"cases"."last_seeker_at" > "cases"."created_at"`,
            // Written out by hand: the outer row must be qualified, drizzle would leave the columns bare.
            ahead: sql<number>`(select count(*) from "cases" w where w.status = 'waiting' and (w.created_at < "cases"."created_at" or (w.created_at = "cases"."created_at" and w.id < "cases"."id")))`,
          })
          .from(cases)
          .where(and(eq(cases.conversationId, inbound.conversationId), inArray(cases.status, ["waiting", "open"])))
          .orderBy(desc(cases.id))
          .limit(1),
        waiting: db.select({ n: sql<number>`count(*)` }).from(cases).where(eq(cases.status, "waiting")),
        seeker: db
          .select({ firstSeenAt: seekers.firstSeenAt, blockedAt: seekers.blockedAt })
          .from(seekers)
          .where(and(eq(seekers.channel, inbound.channel), eq(seekers.externalId, inbound.seekerKey))),
        // The profile (one primary-key row): matching, the profile view and the form need it.
        profile: db
          .select({
            data: profiles.data,
            consentedAt: profiles.consentedAt,
            disabilityConsentedAt: profiles.disabilityConsentedAt,
            alertDueAt: profiles.alertDueAt,
            ageGroup: profiles.ageGroup,
            guardianConsentedAt: profiles.guardianConsentedAt,
          })
          .from(profiles)
          .where(eq(profiles.seekerId, seekerId)),
        // Handoffs of the last day, for the limits (indexed counts; they stop growing at the limit).
        handoffs: handoffCounts(db, inbound, seekerId, at),
        // /datasaya reads the seeker's own data in the same round trip.
        ...(wantsData ? dataReads(db, inbound) : {}),
        // A confirmed erasure reads the staff-group topics first: they are deleted too, after the commit.
        threads: erasing
          ? db.select({ thread: cases.staffThreadId }).from(cases).where(and(eq(cases.conversationId, inbound.conversationId), sql`${cases.staffThreadId} is not null`))
          : undefined,
      };
      const r = await atomically(() => batchByName(db, statements), guard !== undefined);
      const counts = r.handoffs[0];
      const profile = r.profile[0] ? toStoredProfile(r.profile[0]) : undefined;
      const data = "dataSeeker" in r ? toSummary(r as NamedResults<ReturnType<typeof dataReads>>) : undefined;
      const claimRow = r.claim[0];
      const owned = claimRow?.claim === token && claimRow.status === "received";
      const openCase = r.openCase[0];
      return {
        owned,
        inFlight: !owned && claimRow?.status === "received",
        token,
        inboundId: claimRow?.id ?? 0,
        ...(claimRow?.text != null ? { loggedText: claimRow.text } : {}),
        state: withLastTopic(parseState(r.conversation[0]?.state), r.lastTopic[0]?.topic),
        previous: owned ? [] : r.previous.map(toStoredReply),
        ...(openCase ? { openCase: toOpenCase(openCase) } : {}),
        waiting: Number(r.waiting[0]?.n ?? 0),
        ...(counts
          ? { handoffs: { conversation: Number(counts.conversation), seeker: Number(counts.seeker), origin: Number(counts.origin), originWaiting: Number(counts.originWaiting) } }
          : {}),
        firstContact: r.seeker[0]?.firstSeenAt === at,
        blocked: r.seeker[0]?.blockedAt != null,
        ...(profile ? { profile } : {}),
        ...(data ? { data: profile ? { ...data, profile } : data } : {}),
        ...(r.threads ? { staffThreads: r.threads.map((t) => t.thread!) } : {}),
      };
    },

    async commit(
      inbound: Inbound,
      claim: Claim,
      topic: TopicId,
      outbound: OutboundRecord[],
      state: ConversationState,
      effects: Effect[],
    ): Promise<number[]> {
      const at = now();
      const effectWrites = effectStatements(db, inbound, claim.inboundId, effects, at);
      // The inbound row is logged with `topic`; a lastTopic equal to it is read from there (see withLastTopic).
      const { lastTopic, ...rest } = state;
      const stateJson = JSON.stringify(lastTopic === topic ? rest : state);
      const answered = db
        .update(messages)
        .set({ topic, status: "answered" })
        .where(and(eq(messages.id, claim.inboundId), eq(messages.claim, claim.token)));
      // Rows written are billed, an update that matches nothing is free: the row is written only when the saved
      // state changed, or updated_at (retention's "inactive since") is more than an hour old.
      const saveState = db
        .update(conversations)
        .set({ state: stateJson, updatedAt: at })
        .where(
          and(
            eq(conversations.id, inbound.conversationId),
            or(sql`${conversations.state} is not ${stateJson}`, lt(conversations.updatedAt, at - CONVERSATION_TOUCH_GRANULARITY_MS)),
          ),
        );
      const insertReplies =
        outbound.length === 0
          ? undefined
          : db
              .insert(messages)
              .values(
                outbound.map((o, i) => ({
                  id: newMessageId(i),
                  conversationId: inbound.conversationId,
                  channel: inbound.channel,
                  direction: "out" as const,
                  sender: "bot" as const,
                  kind: "text",
                  text: o.text,
                  topic: o.topic,
                  ref: o.ref ?? null,
                  buttons: o.buttons.length > 0 ? JSON.stringify(o.buttons) : null,
                  inReplyTo: claim.inboundId || null,
                  // Effects run first, so a reply to the message that opened a case belongs to it.
                  caseId: effects.length > 0 || claim.openCase ? openCaseId(db, inbound) : null,
                  externalId: o.externalMessageId ?? null,
                  status: o.status,
                  error: o.error ?? null,
                  createdAt: at + i,
                })),
              )
              .returning({ id: messages.id });
      const erase = effects.some((e) => e.type === "erase") ? eraseStatements(db, inbound, at) : [];
      // Effects run first, so a reply to the message that opened a case belongs to it; the erasure runs last.
      const named = {
        ...Object.fromEntries(effectWrites.map((w, i) => [`effect${i}`, w])),
        replies: insertReplies,
        answered,
        saveState,
        ...Object.fromEntries(erase.map((w, i) => [`erase${i}`, w])),
      };
      const results = await atomically(() => batchByName(db, named));
      return (results.replies ?? []).map((r) => r.id);
    },
  };
}

/** The conversation's waiting or open case as the core sees it. */
function toOpenCase(row: { id: number; status: "waiting" | "open" | "closed" | "left"; ahead: number; engaged: number; topic: string | null; listing: string | null }): OpenCase {
  let listing: OpenCase["listing"];
  try {
    const parsed = row.listing ? (JSON.parse(row.listing) as OpenCase["listing"]) : undefined;
    if (parsed && typeof parsed === "object" && typeof parsed.title === "string") listing = parsed;
  } catch {
    listing = undefined;
  }
  return {
    id: row.id,
    status: row.status === "open" ? "open" : "waiting", // the query reads waiting or open cases only
    ahead: Number(row.ahead),
    engaged: Number(row.engaged) === 1,
    ...(row.topic && isTopicId(row.topic) ? { topic: row.topic } : {}),
    ...(listing ? { listing } : {}),
  };
}

/** Cases opened in the last day by this conversation, by this seeker (any conversation) and from this web address. */
function handoffCounts(db: Db, inbound: Inbound, seekerId: SQL, at: number) {
  const since = at - HANDOFF_WINDOW_MS;
  const origin = inbound.origin;
  return db
    .select({
      conversation: sql<number>`(select count(*) from ${cases} where ${cases.conversationId} = ${inbound.conversationId} and ${cases.createdAt} > ${since})`,
      seeker: sql<number>`(select count(*) from ${cases} where ${cases.conversationId} in (select ${conversations.id} from ${conversations} where ${conversations.seekerId} = ${seekerId}) and ${cases.createdAt} > ${since})`,
      origin: origin
        ? sql<number>`(select count(*) from ${cases} where ${cases.origin} = ${origin} and ${cases.createdAt} > ${since})`
        : sql<number>`0`,
      originWaiting: origin
        ? sql<number>`(select count(*) from ${cases} where ${cases.origin} = ${origin} and ${cases.createdAt} > ${since} and ${cases.status} = 'waiting')`
        : sql<number>`0`,
    })
    .from(sql`(select 1)`);
}

/** A profiles row as the core sees it. */
export function toStoredProfile(row: {
  data: string;
  consentedAt: number;
  disabilityConsentedAt: number | null;
  alertDueAt: number | null;
  ageGroup?: "adult" | "minor" | null;
  guardianConsentedAt?: number | null;
}): StoredProfile {
  let parsed: Partial<Profile> = {};
  try {
    parsed = JSON.parse(row.data) as Partial<Profile>;
  } catch {
    parsed = {};
  }
  const profile: Profile = { ...parsed, skills: Array.isArray(parsed.skills) ? parsed.skills : [], alerts: row.alertDueAt !== null };
  return {
    profile,
    consentedAt: row.consentedAt,
    ...(row.ageGroup ? { ageGroup: row.ageGroup } : {}),
    ...(row.guardianConsentedAt != null ? { guardianConsentedAt: row.guardianConsentedAt } : {}),
    disabilityConsented: row.disabilityConsentedAt !== null,
    alertsOn: row.alertDueAt !== null,
  };
}

/** /datasaya: what is stored about the seeker, read in the claiming batch. */
function dataReads(db: Db, inbound: Inbound) {
  return {
    dataSeeker: db.select({ firstSeenAt: seekers.firstSeenAt }).from(seekers).where(and(eq(seekers.channel, inbound.channel), eq(seekers.externalId, inbound.seekerKey))),
    dataCount: db.select({ n: sql<number>`count(*)` }).from(messages).where(eq(messages.conversationId, inbound.conversationId)),
    dataRecent: db
      .select({ direction: messages.direction, text: readableText, createdAt: messages.createdAt })
      .from(messages)
      .where(eq(messages.conversationId, inbound.conversationId))
      .orderBy(desc(messages.id))
      .limit(10),
    dataCases: db
      .select({ id: cases.id, status: cases.status, intake: cases.intake, createdAt: cases.createdAt })
      .from(cases)
      .where(eq(cases.conversationId, inbound.conversationId))
      .orderBy(desc(cases.id))
      .limit(10),
    dataFiles: db
      .select({ name: attachments.name, type: attachments.type, size: attachments.size, createdAt: attachments.createdAt })
      .from(attachments)
      .where(eq(attachments.conversationId, inbound.conversationId))
      .orderBy(desc(attachments.createdAt))
      .limit(20),
  };
}

/** The /datasaya reads as a DataSummary; undefined when nothing is stored yet. */
function toSummary(r: NamedResults<ReturnType<typeof dataReads>>): DataSummary | undefined {
  const seeker = r.dataSeeker[0];
  if (!seeker) return undefined;
  return {
    firstSeenAt: seeker.firstSeenAt,
    messages: Number(r.dataCount[0]?.n ?? 0),
    recent: r.dataRecent.reverse().map((m) => ({ direction: m.direction, text: m.text ?? "", createdAt: m.createdAt })),
    cases: r.dataCases.map((c) => ({ id: c.id, status: c.status, intake: safeJson(c.intake), createdAt: c.createdAt })),
    ...(r.dataFiles.length > 0 ? { files: r.dataFiles } : {}),
  };
}

function safeJson(raw: string): Record<string, string> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === "object" ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Delete everything of this seeker on this channel, keeping anonymous counts (runs last in the commit batch). */
function eraseStatements(db: Db, inbound: Inbound, at: number): BatchItem<"sqlite">[] {
  const conv = inbound.conversationId;
  const day = new Date(at).toISOString().slice(0, 10);
  return [
    db
      .insert(erasures)
      .values({
        day,
        channel: inbound.channel,
        seekers: 1,
        messages: sql`(select count(*) from ${messages} where ${messages.conversationId} = ${conv})`,
        cases: sql`(select count(*) from ${cases} where ${cases.conversationId} = ${conv})`,
      })
      .onConflictDoUpdate({
        target: [erasures.day, erasures.channel],
        set: {
          seekers: sql`${erasures.seekers} + 1`,
          messages: sql`${erasures.messages} + excluded.messages`,
          cases: sql`${erasures.cases} + excluded.cases`,
        },
      }),
    db.delete(caseNotes).where(inArray(caseNotes.caseId, db.select({ id: cases.id }).from(cases).where(eq(cases.conversationId, conv)))),
    db.delete(scamChecks).where(eq(scamChecks.conversationId, conv)),
    db.delete(profiles).where(eq(profiles.seekerId, seekerIdOf(inbound))),
    // Files lose their links first; the sweep after the commit deletes their R2 objects, then the rows.
    db.update(attachments).set({ conversationId: null, messageId: null }).where(eq(attachments.conversationId, conv)),
    db.delete(messages).where(eq(messages.conversationId, conv)),
    db.delete(cases).where(eq(cases.conversationId, conv)),
    db.delete(conversations).where(eq(conversations.id, conv)),
    // The seeker row goes too, unless the same person still has another conversation (a group chat).
    db
      .delete(seekers)
      .where(
        and(
          eq(seekers.channel, inbound.channel),
          eq(seekers.externalId, inbound.seekerKey),
          sql`not exists (select 1 from ${conversations} where ${conversations.seekerId} = ${seekers.id})`,
        ),
      ),
    ...(inbound.channel === "web" ? [db.delete(webSessions).where(eq(webSessions.id, inbound.seekerKey))] : []),
  ];
}

/** The seeker's id, as a subquery. */
function seekerIdOf(inbound: Inbound) {
  return sql<number>`(select ${seekers.id} from ${seekers} where ${seekers.channel} = ${inbound.channel} and ${seekers.externalId} = ${inbound.seekerKey})`;
}

/** The id of the conversation's waiting or open case, as a subquery. */
function openCaseId(_db: Db, inbound: Inbound) {
  return sql<number>`(select ${cases.id} from ${cases} where ${cases.conversationId} = ${inbound.conversationId} and ${cases.status} in ('waiting', 'open') order by ${cases.id} desc limit 1)`;
}

/** The writes that carry out the engine's effects, in order, inside the commit batch. */
function effectStatements(db: Db, inbound: Inbound, inboundId: number, effects: Effect[], at: number): BatchItem<"sqlite">[] {
  const inCase = and(eq(cases.conversationId, inbound.conversationId), inArray(cases.status, ["waiting", "open"]));
  const mine = seekerIdOf(inbound);
  const out: BatchItem<"sqlite">[] = [];
  const linkInbound = () => {
    out.push(
      db
        .update(messages)
        .set({ caseId: openCaseId(db, inbound) })
        .where(eq(messages.id, inboundId)),
      db.update(cases).set({ lastSeekerAt: at }).where(inCase),
    );
  };
  for (const e of effects) {
    switch (e.type) {
      case "openCase":
        out.push(
          db.insert(cases).values({
            conversationId: inbound.conversationId,
            channel: inbound.channel,
            status: "waiting",
            topic: e.topic,
            listing: e.listing ? JSON.stringify(e.listing) : null,
            origin: inbound.origin ?? null,
            createdAt: at,
            lastSeekerAt: at,
          }),
        );
        linkInbound();
        break;
      case "intake":
        // The first answer, given after the purpose was stated and with "skip" offered, is the recorded consent.
        out.push(
          db
            .update(cases)
            .set({ intake: sql`json_set(${cases.intake}, ${`$.${e.field}`}, ${e.value}, '$.consentedAt', coalesce(json_extract(${cases.intake}, '$.consentedAt'), ${at}))` })
            .where(inCase),
        );
        break;
      case "leaveCase":
        out.push(db.update(cases).set({ status: "left", closedAt: at }).where(inCase));
        break;
      case "rate":
        out.push(
          db
            .update(cases)
            .set({ rating: e.rating })
            .where(and(eq(cases.id, e.caseId), eq(cases.conversationId, inbound.conversationId), isNull(cases.rating))),
        );
        break;
      case "toCase":
        linkInbound();
        break;
      case "erase":
        break; // runs last, after the replies are logged (see eraseStatements)
      case "profileConsent":
        // The consent is the first thing stored: the row exists before any answer is saved into it. A seeker
        // under 18 gets no row at all without a parent's or guardian's consent (UU 27/2022 Art. 25).
        // A profile made before the age question gets the answer and the consent to the current notice; any other
        // existing profile keeps its record.
        if (e.ageGroup === "minor" && !e.guardian) break;
        {
          const record = {
            consentedAt: at,
            consentVersion: e.version,
            ageGroup: e.ageGroup,
            ...(e.ageGroup === "minor" ? { guardianConsentedAt: at, guardianConsentVersion: e.version } : {}),
          };
          out.push(
            db
              .insert(profiles)
              .values({ seekerId: mine, data: JSON.stringify({ skills: [] }), ...record, createdAt: at, updatedAt: at })
              .onConflictDoUpdate({ target: profiles.seekerId, set: { ...record, updatedAt: at }, setWhere: isNull(profiles.ageGroup) }),
          );
        }
        break;
      case "disabilityConsent":
        out.push(db.update(profiles).set({ disabilityConsentedAt: at, updatedAt: at }).where(eq(profiles.seekerId, mine)));
        break;
      case "profileUpdate":
        out.push(db.update(profiles).set({ data: sql`json_patch(${profiles.data}, ${JSON.stringify(e.patch)})`, updatedAt: at }).where(eq(profiles.seekerId, mine)));
        break;
      case "profileDelete":
        out.push(db.delete(profiles).where(eq(profiles.seekerId, mine)));
        break;
      case "alerts":
        out.push(
          db
            .update(profiles)
            .set(
              e.on
                ? { alertConversationId: inbound.conversationId, alertDueAt: at + ALERT_INTERVAL_MS, alertSentAt: at, unreachableAt: null, updatedAt: at }
                : { alertConversationId: null, alertDueAt: null, updatedAt: at },
            )
            .where(eq(profiles.seekerId, mine)),
        );
        break;
      case "scamCheck":
        out.push(
          db.insert(scamChecks).values({
            messageId: inboundId,
            conversationId: inbound.conversationId,
            channel: inbound.channel,
            verdict: e.verdict,
            flags: JSON.stringify(e.flags),
            vacancySlug: e.vacancySlug ?? null,
            createdAt: at,
          }),
        );
        break;
    }
  }
  return out;
}

/** A logged reply row in the shape the core shows again. */
export function toStoredReply(row: { id: number; topic: string | null; text: string | null; ref: string | null; buttons: string | null }): StoredReply {
  return { id: row.id, topic: row.topic as TopicId | null, text: row.text, ref: row.ref, buttons: parseButtons(row.buttons) };
}

/** A logged row's buttons JSON; a missing or damaged value is no buttons. */
export function parseButtons(raw: string | null): Button[] {
  if (!raw) return [];
  try {
    const value = JSON.parse(raw) as unknown;
    return Array.isArray(value) ? (value as Button[]) : [];
  } catch {
    return [];
  }
}

/** Run one D1 batch; a failure becomes a StorageError (the batch is a transaction, so nothing is half-written). */
async function atomically<T>(run: () => Promise<T>, guarded = false): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (guarded && err instanceof Error && err.message.includes(GUARD_FAILED)) throw new UnauthorizedError();
    throw new StorageError(err);
  }
}

/** The saved state with its lastTopic: the saved one, else the topic of the last answered inbound message. */
function withLastTopic(state: ConversationState, logged: string | null | undefined): ConversationState {
  if (state.lastTopic !== undefined || !logged || !isTopicId(logged)) return state;
  return { ...state, lastTopic: logged };
}

function parseState(raw: string | undefined): ConversationState {
  if (!raw) return {};
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === "object" ? (value as ConversationState) : {};
  } catch {
    return {};
  }
}
