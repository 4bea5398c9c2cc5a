/**
 * What a counsellor does to a case that reaches the seeker: reply and close. Used by the dashboard and the
 * staff group alike, so both follow the same rule (policy.ts) of who may act on which case.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { channelSenders, type ChannelOptions } from "../channels/registry.ts";
import { fallbackBundle } from "../content/fallback.ts";
import { reachableConversation } from "../db/link-store.ts";
import { loadContent } from "../content/store.ts";
import type { ContentBundle } from "../content/types.ts";
import type { Delivery, SendPurpose } from "../core/channel.ts";
import { ratingQuestion } from "../core/flows/handoff.ts";
import type { Reply } from "../core/types.ts";
import type { Db } from "../db/client.ts";
import { recordDeliveries } from "../db/deliveries.ts";
import { cases, conversations, messages, seekers } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { announceCase } from "../live/notify.ts";
import { discardFile, linkFile, outgoingFile, type PendingFile } from "../files/store.ts";
import { assigneeName, caseRefusal, stillAllowed, type Actor, type CaseAction, type CaseRefusal } from "./policy.ts";
import { insertUnlessLogged, loggedWithKey, newMessageId } from "../db/message-id.ts";

/** Dependencies of counsellor actions. */
export interface CounsellorActionDeps {
  env: Env;
  db: Db;
  /** injectable for tests */
  now?: () => number;
  /** tests: options of the channel adapters (a recording fetch) */
  channels?: ChannelOptions;
}

/** The outcomes a counsellor closes a case with. */
export const OUTCOMES = ["informed", "vacancy", "training", "ak1", "placed", "other"] as const;
/** One outcome. */
export type Outcome = (typeof OUTCOMES)[number];

/** A case action that cannot be done (unknown or closed case, another counsellor's case); each surface shows the message. */
export class CaseError extends Error {
  override readonly name = "CaseError";
  readonly status: 403 | 404 | 409;
  /** the policy's reason when the rule refused the action */
  readonly refusal: CaseRefusal | undefined;
  constructor(status: 403 | 404 | 409, message: string, refusal?: CaseRefusal) {
    super(message);
    this.status = status;
    this.refusal = refusal;
  }
}

/** Throw the CaseError that explains why `actor` may not do `action` to this case, if the rule refuses it. */
async function enforce(db: Db, actor: Actor, row: { id: number; status: string; assignedTo: number | null }, action: CaseAction): Promise<void> {
  const refusal = caseRefusal(actor, row, action);
  if (refusal === "not-active") throw new CaseError(409, "Kasus ini sudah ditutup.", refusal);
  if (refusal === "not-yours") {
    const name = (await assigneeName(db, row.assignedTo)) ?? "petugas lain";
    throw new CaseError(403, `Kasus #${row.id} ditangani ${name}. Minta ${name} atau admin untuk mengalihkannya kepada Anda.`, refusal);
  }
}

/** The case as it is now, after a guarded write found it changed: explain why, or a generic conflict. */
async function changed(db: Db, actor: Actor, caseId: number, action: CaseAction): Promise<never> {
  const row = (await db.select().from(cases).where(eq(cases.id, caseId)).limit(1))[0];
  if (!row) throw new CaseError(404, "Kasus tidak ditemukan.");
  await enforce(db, actor, row, action);
  throw new CaseError(409, "Kasus ini baru saja berubah. Muat ulang lalu coba lagi.");
}

/** Longest counsellor reply (Telegram's message limit). */
export const MAX_REPLY = 4000;

/**
 * Send a counsellor's reply to the seeker on their channel and log it; claims a waiting case for that
 * counsellor. Refused (CaseError 403) on another counsellor's case unless the counsellor is an admin.
 * A delivery failure never throws: the message is stored either way, marked failed with the reason.
 */
