/** my_chat_member: a seeker who blocks the bot gets no more weekly alerts, at once (not only after a 403). */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { runAlerts } from "../../../src/alerts/run.ts";
import { appWith, telegramRequest } from "../../helpers/app.ts";
import { fixture, newChatId } from "../../helpers/telegram.ts";

const bindings = { TELEGRAM_API_ROOT: env.CAPTURE_API_ROOT };
const post = (update: unknown) => appWith(bindings)(telegramRequest(update));

/** A seeker with weekly alerts due now in their private chat. */
async function seekerWithAlerts(chat: number, now: number): Promise<number> {
  const seeker = await env.DB.prepare("insert into seekers (channel, external_id, first_seen_at, last_seen_at) values ('telegram', ?, ?, ?) returning id")
    .bind(String(chat), now, now)
    .first<{ id: number }>();
  await env.DB.prepare("insert into conversations (id, seeker_id, channel, state, created_at, updated_at) values (?, ?, 'telegram', '{}', ?, ?)").bind(`tg:${chat}`, seeker!.id, now, now).run();
  await env.DB.prepare(
    "insert into profiles (seeker_id, data, consented_at, consent_version, alert_conversation_id, alert_due_at, alert_sent_at, created_at, updated_at) values (?, ?, ?, 'v1', ?, ?, ?, ?, ?)",
  )
    .bind(seeker!.id, JSON.stringify({ education: "SMK", skills: [], alerts: true }), now, `tg:${chat}`, now - 60_000, now - 7 * 86_400_000, now, now)
    .run();
  return seeker!.id;
}

async function profile(seekerId: number) {
  return env.DB.prepare("select alert_due_at as due, unreachable_at as unreachable from profiles where seeker_id = ?").bind(seekerId).first<{ due: number | null; unreachable: number | null }>();
}

it("turns alerts off when the seeker blocks the bot (status kicked), as a 403 on a digest would", async () => {
  const now = Date.now();
  const chat = newChatId();
  const seekerId = await seekerWithAlerts(chat, now);
  expect((await post(fixture("myChatMember", { chatId: chat }))).status).toBe(200);
  const after = await profile(seekerId);
  expect(after!.due).toBeNull();
  expect(after!.unreachable).toBeTypeOf("number");
  // The next alert run claims nothing for them.
  const report = await runAlerts({ ...env, ...bindings }, now, { listings: { vacancies: [], trainings: [], places: [] } });
  expect(report.claimed).toBe(0);
});

it("leaves alerts alone for other membership changes and for other chats", async () => {
  const now = Date.now();
  const chat = newChatId();
  const seekerId = await seekerWithAlerts(chat, now);
  const unblocked = fixture("myChatMember", { chatId: chat });
  unblocked.my_chat_member.old_chat_member.status = "kicked";
  unblocked.my_chat_member.new_chat_member = { ...unblocked.my_chat_member.new_chat_member, status: "member" };
  await post(unblocked);
  // A group that removed the bot is not a seeker blocking it.
  const group = fixture("myChatMember", { chatId: chat });
  group.my_chat_member.chat = { id: -100123, title: "Grup", type: "supergroup" };
  group.my_chat_member.new_chat_member.status = "left";
  await post(group);
  expect((await profile(seekerId))!.due).toBe(now - 60_000);
});
