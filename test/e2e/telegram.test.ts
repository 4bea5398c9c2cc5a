/**
 * End to end, as a new user would run it: `wrangler dev` with local D1 and KV (migrated and loaded by
 * the same scripts as `npm start`), the telegram-test-api emulator as the Bot API server, and real
 * Telegram update payloads posted to /telegram.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import TelegramServer from "telegram-test-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../global-setup.ts";

const TOKEN = "7000000002:e2e-token";
const SECRET = "e2e-secret";
const fixture = (name: string) => JSON.parse(readFileSync(join("test/fixtures/telegram", `${name}.json`), "utf8"));
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };

let emulator: TelegramServer;
let worker: ChildProcess;
let base: string;
let persist: string;

function d1(sql: string): Array<Record<string, unknown>> {
  const out = execFileSync("wrangler", ["d1", "execute", "DB", "--local", "--persist-to", persist, "--json", "--command", sql], { env, encoding: "utf8" });
  return (JSON.parse(out) as Array<{ results: Array<Record<string, unknown>> }>)[0]!.results;
}

async function sent(chatId: number) {
  const res = await fetch(`${emulator.config.apiURL}/getUpdatesHistory`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: TOKEN }),
  });
  const body = (await res.json()) as { result: Array<{ messageId: number; message: { chat_id: number; text?: string; reply_markup?: { inline_keyboard: Array<Array<{ callback_data: string }>> } } }> };
  return body.result.filter((u) => String(u.message.chat_id) === String(chatId) && u.message.text !== undefined).map((u) => u.message);
}

function post(body: string, secret = SECRET) {
  return fetch(`${base}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
    body,
  });
}

beforeAll(async () => {
  persist = mkdtempSync(join(tmpdir(), "binjol-e2e-"));
  execFileSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], { env, stdio: "ignore" });
  execFileSync("node", ["scripts/content.ts", "sync", "--local", "--relative-dates", "--persist-to", persist], { env, stdio: "ignore" });
  const apiPort = await freePort();
  emulator = new TelegramServer({ port: apiPort, host: "127.0.0.1", storeTimeout: 600 });
  await emulator.start();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  worker = spawn(
    "wrangler",
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--show-interactive-dev-session=false",
      "--var", `TELEGRAM_API_ROOT:${emulator.config.apiURL}`, "--var", `TELEGRAM_BOT_TOKEN:${TOKEN}`, "--var", `TELEGRAM_WEBHOOK_SECRET:${SECRET}`],
    { env, stdio: "ignore" },
  );
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("wrangler dev did not start");
});

afterAll(async () => {
  worker?.kill("SIGINT");
  await emulator?.stop();
  await new Promise((r) => setTimeout(r, 500));
  rmSync(persist, { recursive: true, force: true });
});

describe("the local bot, end to end", () => {
  const chat = 5123456789;

  it("answers /start by sending the menu with the seven BINJOL services to the Bot API server", async () => {
    const res = await post(JSON.stringify(fixture("start")));
    expect(res.status).toBe(200);
    const messages = await sent(chat);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toMatch(/BINJOL/);
    const actions = messages[0]!.reply_markup!.inline_keyboard.flat().map((b) => b.callback_data);
    for (const t of ["dunia-kerja", "potensi-diri", "lowongan", "pelatihan", "konselor", "tips-kerja", "cv"]) expect(actions).toContain(`t:${t}`);
  });

  it("opens a guide from a button and logs both directions once in D1", async () => {
    expect((await post(JSON.stringify(fixture("callback")))).status).toBe(200);
    const messages = await sent(chat);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.at(-1)!.reply_markup!.inline_keyboard.flat().map((b) => b.callback_data)).toContain("menu");
    const rows = d1(`select direction, topic, status from messages where conversation_id = 'tg:${chat}' order by id`);
    expect(rows).toEqual([
      { direction: "in", topic: "menu", status: "answered" },
      { direction: "out", topic: "menu", status: "sent" },
      { direction: "in", topic: "cv", status: "answered" },
      { direction: "out", topic: "cv", status: "sent" },
    ]);
  });

  it("sends and logs nothing new when the same update is replayed", async () => {
    const before = (await sent(chat)).length;
    expect((await post(JSON.stringify(fixture("start")))).status).toBe(200);
    expect((await sent(chat)).length).toBe(before);
    expect(d1(`select count(*) as n from messages where conversation_id = 'tg:${chat}'`)[0]!.n).toBe(4);
  });

  it("answers free text with the right guide", async () => {
    expect((await post(JSON.stringify(fixture("text")))).status).toBe(200);
    const rows = d1(`select topic from messages where conversation_id = 'tg:${chat}' and direction = 'in' order by id desc limit 1`);
    expect(rows[0]!.topic).toBe("cv");
  });

  it("refuses malformed JSON with 400 and a wrong secret with 401", async () => {
    const bad = await post("{oops");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/JSON/);
    expect((await post(JSON.stringify(fixture("start")), "wrong")).status).toBe(401);
  });
});