export async function replyToCase(
  deps: CounsellorActionDeps,
  input: { caseId: number; counsellorId: number; isAdmin?: boolean; text: string; dedupeKey?: string; file?: PendingFile },
): Promise<{ messageId: number; status: Delivery["status"] | "duplicate"; error?: string }> {
  const { db } = deps;
  const at = (deps.now ?? Date.now)();
  const text = input.text.trim();
  const file = input.file;
  if (!text && !file) throw new CaseError(409, "Balasan kosong.");
  if (text.length > MAX_REPLY) throw new CaseError(409, `Balasan terlalu panjang (maksimal ${MAX_REPLY} karakter).`);
  const row = (await db.select().from(cases).where(eq(cases.id, input.caseId)).limit(1))[0];
  if (!row) throw new CaseError(404, "Kasus tidak ditemukan.");
  const actor: Actor = { id: input.counsellorId, isAdmin: input.isAdmin ?? false };
  await enforce(db, actor, row, "reply");

  // 1. Claim the case if it was waiting, under the same rule, so two counsellors answering at once cannot both win.
  const claimed = await db
    .update(cases)
    .set({
      status: "open",
      assignedTo: sql`coalesce(${cases.assignedTo}, ${input.counsellorId})`,
      claimedAt: sql`coalesce(${cases.claimedAt}, ${at})`,
      firstReplyAt: sql`coalesce(${cases.firstReplyAt}, ${at})`,
    })
    .where(and(eq(cases.id, row.id), stillAllowed(actor, "reply")))
    .returning({ id: cases.id });
  if (claimed.length === 0) return changed(db, actor, row.id, "reply");

  // 2. Store the reply before sending, so it is never lost.
  // A relayed staff-group message carries its update id: a Telegram retry is stored and sent once.
  const inserted = await insertUnlessLogged(
      db,
      input.dedupeKey ? loggedWithKey(row.conversationId, input.dedupeKey, at) : sql`0`,
      {
        id: newMessageId(),
        conversationId: row.conversationId,
        channel: row.channel,
        direction: "out",
        sender: "counsellor",
        kind: "text",
        // A file without words is logged as its name, so every history (widget, transcript, /datasaya) shows it.
        text: text || `📎 ${file!.name}`,
        topic: "konselor",
        status: "pending",
        caseId: row.id,
        counsellorId: input.counsellorId,
        dedupeKey: input.dedupeKey ?? null,
        createdAt: at,
      },
    )
    .returning({ id: messages.id });
  if (!inserted[0]) {
    if (file) await discardFile(deps.env.FILES, file);
    return { messageId: 0, status: "duplicate" };
  }
  const messageId = inserted[0].id;
  // The file joins the message before it is sent: the transcript lists it even if the delivery fails.
  const fileId = file ? await linkFile(db, file, { conversationId: row.conversationId, messageId, sender: "counsellor", now: at }) : undefined;

  // 3. Send through the conversation's channel, then record the outcome.
  const reply: Reply = {
    topic: "konselor",
    body: { kind: "text", text },
    buttons: [],
    ...(file && fileId !== undefined ? { file: outgoingFile(deps.env.FILES, { ...file, id: fileId }) } : {}),
  };
  const delivery = await deliver(deps, row.conversationId, reply, "counsellor", at);
  await recordDeliveries(db, [{ messageId, delivery }]);
  await announceCase(deps.env, { kind: "message", by: "counsellor", caseId: row.id, conversationId: row.conversationId });
  return { messageId, status: delivery.status, ...(delivery.error ? { error: delivery.error } : {}) };
}

/**
 * Close a case with an outcome; the bot takes over again and asks the seeker for a rating from 1 to 5.
 * Refused (CaseError 403) on another counsellor's case unless the counsellor is an admin.
 */
export async function closeCase(
  deps: CounsellorActionDeps,
  input: { caseId: number; counsellorId: number; isAdmin?: boolean; outcome: Outcome },
): Promise<void> {
  const { db } = deps;
  const at = (deps.now ?? Date.now)();
  if (!OUTCOMES.includes(input.outcome)) throw new CaseError(409, "Hasil layanan tidak dikenal.");
  const row = (await db.select().from(cases).where(eq(cases.id, input.caseId)).limit(1))[0];
  if (!row) throw new CaseError(404, "Kasus tidak ditemukan.");
  const actor: Actor = { id: input.counsellorId, isAdmin: input.isAdmin ?? false };
  await enforce(db, actor, row, "close");
  const closed = await db
    .update(cases)
    .set({ status: "closed", outcome: input.outcome, closedAt: at, assignedTo: sql`coalesce(${cases.assignedTo}, ${input.counsellorId})` })
    .where(and(eq(cases.id, row.id), stillAllowed(actor, "close")))
    .returning({ id: cases.id });
  if (closed.length === 0) return changed(db, actor, row.id, "close");
  const question = ratingQuestion();
  const text = question.body.kind === "text" ? question.body.text : "";
  const [, inserted] = await db.batch([
    // The bot takes over: no handoff any more, the next message may be the rating.
    db
      .update(conversations)
      .set({ state: sql`json_set(json_remove(${conversations.state}, '$.handoff'), '$.rating', json_object('caseId', ${row.id}))`, updatedAt: at })
      .where(eq(conversations.id, row.conversationId)),
    db
      .insert(messages)
      .values({
        id: newMessageId(),
        conversationId: row.conversationId,
        channel: row.channel,
        direction: "out",
        sender: "bot",
        kind: "text",
        text,
        topic: "konselor",
        buttons: JSON.stringify(question.buttons),
        status: "pending",
        caseId: row.id,
        createdAt: at,
      })
      .returning({ id: messages.id }),
  ]);
  const delivery = await deliver(deps, row.conversationId, question, "rating", at);
  await recordDeliveries(db, [{ messageId: inserted[0]!.id, delivery }]);
  await announceCase(deps.env, { kind: "closed", by: "counsellor", caseId: row.id, conversationId: row.conversationId });
}

