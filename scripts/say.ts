/**
 * `npm run say -- <text>`: post a Telegram update (a text, a command or `tap:<action>` for a button)
 * to the local bot with the webhook secret, then print what the bot sent to the Bot API emulator.
 */
import { devVars } from "./lib/dev-vars.ts";

const vars = devVars();
const worker = process.env.WORKER_URL ?? "http://127.0.0.1:8787";
const text = process.argv.slice(2).join(" ") || "/start";
const chatId = Number(process.env.CHAT_ID ?? 1000001);
const updateId = Date.now() % 2_000_000_000;
const from = { id: chatId, is_bot: false, first_name: "Coba", language_code: "id" };
const chat = { id: chatId, first_name: "Coba", type: "private" };
const update = text.startsWith("tap:")
  ? { update_id: updateId, callback_query: { id: String(updateId), from, chat_instance: "1", data: text.slice(4), message: { message_id: 1, date: 0, chat, text: "menu" } } }
  : {
      update_id: updateId,
      message: {
        message_id: updateId,
        from,
        chat,
        date: Math.floor(Date.now() / 1000),
        text,
        ...(text.startsWith("/") ? { entities: [{ offset: 0, length: text.split(" ")[0]!.length, type: "bot_command" }] } : {}),
      },
    };

const history = async () => {
  const res = await fetch(`${vars.TELEGRAM_API_ROOT}/getUpdatesHistory`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: vars.TELEGRAM_BOT_TOKEN }),
  });
  const body = (await res.json()) as { result: Array<{ messageId: number; message: { chat_id: number; text?: string; reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> } } }> };
  return body.result.filter((u) => String(u.message.chat_id) === String(chatId) && u.message.text !== undefined);
};

const before = new Set((await history()).map((u) => u.messageId));
const res = await fetch(`${worker}/telegram`, {
  method: "POST",
  headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": vars.TELEGRAM_WEBHOOK_SECRET ?? "" },
  body: JSON.stringify(update),
});
console.log(`POST /telegram → ${res.status} ${await res.text()}`);
for (const u of (await history()).filter((u) => !before.has(u.messageId))) {
  console.log(`\n── bot → chat ${chatId} ──\n${u.message.text}`);
  for (const row of u.message.reply_markup?.inline_keyboard ?? []) {
    console.log(row.map((b) => `[${b.text} → tap:${b.callback_data}]`).join("  "));
  }
}
