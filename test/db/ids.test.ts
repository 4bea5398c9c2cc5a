/**
 * Case and message ids are never given twice (security review L6): after /hapusdata erased the newest case and its
 * messages, the next case and message get new numbers, so "#12" in a staff topic, a note or a CSV export keeps
 * meaning one seeker.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { fixture, newChatId, postUpdate } from "../helpers/telegram.ts";

async function newest(table: "cases" | "messages"): Promise<number> {
  return (await env.DB.prepare(`select coalesce(max(id), 0) as id from ${table}`).first<{ id: number }>())!.id;
}

describe("ids after erasure", () => {
  it("a case number and message ids erased with /hapusdata are not given to the next seeker", async () => {
    const first = newChatId();
    await postUpdate(fixture("start", { chatId: first, text: "/konselor" }));
    await postUpdate(fixture("start", { chatId: first, text: "saya butuh bantuan cari kerja" }));
    const erasedCase = await newest("cases");
    const erasedMessage = await newest("messages");
    expect(erasedCase).toBeGreaterThan(0);
    await postUpdate(fixture("start", { chatId: first, text: "/hapusdata" }));
    await postUpdate(fixture("callback", { chatId: first, data: "d:yes" }));
    expect(await env.DB.prepare("select count(*) as n from cases where id = ?").bind(erasedCase).first("n")).toBe(0);
    expect(await env.DB.prepare("select count(*) as n from messages where id = ?").bind(erasedMessage).first("n")).toBe(0);

    const second = newChatId();
    await postUpdate(fixture("start", { chatId: second, text: "/konselor" }));
    const next = await env.DB.prepare("select id from cases where conversation_id = ?").bind(`tg:${second}`).first<{ id: number }>();
    expect(next!.id).toBeGreaterThan(erasedCase);
    const { results } = await env.DB.prepare("select id from messages where conversation_id = ? order by id").bind(`tg:${second}`).all<{ id: number }>();
    expect(results.length).toBeGreaterThan(0);
    for (const m of results) expect(m.id).toBeGreaterThan(erasedMessage);
  });
});
