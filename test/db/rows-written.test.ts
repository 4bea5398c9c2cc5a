/**
 * The D1 write budget per message (issue 16): D1 bills every row written, index entries included. Messages go
 * through the Worker as in production, with EXPOSE_METRICS on, and the X-Binjol-Usage header gives the rows
 * written by cause (statement verb and table).
 *
 * Issue 16 asks for at most 5 a message on average and 8 for a session's first; today's design writes, per message,
 * the inbound row and its conversation-index entry (2), its answer (1: topic and status; 3 when the topic is
 * "unknown", whose two partial indexes it enters) and each reply row with its index entry (2); a session's first
 * message also creates the seeker (row, unique index) and the conversation (row, primary-key index, seeker index).
 * The ceilings below are today's figures, so a regression fails; the targets need fewer rows per turn (see README).
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { appWith, telegramRequest } from "../helpers/app.ts";
import { fixture, newChatId } from "../helpers/telegram.ts";

const app = appWith({ EXPOSE_METRICS: "1" });
const BASE = "https://binjol.test/api/webchat";

interface Usage {
  d1: number;
  read: number;
  written: number;
  by: Record<string, number>;
}

function parseUsage(header: string | null): Usage {
  const pairs = (header ?? "").split(";").map((p) => p.split("=") as [string, string]);
  const get = (k: string) => Number(pairs.find(([key]) => key === k)?.[1] ?? NaN);
  const by = Object.fromEntries(pairs.filter(([k]) => k.startsWith("w.")).map(([k, v]) => [k.slice(2).replace(".", " "), Number(v)]));
  return { d1: get("d1"), read: get("read"), written: get("written"), by };
}

async function session(): Promise<string> {
  const res = await app(new Request(`${BASE}/sessions`, { method: "POST" }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function send(token: string, body: unknown): Promise<Usage> {
  const res = await app(
    new Request(`${BASE}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
  );
  expect(res.status).toBe(200);
  return parseUsage(res.headers.get("X-Binjol-Usage"));
}

/** One Telegram update through the Worker, with its usage. */
async function post(update: unknown): Promise<Usage> {
  const res = await app(telegramRequest(update));
  expect(res.status).toBe(200);
  return parseUsage(res.headers.get("X-Binjol-Usage"));
}

/** Rows written by cause, summed over `runs`. */
function byCause(runs: Usage[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const u of runs) for (const [k, v] of Object.entries(u.by)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** Rows written per Telegram update over the scripted chat below (measured 5.78), and for its first update (10); issue 16 asks for 5 and 8. */
const TELEGRAM_AVERAGE = 5.8;
const TELEGRAM_FIRST = 10;

describe("D1 rows written per message", () => {
  it("a scripted conversation: the average and the first message as D1 counts them, in 2 round trips each", async () => {
    expect(env.DB).toBeDefined();
    const token = await session();
    const first = await send(token, { text: "halo", clientMessageId: "m0" });
    // a realistic run: topics change, some follow-ups stay on the same topic, a button press, a list
    const steps: unknown[] = [
      { text: "cara buat cv" },
      { text: "cara buat cv" },
      { text: "kartu kuning" },
      { text: "syarat kartu kuning" },
      { action: "t:lowongan" },
      { text: "tips wawancara" },
      { text: "gaji umk berapa" },
      { text: "resep nasi goreng" },
    ];
    const rest: Usage[] = [];
    for (const [i, step] of steps.entries()) rest.push(await send(token, { ...(step as object), clientMessageId: `m${i + 1}` }));
    const all = [first, ...rest];
    const average = all.reduce((s, u) => s + u.written, 0) / all.length;
    console.log(`rows written: first ${first.written}, then ${rest.map((u) => u.written).join(", ")}; average ${average.toFixed(2)}`, byCause(all));
    console.log(all.map((u) => `read ${u.read}, written ${JSON.stringify(u.by)}`).join("\n"));
    for (const u of all) expect(u.d1).toBe(2);
    // The per-message floor of this design: the inbound row (row, conversation index; no dedupe index), the reply
    // (row, conversation index; no sqlite_sequence row since message ids are not AUTOINCREMENT) and the inbound row's
    // answer.
    for (const u of rest) expect(u.by["insert messages"]).toBeLessThanOrEqual(4);
    // Without a dedupe index, a key is looked up in the conversation's window (3 walks of it per message: the claim,
    // its read, the replies of a retry), so rows read grow with the conversation: 80 at its 9th message today.
    expect(rest.at(-1)!.read).toBeLessThanOrEqual(85);
    // measured 6.11 (12 for the first); issue 16 asks for 5 and 8
    expect(average).toBeLessThanOrEqual(6.25);
    expect(first.written).toBeLessThanOrEqual(12);
    // a change of topic alone writes no conversation row; seekers are written on the first message only
    expect(byCause(rest)["update conversations"] ?? 0).toBeLessThanOrEqual(1);
    expect(byCause(rest)["update seekers"]).toBeUndefined();
  });

  it("a Telegram chat: the first update and the later ones, several replies per turn among them; a redelivery writes nothing", async () => {
    const chat = newChatId();
    const first = await post(fixture("start", { chatId: chat }));
    const steps = [
      fixture("text", { chatId: chat, text: "halo" }),
      fixture("text", { chatId: chat, text: "cara bikin cv yang menarik gmn min?" }),
      fixture("text", { chatId: chat, text: "syarat kartu kuning" }),
      fixture("callback", { chatId: chat, data: "t:cv" }),
      fixture("text", { chatId: chat, text: "tips interview" }),
      fixture("text", { chatId: chat, text: "disuruh bayar seragam dulu aman ga" }),
      fixture("text", { chatId: chat, text: "resep nasi goreng" }),
      fixture("text", { chatId: chat, text: "cara bikin cv yang menarik gmn min?" }),
    ];
    const rest: Usage[] = [];
    for (const update of steps) rest.push(await post(update));
    const all = [first, ...rest];
    const average = all.reduce((s, u) => s + u.written, 0) / all.length;
    console.log(`telegram rows written: first ${first.written}, then ${rest.map((u) => u.written).join(", ")}; average ${average.toFixed(2)}`, byCause(all));
    for (const u of all) expect(u.d1).toBe(2);
    // ceilings at today's figures, so a regression fails
    expect(average).toBeLessThanOrEqual(TELEGRAM_AVERAGE);
    expect(first.written).toBeLessThanOrEqual(TELEGRAM_FIRST);
    // the same update again (Telegram's redelivery): answered from the log, nothing written
    const again = await post(steps[1]);
    expect(again.written).toBe(0);
  });

  it("writes no conversation row when only the topic changes, and the next message still knows the last topic", async () => {
    const token = await session();
    await send(token, { text: "halo", clientMessageId: "a0" });
    const cv = await send(token, { text: "cara buat cv", clientMessageId: "a1" });
    const ak1 = await send(token, { text: "kartu kuning", clientMessageId: "a2" });
    expect(cv.by["update conversations"]).toBeUndefined();
    expect(ak1.by["update conversations"]).toBeUndefined();
    const row = await env.DB.prepare("select state from conversations where id like 'web:%' order by created_at desc, rowid desc limit 1").first<{ state: string }>();
    expect(JSON.parse(row!.state).lastTopic).toBeUndefined();
    const logged = await env.DB.prepare("select topic from messages where direction = 'in' order by id desc limit 1").first<{ topic: string }>();
    expect(logged!.topic).toBe("kartu-ak1");
  });
});
