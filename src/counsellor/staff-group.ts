/**
 * The Telegram staff group (optional, STAFF_CHAT_ID): a forum supergroup where the bot is admin.
 * Each case gets a topic with the intake; a counsellor's message in the topic goes to the seeker;
 * /tutup closes the case. Only messages from that group are relayed.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Api } from "grammy";
import type { Update } from "grammy/types";
import { telegramApi } from "../channels/telegram/adapter.ts";
import { clipText, escapeHtml } from "../channels/telegram/render.ts";
import type { Effect, Inbound } from "../core/types.ts";
import type { Db } from "../db/client.ts";
import { cases, counsellors } from "../db/schema.ts";
import { type Env, telegramConfig } from "../env.ts";
import { log } from "../log.ts";
import { CaseError, closeCase, OUTCOMES, replyToCase, type Outcome } from "./service.ts";

/** The staff group's chat id, when configured. */
export function staffChatId(env: Env): number | undefined {
  const id = Number(env.STAFF_CHAT_ID);
  return env.STAFF_CHAT_ID && Number.isSafeInteger(id) ? id : undefined;
}

/** The staff group is Telegram's own: topics and notes go through the Telegram adapter's client and retry budget. */
function staffApi(env: Env): Api {
  return telegramApi(telegramConfig(env), "notice");
}

const CHANNEL_NAMES: Record<string, string> = { telegram: "Telegram", web: "Web", whatsapp: "WhatsApp", discord: "Discord" };
const FIELD_NAMES: Record<string, string> = { need: "Kebutuhan", education: "Pendidikan", kecamatan: "Kecamatan" };

/** The effects that concern a counsellor case. */
const CASE_EFFECTS: ReadonlySet<Effect["type"]> = new Set(["openCase", "intake", "leaveCase", "toCase", "erase"]);

/** Mirror a seeker's case event into the staff group; runs after the seeker was answered. Never throws. */
export async function relayToStaff(
  env: Env,
  db: Db,
  inbound: Inbound,
  effects: Effect[],
  loggedText: string,
  staffThreads: number[] = [],
): Promise<void> {
  const chatId = staffChatId(env);
  // Only case events reach the staff group; profile, alert and scam-check effects stay in BINJOL.
  effects = effects.filter((e) => CASE_EFFECTS.has(e.type));
  if (chatId === undefined || effects.length === 0) return;
  try {
    if (effects.some((e) => e.type === "erase")) {
      // The seeker deleted their data: the staff-group copies go too (deleting the topic needs "delete messages").
      const api = staffApi(env);
      for (const thread of staffThreads) {
        await api.deleteForumTopic(chatId, thread).catch(async () => {
          await api.sendMessage(chatId, "🗑️ Pencari kerja menghapus datanya (UU 27/2022); kasus ini sudah dihapus dari BINJOL.", { message_thread_id: thread }).catch(() => undefined);
          await api.closeForumTopic(chatId, thread).catch(() => undefined);
        });
      }
      return;
    }
    const row = (
      await db
        .select({ id: cases.id, status: cases.status, topic: cases.topic, channel: cases.channel, threadId: cases.staffThreadId })
        .from(cases)
        .where(eq(cases.conversationId, inbound.conversationId))
        .orderBy(desc(cases.id))
        .limit(1)
    )[0];
    if (!row) return;
    const api = staffApi(env);
    let threadId = row.threadId;
    if (threadId === null) {
      const topic = await api.createForumTopic(chatId, `#${row.id} · ${CHANNEL_NAMES[row.channel] ?? row.channel} · ${row.topic ?? "konselor"}`.slice(0, 128));
      threadId = topic.message_thread_id;
      await db.update(cases).set({ staffThreadId: threadId }).where(and(eq(cases.id, row.id)));
      await api.sendMessage(chatId, `🆕 Kasus #${row.id} dari ${CHANNEL_NAMES[row.channel] ?? row.channel}. Balas di topik ini untuk menjawab pencari kerja; /tutup [${OUTCOMES.join("|")}] untuk menutup.`, {
        message_thread_id: threadId,
      });
    }
    const lines: string[] = [];
    for (const e of effects) {
      if (e.type === "openCase" && e.listing) lines.push(`${e.listing.kind === "vacancy" ? "💼 Bertanya tentang lowongan" : "🎓 Bertanya tentang pelatihan"}: ${e.listing.title}`);
      else if (e.type === "intake") lines.push(`📝 ${FIELD_NAMES[e.field] ?? e.field}: ${e.value}`);
      else if (e.type === "toCase" && inbound.event.type !== "action" && !effects.some((x) => x.type === "intake")) lines.push(`👤 ${loggedText}`);
      else if (e.type === "leaveCase") lines.push("🚪 Pencari kerja keluar dari antrean.");
    }
    const text = [...new Set(lines)].join("\n");
    if (text) await api.sendMessage(chatId, escapeHtml(clipText(text, 4000)), { message_thread_id: threadId, parse_mode: "HTML" });
    if (effects.some((e) => e.type === "leaveCase")) await api.closeForumTopic(chatId, threadId).catch(() => undefined);
  } catch (err) {
    log("warn", "staff relay failed", { error: err instanceof Error ? err.name : "unknown", message: err instanceof Error ? err.message.slice(0, 200) : undefined });
  }
}