/** The outcome of a case a counsellor marked as spam: closed without a rating question, left out of the statistics. */
export const SPAM = "spam";

/**
 * Mark a case as spam in one click: close it with outcome "spam" (no rating question, nothing sent to the seeker),
 * end the conversation's handoff, and optionally block the seeker. One D1 batch.
 */
export async function markSpam(deps: CounsellorActionDeps, input: { caseId: number; counsellorId: number; block: boolean }): Promise<void> {
  const { db } = deps;
  const at = (deps.now ?? Date.now)();
  const row = (await db.select({ id: cases.id, status: cases.status, conversationId: cases.conversationId }).from(cases).where(eq(cases.id, input.caseId)).limit(1))[0];
  if (!row) throw new CaseError(404, "Kasus tidak ditemukan.");
  if (row.status !== "waiting" && row.status !== "open") throw new CaseError(409, "Kasus ini sudah ditutup.");
  await db.batch([
    db
      .update(cases)
      .set({ status: "closed", outcome: SPAM, closedAt: at, assignedTo: sql`coalesce(${cases.assignedTo}, ${input.counsellorId})` })
      .where(and(eq(cases.id, row.id), inArray(cases.status, ["waiting", "open"]))),
    db
      .update(conversations)
      .set({ state: sql`json_remove(${conversations.state}, '$.handoff')`, updatedAt: at })
      .where(eq(conversations.id, row.conversationId)),
    ...(input.block
      ? [
          db
            .update(seekers)
            .set({ blockedAt: at })
            .where(and(eq(seekers.id, sql`(select ${conversations.seekerId} from ${conversations} where ${conversations.id} = ${row.conversationId})`), isNull(seekers.blockedAt))),
        ]
      : []),
  ]);
  await announceCase(deps.env, { kind: "closed", by: "counsellor", caseId: row.id, conversationId: row.conversationId });
}

/** Mark replies still pending after a crash as failed, so the dashboard shows them as undelivered. */
export async function failStalePending(db: Db, olderThanMs: number, now = Date.now()): Promise<number> {
  const result = await db
    .update(messages)
    .set({ status: "failed", error: "sending was interrupted" })
    .where(and(eq(messages.status, "pending"), sql`${messages.createdAt} < ${now - olderThanMs}`, isNull(messages.externalId)));
  return result.meta.changes ?? 0;
}

/** Canned replies compiled from content/balasan/*.md. */
export function cannedReplies(content: ContentBundle): Array<{ id: string; title: string; text: string }> {
  return content.canned ?? [];
}

/** Send one reply to the conversation through its channel's adapter (the contract of core/channel.ts). */
async function deliver(deps: CounsellorActionDeps, caseConversationId: string, reply: Reply, purpose: SendPurpose, now: number): Promise<Delivery> {
  const { db, env } = deps;
  // A web seeker who continued on Telegram or WhatsApp ("Lanjutkan di ...") is reached there.
  const conversationId = await reachableConversation(db, caseConversationId);
  const content = (await loadContent(env.CONTENT, now)) ?? fallbackBundle();
  // The seeker's last message: a windowed channel (WhatsApp's 24 hours) decides by it what it may send.
  const last = (
    await db
      .select({ at: messages.createdAt })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, "in")))
      .orderBy(desc(messages.id))
      .limit(1)
  )[0];
  const [delivery] = await channelSenders(env, deps.channels).sendTo(conversationId, [reply], {
    content,
    purpose,
    now,
    ...(last ? { lastInboundAt: last.at } : {}),
  });
  return delivery ?? { status: "failed", error: "not sent", transient: false };
}