/** True when the update is a message in the staff group (handled here, never by the seeker bot). */
export function isStaffUpdate(env: Env, update: Update): boolean {
  const chatId = staffChatId(env);
  return chatId !== undefined && update.message?.chat.id === chatId;
}

/**
 * A counsellor wrote in a case topic of the staff group: relay it to the seeker, or close with /tutup, under
 * the same rule as the dashboard (policy.ts): a case another counsellor handles is refused, with the reason
 * in the topic. Only real forum-topic messages count (a reply chain also carries a thread id).
 */
export async function handleStaffMessage(env: Env, db: Db, update: Update): Promise<void> {
  const message = update.message;
  const chatId = staffChatId(env);
  if (!message || chatId === undefined || message.chat.id !== chatId || !message.from || message.from.is_bot) return;
  const threadId = message.message_thread_id;
  const text = message.text?.trim();
  if (!message.is_topic_message || threadId === undefined || !text) return;
  const api = staffApi(env);
  const say = (t: string) => api.sendMessage(chatId, t, { message_thread_id: threadId }).catch(() => undefined);
  const row = (await db.select({ id: cases.id }).from(cases).where(eq(cases.staffThreadId, threadId)).limit(1))[0];
  if (!row) return; // a topic that is not a case: staff chatter
  const counsellor = (
    await db
      .select({ id: counsellors.id, isAdmin: counsellors.isAdmin, disabledAt: counsellors.disabledAt })
      .from(counsellors)
      .where(eq(counsellors.telegramUserId, message.from.id))
      .limit(1)
  )[0];
  if (!counsellor || counsellor.disabledAt !== null) {
    await say("Akun Telegram Anda belum terhubung ke akun konselor BINJOL, jadi pesan ini tidak diteruskan. Minta admin menghubungkannya.");
    return;
  }
  const deps = { env, db };
  const who = { counsellorId: counsellor.id, isAdmin: counsellor.isAdmin };
  const close = /^\/tutup(?:@\w+)?(?:\s+(\w+))?/.exec(text);
  try {
    if (close) {
      const outcome = (OUTCOMES as readonly string[]).includes(close[1] ?? "") ? (close[1] as Outcome) : "other";
      await closeCase(deps, { caseId: row.id, ...who, outcome });
      await say(`✅ Kasus #${row.id} ditutup (${outcome}). Pencari kerja diminta memberi nilai.`);
      await api.closeForumTopic(chatId, threadId).catch(() => undefined);
      return;
    }
    if (text.startsWith("/")) return; // other commands are not for the seeker
    const result = await replyToCase(deps, { caseId: row.id, ...who, text, dedupeKey: `staff:${update.update_id}` });
    if (result.status === "failed") await say(`⚠️ Tidak terkirim ke pencari kerja: ${result.error ?? "alasan tidak diketahui"}. Pesan tersimpan di dasbor.`);
  } catch (err) {
    if (err instanceof CaseError) await say(err.refusal === "not-yours" ? `⛔ ${err.message} ${close ? "Kasus tidak ditutup." : "Pesan ini tidak diteruskan ke pencari kerja."}` : `⚠️ ${err.message}`);
    else throw err;
  }
}
